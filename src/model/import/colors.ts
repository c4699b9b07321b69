/**
 * Baton's label palette and the mapping of Trello's label and cover colours onto it.
 * (The same eight colours the label picker offers.)
 */
export const BATON_COLORS = {
  green: "#1a7f37",
  yellow: "#9a6700",
  orange: "#bc4c00",
  red: "#cf222e",
  purple: "#8250df",
  blue: "#0969da",
  teal: "#0a7d8c",
  grey: "#57606a",
} as const

/**
 * Trello's colours as it draws them (base, `_dark`, `_light`). Each maps to the Baton colour
 * nearest in hue (lime to green); the near-greys (`black*`) map to grey.
 */
const TRELLO_HEX: Record<string, string> = {
  green: "#4bce97",
  green_dark: "#1f845a",
  green_light: "#baf3db",
  yellow: "#f5cd47",
  yellow_dark: "#946f00",
  yellow_light: "#f8e6a0",
  orange: "#fea362",
  orange_dark: "#c25100",
  orange_light: "#fedec8",
  red: "#f87168",
  red_dark: "#c9372c",
  red_light: "#ffd5d2",
  purple: "#9f8fef",
  purple_dark: "#6e5dc6",
  purple_light: "#dfd8fd",
  blue: "#579dff",
  blue_dark: "#0c66e4",
  blue_light: "#cce0ff",
  sky: "#6cc3e0",
  sky_dark: "#227d9b",
  sky_light: "#c6edfb",
  lime: "#94c748",
  lime_dark: "#5b7f24",
  lime_light: "#d3f1a7",
  pink: "#e774bb",
  pink_dark: "#ae4787",
  pink_light: "#fdd0ec",
  black: "#8590a2",
  black_dark: "#626f86",
  black_light: "#dcdfe4",
}

function hsl(hex: string): { h: number; s: number; l: number } {
  const n = parseInt(hex.slice(1), 16)
  const r = ((n >> 16) & 255) / 255
  const g = ((n >> 8) & 255) / 255
  const b = (n & 255) / 255
  const max = Math.max(r, g, b)
  const min = Math.min(r, g, b)
  const l = (max + min) / 2
  const d = max - min
  if (d === 0) return { h: 0, s: 0, l }
  const s = d / (1 - Math.abs(2 * l - 1))
  let h: number
  if (max === r) h = ((g - b) / d) % 6
  else if (max === g) h = (b - r) / d + 2
  else h = (r - g) / d + 4
  return { h: (h * 60 + 360) % 360, s, l }
}

const CHROMATIC = Object.entries(BATON_COLORS).filter(([name]) => name !== "grey")

/** The Baton colour nearest to a `#rrggbb` colour: by hue; greys (low saturation) to grey. */
export function nearestBatonColor(hex: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) return BATON_COLORS.grey
  const c = hsl(hex)
  if (c.s < 0.2) return BATON_COLORS.grey
  let best: string = BATON_COLORS.grey
  let bestDistance = Infinity
  for (const [, value] of CHROMATIC) {
    const h = hsl(value).h
    const d = Math.min(Math.abs(h - c.h), 360 - Math.abs(h - c.h))
    if (d < bestDistance) {
      bestDistance = d
      best = value
    }
  }
  return best
}

/**
 * The Baton colour for a Trello colour name (`red`, `sky_dark`, `black_light`…), `null` for
 * no colour. An unknown name is grey.
 */
export function batonColorOfTrello(name: unknown): string | null {
  if (name === null || name === undefined || name === "") return null
  if (typeof name !== "string") return BATON_COLORS.grey
  const key = name.toLowerCase()
  // Lime sits between Baton's yellow and green in hue; people call it green.
  if (key === "lime" || key.startsWith("lime_")) return BATON_COLORS.green
  const hex = TRELLO_HEX[key]
  if (hex !== undefined) return nearestBatonColor(hex)
  return /^#[0-9a-fA-F]{6}$/.test(name) ? nearestBatonColor(name) : BATON_COLORS.grey
}
