import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import { dedupKey } from '../../src/postback/dedup-key.ts';
import { parsePostback } from '../../src/postback/fields.ts';
import { fieldsFromQuery } from '../../src/postback/request.ts';
import {
  purgeExpiredDedupKeys,
  type StoreInput,
  storePostback,
  storePostbacks,
} from '../../src/postback/store.ts';
import { createProfile } from '../../src/profiles/repository.ts';
import { depositQuery } from '../fixtures/postbacks.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

function input(profile: { id: number; secret: string }, query: string): StoreInput {
  const postback = parsePostback(fieldsFromQuery(query));
  return {
    profileId: profile.id,
    secret: profile.secret,
    dedupTtlSec: 3600,
    dedupKey: dedupKey(postback),
    postback,
    target: { chatId: 1, topicId: null, language: 'en', routeId: null },
    rawQuery: query,
    rawBody: null,
  };
}

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
        const one = input(profile, depositQuery(round));
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
    await storePostback(database.db, input(profile, depositQuery(1)));
    await storePostback(database.db, { ...input(profile, depositQuery(2)), dedupTtlSec: 1 });
    await database.db.execute(
      sql`UPDATE keitaro_dedup_keys SET expires_at = now() - interval '1 second' WHERE dedup_key LIKE '%T-2%'`,
    );
    expect(await purgeExpiredDedupKeys(database.db)).toBe(1);
    const again = await storePostback(database.db, input(profile, depositQuery(1)));
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
      input(profile, depositQuery(1)),
      input(profile, depositQuery(2)),
      input(profile, depositQuery(1)),
      { ...input(other, depositQuery(3)), secret: 'wrong' },
      input(other, depositQuery(1)),
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
