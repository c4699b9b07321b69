/**
 * The relay's counters, rendered for `GET /metrics` in the Prometheus text format.
 */

/** Upper bounds (seconds) of the storage write latency histogram buckets. */
const WRITE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

export class RelayMetrics {
  connectionsOpen = 0
  connectionsTotal = 0
  connectionsRefused = 0
  messagesIn = 0
  messagesOut = 0
  bytesIn = 0
  bytesOut = 0
  documentsLoaded = 0
  documentsEvicted = 0
  storageCorruptChunks = 0
  readonly rejectedFrames = new Map<string, number>()
  readonly writeBuckets = WRITE_BUCKETS.map(() => 0)
  writeCount = 0
  writeSumSeconds = 0
  fsyncBatches = 0
  syncMessagesMerged = 0
  snapshotsSent = 0

  reject(reason: string): void {
    this.rejectedFrames.set(reason, (this.rejectedFrames.get(reason) ?? 0) + 1)
  }

  /** Records one durable storage write (write + fsync + rename) that took `seconds`. */
  observeWrite(seconds: number): void {
    this.writeCount++
    this.writeSumSeconds += seconds
    WRITE_BUCKETS.forEach((le, i) => {
      if (seconds <= le) this.writeBuckets[i]!++
    })
  }

  render(gauges: { documentsInMemory: number; peers: number; uptimeSeconds: number }): string {
    const lines: string[] = []
    const metric = (
      name: string,
      type: string,
      help: string,
      samples: [string, number][],
    ): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`)
    }
    metric("baton_relay_uptime_seconds", "gauge", "Seconds since the relay started.", [
      ["", gauges.uptimeSeconds],
    ])
    metric("baton_relay_connections", "gauge", "WebSocket connections open now.", [
      ["", this.connectionsOpen],
    ])
    metric("baton_relay_connections_total", "counter", "WebSocket connections accepted.", [
      ["", this.connectionsTotal],
    ])
    metric(
      "baton_relay_connections_refused_total",
      "counter",
      "Connections refused (limit reached).",
      [["", this.connectionsRefused]],
    )
    metric("baton_relay_peers", "gauge", "Peers that have joined.", [["", gauges.peers]])
    metric("baton_relay_messages_total", "counter", "Protocol messages by direction.", [
      ['{direction="in"}', this.messagesIn],
      ['{direction="out"}', this.messagesOut],
    ])
    metric("baton_relay_bytes_total", "counter", "WebSocket payload bytes by direction.", [
      ['{direction="in"}', this.bytesIn],
      ['{direction="out"}', this.bytesOut],
    ])
    metric("baton_relay_documents_in_memory", "gauge", "Documents held in memory.", [
      ["", gauges.documentsInMemory],
    ])
    metric("baton_relay_documents_loaded_total", "counter", "Documents loaded into memory.", [
      ["", this.documentsLoaded],
    ])
    metric(
      "baton_relay_documents_evicted_total",
      "counter",
      "Idle documents evicted from memory.",
      [["", this.documentsEvicted]],
    )
    metric(
      "baton_relay_storage_corrupt_chunks_total",
      "counter",
      "Stored chunks skipped as unreadable.",
      [["", this.storageCorruptChunks]],
    )
    metric(
      "baton_relay_rejected_frames_total",
      "counter",
      "Frames rejected (connection closed), by reason.",
      [...this.rejectedFrames.entries()].sort().map(([reason, n]) => [`{reason="${reason}"}`, n]),
    )
    lines.push(
      "# HELP baton_relay_storage_write_seconds Durable storage writes (write, fsync, rename).",
      "# TYPE baton_relay_storage_write_seconds histogram",
    )
    WRITE_BUCKETS.forEach((le, i) =>
      lines.push(`baton_relay_storage_write_seconds_bucket{le="${le}"} ${this.writeBuckets[i]}`),
    )
    lines.push(`baton_relay_storage_write_seconds_bucket{le="+Inf"} ${this.writeCount}`)
    lines.push(`baton_relay_storage_write_seconds_sum ${this.writeSumSeconds}`)
    lines.push(`baton_relay_storage_write_seconds_count ${this.writeCount}`)
    const mem = process.memoryUsage()
    metric("process_resident_memory_bytes", "gauge", "Resident memory of the relay process.", [
      ["", mem.rss],
    ])
    metric("nodejs_heap_used_bytes", "gauge", "JavaScript heap in use.", [["", mem.heapUsed]])
    metric(
      "nodejs_array_buffers_bytes",
      "gauge",
      "Memory of ArrayBuffers (network and storage buffers).",
      [["", mem.arrayBuffers]],
    )
    metric(
      "baton_relay_sync_messages_merged_total",
      "counter",
      "Sync messages merged into one held for a peer that had not answered yet.",
      [["", this.syncMessagesMerged]],
    )
    metric(
      "baton_relay_snapshots_sent_total",
      "counter",
      "Snapshots sent to devices that had nothing of a board.",
      [["", this.snapshotsSent]],
    )
    metric("baton_relay_fsync_batches_total", "counter", "Group commits (one batch of fsyncs).", [
      ["", this.fsyncBatches],
    ])
    return lines.join("\n") + "\n"
  }
}
