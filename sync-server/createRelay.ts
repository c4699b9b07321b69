/**
 * Baton's relay: one HTTP server on one port serving the built app, `GET /healthz`, and the
 * automerge-repo WebSocket sync protocol at `/sync`, backed by a server-side Repo that stores
 * every document it is given in `dataDir`.
 */
import { promises as fs } from "node:fs"
import { createServer } from "node:http"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { join, resolve } from "node:path"
import { Repo } from "@automerge/automerge-repo"
import type { DocumentId, PeerId } from "@automerge/automerge-repo"
import { getBackend, hasHeads, load } from "@automerge/automerge"
import type { Doc } from "@automerge/automerge"
import { changesTouchOnlyComments } from "./auth/commentPaths"
import { authorClaims, HistoryCredits } from "./auth/authorship"
import { AccessControl } from "./auth/AccessControl"
import { FileAuthStore } from "./auth/AuthStore"
import type { AuthStore } from "./auth/AuthStore"
import { DurabilityGate } from "./DurabilityGate"
import { DurableFileStorage } from "./DurableFileStorage"
import { DocumentLifecycle } from "./DocumentLifecycle"
import { installHeadsEncodingCache } from "./headsEncodingCache"
import { WebSocketServer } from "ws"
import { createLogger } from "./log"
import type { LogLevel } from "./log"
import { RelayMetrics } from "./metrics"
import { metricsAllowed } from "./metricsAccess"
import { RelayNetworkAdapter } from "./RelayNetworkAdapter"
import { SnapshotCache } from "./SnapshotCache"
import { createStaticHandler } from "./staticFiles"
import { createCalendarHandler } from "./calendarFeed"
import { createPushRelay } from "./push/pushRelay"
import type { PushOptions } from "./push/pushRelay"
import { createBlobRelay } from "./blobs/blobRelay"
import type { BlobOptions, BlobRelay } from "./blobs/blobRelay"
import { FileBlobStore } from "./blobs/FileBlobStore"
import { findBoard } from "./findBoard"
import type { Board } from "../src/model/types"
import { FilePushStore } from "./push/PushStore"

export interface RelayOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number
  /** Interface to listen on; undefined = all interfaces (IPv6 and IPv4). Default 127.0.0.1. */
  host?: string
  /** Directory the documents are stored in (created if missing); unused with `databaseUrl`. */
  dataDir: string
  /**
   * PostgreSQL connection URL: store documents there instead of `dataDir`, and follow the
   * writes of other relays on the same database (see postgres/PostgresBackend.ts).
   */
  databaseUrl?: string
  /** Directory of the built app to serve, or null to serve no app. */
  staticDir?: string | null
  /** Lowest level of log lines written. Default "info". */
  logLevel?: LogLevel
  /** Where log lines (JSON, one per line) go. Default: stderr. */
  log?: (line: string) => void
  /** Largest WebSocket frame accepted, in bytes. Default 16 MiB. */
  maxFrameBytes?: number
  /** Sustained messages per second one connection may send. Default 1000. */
  maxMessagesPerSecond?: number
  /** Burst of messages above the sustained rate. Default 5000. */
  messageBurst?: number
  /** Most WebSocket connections open at once. Default 1000. */
  maxConnections?: number
  /** Most distinct documents one connection may open. Default 2000. */
  maxDocumentsPerConnection?: number
  /** Keep-alive ping interval; a peer missing one ping is dropped. Default 30 s. */
  keepAliveMs?: number
  /** A document with no message in or out for this long is evicted from memory. Default 120 s. */
  docIdleMs?: number
  /**
   * Forward changes to a document's other peers at once instead of after automerge-repo's
   * 100 ms sync throttle. Default true.
   */
  forwardImmediately?: boolean
  /**
   * Hold every sync message until its document is fsync'd. Default true; false exists only
   * so the benchmark can measure what durability costs.
   */
  durableForwarding?: boolean
  /** When set, `/metrics` answers only requests with `Authorization: Bearer <token>`. */
  metricsToken?: string
  /** Where links, devices and roles are kept. Default: files under `dataDir/access`. */
  authStore?: AuthStore
  /** How long an authentication nonce may be answered. Default 30 s. */
  nonceTtlMs?: number
  /** How long an "Add a device" code may be used (default 10 minutes). */
  deviceCodeTtlMs?: number
  /**
   * Web Push (push/pushRelay.ts), kept under `dataDir/push` or, with `databaseUrl`, in the
   * database (relays on one database share it, and one sends at a time); `false` switches it
   * off. Default on.
   */
  push?: PushOptions | false
  /**
   * Attachment bytes (`/blobs/`, blobs/blobRelay.ts), under `dataDir/blobs` or, with
   * `databaseUrl`, in the database.
   */
  blobs?: BlobOptions
}

