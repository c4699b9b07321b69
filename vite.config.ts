import { defineConfig } from "vite"
import solid from "vite-plugin-solid"
import { VitePWA } from "vite-plugin-pwa"
import { pwaOptions } from "./pwa.config"
import { cborNoEval } from "./scripts/vite/cborNoEval"

const relayPort = Number(process.env.RELAY_PORT ?? 3031)

export default defineConfig({
  plugins: [cborNoEval(), solid(), VitePWA(pwaOptions)],
  resolve: {
    // The app uses Automerge's "slim" builds and starts the WebAssembly itself (src/main.tsx):
    // the full builds instantiate it in a top-level await, which holds every module, and so
    // the first paint of a board, until the 3.6 MB module is ready. Node (the relay, tests,
    // benchmarks) keeps the full builds.
    alias: [
      { find: /^@automerge\/automerge$/, replacement: "@automerge/automerge/slim" },
      { find: /^@automerge\/automerge-repo$/, replacement: "@automerge/automerge-repo/slim" },
    ],
  },
  build: {
    target: "es2022",
    sourcemap: false,
  },
  worker: { format: "es" },
  server: {
    // `npm run dev`: the relay runs beside Vite and Vite forwards the relay's endpoints to it.
    proxy: {
      "/sync": { target: `ws://127.0.0.1:${relayPort}`, ws: true },
      "/healthz": `http://127.0.0.1:${relayPort}`,
      "/metrics": `http://127.0.0.1:${relayPort}`,
    },
  },
})
