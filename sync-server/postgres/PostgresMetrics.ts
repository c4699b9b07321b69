/**
 * What a PostgreSQL relay adds to `GET /metrics` (Prometheus text format).
 */

export class PostgresMetrics {
  /** Batches committed (one transaction each). */
  commits = 0
  /** Queries that failed because the database could not be reached. */
  errors = 0
  /** Notifications of other relays' chunks received, and applied to documents in memory. */
  notificationsReceived = 0
  notificationsApplied = 0
  /** Chunks that had been compacted away before they could be read: the document was reloaded. */
  reloads = 0
  /** Times the listening connection was lost. */
  listenerDrops = 0
  /** Documents caught up after the listening connection came back. */
  catchUps = 0

  render(state: { databaseUp: boolean; listening: boolean }): string {
    const lines: string[] = []
    const metric = (name: string, type: string, help: string, value: number): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`)
    }
    metric(
      "baton_relay_database_up",
      "gauge",
      "1 while the last database query succeeded, 0 while the database is unreachable.",
      state.databaseUp ? 1 : 0,
    )
    metric(
      "baton_relay_database_listening",
      "gauge",
      "1 while the relay's LISTEN connection (other relays' writes) is up.",
      state.listening ? 1 : 0,
    )
    metric(
      "baton_relay_database_commits_total",
      "counter",
      "Write batches committed.",
      this.commits,
    )
    metric(
      "baton_relay_database_errors_total",
      "counter",
      "Queries that failed because the database was unreachable (retried).",
      this.errors,
    )
    metric(
      "baton_relay_peer_notifications_total",
      "counter",
      "Other relays' chunk notifications received.",
      this.notificationsReceived,
    )
    metric(
      "baton_relay_peer_notifications_applied_total",
      "counter",
      "Other relays' chunks applied to documents held in memory.",
      this.notificationsApplied,
    )
    metric(
      "baton_relay_document_reloads_total",
      "counter",
      "Documents reloaded because a notified chunk had been compacted away.",
      this.reloads,
    )
    metric(
      "baton_relay_listener_drops_total",
      "counter",
      "Times the LISTEN connection was lost.",
      this.listenerDrops,
    )
    metric(
      "baton_relay_catch_up_documents_total",
      "counter",
      "Documents re-read after the LISTEN connection came back.",
      this.catchUps,
    )
    return lines.join("\n") + "\n"
  }
}
