import * as A from "@automerge/automerge"
import { describe, expect, it } from "vitest"
import { decodeChangeMeta, encodeChangeMeta, setCardTitle } from "./index"
import type { Board } from "./index"
import { fixtureBoard } from "./testkit"

describe("change metadata", () => {
  it("round-trips through an Automerge change message", () => {
    const doc = A.change(
      fixtureBoard(),
      { message: encodeChangeMeta({ memberId: "ann", op: "setCardTitle" }) },
      (d) => setCardTitle(d as Board, "c1", "Renamed"),
    )
    const last = A.decodeChange(A.getLastLocalChange(doc)!)
    expect(decodeChangeMeta(last.message)).toEqual({ memberId: "ann", op: "setCardTitle" })
  })

  it("returns null for anything it did not write, never throwing", () => {
    for (const m of [
      null,
      undefined,
      "",
      "hello",
      "{",
      "[]",
      "null",
      '{"v":2,"m":"a","op":"x"}',
      '{"v":1,"m":"","op":"x"}',
      '{"v":1,"m":3,"op":"x"}',
      "x".repeat(10_000),
      42,
      {},
    ]) {
      expect(decodeChangeMeta(m)).toBeNull()
    }
  })
})
