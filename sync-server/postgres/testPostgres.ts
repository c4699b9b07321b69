/**
 * A real PostgreSQL server for tests: a throwaway cluster (initdb into a temporary folder,
 * `pg_ctl start` on a free port, about 3 s) from Debian's postgresql package, or, when
 * `BATON_TEST_DATABASE_URL` is set, that server. Each test gets databases of its own
 * (`createDatabase`), so test files never see each other's rows.
 */
import { execFile, execFileSync } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { chown, mkdtemp, rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import pg from "pg"

const run = promisify(execFile)
/** Debian's server binaries: BATON_PG_BIN, or the newest /usr/lib/postgresql/<version>/bin. */
function serverBin(): string {
  if (process.env.BATON_PG_BIN) return process.env.BATON_PG_BIN
  const versions = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql")
        .filter((v) => existsSync(join("/usr/lib/postgresql", v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions.length === 0)
    throw new Error("PostgreSQL server binaries not found: apt-get install postgresql")
  return join("/usr/lib/postgresql", versions[0]!, "bin")
}

export interface TestPostgres {
  /** URL of the maintenance database (`postgres`). */
  url: string
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>
  /** Stops the server (own cluster only); `restart` starts it again on the same port. */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops the server and deletes the cluster (own cluster only; drops the databases otherwise). */
  close(): Promise<void>
  /** True when this is a cluster the harness started (so it may stop and restart it). */
  owned: boolean
  /** The cluster's data directory (own cluster only). */
  dataDir?: string
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })
}

/** Runs a PostgreSQL binary, as the `postgres` user when we are root (initdb refuses root). */
async function pgBin(name: string, args: string[]): Promise<void> {
  const path = join(serverBin(), name)
  const asRoot = process.getuid?.() === 0
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path, ...args]] : [path, args]
  try {
    await run(cmd, argv, { timeout: 60_000 })
  } catch (e) {
    const err = e as { stderr?: string; message: string }
    throw new Error(`${name} failed: ${err.stderr?.trim() || err.message}`)
  }
}

let dbSeq = 0

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** Starts (or connects to) the test server. Call `close()` when done. */
export async function startTestPostgres(
  options: {
    /** Start a cluster even when an external server is configured. */
    own?: boolean
    /** The external server's URL; default BATON_TEST_DATABASE_URL ("" = start a cluster). */
    external?: string
  } = {},
): Promise<TestPostgres> {
  const external = options.external ?? process.env.BATON_TEST_DATABASE_URL
  const created: string[] = []
  const createDatabase = async (): Promise<string> => {
    const name = `baton_test_${process.pid}_${Date.now()}_${++dbSeq}`
    const client = new pg.Client({ connectionString: admin.url })
    await client.connect()
    try {
      await client.query(`CREATE DATABASE ${name}`)
    } finally {
      await client.end()
    }
    created.push(name)
    return withDatabase(admin.url, name)
  }
  const admin = { url: "" }

  if (external && !options.own) {
    admin.url = withDatabase(external, "postgres")
    const noop = async (): Promise<void> => {
      throw new Error("an external test server cannot be stopped by the tests")
    }
    return {
      url: admin.url,
      owned: false,
      createDatabase,
      stop: noop,
      start: noop,
      async close() {
        const client = new pg.Client({ connectionString: admin.url })
        await client.connect()
        try {
          for (const name of created)
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        } finally {
          await client.end()
        }
      },
    }
  }

  const dir = await mkdtemp(join(tmpdir(), "baton-pg-"))
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds()
    await chown(dir, uid, gid)
  }
  const data = join(dir, "data")
  await pgBin("initdb", [
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    "baton",
    "--no-sync",
    "--no-locale",
    "-E",
    "UTF8",
  ])
  const port = await freePort()
  admin.url = `postgres://baton@127.0.0.1:${port}/postgres`
  const start = async (): Promise<void> => {
    await pgBin("pg_ctl", [
      "-D",
      data,
      "-w",
      "-l",
      join(dir, "server.log"),
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=200`,
      "start",
    ])
  }
  const stop = async (): Promise<void> => {
    await pgBin("pg_ctl", ["-D", data, "-w", "-m", "fast", "stop"])
  }
  await start()
  let closed = false
  return {
    url: admin.url,
    owned: true,
    dataDir: data,
    createDatabase,
    start,
    stop,
    async close() {
      if (closed) return
      closed = true
      await pgBin("pg_ctl", ["-D", data, "-w", "-m", "immediate", "stop"]).catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** The postgres user's ids, read once (the data folder must belong to it). */
function postgresIds(): { uid: number; gid: number } {
  const read = (flag: string): number =>
    Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim())
  return { uid: read("-u"), gid: read("-g") }
}
