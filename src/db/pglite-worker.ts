import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results, Transaction } from '@electric-sql/pglite';

/**
 * The embedded database in a worker thread. PGlite runs PostgreSQL synchronously on the thread
 * that calls it, and every commit waits for its fsync: on the main thread that stalls HTTP and
 * the bot for as long. Here a worker thread owns the PGlite instance (same folder, same
 * SafeNodeFS, same start parameters) and the main thread holds a `PgliteWorker`, which offers
 * the part of PGlite's interface that drizzle-orm/pglite uses: `query`, `exec`, `transaction`
 * and `close`.
 *
 * - Serialization is PGlite's own: every request goes to the worker at once, and PGlite's
 *   mutexes there make a plain query wait while a transaction is open, as in-process.
 * - Parsers are functions and cannot cross threads: columns whose types the caller brings a
 *   parser for come back as PostgreSQL's text and are parsed here with the caller's function;
 *   every other column is parsed by PGlite in the worker, as in-process.
 * - Errors cross as their fields (code, severity, detail, constraint, ...), so a caller sees the
 *   same shape as from PGlite in-process.
 * - A worker that dies without being asked to (a crash, an abort in PostgreSQL) fails every
 *   request, waiting or new, and calls `onExit`: the service ends the process on that.
 */

/** What the worker needs to open the database: plain data, since it crosses threads. */
export interface WorkerStart {
  /** PGlite's folder; absent: an in-memory database. */
  dataDir?: string;
  startParams?: string[];
}

export type ToWorker =
  | {
      id: number;
      op: 'query';
      sql: string;
      params?: unknown[];
      rowMode?: 'array' | 'object';
      rawTypes?: number[];
      tx?: number;
      begin?: boolean;
      pre?: string[];
    }
  | {
      id: number;
      op: 'exec';
      sql: string;
      rowMode?: 'array' | 'object';
      rawTypes?: number[];
      tx?: number;
      begin?: boolean;
      pre?: string[];
    }
  | { id: number; op: 'backup'; folder: string; file: string }
  | { id: number; op: 'end'; tx: number; commit: boolean; pre?: string[] }
  | { id: number; op: 'close' };

/** A message to the worker before it is numbered. */
type Request = ToWorker extends infer M ? (M extends ToWorker ? Omit<M, 'id'> : never) : never;

type FromWorker =
  | { ready: true }
  | { ready: false; error: SerializedError }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** Own fields that survive a copy between threads (PostgreSQL's code, detail, ...). */
  fields: Record<string, unknown>;
}

const cloneable = (value: unknown): boolean =>
  value === null ||
  ['string', 'number', 'boolean', 'bigint', 'undefined'].includes(typeof value) ||
  (Array.isArray(value) && value.every(cloneable));

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    // queryOptions holds parser functions, which cannot be copied.
    if (key !== 'queryOptions' && cloneable(value)) fields[key] = value;
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/** An Error with the same message, name and fields as the one thrown in the worker. */
export function deserializeError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  Object.assign(error, serialized.fields);
  if (serialized.name !== 'Error') {
    Object.defineProperty(error, 'name', {
      value: serialized.name,
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}

export class WorkerExitedError extends Error {
  constructor(
    readonly exitCode: number,
    /** What the worker threw, when it died of an uncaught error. */
    cause?: Error,
  ) {
    super(
      `the embedded database stopped unexpectedly: its worker thread exited with code ${exitCode}` +
        (cause ? ` (${cause.message})` : ''),
      cause ? { cause } : undefined,
    );
    this.name = 'WorkerExitedError';
  }
}

/** PGlite calls a parser with the text and the column's type. */
type Parsers = Record<number, (value: string, type: number) => unknown>;

/** Parses, here, the columns the worker returned as text because the caller has a parser for them. */
function applyParsers<T>(
  result: Results<T>,
  parsers: Parsers | undefined,
  rowMode: string | undefined,
) {
  if (!parsers || !result.fields || result.rows.length === 0) return result;
  if (rowMode === 'array') {
    const columns = result.fields
      .map((field, index) => ({ index, type: field.dataTypeID, parse: parsers[field.dataTypeID] }))
      .filter((column) => column.parse);
    if (columns.length === 0) return result;
    for (const row of result.rows as unknown[][]) {
      for (const { index, type, parse } of columns) {
        const value = row[index];
        if (value !== null && value !== undefined) row[index] = parse?.(value as string, type);
      }
    }
    return result;
  }
  // Object rows keep the last column of a name, as PGlite does.
  const types = new Map<string, number>();
  for (const field of result.fields) types.set(field.name, field.dataTypeID);
  const columns = [...types].filter(([, type]) => parsers[type]);
  if (columns.length === 0) return result;
  for (const row of result.rows as Record<string, unknown>[]) {
    for (const [name, type] of columns) {
      const value = row[name];
      if (value !== null && value !== undefined) row[name] = parsers[type]?.(value as string, type);
    }
  }
  return result;
}

/** A transaction as the main thread knows it: opened in the worker by its first statement. */
interface OpenTx {
  id: number;
  /** Whether a statement of it has gone to the worker (and BEGIN with it). */
  begun: boolean;
  /** Statements that answer nothing, to run before the next one sent. */
  pre: string[];
}

/** What a transaction's statement tells the worker, and what it sends ahead of it. */
function inTransaction(tx: OpenTx | undefined) {
  if (!tx) return {};
  const fields = { tx: tx.id, begin: !tx.begun, ...(tx.pre.length > 0 ? { pre: tx.pre } : {}) };
  tx.begun = true;
  tx.pre = [];
  return fields;
}

/** `SET LOCAL name = value`: answers nothing, so it can wait for the next statement. */
const SETTING = /^\s*SET LOCAL [a-z_]+ = [a-z0-9_]+\s*;?\s*$/i;
const NOTHING = { rows: [], fields: [], affectedRows: 0 } satisfies Results;

function sentAhead(tx: OpenTx, sql: string, params?: unknown[]): boolean {
  if ((params && params.length > 0) || !SETTING.test(sql)) return false;
  tx.pre.push(sql);
  return true;
}

const rawTypesOf = (parsers: Parsers | undefined): number[] | undefined =>
  parsers ? Object.keys(parsers).map(Number) : undefined;

/** The worker's script: the TypeScript source through tsx, or the compiled JavaScript. */
function spawnWorker(start: WorkerStart): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./pglite-worker-thread.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: start });
  return new Worker(new URL('./pglite-worker-boot.mjs', import.meta.url), {
    workerData: { ...start, entry: entry.href },
    execArgv: [],
  });
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface PgliteWorkerOptions {
  /** Called once if the worker ends without `close()`: the database is gone. */
  onExit?: (error: WorkerExitedError) => void;
}

