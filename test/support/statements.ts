import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../../src/db/client.ts';

/**
 * Every statement `database` sends from now on, as its SQL text, counted on the client side
 * (a shared server's `log_statement` is not ours to change). On PostgreSQL it sees the pool's
 * connections only: the dispatcher's lease runs on a connection of its own (leader.ts).
 */
export function recordStatements(database: Database): string[] {
  const statements: string[] = [];
  const textOf = (query: unknown) =>
    typeof query === 'string' ? query : ((query as { text?: string }).text ?? String(query));
  const client = (database.db as unknown as { $client: unknown }).$client;

  if (database.kind === 'postgres') {
    const pool = client as pg.Pool;
    const counted = new WeakSet<pg.PoolClient>();
    const count = (connection: pg.PoolClient | undefined) => {
      if (!connection || counted.has(connection)) return;
      counted.add(connection);
      const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
      connection.query = ((...args: unknown[]) => {
        statements.push(textOf(args[0]));
        return query(...args);
      }) as typeof connection.query;
    };
    // pool.query takes a connection through pool.connect too: every statement passes here.
    const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
    pool.connect = ((
      callback?: (err: Error | undefined, c?: pg.PoolClient, done?: unknown) => void,
    ) => {
      if (callback) {
        return connect((err: Error | undefined, c: pg.PoolClient, done: unknown) => {
          count(c);
          callback(err, c, done);
        });
      }
      return (connect() as Promise<pg.PoolClient>).then((c) => {
        count(c);
        return c;
      });
    }) as typeof pool.connect;
    return statements;
  }

  const pglite = client as PGlite;
  const wrap = <T extends PGlite | Transaction>(target: T): T => {
    const query = target.query.bind(target);
    const exec = target.exec.bind(target);
    target.query = ((text: string, ...rest: never[]) => {
      statements.push(text);
      return query(text, ...rest);
    }) as T['query'];
    target.exec = ((text: string, ...rest: never[]) => {
      statements.push(text);
      return exec(text, ...rest);
    }) as T['exec'];
    return target;
  };
  wrap(pglite);
  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = ((work: (tx: Transaction) => Promise<unknown>) => {
    statements.push('BEGIN');
    return transaction((tx) => work(wrap(tx)));
  }) as typeof pglite.transaction;
  return statements;
}
