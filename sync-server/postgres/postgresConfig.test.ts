import { describe, expect, it } from "vitest"
import { relayOptionsFromEnv } from "../config"
import { describeDatabase } from "./PostgresBackend"

describe("DATABASE_URL", () => {
  it("switches the relay to PostgreSQL; unset or empty, nothing changes", () => {
    const url = "postgres://baton:secret@db.internal:5432/baton"
    expect(relayOptionsFromEnv({ DATABASE_URL: url }).databaseUrl).toBe(url)
    expect(relayOptionsFromEnv({}).databaseUrl).toBeUndefined()
    expect(relayOptionsFromEnv({ DATABASE_URL: "  " }).databaseUrl).toBeUndefined()
  })

  it("is logged without its password", () => {
    expect(describeDatabase("postgres://baton:secret@db.internal:5432/baton")).toBe(
      "postgres://baton@db.internal:5432/baton",
    )
  })
})
