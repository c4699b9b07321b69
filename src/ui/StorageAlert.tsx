/**
 * Says so, on every page, while this device's storage refuses Baton's saves (a full disk, a
 * browser that will not store), what that means for the person's changes, and when it is over.
 * The same for attached files: a file that could not be kept (attached or opened here), with
 * a way to free the file cache that never drops a file still waiting to upload.
 */
import { Show, createSignal, onCleanup } from "solid-js"
import type { Repo, DocumentId } from "../session"
import { STORAGE_RETRY_MS, deviceFiles, fileHealth, storageHealth } from "../session"

/** How long "saved on this device again" stays. */
const RECOVERED_MS = 6_000

export function StorageAlert(props: { repo: Repo }) {
  const [state, setState] = createSignal(storageHealth.current())
  const [recovered, setRecovered] = createSignal(false)
  let failingBefore = storageHealth.current().failing.length > 0
  let timer: ReturnType<typeof setTimeout> | undefined
  onCleanup(
    storageHealth.subscribe((next) => {
      const failing = next.failing.length > 0
      setState(next)
      clearTimeout(timer)
      setRecovered(failingBefore && !failing)
      if (failingBefore && !failing) timer = setTimeout(() => setRecovered(false), RECOVERED_MS)
      failingBefore = failing
    }),
  )
  onCleanup(() => clearTimeout(timer))
  const since = (): string => {
    const at = state().since
    return at === null
      ? ""
      : new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
  }
  const [files, setFiles] = createSignal(fileHealth.current())
  onCleanup(fileHealth.subscribe(setFiles))
  const [freeing, setFreeing] = createSignal(false)
  const [freeNote, setFreeNote] = createSignal("")
  const freeCache = async (): Promise<void> => {
    setFreeing(true)
    try {
      const freed = await deviceFiles().freeCache()
      setFreeNote(
        freed > 0
          ? ""
          : "There was no cached file to free: only files waiting to upload are kept here.",
      )
    } catch {
      setFreeNote("The file cache could not be freed.")
    } finally {
      setFreeing(false)
    }
  }
  const retry = (): void => {
    props.repo.flush(state().failing as DocumentId[]).catch(() => undefined)
  }
  return (
    <>
      <Show when={state().failing.length > 0}>
        <div class="storage-alert" role="alert">
          <p>
            <strong>Your changes are not being saved on this device</strong>:{" "}
            {state().problem === "full"
              ? "its storage is full."
              : "the browser refused to store them."}{" "}
            Changes since {since()} are kept in this tab and reach the relay whenever you are
            online, so keep this tab open until this message goes away. Free up some space on this
            device; Baton tries again every {Math.round(STORAGE_RETRY_MS / 1000)} seconds.
          </p>
          <button type="button" class="button" onClick={retry}>
            Try again now
          </button>
        </div>
      </Show>
      <Show when={files().problem !== null}>
        <div class="storage-alert" role="alert" data-testid="file-storage-alert">
          <p>
            <strong>Files can't be kept on this device</strong>:{" "}
            {files().problem === "full"
              ? "its storage is full."
              : "the browser refused to store them."}{" "}
            {files().what === "attach"
              ? "A file you attached could not be stored, so it was not attached: attach it again once there is room."
              : files().what === "cache"
                ? "Files you open still open, but are not kept for offline use."
                : ""}{" "}
            Files already waiting to upload are kept and still go to the relay.
          </p>
          <button
            type="button"
            class="button"
            disabled={freeing()}
            onClick={() => void freeCache()}
          >
            Free the file cache
          </button>
          <Show when={freeNote() !== ""}>
            <p>{freeNote()}</p>
          </Show>
        </div>
      </Show>
      <div class="storage-recovered" role="status">
        <Show when={recovered()}>Changes are saved on this device again.</Show>
      </div>
    </>
  )
}
