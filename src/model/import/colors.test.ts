import { describe, expect, it } from "vitest"
import { BATON_COLORS, batonColorOfTrello, nearestBatonColor } from "./colors"

describe("Trello colours on Baton's palette", () => {
  it("maps every base colour and its _dark and _light shades to the nearest Baton colour", () => {
    const expected: Record<string, string> = {
      green: BATON_COLORS.green,
      yellow: BATON_COLORS.yellow,
      orange: BATON_COLORS.orange,
      red: BATON_COLORS.red,
      purple: BATON_COLORS.purple,
      blue: BATON_COLORS.blue,
      sky: BATON_COLORS.teal,
      lime: BATON_COLORS.green,
      pink: BATON_COLORS.red,
      black: BATON_COLORS.grey,
    }
    for (const [base, color] of Object.entries(expected))
      for (const name of [base, `${base}_dark`, `${base}_light`])
        expect([name, batonColorOfTrello(name)]).toEqual([name, color])
  })
  it("no colour is null; unknown names are grey; hex colours go to the nearest hue", () => {
    expect(batonColorOfTrello(null)).toBeNull()
    expect(batonColorOfTrello("")).toBeNull()
    expect(batonColorOfTrello("chartreuse_mist")).toBe(BATON_COLORS.grey)
    expect(batonColorOfTrello(42)).toBe(BATON_COLORS.grey)
    expect(nearestBatonColor("#ff0000")).toBe(BATON_COLORS.red)
    expect(nearestBatonColor("#1f6feb")).toBe(BATON_COLORS.blue)
    expect(nearestBatonColor("#00c060")).toBe(BATON_COLORS.green)
    expect(nearestBatonColor("#777777")).toBe(BATON_COLORS.grey)
  })
})
