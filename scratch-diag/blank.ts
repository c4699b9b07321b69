import { launchBrowser } from "../e2e/harness"
const browser = await launchBrowser()
const page = await browser.newPage()
await page.setContent(`<input id=i autofocus>`)
await page.focus("#i")
await page.evaluate(`
  window.__s = [];
  document.addEventListener("keydown", (e) => {
    const t0 = e.timeStamp; let inp = 0; let raf = 0;
    window.addEventListener("input", () => { inp = performance.now() - t0 }, { once: true });
    requestAnimationFrame(() => { raf = performance.now() - t0; setTimeout(() => window.__s.push([performance.now() - t0, inp, raf]), 0) });
  }, true);`)
for (let i = 0; i < 111; i++) await page.keyboard.type("a", { delay: 60 })
await page.waitForTimeout(200)
const s = (await page.evaluate("window.__s")) as number[][]
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]
console.log("total p50/p95", pct(s.map((x) => x[0]), 50).toFixed(1), pct(s.map((x) => x[0]), 95).toFixed(1))
console.log("wait (raf-inp) p50/p95", pct(s.map((x) => x[2] - x[1]), 50).toFixed(1), pct(s.map((x) => x[2] - x[1]), 95).toFixed(1))
console.log("work (inp + total-raf) p50/p95", pct(s.map((x) => x[1] + x[0] - x[2]), 50).toFixed(1), pct(s.map((x) => x[1] + x[0] - x[2]), 95).toFixed(1))
await browser.close()
