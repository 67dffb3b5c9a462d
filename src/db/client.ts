import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import {
  type PgDatabase,
  PgDialect,
  type PgQueryResultHKT,
  type PgTransaction,
} from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { Logger } from '../log.ts';
import { sourcePath } from '../package-root.ts';
import {
  createEmbeddedDatabase,
  embeddedDatabaseExists,
  makePrivate,
  pgliteDir,
} from './data-dir.ts';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';
import { compileWasmForMemory, embeddedSettingParams } from './embedded-settings.ts';
import { DURABLE_START_PARAMS, SafeNodeFS } from './pglite-fs.ts';
import { PgliteWorker } from './pglite-worker.ts';
import * as schema from './schema.ts';
import { backupPglite } from './tarball.ts';
import { VACUUM_EVERY_MS, Vacuumer } from './vacuum.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema>;
/** The global handle or a transaction: functions that may run inside one take this. */
export type Executor = Db | Tx;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /** Applies pending migrations under an advisory lock (several instances may start at once). */
  migrate(): Promise<void>;
  /**
   * True when the database answers, every migration in this build is applied, and a write
   * commits (a database that only reads cannot take postbacks).
   */
  ready(): Promise<boolean>;
  /**
   * The embedded database on disk only: writes its whole data folder into `file` as one
   * gzipped tarball, streamed, while no statement runs (consistent; what `backup` writes);
   * returns the file's size. Undefined on PostgreSQL (use pg_dump) and in memory.
   */
  backupTo?(file: string): Promise<number>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /** Bound on getting a connection and on each statement (migrations excepted). */
      timeoutMs?: number;
    }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite'; memory: true };

const migrationsFolder = sourcePath('db/migrations');
const MIGRATION_LOCK_KEY = 0x6b7472; // "ktr": one key per product, same on every instance

const migrationCount = (): number =>
  (
    JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
      entries: unknown[];
    }
  ).entries.length;

/**
 * Runs `work` in a transaction whose commit does not wait for the disk. Only for bookkeeping
 * that an OS crash may lose without breaking a promise (a lease, a pacing slot, a "sent"
 * mark: at worst one message goes out again after the crash). Its WAL reaches the disk with
 * the next synchronous commit. On the embedded database every sync blocks the process, so
 * this keeps the dispatcher's own writes from stalling ingest and the bot.
 */
