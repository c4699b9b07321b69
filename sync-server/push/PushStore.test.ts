/** The file push store meets the PushStore contract (pushStoreContract.ts), for one relay. */
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe } from "vitest"
import { FilePushStore } from "./PushStore"
import { runPushStoreContract } from "./pushStoreContract"

describe("FilePushStore", () => {
  runPushStoreContract(async () => {
    const store = new FilePushStore(await mkdtemp(join(tmpdir(), "baton-push-store-")))
    return [store, store]
  })
})
