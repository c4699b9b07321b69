// `npm start`: build the app when dist/ is missing or older than its sources, then run the
// relay, which serves the app and the sync endpoint on one port.
import { spawn, spawnSync } from "node:child_process"
import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const sources = ["src", "public", "index.html", "vite.config.ts", "pwa.config.ts", "package.json"]

function newestMtime(path) {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

const builtAt = existsSync(join(root, "dist/index.html"))
  ? statSync(join(root, "dist/index.html")).mtimeMs
  : 0
const sourcesAt = Math.max(...sources.map((s) => newestMtime(join(root, s))))
if (builtAt < sourcesAt) {
  const build = spawnSync(join(root, "node_modules/.bin/vite"), ["build", "--logLevel", "error"], {
    cwd: root,
    stdio: "inherit",
  })
  const compress =
    build.status === 0
      ? spawnSync(process.execPath, [join(root, "scripts/precompress.mjs")], {
          cwd: root,
          stdio: "ignore",
        })
      : build
  if (build.status !== 0 || compress.status !== 0) {
    console.error("Baton: building the app failed (see above).")
    process.exit(1)
  }
}

const relay = spawn(join(root, "node_modules/.bin/tsx"), [join(root, "sync-server/main.ts")], {
  cwd: root,
  stdio: "inherit",
})
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => relay.kill(signal))
relay.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
