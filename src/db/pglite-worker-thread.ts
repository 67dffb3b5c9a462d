import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { SafeNodeFS } from './pglite-fs.ts';
import {
  type SerializedError,
  serializeError,
  type ToWorker,
  type WorkerStart,
} from './pglite-worker.ts';
import { backupPglite } from './tarball.ts';

/**
 * The thread that owns the embedded database (see pglite-worker.ts): PGlite and every sync
 * of its commits run here, off the event loop that serves HTTP and the bot.
 */

if (!parentPort) throw new Error('pglite-worker-thread.ts runs as a worker thread');
const port: MessagePort = parentPort;
const start = workerData as WorkerStart;

const identity = (value: string) => value;
const rawParsers = new Map<string, Record<number, (value: string) => string>>();
/** Columns of these types come back as PostgreSQL's text: the caller parses them. */
function parsersFor(rawTypes: number[] | undefined) {
  if (!rawTypes || rawTypes.length === 0) return undefined;
  const key = rawTypes.join(',');
  let parsers = rawParsers.get(key);
  if (!parsers) {
    parsers = Object.fromEntries(rawTypes.map((type) => [type, identity]));
    rawParsers.set(key, parsers);
  }
  return parsers;
}

interface OpenTransaction {
  tx: Transaction;
  commit(): void;
  rollback(): void;
  /** The request that ended it: answered once PGlite has committed or rolled back. */
  endId?: number;
  commitRequested?: boolean;
  /** Why a commit asked for became a rollback. */
  failure?: unknown;
}

/** Rejects PGlite's transaction callback so that it rolls back; never reported as an error. */
const ROLLBACK = Symbol('rollback');

let pg: PGlite;
/** By the id the main thread gave: opened by its first statement, not by a message of its own. */
const transactions = new Map<number, Promise<OpenTransaction>>();

const reply = (id: number, result: unknown) => port.postMessage({ id, ok: true, result });
const fail = (id: number, error: unknown) =>
  port.postMessage({ id, ok: false, error: serializeError(error) satisfies SerializedError });

/** BEGIN, held open until an 'end' message commits or rolls it back. */
function openTransaction(txId: number): Promise<OpenTransaction> {
  let opening = true;
  const ready = new Promise<OpenTransaction>((resolve, reject) => {
    pg.transaction(
      (tx) =>
        new Promise<void>((commit, rollback) => {
          opening = false;
          resolve({ tx, commit, rollback: () => rollback(ROLLBACK) });
        }),
    ).then(
      async () => {
        const open = await ready;
        transactions.delete(txId);
        if (open.endId !== undefined) reply(open.endId, null);
      },
      async (error: unknown) => {
        transactions.delete(txId);
        if (opening) return reject(error); // BEGIN itself failed
        const open = await ready;
        if (open.endId === undefined) return;
        if (open.failure !== undefined) fail(open.endId, open.failure);
        else if (error === ROLLBACK && !open.commitRequested) reply(open.endId, null);
        else fail(open.endId, error);
      },
    );
  });
  transactions.set(txId, ready);
  return ready;
}

/**
 * The transaction a statement runs in, opened if the statement is its first; statements the
 * main thread sent ahead of it (a SET LOCAL) run first.
 */
async function transactionOf(txId: number, begin: boolean, pre: string[] = []) {
  const open = await (transactions.get(txId) ?? (begin ? openTransaction(txId) : undefined));
  if (!open || open.endId !== undefined) throw new Error('Transaction is closed');
  for (const statement of pre) await open.tx.exec(statement);
  return open;
}

/** Where a statement runs (its transaction, or PGlite itself) and how its rows are read. */
async function statementTarget(message: Extract<ToWorker, { op: 'query' | 'exec' }>) {
  const on =
    message.tx === undefined
      ? pg
      : (await transactionOf(message.tx, message.begin === true, message.pre)).tx;
  const parsers = parsersFor(message.rawTypes);
  return { on, options: { rowMode: message.rowMode, ...(parsers ? { parsers } : {}) } };
}

async function handle(message: ToWorker): Promise<void> {
  const { id } = message;
  try {
    switch (message.op) {
      case 'query': {
        const { on, options } = await statementTarget(message);
        reply(id, await on.query(message.sql, message.params, options));
        return;
      }
      case 'exec': {
        const { on, options } = await statementTarget(message);
        reply(id, await on.exec(message.sql, options));
        return;
      }
      case 'backup':
        reply(id, await backupPglite(pg, message.folder, message.file));
        return;
      case 'end': {
        const open = await transactionOf(message.tx, false);
        open.endId = id;
        open.commitRequested = message.commit;
        if (!message.commit) return open.rollback();
        try {
          for (const statement of message.pre ?? []) await open.tx.exec(statement);
        } catch (error) {
          // COMMIT of a failed transaction would roll back and say nothing: say why instead.
          open.failure = error;
          return open.rollback();
        }
        open.commit();
        return;
      }
      case 'close':
        await pg.close();
        reply(id, null);
        port.close();
        return;
    }
  } catch (error) {
    fail(id, error);
  }
}

try {
  pg = await PGlite.create(
    start.dataDir
      ? { fs: new SafeNodeFS(start.dataDir), startParams: start.startParams }
      : { dataDir: 'memory://' },
  );
  port.on('message', (message: ToWorker) => void handle(message));
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: serializeError(error) });
}
