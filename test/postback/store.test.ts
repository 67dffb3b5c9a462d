import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import {
  purgeExpiredDedupKeys,
  type StoreInput,
  type StoreResult,
  storePostback,
  storePostbacks,
} from '../../src/postback/store.ts';
import { createProfile } from '../../src/profiles/repository.ts';
import { depositQuery } from '../fixtures/postbacks.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { storeInput } from '../support/store-input.ts';

describe.skipIf(!process.env.TEST_DATABASE_URL)('dedup across processes on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(() => database.close());

  it('lets exactly one of many racing identical postbacks through, from separate connection pools', async () => {
    // Two pools stand for two service instances on one PostgreSQL.
    const other = await openDatabase({ kind: 'postgres', url: database.url as string });
    try {
      const profile = await createProfile(database.db, { ownerUserId: 9 });
      for (let round = 0; round < 5; round++) {
        const one = storeInput(profile, depositQuery(round));
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => storePostback(i % 2 ? other.db : database.db, one)),
        );
        const fresh = results.filter((r) => r.kind === 'stored' && !r.duplicate);
        expect(fresh).toHaveLength(1);
      }
      const [row] = await queryRows<{ queued: number; deliveries: number }>(
        database.db,
        sql`SELECT (SELECT count(*) FROM keitaro_events WHERE outcome = 'queued')::int AS queued,
                   (SELECT count(*) FROM keitaro_deliveries)::int AS deliveries`,
      );
      expect(row).toEqual({ queued: 5, deliveries: 5 });
    } finally {
      await other.close();
    }
  });
});

describe('expired dedup claims', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(() => database.close());

  it('are purged, and only they', async () => {
    const profile = await createProfile(database.db, { ownerUserId: 9 });
    await storePostback(database.db, storeInput(profile, depositQuery(1)));
    await storePostback(database.db, storeInput(profile, depositQuery(2), { dedupTtlSec: 1 }));
    await database.db.execute(
      sql`UPDATE keitaro_dedup_keys SET expires_at = now() - interval '1 second' WHERE dedup_key LIKE '%T-2%'`,
    );
    expect(await purgeExpiredDedupKeys(database.db)).toBe(1);
    const again = await storePostback(database.db, storeInput(profile, depositQuery(1)));
    expect(again).toMatchObject({ kind: 'stored', duplicate: true });
  });
});

describe('a batch of postbacks', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(() => database.close());

  it('answers each input in order: stored, duplicate within the batch, forbidden', async () => {
    const profile = await createProfile(database.db, { ownerUserId: 9 });
    const other = await createProfile(database.db, { ownerUserId: 10 });
    const results = await storePostbacks(database.db, [
      storeInput(profile, depositQuery(1)),
      storeInput(profile, depositQuery(2)),
      storeInput(profile, depositQuery(1)),
      { ...storeInput(other, depositQuery(3)), secret: 'wrong' },
      storeInput(other, depositQuery(1)),
    ]);
    expect(results).toEqual([
      { kind: 'stored', eventId: expect.any(Number), duplicate: false },
      { kind: 'stored', eventId: expect.any(Number), duplicate: false },
      { kind: 'stored', eventId: expect.any(Number), duplicate: true },
      { kind: 'forbidden' },
      { kind: 'stored', eventId: expect.any(Number), duplicate: false },
    ]);
    const ids = results.flatMap((r) => (r.kind === 'stored' ? [r.eventId] : []));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });
});

