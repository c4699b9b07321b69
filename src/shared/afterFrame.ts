/**
 * Work that must happen soon but not before the screen shows an edit: writing the edit to the
 * document, keeping its bytes in the change journal. Tasks run right after the next frame (a
 * task queued from `requestAnimationFrame`), in the order they were given; at once when the
 * page is hidden, left or frozen; within 250 ms when no frame comes (a hidden page draws none).
 * A task given while the queue is being run (one task leading to another) runs in that same
 * run, so leaving the page runs everything, however it chains.
 */
import { onPageHidden } from "./pageHidden"

export type Later = (task: () => void) => void

export function createAfterFrame(env: {
  frame: (f: () => void) => void
  timeout: (f: () => void, ms: number) => void
}): { later: Later; now: () => void } {
  const queue: (() => void)[] = []
  /** Each arming has its own timers: a stale 250 ms timer never runs a newer task early. */
  let armed = 0
  let generation = 0
  let running = false
  const now = (): void => {
    if (running) return
    running = true
    try {
      for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
        try {
          task()
        } catch (error) {
          console.error(error)
        }
      }
    } finally {
      running = false
      armed = 0
    }
  }
  const later: Later = (task) => {
    queue.push(task)
    // A task given while the queue runs is run in this same run. Asking for another frame
    // then would draw one for nothing (and keep the browser drawing frames at its 60 Hz pace,
    // so that the next keystroke waits for that pace's next frame).
    if (armed !== 0 || running) return
    const mine = (armed = ++generation)
    const run = (): void => {
      if (armed === mine) now()
    }
    env.frame(() => env.timeout(run, 0))
    env.timeout(run, 250)
  }
  return { later, now }
}

function browserAfterFrame(): Later {
  const { later, now } = createAfterFrame({
    frame: (f) => requestAnimationFrame(f),
    timeout: (f, ms) => setTimeout(f, ms),
  })
  onPageHidden(now)
  return later
}

/** The page's queue (outside a browser: a microtask). */
export const afterFrame: Later =
  typeof document === "undefined" ? (task) => queueMicrotask(task) : browserAfterFrame()