export class PgliteWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private nextTx = 1;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;
  private uncaught: Error | undefined;

  private constructor(
    readonly worker: Worker,
    private readonly options: PgliteWorkerOptions,
  ) {
    worker.on('message', (message: FromWorker) => {
      if (!('id' in message)) return;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      this.idleUnlessBusy();
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(deserializeError(message.error));
    });
    worker.on('exit', (code) => {
      const expected = this.closing !== undefined;
      const error = new WorkerExitedError(code, this.uncaught);
      this.failure ??= expected ? new Error('the embedded database is closed') : error;
      for (const waiting of this.pending.values()) waiting.reject(this.failure);
      this.pending.clear();
      if (!expected) this.options.onExit?.(error);
    });
    // An uncaught error in the worker ends it: 'exit' follows and reports it.
    worker.on('error', (error) => {
      this.uncaught = error;
    });
    worker.unref();
  }

  /** Starts the worker and waits until its database is open; rejects with its error if not. */
  static async start(start: WorkerStart, options: PgliteWorkerOptions = {}): Promise<PgliteWorker> {
    const worker = spawnWorker(start);
    try {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (message: FromWorker) => {
          if (!('ready' in message)) return;
          cleanup();
          if (message.ready) resolve();
          else reject(deserializeError(message.error));
        };
        const onError = (error: Error) => {
          cleanup();
          reject(error);
        };
        const onExit = (code: number) => {
          cleanup();
          reject(new WorkerExitedError(code));
        };
        const cleanup = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
      });
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return new PgliteWorker(worker, options);
  }

  /**
   * The worker keeps the process alive only while a request waits for it, as an in-process
   * PGlite does: an idle open database does not stop the process from ending.
   */
  private idleUnlessBusy(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  private request<T>(message: Request): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ ...message, id });
    });
  }

  async query<T>(sql: string, params?: unknown[], options?: QueryOptions, tx?: OpenTx) {
    const parsers = options?.parsers as Parsers | undefined;
    const result = await this.request<Results<T>>({
      op: 'query',
      sql,
      params,
      rowMode: options?.rowMode,
      rawTypes: rawTypesOf(parsers),
      ...inTransaction(tx),
    });
    return applyParsers(result, parsers, options?.rowMode);
  }

  async exec(sql: string, options?: QueryOptions, tx?: OpenTx) {
    const parsers = options?.parsers as Parsers | undefined;
    const results = await this.request<Results[]>({
      op: 'exec',
      sql,
      rowMode: options?.rowMode,
      rawTypes: rawTypesOf(parsers),
      ...inTransaction(tx),
    });
    return results.map((result) => applyParsers(result, parsers, options?.rowMode));
  }

  /**
   * BEGIN, `callback`, then COMMIT, or ROLLBACK if it throws. The worker's PGlite holds every
   * other query until the transaction ends, exactly as PGlite's own `transaction` does.
   *
   * While a transaction is open in the worker, nothing else runs there, and every statement
   * of it waits for this thread's event loop, busy with HTTP under load. So it costs as few
   * crossings as it can: BEGIN goes with its first statement, and a SET LOCAL goes with the
   * statement after it (it answers nothing). A transaction that runs nothing opens nothing.
   */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const state: OpenTx = { id: this.nextTx++, begun: false, pre: [] };
    let closed = false;
    const open = () => {
      if (closed) throw new Error('Transaction is closed');
    };
    const end = async (commit: boolean) => {
      closed = true;
      if (!state.begun) return;
      await this.request<void>({
        op: 'end',
        tx: state.id,
        commit,
        ...(commit && state.pre.length > 0 ? { pre: state.pre } : {}),
      });
    };
    const tx = {
      query: <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
        open();
        if (sentAhead(state, sql, params)) return Promise.resolve(NOTHING as Results<R>);
        return this.query<R>(sql, params, options, state);
      },
      exec: (sql: string, options?: QueryOptions) => {
        open();
        if (sentAhead(state, sql)) return Promise.resolve([NOTHING]);
        return this.exec(sql, options, state);
      },
      rollback: async () => {
        open();
        await end(false);
      },
      get closed() {
        return closed;
      },
    } as unknown as Transaction;
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      if (!closed) await end(false).catch(() => {});
      throw error;
    }
    if (!closed) await end(true);
    return result;
  }

  /** Backs the database in `folder` up into `file`, in the worker (see `backupPglite`). */
  backupTo(folder: string, file: string): Promise<number> {
    return this.request<number>({ op: 'backup', folder, file });
  }

  /** Closes the database (PGlite writes its last state) and ends the worker. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.failure) return;
      try {
        await this.request<void>({ op: 'close' });
      } finally {
        await this.worker.terminate();
      }
    })();
    return this.closing;
  }
}
