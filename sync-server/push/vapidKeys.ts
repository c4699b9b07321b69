/**
 * The relay's VAPID key pair (RFC 8292): generated once with `web-push` and kept in a file in
 * the relay's data directory, so subscriptions made against its public key stay valid across
 * restarts. A damaged key file is reported, never silently replaced (replacing it would
 * invalidate every subscription).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import webpush from "web-push"

export interface VapidKeys {
  publicKey: string
  privateKey: string
}

const B64URL = /^[A-Za-z0-9_-]+$/

function isKeys(v: unknown): v is VapidKeys {
  if (typeof v !== "object" || v === null) return false
  const k = v as Record<string, unknown>
  return (
    typeof k.publicKey === "string" &&
    typeof k.privateKey === "string" &&
    B64URL.test(k.publicKey) &&
    B64URL.test(k.privateKey)
  )
}

/** Reads the key pair at `file`, generating and keeping one when the file does not exist. */
export function loadOrCreateVapidKeys(file: string): VapidKeys {
  if (existsSync(file)) {
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"))
    } catch {
      parsed = null
    }
    if (!isKeys(parsed))
      throw new Error(
        `The push key file ${file} is damaged; restore it from a backup (a new key would cut off every subscribed device).`,
      )
    return { publicKey: parsed.publicKey, privateKey: parsed.privateKey }
  }
  const keys = webpush.generateVAPIDKeys()
  const tmp = `${file}.tmp`
  writeFileSync(tmp, JSON.stringify(keys), { mode: 0o600 })
  renameSync(tmp, file)
  return keys
}
