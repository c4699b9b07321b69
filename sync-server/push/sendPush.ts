/**
 * Sending one push message to one subscription with `web-push` (VAPID, aes128gcm). Board
 * content is left out for boards encrypted end to end: the relay cannot read them, and the
 * push service must not see them.
 */
import type { Agent } from "node:https"
import webpush from "web-push"
import type { PushMessage } from "./pushQueue"
import type { VapidKeys } from "./vapidKeys"

export interface StoredSubscription {
  id: string
  memberId: string
  endpoint: string
  keys: { p256dh: string; auth: string }
}

export type SendResult = "sent" | "gone" | "retry"

/**
 * Sends `message`; "gone" when the push service says the subscription no longer exists
 * (404/410: drop it), "retry" on any other failure (keep it queued).
 */
export async function sendPush(
  sub: StoredSubscription,
  message: PushMessage,
  keys: VapidKeys,
  opts: {
    subject: string
    encrypted?: boolean
    ttlSeconds?: number
    /** HTTPS agent for the push service connection (tests: trust a local certificate). */
    agent?: Agent
  },
): Promise<SendResult> {
  const payload = opts.encrypted
    ? { title: "Baton", body: "Something changed on a board", boardId: null, cardId: null }
    : { title: message.title, body: message.body, boardId: message.boardId, cardId: message.cardId }
  try {
    await webpush.sendNotification(
      { endpoint: sub.endpoint, keys: sub.keys },
      JSON.stringify(payload),
      {
        vapidDetails: {
          subject: opts.subject,
          publicKey: keys.publicKey,
          privateKey: keys.privateKey,
        },
        contentEncoding: "aes128gcm",
        TTL: opts.ttlSeconds ?? 24 * 3600,
        ...(opts.agent ? { agent: opts.agent } : {}),
      },
    )
    return "sent"
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode
    return status === 404 || status === 410 ? "gone" : "retry"
  }
}
