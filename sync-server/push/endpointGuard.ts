/**
 * Where the relay may post push messages. A subscription's endpoint comes from a client, so
 * without a check the relay could be made to send requests into its own network (the cloud
 * metadata address, a database's admin port, localhost). An endpoint must be an `https:` URL
 * of at most 2048 characters, with no user name or password, whose host is not a loopback,
 * private, link-local, unique-local, multicast or otherwise reserved address; `localhost` and
 * `*.localhost` are refused by name. Names are checked again when the message is sent: the
 * agent's DNS lookup refuses a name that resolves to such an address, so a name that changes
 * its answer after subscribing (DNS rebinding) is caught where the connection is made.
 *
 * `allowPrivate` (relay option `push.allowPrivateEndpoints`) lifts the address rule for tests
 * and development, where the receiving endpoint runs on loopback.
 */
import { lookup as dnsLookup } from "node:dns"
import type { LookupAddress, LookupOptions } from "node:dns"
import { Agent } from "node:https"
import { BlockList, isIP } from "node:net"

export const MAX_ENDPOINT_LENGTH = 2048

const reserved = new BlockList()
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  reserved.addSubnet(net, bits, "ipv4")
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  reserved.addSubnet(net, bits, "ipv6")

/** Whether `ip` (v4 or v6, including v4-mapped v6) is an address the relay must not post to. */
export function isReservedAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, "")
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)
  if (mapped) return reserved.check(mapped[1]!, "ipv4")
  if (/^::ffff:/i.test(bare)) return true // mapped, hex-written: refuse rather than parse
  const family = isIP(bare)
  if (family === 4) return reserved.check(bare, "ipv4")
  if (family === 6) return reserved.check(bare, "ipv6")
  return false
}

/** Null when the relay may post to `endpoint`; otherwise what is wrong with it, for the client. */
export function endpointProblem(endpoint: unknown, allowPrivate = false): string | null {
  const shape = `subscription.endpoint must be an https URL of at most ${MAX_ENDPOINT_LENGTH} characters.`
  if (typeof endpoint !== "string" || endpoint.length > MAX_ENDPOINT_LENGTH) return shape
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return shape
  }
  if (url.protocol !== "https:") return shape
  if (url.username !== "" || url.password !== "")
    return "subscription.endpoint must not carry a user name or password."
  if (allowPrivate) return null
  const host = url.hostname.replace(/\.$/, "").toLowerCase()
  if (host === "localhost" || host.endsWith(".localhost") || isReservedAddress(host))
    return "subscription.endpoint must be a public push service, not a local or private address."
  // A bare number or hex form (https://2130706433/) is an address the URL parser normalised
  // to dotted form above; anything else left without a dot is not a public name.
  if (isIP(host.replace(/^\[|\]$/g, "")) === 0 && !host.includes("."))
    return "subscription.endpoint must be a public push service, not a local or private address."
  return null
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/**
 * A `dns.lookup` that fails for names resolving to a reserved address (any of the answers),
 * for the agent that carries push messages.
 */
export function guardedLookup(
  hostname: string,
  options: LookupOptions,
  callback: LookupCallback,
  resolve: typeof dnsLookup = dnsLookup,
): void {
  resolve(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, [])
    const list = addresses as LookupAddress[]
    const bad = list.find((a) => isReservedAddress(a.address))
    if (bad || list.length === 0) {
      const e: NodeJS.ErrnoException = new Error(
        `push endpoint ${hostname} resolves to a local or private address`,
      )
      e.code = "EPUSHPRIVATE"
      return callback(e, [])
    }
    if (options.all) return callback(null, list)
    callback(null, list[0]!.address, list[0]!.family)
  })
}

/** The HTTPS agent for push services: keep-alive, and the guarded lookup. */
export function guardedAgent(): Agent {
  return new Agent({
    keepAlive: true,
    lookup: guardedLookup as unknown as NonNullable<
      ConstructorParameters<typeof Agent>[0]
    >["lookup"],
  })
}
