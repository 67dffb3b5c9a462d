import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { depositQuery, leadQuery } from '../fixtures/postbacks.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

describe.each(databaseKinds)('the running service counts statistics on %s', (kind) => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('counts what it stores, on its own, a duplicate never', async () => {
    w = await startDeliveryWorld(kind);
    const profile = await w.profile();
    await w.post(profile, leadQuery);
    for (let n = 1; n <= 3; n++) await w.post(profile, depositQuery(n));
    await w.post(profile, depositQuery(1)); // Keitaro's retry of the same sale: a duplicate
    const db = w.database.db;
    const counted = async () =>
      queryRows<{ status: string; n: number; revenue: string }>(
        db,
        sql`SELECT status, sum(conversions)::int AS n, sum(revenue)::text AS revenue
            FROM keitaro_stats_daily GROUP BY status ORDER BY status`,
      );
    // Nobody reads the figures: the leader counts them because postbacks were stored.
    await waitFor(async () => (await counted()).reduce((sum, row) => sum + row.n, 0) === 4);
    const rows = await counted();
    expect(rows.map((r) => [r.status, r.n, Number(r.revenue)])).toEqual([
      ['deposit', 3, 15 + 25 + 35],
      ['registration', 1, 0],
    ]);
    const [pending] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM keitaro_stats_pending`,
    );
    expect(pending?.n).toBe(0);
  }, 60_000);
});
