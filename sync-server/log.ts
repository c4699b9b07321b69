/**
 * Structured logging for the relay: one JSON object per line, e.g.
 * `{"time":"2026-01-01T00:00:00.000Z","level":"warn","msg":"frame rejected","reason":"not-cbor"}`.
 */

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value)
}

export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

/**
 * A logger writing JSON lines at or above `level` to `write` (stderr by default, so the
 * relay's stdout holds only the line with its address).
 */
export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const out = write ?? ((line: string) => process.stderr.write(line + "\n"))
  const emit = (lvl: Exclude<LogLevel, "silent">, msg: string, fields?: LogFields): void => {
    if (rank[lvl] < rank[level]) return
    let line: string
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level: lvl, msg })
    }
    out(line)
  }
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  }
}
