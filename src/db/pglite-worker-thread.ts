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
}

/** Rejects PGlite's transaction callback so that it rolls back; never reported as an error. */
const ROLLBACK = Symbol('rollback');

let pg: PGlite;
const transactions = new Map<number, OpenTransaction>();
let nextTx = 1;

const reply = (id: number, result: unknown) => port.postMessage({ id, ok: true, result });
const fail = (id: number, error: unknown) =>
  port.postMessage({ id, ok: false, error: serializeError(error) satisfies SerializedError });

function openTransaction(id: number): void {
  const txId = nextTx++;
  pg.transaction(
    (tx) =>
      new Promise<void>((resolve, reject) => {
        transactions.set(txId, { tx, commit: resolve, rollback: () => reject(ROLLBACK) });
        reply(id, txId);
      }),
  ).then(
    () => {
      const open = transactions.get(txId);
      transactions.delete(txId);
      if (open?.endId !== undefined) reply(open.endId, null);
    },
    (error: unknown) => {
      const open = transactions.get(txId);
      transactions.delete(txId);
      if (!open) return fail(id, error); // BEGIN itself failed
      if (open.endId === undefined) return;
      if (error === ROLLBACK && !open.commitRequested) reply(open.endId, null);
      else fail(open.endId, error);
    },
  );
}

function transactionOf(txId: number): Transaction {
  const open = transactions.get(txId);
  if (!open || open.endId !== undefined) throw new Error('Transaction is closed');
  return open.tx;
}

async function handle(message: ToWorker): Promise<void> {
  const { id } = message;
  try {
    switch (message.op) {
      case 'query': {
        const on = message.tx === undefined ? pg : transactionOf(message.tx);
        const parsers = parsersFor(message.rawTypes);
        reply(
          id,
          await on.query(message.sql, message.params, {
            rowMode: message.rowMode,
            ...(parsers ? { parsers } : {}),
          }),
        );
        return;
      }
      case 'exec': {
        const on = message.tx === undefined ? pg : transactionOf(message.tx);
        const parsers = parsersFor(message.rawTypes);
        reply(
          id,
          await on.exec(message.sql, {
            rowMode: message.rowMode,
            ...(parsers ? { parsers } : {}),
          }),
        );
        return;
      }
      case 'backup':
        reply(id, await backupPglite(pg, message.folder, message.file));
        return;
      case 'begin':
        openTransaction(id);
        return;
      case 'end': {
        const open = transactions.get(message.tx);
        if (!open || open.endId !== undefined) throw new Error('Transaction is closed');
        open.endId = id;
        open.commitRequested = message.commit;
        if (message.commit) open.commit();
        else open.rollback();
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