export function withoutWaitingForDisk<T>(db: Db, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL synchronous_commit = off`);
    return work(tx);
  });
}

/** Rows of a raw query, the same shape on both drivers. */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * How a database runs a statement it keeps prepared under a name: parsed and planned once per
 * connection instead of at every call. Registered by openDatabase for its global handle.
 */
type NamedRunner = (name: string, query: SQL) => Promise<unknown[]>;
const namedRunners = new WeakMap<object, NamedRunner>();
const dialect = new PgDialect();

/**
 * Rows of the hottest statements (the ingest statement): the same as queryRows, but parsed
 * and planned once per connection and kept under `name`. Planning a statement of six steps
 * cost more server time than storing a batch of sixteen postbacks (docs/BENCHMARKS.md). The
 * text must be the same at every call (only its parameters vary); a transaction's handle
 * runs it the ordinary way.
 */
export async function queryRowsNamed<T>(
  executor: Executor,
  name: string,
  query: SQL,
): Promise<T[]> {
  const run = namedRunners.get(executor);
  return run ? ((await run(name, query)) as T[]) : queryRows<T>(executor, query);
}

/**
 * A parameter written into SQL text: the embedded database's EXECUTE takes no bound ones.
 * Strings become escape strings (E'…', backslashes and quotes doubled), which mean the same
 * whatever standard_conforming_strings says.
 */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') {
    return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  }
  throw new Error(`a named statement cannot take a parameter of type ${typeof value}`);
}

/**
 * PGlite has one connection: the statement is PREPAREd there once, then EXECUTEd with its
 * parameters written as literals. A prepared statement lost with its session is prepared
 * again.
 */
function pgliteNamedRunner(client: PGlite | PgliteWorker): NamedRunner {
  const prepared = new Map<string, Promise<unknown>>();
  const run = async (name: string, query: SQL, again: boolean): Promise<unknown[]> => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    let preparing = prepared.get(name);
    if (!preparing) {
      preparing = client.query(`PREPARE ${name} AS ${text}`);
      prepared.set(name, preparing);
      preparing.catch(() => prepared.delete(name));
    }
    await preparing;
    try {
      const args = params.length ? `(${params.map(literal).join(', ')})` : '';
      // One simple-protocol message instead of parse, bind, describe, execute and sync.
      const [result] = await client.exec(`EXECUTE ${name}${args}`);
      return result?.rows ?? [];
    } catch (error) {
      if ((error as { code?: string }).code !== '26000' || again) throw error;
      prepared.delete(name);
      return run(name, query, true);
    }
  };
  return (name, query) => run(name, query, false);
}

async function appliedMigrations(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`SELECT (SELECT count(*) FROM drizzle.__drizzle_migrations)::int AS n`,
  );
  return rows[0]?.n ?? 0;
}

async function isReady(db: Db): Promise<boolean> {
  try {
    if ((await appliedMigrations(db)) < migrationCount()) return false;
    await db.execute(
      sql`INSERT INTO keitaro_write_probe (id, written_at) VALUES (1, now())
          ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at`,
    );
    return true;
  } catch {
    return false;
  }
}

export interface OpenOptions {
  /** Told what takes time: creating the embedded database takes up to a minute on a small machine. */
  logger?: Logger;
  /** The embedded database vacuums its busiest tables this often (it has no autovacuum). */
  vacuumEveryMs?: number;
  /**
   * Where the embedded database runs: on the calling thread (the default here, for tests and
   * short CLI commands), or in a worker thread (the service's default, EMBEDDED_DB_THREAD:
   * its work and its syncs leave the event loop free, for 5-20 MB more memory; see
   * docs/BENCHMARKS.md).
   */
  embedded?: 'worker' | 'in-process';
  /**
   * Called if the embedded database's worker thread ends without being closed; every query
   * fails from then on. Without it, the logger is told.
   */
  onEmbeddedExit?: (error: Error) => void;
}

export async function openDatabase(
  target: DatabaseTarget,
  options: OpenOptions = {},
): Promise<Database> {
  if (target.kind === 'postgres') {
    return openPostgres(target.url, target.poolSize ?? 10, target.timeoutMs ?? 5_000);
  }
  return 'memory' in target ? openPglite(undefined, options) : openPglite(target.dataDir, options);
}

async function openPostgres(url: string, poolSize: number, timeoutMs: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // A database that stops answering (frozen, unreachable, out of disk) costs a request a
    // bounded wait and a 503, not a hang: the server ends slow statements, and the client
    // gives up a little later on one whose answer does not come back at all.
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 1_000,
    idle_in_transaction_session_timeout: 4 * timeoutMs,
    keepAlive: true,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server must not crash the process; the next query
  // reports the problem where it can be answered (503).
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  // node-postgres keeps a named statement prepared on each connection of the pool. Behind a
  // pooler that hands each transaction another server connection (PgBouncer's transaction
  // mode before 1.21), the server does not know the name: then every statement is sent whole,
  // as before. The failed one never ran, so sending it again is safe.
  let named = true;
  namedRunners.set(db, async (name, query) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    if (named) {
      try {
        return (await pool.query({ name, text, values: params })).rows;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== '26000' && code !== '42P05') throw error;
        named = false;
      }
    }
    return (await pool.query({ text, values: params })).rows;
  });
  return {
    kind: 'postgres',
    db,
    async migrate() {
      // Its own connection, without the pool's timeouts: a migration may rightly take long,
      // and so may waiting for another instance's.
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
      await client.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        await client.end();
      }
    },
    ready: () => isReady(db),
    close: () => pool.end(),
  };
}

/** PGlite, in a worker thread or on this one, opened with the same folder and settings. */
async function openPgliteClient(
  dataDir: string | undefined,
  options: OpenOptions,
): Promise<PGlite | PgliteWorker> {
  const startParams = [...DURABLE_START_PARAMS, ...embeddedSettingParams()];
  // V8's flags are the process's: set before PGlite compiles, on whichever thread.
  if (dataDir) compileWasmForMemory();
  if (options.embedded !== 'worker') {
    const client = await PGlite.create(
      dataDir ? { fs: new SafeNodeFS(pgliteDir(dataDir)), startParams } : { dataDir: 'memory://' },
    );
    return client;
  }
  return PgliteWorker.start(
    dataDir
      ? {
          dataDir: pgliteDir(dataDir),
          startParams,
        }
      : {},
    {
      onExit:
        options.onEmbeddedExit ??
        ((error) => options.logger?.error({ err: error }, 'the embedded database stopped')),
    },
  );
}

async function openPglite(dataDir: string | undefined, options: OpenOptions): Promise<Database> {
  const lock: DataDirLock | undefined = dataDir ? lockDataDir(dataDir) : undefined;
  if (dataDir) {
    let tightened: number;
    try {
      tightened = makePrivate(dataDir);
    } catch (error) {
      lock?.release();
      throw error;
    }
    if (tightened > 0) {
      options.logger?.warn(
        { data_dir: dataDir, entries: tightened },
        'DATA_DIR was readable by other users; made it private (folders 0700, files 0600)',
      );
    }
  }
  const creating = dataDir !== undefined && !embeddedDatabaseExists(dataDir);
  const started = Date.now();
  if (dataDir) {
    options.logger?.info(
      { data_dir: dataDir },
      creating
        ? 'creating the embedded database (first start; this can take a minute on a small machine)'
        : 'opening the embedded database',
    );
  }
  let client: PGlite | PgliteWorker;
  try {
    // A new database is made (and migrated) by a short-lived process, so this one never
    // carries initdb's memory peak (a restore unpacks its backup before opening: backup.ts).
    if (dataDir && creating) {
      const how = await createEmbeddedDatabase(dataDir);
      // Without a template for this PGlite the creating process runs initdb: ~390 MB at its peak.
      if (how.startsWith('created by initdb')) options.logger?.warn({ data_dir: dataDir }, how);
      else options.logger?.info({ data_dir: dataDir }, how);
    }
    client = await openPgliteClient(dataDir, options);
  } catch (error) {
    lock?.release();
    throw error;
  }
  if (dataDir) {
    options.logger?.info(
      { data_dir: dataDir, took_ms: Date.now() - started },
      creating ? 'embedded database created' : 'embedded database opened',
    );
  }
  const db = drizzlePglite(client as PGlite, { schema }) as unknown as Db;
  namedRunners.set(db, pgliteNamedRunner(client));
  const vacuumer = new Vacuumer(db, options.vacuumEveryMs ?? VACUUM_EVERY_MS, options.logger);
  vacuumer.start();
  let closed = false;
  return {
    kind: 'pglite',
    db,
    // One process owns the data directory (the lock file), so no advisory lock is needed.
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ready: () => isReady(db),
    backupTo: dataDir
      ? (file) =>
          client instanceof PgliteWorker
            ? client.backupTo(pgliteDir(dataDir), file)
            : backupPglite(client, pgliteDir(dataDir), file)
      : undefined,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await vacuumer.stop();
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
