/** The colours a new label can have. */
export const LABEL_COLORS = [
  { name: "Green", value: "#1a7f37" },
  { name: "Yellow", value: "#9a6700" },
  { name: "Orange", value: "#bc4c00" },
  { name: "Red", value: "#cf222e" },
  { name: "Purple", value: "#8250df" },
  { name: "Blue", value: "#0969da" },
  { name: "Teal", value: "#0a7d8c" },
  { name: "Grey", value: "#57606a" },
]
