// `npm run dev`: the relay (sync only) on RELAY_PORT and Vite's dev server in front of it,
// forwarding /sync, /healthz and /metrics (see vite.config.ts).
import { spawn } from "node:child_process"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const relayPort = process.env.RELAY_PORT ?? "3031"
const children = [
  spawn(join(root, "node_modules/.bin/tsx"), ["watch", join(root, "sync-server/main.ts")], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PORT: relayPort, STATIC_DIR: "" },
  }),
  spawn(join(root, "node_modules/.bin/vite"), [], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, RELAY_PORT: relayPort },
  }),
]
const stop = (signal) => children.forEach((c) => c.kill(signal))
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(signal))
for (const c of children)
  c.on("exit", (code) => {
    stop("SIGTERM")
    process.exit(code ?? 0)
  })
