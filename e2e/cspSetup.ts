/**
 * Every browser test checks the page's Content-Security-Policy: a violation reported in any
 * page during a test fails that test (see `watchCsp` in harness.ts).
 */
import { afterEach, expect } from "vitest"
import { takeCspViolations } from "./harness"

afterEach(() => {
  expect(takeCspViolations(), "Content-Security-Policy violations in the page").toEqual([])
})
