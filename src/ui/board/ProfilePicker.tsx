/**
 * "Who am I on this board?": pick an existing member or join as a new one (name, colour,
 * time zone detected from the browser). The choice is remembered on this device.
 */
import { For, Show, createSignal } from "solid-js"
import type { Board, Member, WeekHours } from "../../model/types"
import { memberNamed, nameTakenMessage } from "../../model"
import { Dialog } from "../Dialog"
import { lastProfile, rememberProfile } from "../device"
import { useBoard } from "./context"
import { bindMember, bindingMessage } from "../../session"
import { Avatar } from "../Avatar"

export const MEMBER_COLORS = [
  "#1f6feb",
  "#8250df",
  "#bf3989",
  "#cf222e",
  "#bc4c00",
  "#1a7f37",
  "#0a7d8c",
  "#57606a",
]

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"
  } catch {
    return "UTC"
  }
}

export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone")
  } catch {
    return [browserTimeZone()]
  }
}

/** Whether the browser knows this IANA zone name (e.g. "UTC", "Europe/Paris"). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === "") return false
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export function defaultWorkingHours(): WeekHours {
  const day = { start: 9 * 60, end: 17 * 60 }
  return {
    "1": day,
    "2": { ...day },
    "3": { ...day },
    "4": { ...day },
    "5": { ...day },
    "6": null,
    "7": null,
  }
}

/** The profile form (also used to edit one's profile later). */
export function ProfileForm(props: {
  initial: { name: string; color: string; timeZone: string }
  submitLabel: string
  onSubmit: (p: { name: string; color: string; timeZone: string }) => void
}) {
  const [name, setName] = createSignal(props.initial.name)
  const [color, setColor] = createSignal(props.initial.color)
  const [zone, setZone] = createSignal(props.initial.timeZone)
  const [error, setError] = createSignal<string | null>(null)
  const zones = timeZones()
  return (
    <form
      class="profile-form"
      onSubmit={(e) => {
        e.preventDefault()
        const n = name().trim()
        if (n === "") return setError("Please enter your name.")
        if (!isTimeZone(zone()))
          return setError("Pick a time zone from the list, e.g. Europe/Paris.")
        setError(null)
        props.onSubmit({ name: n, color: color(), timeZone: zone() })
      }}
    >
      <label for="profile-name">Your name</label>
      <input
        id="profile-name"
        value={name()}
        maxLength={80}
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <fieldset class="color-choices">
        <legend>Your colour</legend>
        <For each={MEMBER_COLORS}>
          {(c) => (
            <label class="color-choice" style={{ "--swatch": c }}>
              <input
                type="radio"
                name="profile-color"
                value={c}
                checked={color() === c}
                onChange={() => setColor(c)}
              />
              <span class="swatch" aria-hidden="true" />
              <span class="sr-only">{c}</span>
            </label>
          )}
        </For>
      </fieldset>
      <label for="profile-zone">Your time zone</label>
      <input
        id="profile-zone"
        list="profile-zones"
        value={zone()}
        onInput={(e) => setZone(e.currentTarget.value)}
        autocomplete="off"
      />
      <datalist id="profile-zones">
        <For each={zones}>{(z) => <option value={z} />}</For>
      </datalist>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="dialog-actions">
        <button type="submit" class="button primary">
          {props.submitLabel}
        </button>
      </div>
    </form>
  )
}

export function ProfilePicker(props: {
  board: Board
  memberId: string
  onChoose: (memberId: string) => void
}) {
  const ctx = useBoard()
  const claimed = (): boolean => ctx.session.access().claimed
  /** The existing member picked, waiting for the code from one of their devices. */
  const [picked, setPicked] = createSignal<Member | null>(null)
  const [code, setCode] = createSignal("")
  const [error, setError] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal(false)
  const choose = async (m: Member, withCode?: string): Promise<void> => {
    setBusy(true)
    try {
      const bound = await bindMember(ctx.documentId, m.id, withCode)
      if (bound === true) props.onChoose(m.id)
      else setError(bindingMessage(bound))
    } finally {
      setBusy(false)
    }
  }
  const members = (): Member[] =>
    Object.values(props.board.members).sort((a, b) => a.name.localeCompare(b.name))
  const last = lastProfile()
  const initial = {
    name: last?.name ?? "",
    color:
      last?.color ?? MEMBER_COLORS[Math.floor(Math.random() * MEMBER_COLORS.length)] ?? "#1f6feb",
    timeZone: browserTimeZone(),
  }
  return (
    <Dialog title="Who are you on this board?" class="profile-dialog">
      <p>
        Your teammates see your name and colour on the cards you own, and your time zone on the team
        clock.
      </p>
      <Show when={members().length > 0}>
        <h3>I am already on this board</h3>
        <ul class="member-choices">
          <For each={members()}>
            {(m) => (
              <li>
                <button
                  type="button"
                  class="button member-choice"
                  aria-pressed={picked()?.id === m.id}
                  onClick={() => {
                    setError(null)
                    if (claimed()) setPicked(m)
                    else props.onChoose(m.id)
                  }}
                >
                  <Avatar name={m.name} color={m.color} />
                  {m.name} <span class="muted">({m.timeZone})</span>
                </button>
              </li>
            )}
          </For>
        </ul>
        <Show when={picked()} keyed>
          {(m) => (
            <form
              class="device-code-form"
              onSubmit={(e) => {
                e.preventDefault()
                if (code().trim() === "") return setError("Enter the code from your other device.")
                void choose(m, code().trim())
              }}
            >
              <label for="device-code-input">
                Code from one of {m.name}'s devices (Share, then Add a device)
              </label>
              <input
                id="device-code-input"
                autocomplete="one-time-code"
                maxLength={12}
                value={code()}
                onInput={(e) => setCode(e.currentTarget.value)}
              />
              <button type="submit" class="button primary" disabled={busy()}>
                Continue as {m.name}
              </button>
            </form>
          )}
        </Show>
        <Show when={error()}>
          <p class="error" role="alert">
            {error()}
          </p>
        </Show>
        <h3>I am new here</h3>
      </Show>
      <ProfileForm
        initial={initial}
        submitLabel="Join board"
        onSubmit={(p) => {
          rememberProfile(p)
          const member: Member = {
            id: props.memberId,
            name: p.name,
            color: p.color,
            timeZone: p.timeZone,
            workingHours: defaultWorkingHours(),
            status: { kind: "available" },
            joinedAt: new Date().toISOString(),
          }
          const id = props.memberId
          const onChoose = props.onChoose
          if (memberNamed(props.board, p.name, id) !== undefined)
            return setError(nameTakenMessage(p.name))
          void bindMember(ctx.documentId, id).then((bound) => {
            // Offline, the new member joins on this device; the relay binds it on a later try.
            if (bound !== true && bound !== "offline") return setError(bindingMessage(bound))
            if (ctx.act("joinBoard", member)) onChoose(id)
          })
        }}
      />
    </Dialog>
  )
}
