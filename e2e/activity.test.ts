/**
 * The board's activity feed in the real app served by the real relay: a board with history by
 * two members (two isolated contexts), newest first, filtered by member and by kind, with old
 * and new values.
 */
import { describe, expect, it } from "vitest"
import { trackPageErrors } from "./harness"
import {
  addCards,
  addList,
  boardMenuItem,
  card,
  createBoard,
  expectNoErrors,
  newPage,
  openBoard,
  renameCard,
  waitFor,
} from "./boardHelpers"
import { useRelayAndBrowser } from "./fixture"

const env = useRelayAndBrowser()

describe("board activity feed", () => {
  it("shows every change newest first, by member and by kind, with old and new values", async () => {
    const a = await newPage(env.browser)
    const ana = a.page
    const anaErrors = trackPageErrors(ana)
    const url = await createBoard(ana, env.relay.url, "Ana")
    await addList(ana, "To do")
    await addCards(ana, "To do", ["Write post", "Review budget"])
    await renameCard(ana, "Write post", "Write the post")

    const j = await newPage(env.browser)
    const jonas = j.page
    const jonasErrors = trackPageErrors(jonas)
    await openBoard(jonas, url, "Jonas")
    await card(jonas, "Write the post").waitFor()
    await addCards(jonas, "To do", ["From Jonas"])
    await renameCard(jonas, "Review budget", "Budget 2027")
    // Ana receives Jonas's changes, then opens the feed.
    await card(ana, "Budget 2027").waitFor({ timeout: 15_000 })
    await card(ana, "From Jonas").waitFor()
    await boardMenuItem(ana, "Activity")
    const panel = ana.getByRole("dialog", { name: "Activity" })
    const entries = panel.locator("li.activity-entry")
    const texts = () => entries.allTextContents()
    await waitFor(texts, (t) => t.length >= 6, 10_000, "activity entries")
    const all = await texts()
    // Newest first: Jonas's rename, then his new card, … Ana's first changes at the end.
    expect(all[0]).toMatch(/^Jonas renamed it: “Review budget” → “Budget 2027” on “Budget 2027”/)
    expect(all[1]).toMatch(/^Jonas created the card on “From Jonas”/)
    const iRename = all.findIndex((t) => t.includes("“Write post” → “Write the post”"))
    const iCreate = all.findIndex((t) => /Ana created the card on “Write the post”/.test(t))
    expect(iRename).toBeGreaterThan(1)
    expect(iCreate).toBeGreaterThan(iRename)
    // Times in the viewer's time, never increasing down the list.
    const times = await entries
      .locator("time")
      .evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute("datetime") ?? "")))
    expect(times.every((t, i) => i === 0 || t <= times[i - 1]!)).toBe(true)
    expect(times.every((t) => Number.isFinite(t))).toBe(true)

    // Only Jonas's changes.
    await panel.getByLabel("Member", { exact: true }).selectOption({ label: "Jonas" })
    await waitFor(
      texts,
      (t) => t.length > 0 && t.every((x) => x.startsWith("Jonas ")),
      10_000,
      "Jonas's entries",
    )
    const byJonas = await texts()
    expect(byJonas.some((t) => t.includes("Budget 2027"))).toBe(true)
    expect(byJonas.some((t) => t.includes("Write the post"))).toBe(false)

    // Only titles, by anyone: both renames, newest first, nothing else.
    await panel.getByLabel("Member", { exact: true }).selectOption({ label: "Everyone" })
    await panel
      .getByLabel("Kind", { exact: true })
      .selectOption({ label: "Titles and descriptions" })
    await waitFor(texts, (t) => t.length === 2, 10_000, "title entries")
    const titles = await texts()
    expect(titles[0]).toContain("Jonas renamed it: “Review budget” → “Budget 2027”")
    expect(titles[1]).toContain("Ana renamed it: “Write post” → “Write the post”")
    await panel.getByLabel("Member", { exact: true }).selectOption({ label: "Ana" })
    await panel.getByLabel("Kind", { exact: true }).selectOption({ label: "Moves" })
    await panel.getByText("No changes match these filters.").waitFor()

    expectNoErrors(anaErrors)
    expectNoErrors(jonasErrors)
    await a.context.close()
    await j.context.close()
  })
})
