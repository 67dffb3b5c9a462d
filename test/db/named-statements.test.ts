import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase, queryRows, queryRowsNamed } from '../../src/db/client.ts';
import { storePostbacks } from '../../src/postback/store.ts';
import { createProfile } from '../../src/profiles/repository.ts';
import { createTestDatabase, databaseKinds } from '../support/databases.ts';
import { storeInput } from '../support/store-input.ts';

/**
 * The ingest statement is kept prepared (parsed and planned once per connection). On the
 * embedded database its parameters travel inside the SQL text, so what a tracker sends must
 * come back byte for byte, whatever quotes and backslashes it holds.
 */
const AWKWARD = [
  "O'Brien's offer",
  'C:\\path\\to\\lander',
  "\\'; DROP TABLE keitaro_events; --",
  '$p$ dollar $$ quotes $tag$',
  'Кампанія «Літо» 🇺🇦 ✓',
  "E'\\x41'",
];

const echo = (text: string, n: number) => sql`SELECT ${text}::text AS text, ${n}::int AS n`;

const setups: [string, () => Promise<Database>][] = [
  ...databaseKinds.map((kind): [string, () => Promise<Database>] => [
    kind,
    () => createTestDatabase(kind),
  ]),
  [
    'pglite in a worker thread',
    async () => {
      const database = await openDatabase({ kind: 'pglite', memory: true }, { embedded: 'worker' });
      await database.migrate();
      return database;
    },
  ],
];

describe.each(setups)('statements kept prepared on %s', (_name, open) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('gives back every parameter as sent, call after call, concurrent calls included', async () => {
    database = await open();
    const { db } = database;
    const answers = await Promise.all(
      AWKWARD.map((text, n) =>
        queryRowsNamed<{ text: string; n: number }>(db, 'echo', echo(text, n)),
      ),
    );
    expect(answers).toEqual(AWKWARD.map((text, n) => [{ text, n }]));
    const again = await queryRowsNamed<{ text: string }>(db, 'echo', echo(AWKWARD[0] as string, 9));
    expect(again).toEqual([{ text: AWKWARD[0], n: 9 }]);
  });

  it('keeps variants of a statement under one name apart', async () => {
    database = await open();
    const { db } = database;
    const plus = (n: number) => sql`SELECT ${n}::int + 1 AS n`;
    const times = (n: number) => sql`SELECT ${n}::int * 10 AS n`;
    for (const n of [1, 2]) {
      expect(await queryRowsNamed(db, 'sum', plus(n))).toEqual([{ n: n + 1 }]);
      expect(await queryRowsNamed(db, 'sum', times(n))).toEqual([{ n: n * 10 }]);
    }
  });

  it('runs the statement in transactions, committed or rolled back, with the same rows', async () => {
    database = await open();
    const { db } = database;
    const inTransaction = (text: string, n: number) =>
      db.transaction(async (tx) =>
        queryRowsNamed<{ text: string; n: number }>(tx, 'echo', echo(text, n)),
      );
    // The first time in a transaction, before it was ever prepared: it must not wait for that.
    expect(await inTransaction('first', 1)).toEqual([{ text: 'first', n: 1 }]);
    await queryRowsNamed(db, 'echo', echo('outside', 2));
    for (const [n, text] of AWKWARD.entries()) {
      expect(await inTransaction(text, n)).toEqual([{ text, n }]);
    }
    await expect(
      db.transaction(async (tx) => {
        await queryRowsNamed(tx, 'echo', echo('undone', 3));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await inTransaction('after a rollback', 4)).toEqual([
      { text: 'after a rollback', n: 4 },
    ]);
  });

  it('stores postbacks with quotes and backslashes exactly as the tracker sent them', async () => {
    database = await open();
    const profile = await createProfile(database.db, { ownerUserId: 7, defaultChatId: -1007 });
    const inputs = AWKWARD.map((text, i) =>
      storeInput(
        profile,
        `status=sale&tid=TX-${i}&subid=s${i}&campaign_name=${encodeURIComponent(text)}` +
          `&sub_id_1=${encodeURIComponent(text)}&conversion_revenue=10&currency=USD`,
      ),
    );
    const results = await storePostbacks(database.db, inputs);
    expect(results.every((r) => r.kind === 'stored' && !r.duplicate)).toBe(true);
    const rows = await queryRows<{ campaign_name: string; sub: string; raw_query: string }>(
      database.db,
      sql`SELECT campaign_name, payload->>'sub_id_1' AS sub, raw_query
          FROM keitaro_events ORDER BY tid`,
    );
    expect(rows.map((r) => r.campaign_name)).toEqual(AWKWARD);
    expect(rows.map((r) => r.sub)).toEqual(AWKWARD);
    expect(rows.map((r) => r.raw_query)).toEqual(inputs.map((i) => i.rawQuery));
    // The same conversions again are duplicates, through the same prepared statement.
    const again = await storePostbacks(database.db, inputs);
    expect(again.every((r) => r.kind === 'stored' && r.duplicate)).toBe(true);
  });
});

describe.runIf(databaseKinds.includes('postgres'))('PostgreSQL behind a transaction pooler', () => {
  it('sends the statement whole once the server does not know its name', async () => {
    const database = await createTestDatabase('postgres');
    // One connection, so the statement below forgets what node-postgres thinks is prepared,
    // as a pooler does when it hands the next transaction another server connection.
    const single = await openDatabase({
      kind: 'postgres',
      url: database.url as string,
      poolSize: 1,
    });
    try {
      expect(await queryRowsNamed(single.db, 'echo', echo('first', 1))).toEqual([
        { text: 'first', n: 1 },
      ]);
      await single.db.execute(sql`DEALLOCATE ALL`);
      expect(await queryRowsNamed(single.db, 'echo', echo('after', 2))).toEqual([
        { text: 'after', n: 2 },
      ]);
      expect(await queryRowsNamed(single.db, 'echo', echo('later', 3))).toEqual([
        { text: 'later', n: 3 },
      ]);
    } finally {
      await single.close();
      await database.close();
    }
  });
});

describe('the embedded database losing its prepared statement', () => {
  it('prepares it again instead of failing the postbacks', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const { db } = database;
      expect(await queryRowsNamed(db, 'echo', echo('first', 1))).toEqual([{ text: 'first', n: 1 }]);
      await db.execute(sql`DEALLOCATE ALL`);
      expect(await queryRowsNamed(db, 'echo', echo('after', 2))).toEqual([{ text: 'after', n: 2 }]);
    } finally {
      await database.close();
    }
  });
});
