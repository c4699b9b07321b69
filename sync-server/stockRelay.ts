/**
 * A relay assembled the way the upstream automerge-repo example sync server is
 * (WebSocketServerAdapter + NodeFSStorageAdapter + a plain Repo). Baton never runs it: the
 * compatibility tests and the relay benchmark use it as the reference point.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { Repo } from "@automerge/automerge-repo"
import type { PeerId } from "@automerge/automerge-repo"
import { WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket"
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs"
import { WebSocketServer } from "ws"
import type { Relay } from "./createRelay"

export async function createStockRelay(options: {
  port?: number
  host?: string
  dataDir: string
}): Promise<Relay> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain" })
    res.end("stock automerge-repo sync server")
  })
  const wss = new WebSocketServer({ server, path: "/sync" })
  const repo = new Repo({
    network: [new WebSocketServerAdapter(wss as never)],
    storage: new NodeFSStorageAdapter(options.dataDir),
    peerId: `stock-relay-${process.pid}` as PeerId,
    sharePolicy: async () => false,
  })
  await new Promise<void>((r) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => r()),
  )
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    close: async () => {
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((r) => server.close(() => r()))
      await repo.shutdown().catch(() => undefined)
    },
  }
}
