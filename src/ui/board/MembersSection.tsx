/**
 * Board settings → Members: everyone on the board; for editors of a claimed board, also each
 * member's devices as the relay keeps them (which link each joined with, and when), a role per
 * member and Remove. The relay enforces all of it (docs/sharing.md); this only shows it.
 */
import { DateTime } from "luxon"
import { For, Show, createMemo, createSignal, onMount } from "solid-js"
import { listMembers, memberChangeMessage, removeMember, setMemberRole } from "../../session"
import type { MemberDevice, Role } from "../../session"
import type { Member } from "../../model/types"
import { announce, notify } from "../notices"
import { useBoard } from "./context"

const ROLE_NAMES: Record<Role, string> = {
  edit: "Can edit",
  comment: "Can comment",
  view: "Can view",
}
const JOINED_WITH: Record<Role | "claim", string> = {
  claim: "made the board here",
  edit: "joined with the Can edit link",
  comment: "joined with the Can comment link",
  view: "joined with the Can view link",
}

export function MembersSection() {
  const ctx = useBoard()
  const access = ctx.session.access
  const [devices, setDevices] = createSignal<MemberDevice[] | null>(null)
  const [you, setYou] = createSignal<string | null>(null)
  const [problem, setProblem] = createSignal<string | null>(null)
  const [busy, setBusy] = createSignal<string | null>(null)
  const [confirming, setConfirming] = createSignal<string | null>(null)
  const manages = (): boolean => access().claimed && access().role === "edit"

  const load = async (): Promise<void> => {
    const answer = await listMembers(ctx.documentId)
    if ("reason" in answer) {
      setProblem(memberChangeMessage(answer.reason))
      return
    }
    setProblem(null)
    setDevices(answer.devices)
    setYou(answer.you)
  }
  onMount(() => {
    if (manages()) void load()
  })

  const members = createMemo(() =>
    Object.values(ctx.board.members).sort((a, b) => a.name.localeCompare(b.name)),
  )
  const devicesOf = (memberId: string): MemberDevice[] =>
    (devices() ?? []).filter((d) => d.memberId === memberId)
  const unbound = (): MemberDevice[] => (devices() ?? []).filter((d) => d.memberId === null)
  const when = (iso: string): string =>
    DateTime.fromISO(iso).setZone(ctx.viewerZone()).toLocaleString(DateTime.DATETIME_MED)
  /** A member's role: that of their devices still working (null: none on the relay). */
  const roleOf = (memberId: string): Role | null =>
    devicesOf(memberId).find((d) => d.removedAt === null)?.role ?? null
  const removed = (memberId: string): boolean => {
    const ds = devicesOf(memberId)
    return ds.length > 0 && ds.every((d) => d.removedAt !== null)
  }

  const changeRole = async (m: Member, role: Role, select: HTMLSelectElement): Promise<void> => {
    setBusy(m.id)
    try {
      const done = await setMemberRole(ctx.documentId, m.id, role)
      if (done === true) announce(`${m.name}: ${ROLE_NAMES[role]}`)
      else notify(memberChangeMessage(done), { kind: "error" })
      await load()
      // A refused change leaves the role as it was: show that, not the choice.
      select.value = roleOf(m.id) ?? select.value
    } finally {
      setBusy(null)
    }
  }

  const remove = async (m: Member): Promise<void> => {
    setConfirming(null)
    setBusy(m.id)
    try {
      const done = await removeMember(ctx.documentId, m.id)
      if (done === true) notify(`${m.name} was removed: their devices no longer reach this board.`)
      else notify(memberChangeMessage(done), { kind: "error" })
      await load()
    } finally {
      setBusy(null)
    }
  }

  return (
    <section aria-labelledby="board-members-title" class="members-admin">
      <h3 id="board-members-title">Members</h3>
      <Show when={!manages()}>
        <p class="muted">
          {access().claimed
            ? "Editors see each member's devices here and can change roles."
            : "Roles and devices are kept by the relay once the board is shared from a device that is online."}
        </p>
      </Show>
      <Show when={problem()}>{(p) => <p role="alert">{p()}</p>}</Show>
      <ul class="member-admin">
        <For each={members()}>
          {(m) => (
            <li class="member-admin-row" aria-label={m.name}>
              <div class="member-admin-head">
                <strong class="member-admin-name" title={m.name}>
                  {m.name}
                </strong>
                <Show when={removed(m.id)}>
                  <span class="muted">removed</span>
                </Show>
                <Show when={manages() && roleOf(m.id) !== null}>
                  <label class="sr-only" for={`member-role-${m.id}`}>
                    Role of {m.name}
                  </label>
                  <select
                    id={`member-role-${m.id}`}
                    value={roleOf(m.id) ?? "view"}
                    disabled={busy() !== null}
                    onChange={(e) =>
                      void changeRole(m, e.currentTarget.value as Role, e.currentTarget)
                    }
                  >
                    <For each={["edit", "comment", "view"] as Role[]}>
                      {(r) => <option value={r}>{ROLE_NAMES[r]}</option>}
                    </For>
                  </select>
                  <Show
                    when={confirming() === m.id}
                    fallback={
                      <button
                        type="button"
                        class="button subtle"
                        aria-label={`Remove ${m.name} from the board`}
                        disabled={busy() !== null}
                        onClick={() => setConfirming(m.id)}
                      >
                        Remove
                      </button>
                    }
                  >
                    <span>Remove {m.name}? Their devices stop reaching this board.</span>
                    <button type="button" class="button danger" onClick={() => void remove(m)}>
                      Remove {m.name}
                    </button>
                    <button type="button" class="button subtle" onClick={() => setConfirming(null)}>
                      Keep
                    </button>
                  </Show>
                </Show>
              </div>
              <Show when={manages() && devicesOf(m.id).length > 0}>
                <ul class="member-devices">
                  <For each={devicesOf(m.id)}>
                    {(d) => <DeviceLine device={d} you={you()} when={when} />}
                  </For>
                </ul>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={manages() && unbound().length > 0}>
        <p class="muted">Devices that joined before they chose a member:</p>
        <ul class="member-devices">
          <For each={unbound()}>{(d) => <DeviceLine device={d} you={you()} when={when} />}</For>
        </ul>
      </Show>
    </section>
  )
}

function DeviceLine(props: {
  device: MemberDevice
  you: string | null
  when: (iso: string) => string
}) {
  const d = (): MemberDevice => props.device
  return (
    <li class="muted">
      {d().deviceId === props.you ? "This device" : `Device ${d().deviceId.slice(0, 6)}`}:{" "}
      {JOINED_WITH[d().joinedWith]} on {props.when(d().joinedAt)}, {ROLE_NAMES[d().role]}
      <Show when={d().removedAt}>{(at) => <>, removed on {props.when(at())}</>}</Show>
    </li>
  )
}
