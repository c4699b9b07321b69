/**
 * The relay's configuration from environment variables. Every variable is optional; a
 * malformed value is a one-line error naming the variable.
 */
import type { RelayOptions } from "./createRelay"
import { isLogLevel, LOG_LEVELS } from "./log"

export class ConfigError extends Error {
  override name = "ConfigError"
}

type Env = Record<string, string | undefined>

function intVar(
  env: Env,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw.trim() === "") return undefined
  const n = Number(raw.trim())
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`)
  }
  return n
}

/** A 0/1 variable: `undefined` when unset or empty. */
function switchVar(env: Env, name: string): boolean | undefined {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === "") return undefined
  if (raw !== "0" && raw !== "1") throw new ConfigError(`${name} must be 0 or 1, got "${raw}"`)
  return raw === "1"
}

/** Reads the relay's options from `env`: see the README's configuration table. */
export function relayOptionsFromEnv(env: Env): RelayOptions & { port: number } {
  const logLevel = env.LOG_LEVEL?.trim().toLowerCase() || "info"
  if (!isLogLevel(logLevel))
    throw new ConfigError(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${env.LOG_LEVEL}"`,
    )
  const staticDir =
    env.STATIC_DIR === undefined ? "./dist" : env.STATIC_DIR.trim() === "" ? null : env.STATIC_DIR
  const host = env.HOST?.trim() ? env.HOST.trim() : undefined
  const options: RelayOptions & { port: number } = {
    port: intVar(env, "PORT", 0, 65535) ?? 3030,
    host,
    dataDir: env.DATA_DIR?.trim() ? env.DATA_DIR : "./data",
    ...(env.DATABASE_URL?.trim() ? { databaseUrl: env.DATABASE_URL.trim() } : {}),
    staticDir,
    logLevel,
    ...(env.PUSH?.trim().toLowerCase() === "off"
      ? { push: false as const }
      : env.PUSH_SUBJECT?.trim()
        ? { push: { subject: env.PUSH_SUBJECT.trim() } }
        : {}),
  }
  const limits: [keyof RelayOptions, string, number][] = [
    ["maxFrameBytes", "MAX_FRAME_BYTES", 1024],
    ["maxMessagesPerSecond", "MAX_MESSAGES_PER_SECOND", 1],
    ["messageBurst", "MESSAGE_BURST", 1],
    ["maxConnections", "MAX_CONNECTIONS", 1],
    ["maxDocumentsPerConnection", "MAX_DOCUMENTS_PER_CONNECTION", 1],
    ["docIdleMs", "DOC_IDLE_MS", 100],
    ["keepAliveMs", "KEEPALIVE_MS", 1000],
  ]
  const maxAttachment = intVar(env, "MAX_ATTACHMENT_BYTES", 1)
  const boardQuota = intVar(env, "MAX_BOARD_BLOB_BYTES", 1)
  if (maxAttachment !== undefined || boardQuota !== undefined)
    options.blobs = {
      ...(maxAttachment !== undefined ? { maxBytes: maxAttachment } : {}),
      ...(boardQuota !== undefined ? { boardQuotaBytes: boardQuota } : {}),
    }
  const metricsToken = env.METRICS_TOKEN?.trim()
  if (metricsToken) options.metricsToken = metricsToken
  const forward = switchVar(env, "FORWARD_IMMEDIATELY")
  if (forward !== undefined) options.forwardImmediately = forward
  // Read by optimizeWasm.ts before anything else loads; checked here so a typo is reported.
  switchVar(env, "RELAY_WASM_BASELINE")
  for (const [option, name, min] of limits) {
    const value = intVar(env, name, min)
    if (value !== undefined) (options as unknown as Record<string, number>)[option] = value
  }
  return options
}
