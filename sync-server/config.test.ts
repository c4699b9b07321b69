import { describe, expect, it } from "vitest"
import { ConfigError, relayOptionsFromEnv } from "./config"

describe("relay configuration from the environment", () => {
  it("has working defaults: port 3030, all interfaces, ./data, ./dist", () => {
    expect(relayOptionsFromEnv({})).toEqual({
      port: 3030,
      host: undefined,
      dataDir: "./data",
      staticDir: "./dist",
      logLevel: "info",
    })
  })

  it("reads every variable", () => {
    const options = relayOptionsFromEnv({
      PORT: "8080",
      HOST: "127.0.0.1",
      DATA_DIR: "/var/lib/baton",
      STATIC_DIR: "",
      LOG_LEVEL: "DEBUG",
      MAX_FRAME_BYTES: "1048576",
      MAX_MESSAGES_PER_SECOND: "50",
      MESSAGE_BURST: "100",
      MAX_CONNECTIONS: "10",
      MAX_DOCUMENTS_PER_CONNECTION: "30",
      DOC_IDLE_MS: "60000",
      KEEPALIVE_MS: "10000",
      FORWARD_IMMEDIATELY: "0",
      RELAY_WASM_BASELINE: "1",
      METRICS_TOKEN: " s3cret ",
    })
    expect(options).toEqual({
      port: 8080,
      host: "127.0.0.1",
      dataDir: "/var/lib/baton",
      staticDir: null,
      logLevel: "debug",
      maxFrameBytes: 1048576,
      maxMessagesPerSecond: 50,
      messageBurst: 100,
      maxConnections: 10,
      maxDocumentsPerConnection: 30,
      docIdleMs: 60000,
      keepAliveMs: 10000,
      forwardImmediately: false,
      metricsToken: "s3cret",
    })
  })

  it("names the variable and the bad value", () => {
    expect(() => relayOptionsFromEnv({ PORT: "70000" })).toThrow(ConfigError)
    expect(() => relayOptionsFromEnv({ PORT: "70000" })).toThrow(/PORT .* got "70000"/)
    expect(() => relayOptionsFromEnv({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL must be one of/)
    expect(() => relayOptionsFromEnv({ MAX_FRAME_BYTES: "12" })).toThrow(/MAX_FRAME_BYTES/)
    expect(() => relayOptionsFromEnv({ DOC_IDLE_MS: "soon" })).toThrow(/DOC_IDLE_MS/)
    expect(() => relayOptionsFromEnv({ FORWARD_IMMEDIATELY: "yes" })).toThrow(/FORWARD_IMMEDIATELY/)
    expect(() => relayOptionsFromEnv({ RELAY_WASM_BASELINE: "yes" })).toThrow(/RELAY_WASM_BASELINE/)
    expect(() => relayOptionsFromEnv({ RELAY_WASM_BASELINE: "1" })).not.toThrow()
  })
})
