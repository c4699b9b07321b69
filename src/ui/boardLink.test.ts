import { describe, expect, it } from "vitest"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import { boardHash, documentIdFromInput, parseRoute } from "./boardLink"

const id = parseAutomergeUrl(generateAutomergeUrl()).documentId

describe("parseRoute", () => {
  it("reads the home page from an empty hash", () => {
    expect(parseRoute("").page).toBe("home")
    expect(parseRoute("#/").page).toBe("home")
    expect(parseRoute("#/settings").page).toBe("settings")
    expect(parseRoute("#/new").page).toBe("new")
  })

  it("round-trips a board and a card link", () => {
    const board = parseRoute(boardHash(id))
    expect(board).toMatchObject({ page: "board", documentId: id, cardId: null })
    const card = parseRoute(boardHash(id, "card_1"))
    expect(card).toMatchObject({ page: "board", documentId: id, cardId: "card_1" })
  })

  it("keeps the query for filters", () => {
    const r = parseRoute(`#/b/${id}?q=bug&owner=me`)
    expect(r.page === "board" && r.query.get("q")).toBe("bug")
  })

  it.each(["#/b/", "#/b/notanid", `#/b/${id.slice(0, -2)}`, "#/x/y", `#/b/${id}/zzz`, "#/b/%%%"])(
    "calls %s invalid with a reason",
    (hash) => {
      const r = parseRoute(hash)
      expect(r.page).toBe("invalid")
      expect(r.page === "invalid" && r.reason.length).toBeGreaterThan(10)
    },
  )
})

describe("documentIdFromInput", () => {
  it("accepts a full link, an automerge URL and a bare id", () => {
    expect(documentIdFromInput(`http://localhost:3030/#/b/${id}`)).toBe(id)
    expect(documentIdFromInput(`automerge:${id}`)).toBe(id)
    expect(documentIdFromInput(`  ${id} `)).toBe(id)
  })
  it("rejects junk", () => {
    expect(documentIdFromInput("hello world")).toBeNull()
    expect(documentIdFromInput("")).toBeNull()
    expect(documentIdFromInput("http://example.com/#/b/xyz")).toBeNull()
  })
})
