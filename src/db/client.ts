import { createHash } from 'node:crypto';
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
type NamedRunner = (
  name: string,
  text: string,
  params: unknown[],
  query: SQL,
) => Promise<unknown[]>;
const namedRunners = new WeakMap<object, NamedRunner>();
const dialect = new PgDialect();

/**
 * Rows of the hottest statements (the ingest statement, the dispatcher's): the same as
 * queryRows, but parsed and planned once per connection and kept prepared. Planning the
 * ingest statement cost more server time than storing a batch of sixteen postbacks, and
 * planning took about half of each dispatcher statement on the embedded database
 * (docs/BENCHMARKS.md). `name` says what it is; a statement's variants (other SQL text
 * under the same name) are kept apart by a hash of their text. On PostgreSQL a
 * transaction's handle runs it the ordinary way; on the embedded database (one connection)
 * a transaction runs it prepared once it has been prepared outside.
 */
export async function queryRowsNamed<T>(
  executor: Executor,
  name: string,
  query: SQL,
): Promise<T[]> {
  const run = namedRunners.get(executor);
  if (!run) return queryRows<T>(executor, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  const hash = createHash('sha1').update(text).digest('hex').slice(0, 12);
  return (await run(`${name}_${hash}`, text, params, query)) as T[];
}

/** PostgreSQL's code for an error, also when Drizzle wrapped it (as its cause). */
const sqlState = (error: unknown): string | undefined => {
  const { code, cause } = (error ?? {}) as { code?: string; cause?: { code?: string } };
  return code ?? cause?.code;
};
/** The session does not know a prepared statement of that name. */
const NO_SUCH_STATEMENT = '26000';
/** The session already has a prepared statement of that name. */
const STATEMENT_EXISTS = '42P05';

/**
 * Parameters written into SQL text, as EXECUTE's argument list: the embedded database's
 * EXECUTE takes no bound ones. Strings become escape strings (E'…', backslashes and quotes
 * doubled), which mean the same whatever standard_conforming_strings says. Undefined when a
 * parameter is of a kind not written so (the statement then runs the ordinary way).
 */
function argumentList(params: unknown[]): string | undefined {
  const written: string[] = [];
  for (const value of params) {
    if (value === null || value === undefined) written.push('NULL');
    else if (typeof value === 'number' && Number.isFinite(value)) written.push(String(value));
    else if (typeof value === 'boolean') written.push(value ? 'true' : 'false');
    else if (typeof value === 'string')
      written.push(`E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`);
    else return undefined;
  }
  return written.length ? `(${written.join(', ')})` : '';
}

/**
 * PGlite has one connection: a statement is PREPAREd there once, then EXECUTEd with its
 * parameters written as literals, through Drizzle (its rows read as every other query's).
 * A prepared statement lost with its session is prepared again.
 *
 * Inside a transaction the statement is run prepared only once it is: PREPARE itself runs
 * outside, after the transaction (a failed statement would end the transaction, and waiting
 * there for a PREPARE queued behind it would never end), and until then the statement runs
 * the ordinary way. A prepared statement survives the rollback of the transaction it ran in.
 * Returns the runner for the global handle and one for each transaction's.
 */
function pgliteNamedRunners(db: Db): {
  outside: NamedRunner;
  inside: (tx: Executor) => NamedRunner;
} {
  const preparing = new Map<string, Promise<unknown>>();
  const ready = new Set<string>();
  const prepare = (name: string, text: string): Promise<unknown> => {
    let pending = preparing.get(name);
    if (!pending) {
      // A real promise: Drizzle's query runs again at every `then` of its own.
      pending = Promise.resolve(db.execute(sql.raw(`PREPARE ${name} AS ${text}`)));
      preparing.set(name, pending);
      pending.then(
        () => ready.add(name),
        () => preparing.delete(name),
      );
    }
    return pending;
  };
  const forget = (name: string) => {
    preparing.delete(name);
    ready.delete(name);
  };
  const execute = (on: Executor, name: string, args: string) =>
    queryRows(on, sql.raw(`EXECUTE ${name}${args}`));
  const outside: NamedRunner = async (name, text, params, query) => {
    const args = argumentList(params);
    if (args === undefined) return queryRows(db, query);
    for (let again = false; ; again = true) {
      await prepare(name, text);
      try {
        return await execute(db, name, args);
      } catch (error) {
        if (sqlState(error) !== NO_SUCH_STATEMENT || again) throw error;
        forget(name);
      }
    }
  };
  const inside =
    (tx: Executor): NamedRunner =>
    async (name, text, params, query) => {
      const args = argumentList(params);
      if (args === undefined) return queryRows(tx, query);
      if (!ready.has(name)) {
        prepare(name, text).catch(() => {});
        return queryRows(tx, query);
      }
      try {
        return await execute(tx, name, args);
      } catch (error) {
        if (sqlState(error) === NO_SUCH_STATEMENT) forget(name);
        throw error;
      }
    };
  return { outside, inside };
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
  namedRunners.set(db, async (name, text, params) => {
    if (named) {
      try {
        return (await pool.query({ name, text, values: params })).rows;
      } catch (error) {
        const code = sqlState(error);
        if (code !== NO_SUCH_STATEMENT && code !== STATEMENT_EXISTS) throw error;
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
  const runners = pgliteNamedRunners(db);
  namedRunners.set(db, runners.outside);
  // Each transaction's handle gets its runner as it begins (queryRowsNamed).
  const transaction = db.transaction.bind(db);
  db.transaction = ((work, config) =>
    transaction((tx) => {
      namedRunners.set(tx, runners.inside(tx));
      return work(tx);
    }, config)) as Db['transaction'];
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
