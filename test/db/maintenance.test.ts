import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase, queryRows } from '../../src/db/client.ts';
import { events } from '../../src/db/schema.ts';
import { Vacuumer } from '../../src/db/vacuum.ts';
import { depositQuery } from '../fixtures/postbacks.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

interface TableStats {
  updates: number;
  inPlace: number;
  dead: number;
  vacuumed: boolean;
  vacuums: number;
}

async function tableStats(db: Database['db'], table: string): Promise<TableStats | undefined> {
  // Statistics reach pg_stat_* when a transaction ends; ask for them to be sent now.
  await db.execute(sql`SELECT pg_stat_force_next_flush()`);
  const [row] = await queryRows<TableStats>(
    db,
    sql`SELECT n_tup_upd::int AS updates, n_tup_hot_upd::int AS "inPlace",
               n_dead_tup::int AS dead, last_vacuum IS NOT NULL AS vacuumed,
               vacuum_count::int AS vacuums
        FROM pg_stat_user_tables WHERE relname = ${table}`,
  );
  return row;
}

describe.each(databaseKinds)('keeping the database small on %s', (kind) => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('marks delivered events processed in place, without a new entry in every index', async () => {
    w = await startDeliveryWorld(kind);
    const profile = await w.profile();
    const ids: number[] = [];
    for (let n = 0; n < 5; n++) ids.push(await w.post(profile, depositQuery(n)));
    await waitFor(async () => {
      const rows = await w?.database.db.select({ processed: events.processed }).from(events);
      return rows?.length === 5 && rows.every((row) => row.processed);
    });
    const db = w.database.db;
    await waitFor(async () => ((await tableStats(db, 'keitaro_events'))?.updates ?? 0) >= 5);
    const stats = await tableStats(db, 'keitaro_events');
    expect(stats?.inPlace).toBe(stats?.updates);
  }, 60_000);
});

describe('the embedded database, which has no autovacuum', () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('vacuums the tables that change all day on its own schedule', async () => {
    database = await openDatabase({ kind: 'pglite', memory: true }, { vacuumEveryMs: 200 });
    await database.migrate();
    const db = database.db;
    await db.execute(
      sql`INSERT INTO keitaro_bot_sessions (key, value)
          SELECT 'chat:' || n, '{}'::jsonb FROM generate_series(1, 500) AS n`,
    );
    await db.execute(sql`UPDATE keitaro_bot_sessions SET value = '{"step":1}'::jsonb`);
    await db.execute(sql`UPDATE keitaro_bot_sessions SET value = '{"step":2}'::jsonb`);
    await waitFor(async () => {
      const stats = await tableStats(db, 'keitaro_bot_sessions');
      return stats?.vacuumed === true && stats.dead === 0;
    });
  }, 60_000);

  it('leaves an idle database alone: no pass while nothing was written', async () => {
    database = await openDatabase({ kind: 'pglite', memory: true }, { vacuumEveryMs: 3_600_000 });
    await database.migrate();
    const db = database.db;
    const vacuumer = new Vacuumer(db, 3_600_000);
    const vacuums = async () => (await tableStats(db, 'keitaro_bot_sessions'))?.vacuums;

    await vacuumer.runOnce();
    expect(await vacuums()).toBe(1);
    await vacuumer.runOnce();
    await vacuumer.runOnce();
    expect(await vacuums()).toBe(1);

    await db.execute(sql`INSERT INTO keitaro_bot_sessions (key, value) VALUES ('chat:1', '{}')`);
    await vacuumer.runOnce();
    expect(await vacuums()).toBe(2);
  }, 60_000);
});
