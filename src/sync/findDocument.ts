/**
 * `repo.find` that the caller can stop waiting for. Given an abort signal, automerge-repo 2.5
 * leaves the aborted find's inner promise rejected with nobody listening: an unhandled
 * AbortError in the page. So the find itself runs without the signal, and the signal only
 * ends the wait: the returned promise rejects with the signal's reason, and whatever the find
 * ends with later is dropped.
 *
 * Upstream: automerge/automerge-repo#704 makes `find` reject with the signal's reason and
 * documents that the signal ends only the wait; remove this wrapper once a release leaves no
 * unhandled rejection behind an aborted find (`findDocument.test.ts` checks that ours does not).
 */
import * as A from "@automerge/automerge"
import type { AnyDocumentId, DocHandle, Repo } from "@automerge/automerge-repo"

export function findDocument<T>(
  repo: Repo,
  id: AnyDocumentId,
  options: { allowableStates?: string[]; signal?: AbortSignal } = {},
): Promise<DocHandle<T>> {
  const { signal, ...findOptions } = options
  // In the browser the page can ask before Automerge's WebAssembly is running (src/main.tsx).
  const found = A.wasmInitialized().then(() => repo.find<T>(id, findOptions))
  if (signal === undefined) return found
  // Nobody may be waiting for the outcome any more; it is not an error then.
  found.catch(() => undefined)
  if (signal.aborted) return Promise.reject(signal.reason as Error)
  return new Promise<DocHandle<T>>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error)
    signal.addEventListener("abort", onAbort, { once: true })
    found.then(
      (handle) => {
        signal.removeEventListener("abort", onAbort)
        resolve(handle)
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort)
        reject(error as Error)
      },
    )
  })
}
