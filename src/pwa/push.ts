/**
 * Web Push from the app: subscribes this device through the service worker's pushManager
 * with the relay's VAPID key, and gives the subscription to the relay for one board and
 * member, with what should notify them. The relay then sends pushes while Baton is closed,
 * held to the member's working hours (sync-server/push/).
 *
 * Every request to `/push/subscribe` is signed with this device's key
 * (src/sync/device/deviceKey.ts; docs/protocol.md, "Push subscriptions"): the relay keeps a
 * subscription as this device's, and on a claimed board accepts it only from a device
 * registered there, for the member whose profile this device made.
 */
import { deviceKey, signerOf } from "../sync/device/deviceKey"

export type PushTopic = "mentions" | "replies-due" | "my-deadlines" | "everything"

export const PUSH_TOPIC_LABELS: Record<PushTopic, string> = {
  mentions: "Mentions of me",
  "replies-due": "Replies I owe that are due",
  "my-deadlines": "Deadlines of my cards",
  everything: "Everything above",
}

export type PushResult = { ok: true } | { ok: false; message: string }

const storeKey = (boardId: string): string => `baton.push.${boardId}`

/** The topic this device is subscribed with for the board, or `null` when it is not. */
export function pushChoice(boardId: string): PushTopic | null {
  try {
    const v = localStorage.getItem(storeKey(boardId))
    return v && v in PUSH_TOPIC_LABELS ? (v as PushTopic) : null
  } catch {
    return null
  }
}

function remember(boardId: string, topic: PushTopic | null): void {
  try {
    if (topic === null) localStorage.removeItem(storeKey(boardId))
    else localStorage.setItem(storeKey(boardId), topic)
  } catch {
    // Storage disabled: the relay still holds the subscription; the box shows unticked.
  }
}

export function pushSupported(): boolean {
  return (
    typeof navigator !== "undefined" &&
    "serviceWorker" in navigator &&
    typeof window !== "undefined" &&
    "PushManager" in window &&
    typeof Notification !== "undefined"
  )
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, "+").replace(/_/g, "/")
  const raw = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4))
  const out = new Uint8Array(new ArrayBuffer(raw.length))
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i)
  return out
}

function base64url(bytes: Uint8Array): string {
  let s = ""
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

/** The relay's clock, from its `Date` header (a device clock that is off must not matter). */
function relayTime(res: Response): number {
  const t = Date.parse(res.headers.get("date") ?? "")
  return Number.isFinite(t) ? t : Date.now()
}

/** `request` as the signed body the relay expects: `{ request, publicKey, signature }`. */
async function signedBody(request: Record<string, unknown>): Promise<string> {
  const signer = await signerOf(await deviceKey())
  const text = JSON.stringify({
    ...request,
    nonce: base64url(crypto.getRandomValues(new Uint8Array(16))),
  })
  const signature = await signer.sign(new TextEncoder().encode(`baton-push-v1\n${text}`))
  return JSON.stringify({
    request: text,
    publicKey: base64url(signer.publicKey),
    signature: base64url(signature),
  })
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise<null>((r) => setTimeout(() => r(null), 30_000)),
  ])
}

async function relayError(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: unknown }
    if (typeof body.error === "string") return body.error
  } catch {
    // Not JSON: fall through to the status.
  }
  return `the relay answered ${res.status}`
}

/** Asks permission, subscribes this device and registers it with the relay for the board. */
export async function enablePush(
  boardId: string,
  memberId: string,
  topic: PushTopic,
): Promise<PushResult> {
  if (!pushSupported())
    return { ok: false, message: "This browser cannot show notifications while Baton is closed." }
  const permission = await Notification.requestPermission()
  if (permission !== "granted")
    return {
      ok: false,
      message:
        permission === "denied"
          ? "Notifications are blocked for this site, so Baton cannot notify you while it is closed. Allow notifications in your browser's site settings, then try again."
          : "Notifications were not allowed, so Baton cannot notify you while it is closed.",
    }
  try {
    const keyRes = await fetch("/push/key")
    if (!keyRes.ok)
      return { ok: false, message: `The relay does not send notifications (${keyRes.status}).` }
    const { publicKey } = (await keyRes.json()) as { publicKey: string }
    const reg = await registration()
    if (!reg) return { ok: false, message: "Baton's offline worker is not running in this tab." }
    const sub =
      (await reg.pushManager.getSubscription()) ??
      (await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey),
      }))
    const res = await fetch("/push/subscribe", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: await signedBody({
        action: "subscribe",
        boardId,
        memberId,
        topic,
        subscription: sub.toJSON(),
        at: relayTime(keyRes),
      }),
    })
    if (!res.ok)
      return { ok: false, message: `The relay refused the subscription: ${await relayError(res)}` }
    remember(boardId, topic)
    return { ok: true }
  } catch (e) {
    return {
      ok: false,
      message: `This device could not subscribe to notifications: ${e instanceof Error ? e.message : String(e)}`,
    }
  }
}

/** Tells the relay to stop pushing this board to this device. */
export async function disablePush(boardId: string): Promise<PushResult> {
  remember(boardId, null)
  try {
    const reg = pushSupported() ? await registration() : null
    const sub = await reg?.pushManager.getSubscription()
    if (!sub) return { ok: true }
    const clock = await fetch("/push/key")
    const res = await fetch("/push/subscribe", {
      method: "DELETE",
      headers: { "Content-Type": "application/json" },
      body: await signedBody({
        action: "unsubscribe",
        boardId,
        subscription: { endpoint: sub.endpoint },
        at: relayTime(clock),
      }),
    })
    return res.ok || res.status === 404
      ? { ok: true }
      : { ok: false, message: `The relay could not forget it: ${await relayError(res)}` }
  } catch (e) {
    return { ok: false, message: `Could not reach the relay: ${String(e)}` }
  }
}
