/**
 * The nginx configuration in docs/deploy.md is the one the multi-relay tests run nginx with.
 */
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { nginxSiteConfig } from "./nginxConfig"

describe("docs/deploy.md", () => {
  it("shows exactly the tested nginx configuration", async () => {
    const doc = await readFile(join(import.meta.dirname, "..", "..", "docs", "deploy.md"), "utf8")
    const block = /```nginx\n([\s\S]*?)```/.exec(doc)?.[1]
    expect(block).toBe(
      nginxSiteConfig({
        relays: ["127.0.0.1:3031", "127.0.0.1:3032", "127.0.0.1:3033"],
        listen: "80",
      }),
    )
  })
})
