/** A shared "now" that ticks every 30 s, for relative times and deadline badges. */
import { createRoot, createSignal } from "solid-js"

const [now, setNow] = createRoot(() => createSignal(Date.now()))
setInterval(() => setNow(Date.now()), 30_000)

export { now }
