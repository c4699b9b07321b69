// @vitest-environment jsdom
import { describe, expect, it } from "vitest"
import { DRAFTS_KEY, captureDrafts, restoreDrafts, saveDrafts, takeDrafts } from "./drafts"

function page(html: string, hash = "#/b/x"): Document {
  document.body.innerHTML = html
  location.hash = hash
  return document
}

describe("unsaved text across an update reload", () => {
  it("captures only fields whose text differs from what the page rendered", () => {
    const doc = page(`
      <input aria-label="Card title" value="">
      <input aria-label="Card title" value="">
      <textarea name="comment"></textarea>
      <input id="search" value="kept">
      <input type="password" aria-label="secret">
      <input aria-label="no change" value="same">`)
    const inputs = doc.querySelectorAll("input")
    inputs[1]!.value = "Second card title"
    doc.querySelector("textarea")!.value = "half a comment"
    ;(doc.querySelector('input[type="password"]') as HTMLInputElement).value = "hunter2"
    doc.querySelector("textarea")!.focus()
    doc.querySelector("textarea")!.setSelectionRange(4, 6)
    const drafts = captureDrafts(doc)
    expect(drafts.map((d) => [d.key, d.value, d.focused])).toEqual([
      ["label=Card title@1", "Second card title", false],
      ["name=comment@0", "half a comment", true],
    ])
    expect(drafts[1]).toMatchObject({ hash: "#/b/x", selectionStart: 4, selectionEnd: 6 })
  })

  it("puts the text back into the same field once it appears, fires input, restores focus", async () => {
    const before = page(`<textarea name="comment"></textarea>`)
    before.querySelector("textarea")!.value = "half a comment"
    before.querySelector("textarea")!.focus()
    expect(saveDrafts(sessionStorage, captureDrafts(before))).toBe(true)

    // The reloaded page renders its fields later.
    const doc = page(`<p>loading</p>`)
    const drafts = takeDrafts(sessionStorage)
    expect(sessionStorage.getItem(DRAFTS_KEY)).toBeNull()
    const inputs: string[] = []
    const restoring = restoreDrafts(doc, drafts, 5000)
    const textarea = doc.createElement("textarea")
    textarea.name = "comment"
    textarea.addEventListener("input", () => inputs.push(textarea.value))
    doc.body.append(textarea)
    expect(await restoring).toBe(1)
    expect(textarea.value).toBe("half a comment")
    expect(inputs).toEqual(["half a comment"])
    expect(doc.activeElement).toBe(textarea)
  })

  it("leaves drafts of another route alone and never overwrites new typing", async () => {
    const doc = page(`<input aria-label="Title" value=""><textarea name="c"></textarea>`, "#/b/y")
    doc.querySelector("input")!.value = "typed after reload"
    const restored = await restoreDrafts(
      doc,
      [
        {
          hash: "#/b/y",
          key: "label=Title@0",
          value: "old",
          focused: false,
          selectionStart: 0,
          selectionEnd: 0,
        },
        {
          hash: "#/b/other",
          key: "name=c@0",
          value: "elsewhere",
          focused: false,
          selectionStart: 0,
          selectionEnd: 0,
        },
      ],
      50,
    )
    expect(restored).toBe(0)
    expect(doc.querySelector("input")!.value).toBe("typed after reload")
    expect(doc.querySelector("textarea")!.value).toBe("")
  })

  it("survives a corrupt saved value", () => {
    sessionStorage.setItem(DRAFTS_KEY, "{not json")
    expect(takeDrafts(sessionStorage)).toEqual([])
    sessionStorage.setItem(
      DRAFTS_KEY,
      JSON.stringify([{ hash: 1 }, { hash: "#/", key: "k", value: "v" }]),
    )
    expect(takeDrafts(sessionStorage).map((d) => d.value)).toEqual(["v"])
  })
})
