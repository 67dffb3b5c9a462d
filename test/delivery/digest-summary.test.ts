import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import * as outbox from '../../src/delivery/outbox.ts';
import {
  type DigestEvent,
  mergeSummaries,
  renderDigest,
  summarize,
} from '../../src/messages/render.ts';
import { readEventFields, SELECT_FIELDS } from '../../src/postback/event-fields.ts';
import { storePostbacks } from '../../src/postback/store.ts';
import { createProfile } from '../../src/profiles/repository.ts';
import { leadQuery, rebillLegacyNames } from '../fixtures/postbacks.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { storeInput } from '../support/store-input.ts';

const GROUP = -1001000000900;

/** A busy hour of one group: every status, campaigns by name or id only, no GEO, no TX, currencies. */
function floodQuery(n: number): string {
  const status = ['lead', 'sale', 'sale', 'rebill', 'rejected', 'hold'][n % 6];
  const tx = n % 9 === 0 ? '' : `&tid=T-${n}`;
  const campaign =
    n % 5 === 0 ? `&campaign_id=${40 + (n % 3)}` : `&campaign_name=Campaign%20${n % 4}`;
  const country = n % 7 === 0 ? '' : `&country=${['US', 'UA', 'KZ', 'DE'][n % 4]}`;
  return (
    `status=${status}${tx}&subid=click${n}${campaign}${country}` +
    `&conversion_revenue=${(n % 3) * 12.5}&currency=${n % 4 === 0 ? 'EUR' : 'USD'}&source=fb`
  );
}

describe.each(databaseKinds)('a digest folded in the database on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  async function flood(profile: { id: number; secret: string }, queries: string[]) {
    await storePostbacks(
      database.db,
      queries.map((query) => storeInput(profile, query, { target: { chatId: GROUP } })),
    );
  }

  /** The folded conversions as the digest would have counted them one by one. */
  async function countedOneByOne(digestId: number): Promise<DigestEvent[]> {
    const rows = await queryRows<Record<string, unknown>>(
      database.db,
      sql`SELECT ${sql.raw(SELECT_FIELDS)}, e.created_at FROM keitaro_deliveries d
          JOIN keitaro_events e ON e.id = d.event_id
          WHERE d.digest_id = ${digestId} ORDER BY d.id`,
    );
    return rows.map((r) => ({
      ...readEventFields(r),
      test: false,
      createdAt: new Date(r.created_at as string),
    }));
  }

  it('says what the conversions say, in two folds as in one', async () => {
    const profile = await createProfile(database.db, { ownerUserId: 31, defaultChatId: GROUP });
    await flood(profile, [
      leadQuery,
      rebillLegacyNames,
      ...Array.from({ length: 90 }, (_, n) => floodQuery(n)),
    ]);
    const candidates = await outbox.digestCandidates(database.db, GROUP, false);
    expect(candidates).toHaveLength(1);
    const digest = await outbox.createDigest(
      database.db,
      GROUP,
      candidates[0] as outbox.DigestCandidates,
    );
    const first = await outbox.foldIntoDigest(
      database.db,
      GROUP,
      null,
      digest.id,
      outbox.floodOf(false),
    );
    expect(first.total).toBe(92);

    await flood(
      profile,
      Array.from({ length: 40 }, (_, n) => floodQuery(1000 + n)),
    );
    const second = await outbox.foldIntoDigest(
      database.db,
      GROUP,
      null,
      digest.id,
      outbox.floodOf(false),
    );
    expect(second.total).toBe(40);

    const events = await countedOneByOne(digest.id);
    expect(events).toHaveLength(132);
    const expected = summarize(events);
    const folded = mergeSummaries(first, second);
    expect(folded).toEqual(expected);
    expect(renderDigest(folded, 'en')).toBe(renderDigest(expected, 'en'));
    expect(renderDigest(folded, 'en')).toContain('T-1');

    // Nothing left to fold: nothing added.
    const none = await outbox.foldIntoDigest(
      database.db,
      GROUP,
      null,
      digest.id,
      outbox.floodOf(false),
    );
    expect(none.total).toBe(0);
    expect(mergeSummaries(folded, none)).toEqual(expected);
  });
});
