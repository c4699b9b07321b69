import { defineConfig } from "vite"
import solid from "vite-plugin-solid"
import { VitePWA } from "vite-plugin-pwa"
import { pwaOptions } from "./pwa.config"

const relayPort = Number(process.env.RELAY_PORT ?? 3031)

export default defineConfig({
  plugins: [solid(), VitePWA(pwaOptions)],
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
