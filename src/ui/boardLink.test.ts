import { describe, expect, it } from "vitest"
import { generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo"
import {
  boardHash,
  documentIdFromInput,
  hashWithoutSecrets,
  parseRoute,
  shareLink,
} from "./boardLink"

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

describe("links with a role's secrets", () => {
  const s = (c: string): string => c.repeat(43)
  const secrets = { edit: s("E"), comment: s("C"), view: s("V") }

  it("round-trips each role's link, carrying that role's secret and the lower ones' only", () => {
    const edit = shareLink("https://baton.example/", id, "edit", secrets)
    const comment = shareLink("https://baton.example/", id, "comment", secrets)
    const view = shareLink("https://baton.example/", id, "view", secrets)
    expect(parseRoute(new URL(edit).hash)).toMatchObject({ page: "board", documentId: id, secrets })
    expect(parseRoute(new URL(comment).hash)).toMatchObject({
      page: "board",
      secrets: { comment: s("C"), view: s("V") },
    })
    const v = parseRoute(new URL(view).hash)
    expect(v.page === "board" && v.secrets).toEqual({ view: s("V") })
    expect(comment).not.toContain(s("E"))
    expect(view).not.toContain(s("C"))
    // The secrets are in the fragment, which browsers never send to a server.
    expect(new URL(edit).search).toBe("")
    expect(documentIdFromInput(edit)).toBe(id)
  })

  it("keeps filters apart from the secrets, and takes the secrets out of the address", () => {
    const r = parseRoute(`#/b/${id}?q=bug&view=${s("V")}`)
    expect(r.page === "board" && r.query.toString()).toBe("q=bug")
    expect(hashWithoutSecrets(`#/b/${id}?q=bug&view=${s("V")}`)).toBe(`#/b/${id}?q=bug`)
    expect(hashWithoutSecrets(`#/b/${id}?edit=${s("E")}&comment=${s("C")}&view=${s("V")}`)).toBe(
      `#/b/${id}`,
    )
  })

  it("opens an old link without secrets as before", () => {
    const r = parseRoute(`#/b/${id}`)
    expect(r.page === "board" && r.secrets).toEqual({})
  })

  it.each([
    [`#/b/${id}?view=short`, "a secret cut short"],
    [`#/b/${id}?view=${s("V").slice(0, 30)}!!`, "a secret with characters a link never has"],
    [`#/b/${id}?edit=${s("E")}&view=${s("V")}`, "an edit link missing its comment secret"],
    [`#/b/${id}?comment=${s("C")}`, "a comment link missing its view secret"],
    [`#/b/${id}?view=`, "an empty secret"],
  ])("calls %s invalid with a clear message (%s)", (hash) => {
    const r = parseRoute(hash)
    expect(r.page).toBe("invalid")
    expect(r.page === "invalid" && r.reason).toMatch(/damaged or cut short.*ask for a new one/i)
  })

  it("refuses to make a link of a role this device does not hold", () => {
    expect(() => shareLink("/", id, "edit", { comment: s("C"), view: s("V") })).toThrow()
    expect(shareLink("/", id, "view", { comment: s("C"), view: s("V") })).toContain("view=")
  })
})
