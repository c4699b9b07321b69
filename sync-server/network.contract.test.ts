/**
 * automerge-repo's own acceptance suite for network adapters, run on the relay's adapter
 * (`RelayNetworkAdapter`, as the suite's first peer, serving a WebSocket) with Baton's
 * `RelayClientAdapter` as the other two peers, over real sockets on a free port.
 */
import type { AddressInfo } from "node:net"
import { runNetworkAdapterTests } from "@automerge/automerge-repo/helpers/tests/network-adapter-tests.js"
import { WebSocket, WebSocketServer } from "ws"
import { RelayClientAdapter } from "../src/sync/transport/RelayClientAdapter"
import type { WebSocketLike } from "../src/sync/transport/RelayClientAdapter"
import { createLogger } from "./log"
import { RelayMetrics } from "./metrics"
import { RelayNetworkAdapter } from "./RelayNetworkAdapter"

runNetworkAdapterTests(async () => {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" })
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()))
  const server = new RelayNetworkAdapter(
    {
      messagesPerSecond: 1000,
      messageBurst: 5000,
      documentsPerConnection: 100,
      keepAliveMs: 30_000,
    },
    createLogger("error", () => {}),
    new RelayMetrics(),
  )
  wss.on("connection", (ws, req) => server.accept(ws, req.socket.remoteAddress ?? "test"))
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`
  const client = (): RelayClientAdapter =>
    new RelayClientAdapter({
      url,
      createSocket: (u) => new WebSocket(u) as unknown as WebSocketLike,
      backoff: { initialMs: 20, maxMs: 200 },
      joinTimeoutMs: 1000,
    })
  const clients = [client(), client()]
  return {
    adapters: [server, clients[0]!, clients[1]!],
    teardown: () => {
      for (const c of clients) c.disconnect()
      server.disconnect()
      for (const ws of wss.clients) ws.terminate()
      wss.close()
    },
  }
}, "RelayNetworkAdapter with RelayClientAdapter")
