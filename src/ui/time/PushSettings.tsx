/**
 * "Notify me when Baton is closed" for one board: subscribes this device to the relay's Web
 * Push (src/pwa/push.ts) with the member's choice of what notifies them, and says plainly
 * when the browser or the person refused.
 */
import { For, Show, createSignal } from "solid-js"
import { PUSH_TOPIC_LABELS, disablePush, enablePush, pushChoice } from "../../pwa/push"
import type { PushTopic } from "../../pwa/push"

export function PushSettings(props: { documentId: string; memberId: string }) {
  const initial = pushChoice(props.documentId)
  const [on, setOn] = createSignal(initial !== null)
  const [topic, setTopic] = createSignal<PushTopic>(initial ?? "mentions")
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)
  const [done, setDone] = createSignal<string | null>(null)
  let box: HTMLInputElement | undefined

  const apply = async (enable: boolean): Promise<void> => {
    setBusy(true)
    setError(null)
    setDone(null)
    const r = enable
      ? await enablePush(props.documentId, props.memberId, topic())
      : await disablePush(props.documentId)
    setBusy(false)
    if (r.ok) {
      setOn(enable)
      setDone(
        enable
          ? "This device will be notified while Baton is closed, during your working hours."
          : "This device will no longer be notified while Baton is closed.",
      )
    } else {
      setOn(false)
      setError(r.message)
    }
    // The box was ticked by the click itself; a signal that did not change would not untick it.
    if (box) box.checked = on()
  }

  return (
    <fieldset class="push-settings">
      <legend>When Baton is closed</legend>
      <label>
        <input
          ref={box}
          type="checkbox"
          checked={on()}
          disabled={busy()}
          onChange={(e) => void apply(e.currentTarget.checked)}
        />{" "}
        Notify me when Baton is closed
      </label>{" "}
      <label>
        Notify me of{" "}
        <select
          value={topic()}
          disabled={busy()}
          onChange={(e) => {
            setTopic(e.currentTarget.value as PushTopic)
            if (on()) void apply(true)
          }}
        >
          <For each={Object.entries(PUSH_TOPIC_LABELS)}>
            {([value, label]) => <option value={value}>{label}</option>}
          </For>
        </select>
      </label>
      <Show when={error()}>
        <p role="alert" class="push-error">
          {error()}
        </p>
      </Show>
      <Show when={done()}>
        <p role="status" class="time-muted">
          {done()}
        </p>
      </Show>
    </fieldset>
  )
}
