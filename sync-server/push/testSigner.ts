/**
 * Signed `/push/subscribe` bodies for tests, made from the outside as a client makes them
 * (docs/protocol.md, "Push subscriptions"): the request as JSON text, the device's public key
 * and a WebCrypto ECDSA P-256 signature over `"baton-push-v1\n" + request`.
 */
import { randomBytes, webcrypto } from "node:crypto"
import type { Device } from "../auth/testPeer"

export interface SignedBody {
  request: string
  publicKey: string
  signature: string
}

/**
 * Signs `request` (an `action`, `boardId`, …) with `device`; adds `at` (default now) and a
 * fresh `nonce` unless given. `signer` signs instead of `device` (a key that is not the one
 * presented).
 */
export async function signedBody(
  device: Device,
  request: Record<string, unknown>,
  options: { signer?: Device } = {},
): Promise<SignedBody> {
  const text = JSON.stringify({
    at: Date.now(),
    nonce: randomBytes(16).toString("base64url"),
    ...request,
  })
  const signature = await webcrypto.subtle.sign(
    { name: "ECDSA", hash: "SHA-256" },
    (options.signer ?? device).keys.privateKey,
    new TextEncoder().encode(`baton-push-v1\n${text}`),
  )
  return {
    request: text,
    publicKey: Buffer.from(device.publicKey).toString("base64url"),
    signature: Buffer.from(signature).toString("base64url"),
  }
}

/** POSTs (or DELETEs) `body` to the relay's `/push/subscribe`. */
export function postSubscribe(url: string, body: unknown, method = "POST"): Promise<Response> {
  return fetch(`${url}/push/subscribe`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  })
}
