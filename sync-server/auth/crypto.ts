/** Hashing, constant-time comparison and ECDSA P-256 verification for the relay's access checks. */
import { createHash, timingSafeEqual, webcrypto } from "node:crypto"

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url")
export const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64url"))

export function sha256(bytes: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(bytes).digest())
}

/** Equal-length byte strings compared without leaking where they differ. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  return timingSafeEqual(a, b)
}

/** The device id of a raw P-256 public key: base64url SHA-256 of its 65 bytes. */
export const deviceIdOf = (publicKey: Uint8Array): string => b64(sha256(publicKey))

/**
 * The bytes a device signs to answer a challenge: bound to the document and the nonce, so a
 * signature is worth nothing for another board or another challenge.
 */
export function challengePayload(documentId: string, nonce: Uint8Array): Uint8Array {
  return new TextEncoder().encode(`baton-auth-v1\n${documentId}\n${b64(nonce)}`)
}

/** Verifies an ECDSA P-256 / SHA-256 signature (IEEE P1363, 64 bytes, as WebCrypto makes it). */
export async function verifySignature(
  publicKey: Uint8Array,
  signature: Uint8Array,
  payload: Uint8Array,
): Promise<boolean> {
  try {
    const key = await webcrypto.subtle.importKey(
      "raw",
      publicKey,
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["verify"],
    )
    return await webcrypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" },
      key,
      signature,
      payload,
    )
  } catch {
    return false
  }
}
