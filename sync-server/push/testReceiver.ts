/**
 * The receiving side of a push service for tests (RFC 8030 / RFC 8291 / RFC 8292): an HTTPS
 * endpoint with a throwaway certificate that checks the VAPID JWT and decrypts the aes128gcm
 * payload with the subscription keys the test created.
 */
import { createECDH, createHmac, createDecipheriv, randomBytes, verify } from "node:crypto"
import { mkdtempSync, readFileSync } from "node:fs"
import { execFileSync } from "node:child_process"
import { Agent, createServer } from "node:https"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { StoredSubscription } from "./sendPush"

const b64u = (b: Buffer): string => b.toString("base64url")
const unb64u = (s: string): Buffer => Buffer.from(s, "base64url")
const hmac = (key: Buffer, data: Buffer): Buffer => createHmac("sha256", key).update(data).digest()

/** A browser-side subscription: the user agent's key pair and auth secret (RFC 8291 §3). */
export function makeSubscription(endpoint: string, id: string) {
  const ecdh = createECDH("prime256v1")
  ecdh.generateKeys()
  const auth = randomBytes(16)
  const sub: StoredSubscription = {
    id,
    memberId: "m",
    endpoint,
    keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) },
  }
  return { sub, ecdh, auth }
}

/** RFC 8291 + RFC 8188 decryption of one aes128gcm record. */
export function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, auth: Buffer): string {
  const salt = body.subarray(0, 16)
  const idlen = body[20]!
  const asPublic = body.subarray(21, 21 + idlen)
  const ciphertext = body.subarray(21 + idlen)
  const secret = ecdh.computeSecret(asPublic)
  const keyInfo = Buffer.concat([
    Buffer.from("WebPush: info\0"),
    ecdh.getPublicKey(),
    asPublic,
    Buffer.from([1]),
  ])
  const ikm = hmac(hmac(auth, secret), keyInfo)
  const prk = hmac(salt, ikm)
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0\x01")).subarray(0, 16)
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0\x01")).subarray(0, 12)
  const d = createDecipheriv("aes-128-gcm", cek, nonce)
  d.setAuthTag(ciphertext.subarray(ciphertext.length - 16))
  const plain = Buffer.concat([d.update(ciphertext.subarray(0, ciphertext.length - 16)), d.final()])
  // Last record: data, then the 0x02 delimiter, then zero padding.
  let end = plain.length - 1
  while (end >= 0 && plain[end] === 0) end--
  if (plain[end] !== 2) throw new Error("bad padding delimiter")
  return plain.subarray(0, end).toString("utf8")
}

/** Checks `Authorization: vapid t=<jwt>, k=<key>` (RFC 8292); returns the key or throws. */
export function checkVapid(header: string | undefined, audience: string, now: number): string {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? "")
  if (!m) throw new Error("no vapid authorization")
  const [h, p, s] = m[1]!.split(".") as [string, string, string]
  const key = unb64u(m[2]!)
  const jwk = {
    kty: "EC",
    crv: "P-256",
    x: b64u(key.subarray(1, 33)),
    y: b64u(key.subarray(33, 65)),
  }
  const ok = verify(
    "sha256",
    Buffer.from(`${h}.${p}`),
    { key: jwk, format: "jwk", dsaEncoding: "ieee-p1363" },
    unb64u(s),
  )
  if (!ok) throw new Error("bad JWT signature")
  const jose = JSON.parse(unb64u(h).toString()) as { alg: string }
  const claims = JSON.parse(unb64u(p).toString()) as { aud: string; exp: number; sub: string }
  if (jose.alg !== "ES256") throw new Error("not ES256")
  if (claims.aud !== audience) throw new Error(`wrong audience ${claims.aud}`)
  if (!(claims.exp > now / 1000 && claims.exp <= now / 1000 + 24 * 3600))
    throw new Error("bad expiry")
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error("bad subject")
  return m[2]!
}

export interface Delivery {
  id: string
  /** The encrypted body as it arrived. */
  body?: Buffer
  payload?: unknown
  error?: string
  vapidKey?: string
}

export interface Receiver {
  origin: string
  agent: Agent
  received: Delivery[]
  /** A new browser-side subscription whose endpoint is on this receiver. */
  subscription(id: string): { endpoint: string; keys: { p256dh: string; auth: string } }
  /** The same, as the relay stores it (for sending to it directly). */
  stored(id: string): StoredSubscription
  /** Subscriptions the push service answers 410 Gone for. */
  gone: Set<string>
  close(): Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const dir = mkdtempSync(join(tmpdir(), "baton-tls-"))
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  )
  const cert = readFileSync(join(dir, "cert.pem"))
  const subscribers = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>()
  const received: Delivery[] = []
  const gone = new Set<string>()
  let origin = ""
  const server = createServer({ key: readFileSync(join(dir, "key.pem")), cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const id = (req.url ?? "").split("/").pop() ?? ""
      const r: Delivery = { id, body: Buffer.concat(chunks) }
      received.push(r)
      if (gone.has(id)) {
        res.writeHead(410).end()
        return
      }
      try {
        if (req.method !== "POST") throw new Error("not a POST")
        if (req.headers["content-encoding"] !== "aes128gcm") throw new Error("not aes128gcm")
        r.vapidKey = checkVapid(req.headers.authorization, origin, Date.now())
        const s = subscribers.get(id)
        if (!s) throw new Error("unknown subscription")
        r.payload = JSON.parse(decrypt(Buffer.concat(chunks), s.ecdh, s.auth))
        res.writeHead(201).end()
      } catch (e) {
        r.error = (e as Error).message
        res.writeHead(400).end()
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const a = server.address()
  origin = `https://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`
  const stored = (id: string): StoredSubscription => {
    const s = makeSubscription(`${origin}/push/${id}`, id)
    subscribers.set(id, { ecdh: s.ecdh, auth: s.auth })
    return s.sub
  }
  return {
    origin,
    agent: new Agent({ ca: cert }),
    received,
    subscription(id) {
      const { endpoint, keys } = stored(id)
      return { endpoint, keys }
    },
    stored,
    gone,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
