/**
 * The Share dialog: the board's links this device may hand out (its own role's and the lower
 * ones', see docs/sharing.md), each with Copy and what it lets someone do. An editor can stop
 * a link: the relay refuses it at once and a new one takes its place.
 */
import { For, Show, createSignal } from "solid-js"
import { addDeviceCode, rolesUpTo, stopLink } from "../../session"
import type { Role } from "../../session"
import { Dialog } from "../Dialog"
import { shareLink } from "../boardLink"
import { notify } from "../notices"
import { useBoard } from "./context"

const LABELS: Record<Role, string> = {
  edit: "Can edit",
  comment: "Can comment",
  view: "Can view",
}

const EXPLAINED: Record<Role, string> = {
  edit: "Opens the board to change anything on it, share it and stop its links.",
  comment: "Opens the board to read it and add comments and replies; nothing else changes.",
  view: "Opens the board to read it, live; nothing on it can be changed.",
}

export function ShareDialog(props: { onClose: () => void }) {
  const ctx = useBoard()
  const access = ctx.session.access
  const base = (): string => `${location.origin}${location.pathname}`
  const [shown, setShown] = createSignal<{ role: Role; link: string } | null>(null)
  const [stopping, setStopping] = createSignal<Role | null>(null)
  const [deviceCode, setDeviceCode] = createSignal<string | null>(null)

  const makeDeviceCode = async (): Promise<void> => {
    const made = await addDeviceCode(ctx.documentId)
    if ("code" in made) setDeviceCode(`${made.code.slice(0, 4)}-${made.code.slice(4)}`)
    else
      notify(
        made.reason === "offline"
          ? "Baton needs to reach the relay to make a code. Try again once you are online."
          : "This device cannot add a device here: it has not joined the board as a member yet.",
        { kind: "error" },
      )
  }

  const linkOf = (role: Role): string | null => {
    try {
      return shareLink(base(), ctx.documentId, role, access().secrets)
    } catch {
      return null
    }
  }

  const copy = async (role: Role): Promise<void> => {
    const link = linkOf(role)
    if (link === null) return
    try {
      await navigator.clipboard.writeText(link)
      notify(`${LABELS[role]} link copied.`)
    } catch {
      setShown({ role, link })
    }
  }

  const stop = async (role: Role): Promise<void> => {
    setStopping(role)
    try {
      const done = await stopLink(ctx.documentId, role)
      notify(
        done
          ? `The old ${LABELS[role]} link no longer works. Copy the new one to share it.`
          : "The link could not be stopped: Baton needs to reach the relay for that. Try again once you are online.",
        done ? {} : { kind: "error" },
      )
    } finally {
      setStopping(null)
    }
  }

  return (
    <Dialog title="Share this board" onClose={() => props.onClose()} class="share-dialog">
      <Show
        when={access().refused === null}
        fallback={<p>This device has no working link to this board, so it has none to share.</p>}
      >
        <ul class="share-links">
          <For each={rolesUpTo(access().role)}>
            {(role) => (
              <li class="share-link" aria-labelledby={`share-${role}`}>
                <div class="share-link-text">
                  <strong id={`share-${role}`}>{LABELS[role]}</strong>
                  <span class="muted">{EXPLAINED[role]}</span>
                </div>
                <Show
                  when={linkOf(role) !== null}
                  fallback={<span class="muted">This device does not hold this link.</span>}
                >
                  <input
                    class="share-link-input"
                    readOnly
                    aria-label={`${LABELS[role]} link`}
                    value={linkOf(role) ?? ""}
                    onFocus={(e) => e.currentTarget.select()}
                  />
                  <button
                    type="button"
                    class="button"
                    aria-label={`Copy the ${LABELS[role]} link`}
                    onClick={() => void copy(role)}
                  >
                    Copy
                  </button>
                  <Show when={access().role === "edit"}>
                    <button
                      type="button"
                      class="button subtle"
                      aria-label={`Stop the ${LABELS[role]} link`}
                      title="The old link stops working at once and a new one takes its place. Devices that already joined with it keep their access."
                      disabled={stopping() !== null}
                      onClick={() => void stop(role)}
                    >
                      {stopping() === role ? "Stopping…" : "Stop"}
                    </button>
                  </Show>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={shown()} keyed>
          {(s) => (
            <p class="copy-fallback">
              <label for="share-fallback-input">Copy this {LABELS[s.role]} link</label>
              <input
                id="share-fallback-input"
                readOnly
                value={s.link}
                ref={(el) => queueMicrotask(() => el.select())}
              />
            </p>
          )}
        </Show>
        <Show when={access().claimed}>
          <section class="add-device" aria-labelledby="add-device-title">
            <h3 id="add-device-title">Add a device</h3>
            <p class="muted">
              To use this board as yourself on another device, open a link there, choose your name
              and enter this code. It works once, within 10 minutes.
            </p>
            <Show
              when={deviceCode()}
              fallback={
                <button type="button" class="button" onClick={() => void makeDeviceCode()}>
                  Make a code
                </button>
              }
            >
              {(code) => (
                <p class="device-code" aria-label="One-time code" data-testid="device-code">
                  {code()}
                </p>
              )}
            </Show>
          </section>
        </Show>
        <p class="muted share-note">
          Anyone with a link can open the board with that role, and can pass it on. Stopping a link
          keeps out whoever has not opened it yet.
        </p>
      </Show>
    </Dialog>
  )
}
