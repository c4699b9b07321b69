/**
 * automerge-repo starts some of its work without awaiting it (`void docSynchronizer.beginSync`
 * waits up to 60 s for a document a peer says it has, and rejects when it does not come). In
 * Node such a rejection ends the process, and with it every connection on the relay, for one
 * slow document. The relay's own writes are awaited where they are made, so a rejection nobody
 * handled is the library's background work: it is logged, counted and the relay carries on.
 */
export function keepRunningOnUnhandledRejections(
  log: (line: string) => void,
  target: Pick<NodeJS.Process, "on"> = process,
): { readonly count: number } {
  const state = { count: 0 }
  let lastLogged = 0
  target.on("unhandledRejection", (reason: unknown) => {
    state.count++
    // One line a minute at most: a burst of the same timeout is one event to an operator.
    const now = Date.now()
    if (now - lastLogged < 60_000) return
    lastLogged = now
    const text = reason instanceof Error ? reason.message : String(reason)
    log(`Baton relay: a background task failed and was ignored (${state.count} so far): ${text}`)
  })
  return state
}