describe.each(databaseKinds)('full batches on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  /** What each answer must be: the event it names holds that very postback, and its outcome. */
  async function expectOwnAnswers(inputs: StoreInput[], results: StoreResult[]): Promise<void> {
    const ids = results.flatMap((r) => (r.kind === 'stored' ? [r.eventId] : []));
    const rows = await queryRows<{ id: string; tid: string; outcome: string }>(
      database.db,
      sql`SELECT id, tid, outcome FROM keitaro_events WHERE id = ANY(${`{${ids.join(',')}}`}::bigint[])`,
    );
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    results.forEach((result, i) => {
      if (result.kind !== 'stored') return;
      const event = byId.get(result.eventId);
      expect(event?.tid).toBe((inputs[i] as StoreInput).postback.tid);
      expect(event?.outcome).toBe(result.duplicate ? 'duplicate' : 'queued');
    });
  }

  it('answers each of 256 postbacks: new, resent within the batch, resent from before, forbidden', async () => {
    const profile = await createProfile(database.db, { ownerUserId: 21 });
    const before = Array.from({ length: 30 }, (_, n) =>
      storeInput(profile, depositQuery(5000 + n)),
    );
    await storePostbacks(database.db, before);

    // Keitaro resends conversions: 20 repeats of postbacks stored earlier, 20 repeats of
    // postbacks earlier in this batch, 8 from a profile whose secret was just rotated, and
    // the rest new, in an order that is not the order of their keys.
    const fresh = Array.from({ length: 208 }, (_, n) =>
      storeInput(profile, depositQuery(9207 - n)),
    );
    const inputs: StoreInput[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 208; i++) {
      inputs.push(fresh[i] as StoreInput);
      expected.push('new');
      if (i % 10 === 9) {
        inputs.push(before[(i - 9) / 10] as StoreInput);
        expected.push('duplicate');
        inputs.push(fresh[i - 5] as StoreInput);
        expected.push('duplicate');
      }
      if (i % 26 === 0) {
        inputs.push({ ...storeInput(profile, depositQuery(7000 + i)), secret: 'rotated' });
        expected.push('forbidden');
      }
    }
    expect(inputs).toHaveLength(256);

    const results = await storePostbacks(database.db, inputs);
    expect(
      results.map((r) =>
        r.kind === 'forbidden' ? 'forbidden' : r.duplicate ? 'duplicate' : 'new',
      ),
    ).toEqual(expected);
    await expectOwnAnswers(inputs, results);
    const [counts] = await queryRows<{ deliveries: number }>(
      database.db,
      sql`SELECT count(*)::int AS deliveries FROM keitaro_deliveries d
          JOIN keitaro_events e ON e.id = d.event_id WHERE e.profile_id = ${profile.id}`,
    );
    expect(counts?.deliveries).toBe(30 + 208);
  });

  it('lets two instances store overlapping full batches at once: each conversion queued once', async () => {
    const other =
      kind === 'postgres'
        ? await openDatabase({ kind: 'postgres', url: database.url as string })
        : database;
    try {
      const profile = await createProfile(database.db, { ownerUserId: 22 });
      // The two batches share 128 conversions, listed in opposite orders: without claims in
      // key order they would wait on each other's rows.
      const shared = Array.from({ length: 128 }, (_, n) =>
        storeInput(profile, depositQuery(20_000 + n)),
      );
      const ownA = Array.from({ length: 128 }, (_, n) =>
        storeInput(profile, depositQuery(30_000 + n)),
      );
      const ownB = Array.from({ length: 128 }, (_, n) =>
        storeInput(profile, depositQuery(40_000 + n)),
      );
      const a = shared.flatMap((s, i) => [s, ownA[i] as StoreInput]);
      const b = [...shared].reverse().flatMap((s, i) => [ownB[i] as StoreInput, s]);
      const [resultsA, resultsB] = await Promise.all([
        storePostbacks(database.db, a),
        storePostbacks(other.db, b),
      ]);

      const queued = (inputs: StoreInput[], results: StoreResult[]) =>
        inputs.filter((_, i) => {
          const r = results[i];
          return r?.kind === 'stored' && !r.duplicate;
        });
      const queuedA = queued(a, resultsA);
      const queuedB = queued(b, resultsB);
      // Every own conversion is new; each shared one is new in exactly one of the batches.
      for (const own of ownA) expect(queuedA).toContain(own);
      for (const own of ownB) expect(queuedB).toContain(own);
      for (const s of shared)
        expect(Number(queuedA.includes(s)) + Number(queuedB.includes(s))).toBe(1);
      expect(resultsA.every((r) => r.kind === 'stored')).toBe(true);
      expect(resultsB.every((r) => r.kind === 'stored')).toBe(true);
      await expectOwnAnswers(a, resultsA);
      await expectOwnAnswers(b, resultsB);

      const [counts] = await queryRows<{ queued: number; deliveries: number }>(
        database.db,
        sql`SELECT count(*) FILTER (WHERE outcome = 'queued')::int AS queued,
                   (SELECT count(*) FROM keitaro_deliveries d JOIN keitaro_events e2
                      ON e2.id = d.event_id WHERE e2.profile_id = ${profile.id})::int AS deliveries
            FROM keitaro_events WHERE profile_id = ${profile.id}`,
      );
      expect(counts).toEqual({ queued: 3 * 128, deliveries: 3 * 128 });
    } finally {
      if (other !== database) await other.close();
    }
  });
});
