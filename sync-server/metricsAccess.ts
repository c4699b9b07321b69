/**
 * `/metrics` may be kept private: with a token configured, only a request carrying
 * `Authorization: Bearer <token>` is answered. The comparison runs in constant time so the
 * token cannot be guessed byte by byte from response times.
 */
import { createHash, timingSafeEqual } from "node:crypto"
import type { IncomingMessage } from "node:http"

const digest = (s: string): Buffer => createHash("sha256").update(s, "utf8").digest()

/** True when `token` is unset (public metrics) or the request presents it as a bearer token. */
export function metricsAllowed(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true
  const header = req.headers["authorization"]
  if (typeof header !== "string") return false
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!m) return false
  // Hashing first gives both sides the same length, which timingSafeEqual needs.
  return timingSafeEqual(digest(m[1]!), digest(token))
}
