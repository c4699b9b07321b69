/**
 * Baton's installable-app configuration for `vite-plugin-pwa` (used by vite.config.ts as
 * `VitePWA(pwaOptions)`).
 *
 * - Manifest: standalone app, icons rendered from public/icon.svg by scripts/icons.mjs,
 *   a "New board" shortcut (`./#/new`).
 * - Service worker (Workbox `generateSW`): precaches the whole app shell, the Automerge
 *   wasm included, so the app starts with no network; navigations fall back to index.html;
 *   the relay's endpoints (`/sync`, `/healthz`, `/metrics`) are never routed or cached.
 * - Updates: `registerType: "prompt"`. A new worker waits until the person presses Reload
 *   in the update prompt (src/pwa/updates.ts sends it SKIP_WAITING); nothing reloads by itself.
 *   Registration is done by src/pwa/register.ts with workbox-window, so no script is injected.
 */
import type { VitePWAOptions } from "vite-plugin-pwa"

/** Light and dark colours of the app chrome; index.html repeats them in theme-color metas. */
export const THEME_LIGHT = "#f5f6fa"
export const THEME_DARK = "#16181d"
export const BRAND_COLOR = "#2f5bd3"

/** The relay's own endpoints: never served from the cache, never answered with index.html. */
export const RELAY_PATHS: RegExp[] = [
  /^\/sync(?:[/?]|$)/,
  /^\/healthz(?:[/?]|$)/,
  /^\/metrics(?:[/?]|$)/,
]

export const pwaOptions: Partial<VitePWAOptions> = {
  registerType: "prompt",
  injectRegister: false,
  strategies: "generateSW",
  filename: "sw.js",
  manifestFilename: "manifest.webmanifest",
  // public/ files are precached by the glob below; listing them again would duplicate entries.
  includeAssets: [],
  includeManifestIcons: false,
  manifest: {
    id: "./",
    name: "Baton",
    short_name: "Baton",
    description: "A local-first task board for teams that work asynchronously across time zones.",
    lang: "en",
    dir: "ltr",
    start_url: "./",
    scope: "./",
    display: "standalone",
    display_override: ["window-controls-overlay", "standalone"],
    orientation: "any",
    theme_color: THEME_LIGHT,
    background_color: THEME_LIGHT,
    categories: ["productivity", "business"],
    icons: [
      { src: "pwa-192x192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "pwa-512x512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "maskable-512x512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
    shortcuts: [
      {
        name: "New board",
        short_name: "New board",
        description: "Create a new Baton board",
        url: "./#/new",
        icons: [{ src: "pwa-192x192.png", sizes: "192x192", type: "image/png" }],
      },
    ],
  },
  workbox: {
    // Everything the app needs to start, including the Automerge wasm (3.64 MB); the
    // plugin adds manifest.webmanifest itself.
    globPatterns: ["**/*.{js,mjs,css,html,wasm,svg,png,ico,woff2}"],
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
    navigateFallback: "index.html",
    navigateFallbackDenylist: RELAY_PATHS,
    cleanupOutdatedCaches: true,
    // The new worker waits for the person's Reload (SKIP_WAITING message).
    skipWaiting: false,
    clientsClaim: false,
    // No runtime caching at all: only precached build files are served from the cache.
    runtimeCaching: [],
    // Web Push: the push and notificationclick handlers (public/push-sw.js).
    importScripts: ["push-sw.js"],
  },
  devOptions: { enabled: false },
}
