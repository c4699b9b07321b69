/**
 * The relay's tables, created by numbered migrations. Every relay applies the missing ones at
 * start-up while holding a PostgreSQL advisory lock, so relays that start at the same moment
 * on an empty database take turns instead of racing to create the same tables; a relay that
 * gets the lock second finds the work done.
 */
import type pg from "pg"

/** Arbitrary but fixed: the advisory lock key every Baton relay uses for migrations. */
export const MIGRATION_LOCK_KEY = 0x6261746f6e // "baton"

export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "document chunks",
    // `key` is the storage key as a JSON array; `doc` and `kind` are its first two parts,
    // kept apart so a document's chunks are found by index.
    sql: `
      CREATE TABLE baton_chunks (
        key text PRIMARY KEY,
        doc text NOT NULL,
        kind text,
        data bytea NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX baton_chunks_doc_kind ON baton_chunks (doc, kind);
      -- One storage id for every relay on this database: they share one storage, and peers
      -- that remember which storage holds what must see the same id from each relay.
      INSERT INTO baton_chunks (key, doc, kind, data)
      VALUES ('["storage-adapter-id"]', 'storage-adapter-id', NULL,
              convert_to(gen_random_uuid()::text, 'UTF8'));
    `,
  },
  {
    version: 2,
    name: "access and push state",
    // What the file relay keeps under DATA_DIR/access and DATA_DIR/push, shared by every
    // relay on the database (auth/PostgresAuthStore.ts, push/PostgresPushStore.ts).
    sql: `
      CREATE TABLE baton_access (
        document_id text PRIMARY KEY,
        record jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE baton_push_keys (
        id integer PRIMARY KEY CHECK (id = 1),
        public_key text NOT NULL,
        private_key text NOT NULL
      );
      CREATE TABLE baton_push_subscriptions (
        id text PRIMARY KEY,
        board_id text NOT NULL,
        record jsonb NOT NULL
      );
      CREATE INDEX baton_push_subscriptions_board ON baton_push_subscriptions (board_id);
      CREATE TABLE baton_push_seen (
        subscription_id text NOT NULL REFERENCES baton_push_subscriptions (id) ON DELETE CASCADE,
        key text NOT NULL,
        PRIMARY KEY (subscription_id, key)
      );
      CREATE TABLE baton_push_queue (
        id text PRIMARY KEY,
        subscription_id text NOT NULL REFERENCES baton_push_subscriptions (id) ON DELETE CASCADE,
        item jsonb NOT NULL
      );
      CREATE TABLE baton_push_nonces (
        nonce text PRIMARY KEY,
        until timestamptz NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: "attachment bytes",
    // What the file relay keeps under DATA_DIR/blobs (postgres/PostgresBlobStore.ts). Times are
    // milliseconds since the epoch, as the relay's clock gives them (the collector's clock is
    // injectable in tests). A file is readable once its `baton_blobs` row exists.
    sql: `
      CREATE TABLE baton_blob_uploads (
        upload_id text PRIMARY KEY,
        started_at bigint NOT NULL
      );
      CREATE TABLE baton_blob_parts (
        upload_id text NOT NULL,
        seq integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (upload_id, seq)
      );
      CREATE TABLE baton_blobs (
        document_id text NOT NULL,
        sha256 text NOT NULL,
        mime text NOT NULL,
        size bigint NOT NULL,
        upload_id text NOT NULL,
        touched_at bigint NOT NULL,
        PRIMARY KEY (document_id, sha256)
      );
    `,
  },
]

export interface MigrationResult {
  /** Versions this call applied (empty when another relay had applied them). */
  applied: number[]
  /** The schema version now. */
  version: number
}

/** Applies the migrations the database lacks, under the advisory lock, each in a transaction. */
export async function migrate(
  client: pg.ClientBase,
  migrations: Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY])
  try {
    await client.query(`
      CREATE TABLE IF NOT EXISTS baton_schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`)
    const done = await client.query<{ version: number }>(
      "SELECT version FROM baton_schema_migrations",
    )
    const have = new Set(done.rows.map((r) => r.version))
    const applied: number[] = []
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (have.has(m.version)) continue
      await client.query("BEGIN")
      try {
        await client.query(m.sql)
        await client.query("INSERT INTO baton_schema_migrations (version, name) VALUES ($1, $2)", [
          m.version,
          m.name,
        ])
        await client.query("COMMIT")
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined)
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(e as Error).message}`)
      }
      applied.push(m.version)
    }
    const version = Math.max(0, ...have, ...applied)
    return { applied, version }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined)
  }
}
