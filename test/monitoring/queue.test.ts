import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { markSent, undeliveredCount } from '../../src/delivery/outbox.ts';
import { queueSnapshot } from '../../src/monitoring/queue.ts';
import { storePostbacks } from '../../src/postback/store.ts';
import { createProfile } from '../../src/profiles/repository.ts';
import { depositQuery } from '../fixtures/postbacks.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { storeInput } from '../support/store-input.ts';

const GROUP = -1001000000777;

describe.each(databaseKinds)('what the outbox still owes on %s', (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('counts the conversions of a digest until it is sent, and none after', async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const profile = await createProfile(db, { ownerUserId: 5, defaultChatId: GROUP });
    await storePostbacks(
      db,
      [1, 2, 3].map((n) => storeInput(profile, depositQuery(n), { target: { chatId: GROUP } })),
    );
    expect((await queueSnapshot(db)).byState).toMatchObject({ pending: 3, digested: 0 });

    // The dispatcher folds the three into a digest, ten minutes after they came.
    const [digest] = await queryRows<{ id: string | number }>(
      db,
      sql`INSERT INTO keitaro_deliveries (kind, profile_id, chat_id, language, priority, body)
          VALUES ('digest', ${profile.id}, ${GROUP}, 'en', 0, '3 deposits') RETURNING id`,
    );
    const digestId = Number(digest?.id);
    await db.execute(
      sql`UPDATE keitaro_deliveries SET state = 'digested', digest_id = ${digestId},
            created_at = now() - interval '10 minutes'
          WHERE kind = 'event'`,
    );
    const owed = await queueSnapshot(db);
    expect(owed.byState).toMatchObject({ pending: 1, digested: 3 });
    expect(owed.oldestWaitingSec).toBeGreaterThanOrEqual(599);
    expect(await undeliveredCount(db)).toBe(3);

    await markSent(db, { id: digestId, kind: 'digest' }, 4242);
    expect(await queueSnapshot(db)).toEqual({
      byState: { pending: 0, held: 0, digested: 0, dead: 0, paused: 0, quiet: 0 },
      oldestWaitingSec: 0,
    });
    expect(await undeliveredCount(db)).toBe(0);
  });
});