export interface Relay {
  /** `http://host:port` */
  url: string
  port: number
  /** The attachment store's garbage collector, run once (it also runs daily by itself). */
  collectBlobs?(): Promise<{ kept: number; deleted: number }>
  close(): Promise<void>
}

/** A startup failure the operator can act on; `message` is one human-readable line. */
export class RelayStartError extends Error {
  override name = "RelayStartError"
}

export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024

async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true })
    const probe = join(dir, `.write-test-${process.pid}-${Date.now()}`)
    await fs.writeFile(probe, "ok")
    await fs.unlink(probe)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error"
    throw new RelayStartError(`DATA_DIR ${dir} is not writable (${code})`)
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
}

function urlHost(host: string | undefined): string {
  if (host === undefined || host === "0.0.0.0" || host === "::") return "localhost"
  return host.includes(":") ? `[${host}]` : host
}

export async function createRelay(options: RelayOptions): Promise<Relay> {
  const startedAt = Date.now()
  const log = createLogger(options.logLevel ?? "info", options.log)
  const dataDir = resolve(options.dataDir)
  if (!options.databaseUrl) await ensureWritableDir(dataDir)

  const staticHandler = options.staticDir ? createStaticHandler(options.staticDir) : null

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
  })
  const metrics = new RelayMetrics()
  const maxConnections = options.maxConnections ?? 1000
  const adapter = new RelayNetworkAdapter(
    {
      messagesPerSecond: options.maxMessagesPerSecond ?? 1000,
      messageBurst: options.messageBurst ?? 5000,
      documentsPerConnection: options.maxDocumentsPerConnection ?? 2000,
      keepAliveMs: options.keepAliveMs ?? 30_000,
    },
    log,
    metrics,
  )
  // Loaded only when used: the file relay never needs the database driver.
  const pgBackend = options.databaseUrl
    ? await (
        await import("./postgres/PostgresBackend")
      ).openPostgresBackend({ url: options.databaseUrl, log, metrics })
    : null
  const storage = pgBackend?.storage ?? new DurableFileStorage(dataDir, log, metrics)
  const pgStores = pgBackend
    ? {
        auth: new (await import("./postgres/PostgresAuthStore")).PostgresAuthStore(
          pgBackend.pool,
          options.databaseUrl!,
          log,
        ),
        PushStore: (await import("./postgres/PostgresPushStore")).PostgresPushStore,
      }
    : null
  const access = new AccessControl(
    options.authStore ?? pgStores?.auth ?? new FileAuthStore(join(dataDir, "access")),
    log,
    { nonceTtlMs: options.nonceTtlMs, deviceCodeTtlMs: options.deviceCodeTtlMs },
  )
  await access.start().catch((e: unknown) => {
    throw new RelayStartError(e instanceof Error ? e.message : String(e))
  })
  adapter.access = access
  installHeadsEncodingCache()
  const repo = new Repo({
    network: [adapter],
    storage,
    peerId: `baton-relay-${process.pid}-${startedAt}` as PeerId,
    // A relay answers for documents peers ask for by id; it never announces documents.
    sharePolicy: async () => false,
    enableRemoteHeadsGossiping: true,
    // Every outgoing sync message already waits for its document to be on disk (the
    // durability gate), so the repo's own background saves only catch stragglers.
    saveDebounceRate: 1000,
  })

  adapter.onFrame = () => storage.poll()
  access.knownChange = (documentId, hash) => {
    const doc = boardCopy(documentId)
    return doc === undefined ? undefined : hasHeads(doc, [hash])
  }

  /**
   * Boards read from disk for a check that found them evicted (`later`): the check runs on this
   * copy, which is dropped shortly after; the repo loads its own when it takes the message.
   */
  const loadedCopies = new Map<string, Doc<unknown>>()
  const boardCopy = (documentId: string): Doc<unknown> | undefined => {
    const handle = repo.handles[documentId as DocumentId]
    return handle?.isReady() ? handle.doc() : loadedCopies.get(documentId)
  }
  access.authorsOf = (documentId, changes, loaded) => {
    if (changes.length === 0) return { ok: true, claims: [] }
    const doc = boardCopy(documentId)
    if (doc === undefined) {
      if (!loaded) return undefined
      // Still no copy (a new board, or one the relay could not read): nothing to check the
      // claims against; refusing would block an honest editor (docs/security.md).
      return { ok: true, claims: [] }
    }
    const backend = getBackend(doc)
    return authorClaims(changes, (obj) => backend.objInfo(obj).path)
  }
  const credited = new HistoryCredits()
  access.carried = (documentId, claims) => {
    const doc = boardCopy(documentId)
    return doc === undefined ? undefined : credited.all(documentId, doc, claims)
  }
  access.whenLoaded = async (documentId) => {
    const chunks = await storage.loadRange([documentId]).catch(() => [])
    const parts = chunks.flatMap((c) => (c.data ? [c.data] : []))
    if (parts.length === 0) return
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
    let at = 0
    for (const p of parts) {
      bytes.set(p, at)
      at += p.byteLength
    }
    try {
      loadedCopies.set(documentId, load(bytes))
    } catch (err) {
      log.error("board unreadable for an access check", { error: String(err) })
      return
    }
    setTimeout(() => loadedCopies.delete(documentId), 2_000).unref()
  }

  access.onlyComments = (documentId, changes, mine) => {
    const doc = boardCopy(documentId)
    return doc === undefined ? undefined : changesTouchOnlyComments(doc, changes, mine)
  }

  const gate = new DurabilityGate(repo)
  const durableForwarding = options.durableForwarding ?? true
  adapter.gate = (message) =>
    durableForwarding &&
    (message.type === "sync" || message.type === "remote-heads-changed") &&
    message.documentId !== undefined
      ? // Decided a microtask later: the repo sends its reply to a peer's changes from inside
        // its update of the document, while the handle still holds the previous version, so
        // deciding now would acknowledge the changes before they are stored.
        Promise.resolve().then(() => gate.ensure(message.documentId!) ?? undefined)
      : null

  const lifecycle = new DocumentLifecycle({
    repo,
    gate,
    idleMs: options.docIdleMs ?? 120_000,
    log,
    metrics,
    forwardImmediately: options.forwardImmediately ?? true,
    flushOnChange: durableForwarding,
  })
  adapter.onDocumentActivity = (documentId) => lifecycle.touch(documentId)
  const snapshots = new SnapshotCache(repo)
  adapter.snapshots = async (documentId) => {
    const bytes = await snapshots.get(documentId)
    lifecycle.touch(documentId)
    return bytes
  }
  lifecycle.onEvicted = (documentId) => {
    adapter.forgetDocument(documentId)
    snapshots.forget(documentId)
  }
  lifecycle.start()
  await pgBackend?.attach(repo)

  // The repo connects its network adapter once its storage id is loaded; sockets accepted
  // before that would be dropped, so listen only afterwards.
  await waitFor(() => adapter.peerId !== undefined, 10_000)

  const health = (res: ServerResponse): void => {
    const reason = pgBackend?.unhealthy() ?? null
    const body = JSON.stringify({
      status: reason ? "unavailable" : "ok",
      ...(reason ? { reason } : {}),
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      peers: repo.peers.length,
      documentsInMemory: Object.keys(repo.handles).length,
    })
    res.writeHead(reason ? 503 : 200, {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Length": Buffer.byteLength(body),
    })
    res.end(body)
  }

  const calendar = createCalendarHandler(repo, (id) => lifecycle.touch(id), log)
  const pushOptions = options.push || {}
  const push =
    options.push !== false
      ? await createPushRelay(
          repo,
          pushOptions.store ??
            (pgBackend && pgStores
              ? new pgStores.PushStore(pgBackend.pool, pushOptions.now)
              : new FilePushStore(join(dataDir, "push"), pushOptions.now)),
          (id) => lifecycle.touch(id),
          log,
          access,
          pushOptions,
        )
      : null

  const findBoardForBlobs = (documentId: string): Promise<Board | null> => {
    lifecycle.touch(documentId)
    return findBoard(repo, documentId)
  }
  const blobStore =
    options.blobs?.store ??
    (pgBackend
      ? new (await import("./postgres/PostgresBlobStore")).PostgresBlobStore(pgBackend.pool)
      : new FileBlobStore(join(dataDir, "blobs")))
  await blobStore.start()
  const blobs: BlobRelay = createBlobRelay(blobStore, access, findBoardForBlobs, log, options.blobs)

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0]
    if (path?.startsWith("/blobs/") && blobs.handle(req, res, path)) return
    if (path?.startsWith("/calendar/")) {
      void calendar(req, res)
      return
    }
    if (push && path?.startsWith("/push/") && push.handle(req, res, path)) return
    if (path === "/healthz") {
      health(res)
      return
    }
    if (path === "/metrics") {
      if (!metricsAllowed(req, options.metricsToken)) {
        res.writeHead(401, {
          "Content-Type": "text/plain; charset=utf-8",
          "Cache-Control": "no-store",
          "WWW-Authenticate": 'Bearer realm="metrics"',
        })
        res.end("unauthorized")
        return
      }
      const body =
        metrics.render({
          uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
          peers: repo.peers.length,
          documentsInMemory: Object.keys(repo.handles).length,
        }) +
        (pgBackend?.renderMetrics() ?? "") +
        access.renderMetrics()
      res.writeHead(200, {
        "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
        "Cache-Control": "no-store",
        "Content-Length": Buffer.byteLength(body),
      })
      res.end(body)
      return
    }
    if (!staticHandler) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" })
      res.end("not found")
      return
    }
    staticHandler.handle(req, res).catch((err: unknown) => {
      log.error("static file error", { url: req.url, error: String(err) })
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" })
      res.end("internal error")
    })
  })

  server.on("upgrade", (req, socket, head) => {
    const path = (req.url ?? "/").split("?")[0]
    if (path !== "/sync") {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
      return
    }
    if (adapter.connectionCount >= maxConnections) {
      metrics.connectionsRefused++
      log.warn("connection refused", { reason: "connection limit reached", limit: maxConnections })
      socket.end(
        "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n",
      )
      return
    }
    const remote = `${req.socket.remoteAddress ?? "?"}:${req.socket.remotePort ?? "?"}`
    wss.handleUpgrade(req, socket, head, (ws) => adapter.accept(ws, remote))
  })

  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const where = `${options.host ?? "*"}:${options.port ?? 0}`
      if (err.code === "EADDRINUSE")
        rejectListen(new RelayStartError(`port ${options.port} is already in use`))
      else if (err.code === "EACCES")
        rejectListen(new RelayStartError(`no permission to listen on ${where}`))
      else if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND")
        rejectListen(new RelayStartError(`cannot listen on ${where}: address not available`))
      else rejectListen(new RelayStartError(`cannot listen on ${where}: ${err.message}`))
    }
    server.once("error", onError)
    server.listen(options.port ?? 0, "host" in options ? options.host : "127.0.0.1", () => {
      server.off("error", onError)
      resolveListen()
    })
  }).catch(async (err: unknown) => {
    await repo.shutdown().catch(() => undefined)
    await pgBackend?.close()
    wss.close()
    throw err
  })

  const port = (server.address() as AddressInfo).port
  const url = `http://${urlHost("host" in options ? options.host : "127.0.0.1")}:${port}`
  if (staticHandler) void staticHandler.warm()

  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await push?.close()
      blobs.close()
      await lifecycle.stop()
      const stopped = new Promise<void>((r) => server.close(() => r()))
      for (const ws of wss.clients) ws.close(1001, "relay shutting down")
      await waitFor(() => wss.clients.size === 0, 1000)
      for (const ws of wss.clients) ws.terminate()
      server.closeAllConnections()
      await stopped
      const ready = Object.values(repo.handles)
        .filter((h) => h.isReady())
        .map((h) => h.documentId)
      const flushed = repo.flush(ready)
      // With the database away, what is not committed was never acknowledged: do not hang.
      await (pgBackend ? pgBackend.settle(flushed) : flushed)
      await storage.close()
      await pgBackend?.close()
      await access.close()
      wss.close()
      adapter.disconnect()
    })()
    return closing
  }

  return { url, port, close, collectBlobs: () => blobs.collect() }
}
