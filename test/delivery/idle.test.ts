import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { deliveries } from '../../src/db/schema.ts';
import { dueWork, enqueueNotice } from '../../src/delivery/outbox.ts';
import { FakeBotApi } from '../../src/demo/fake-bot-api.ts';
import { createProfile, updateProfile } from '../../src/profiles/repository.ts';
import { type Service, startService } from '../../src/service.ts';
import { depositQuery } from '../fixtures/postbacks.ts';
import { postbackPath } from '../support/app.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { type DeliveryWorld, FAST_RETRY, startDeliveryWorld } from '../support/delivery.ts';
import { capturedLogger } from '../support/logs.ts';
import { waitFor } from '../support/processes.ts';
import { recordStatements } from '../support/statements.ts';

const GROUP = -1001000000700;
/**
 * A stretch in which nothing happens. Nothing is timed: a dispatcher that polled (these tests
 * used to make it look every 200 ms) would ask the database several times within it.
 */
const QUIET_MS = 2_000;
/** A statement by its text, or run prepared under its name (db/client.ts queryRowsNamed). */
const is = (name: string, text: string) => (statement: string) =>
  statement.startsWith(`EXECUTE ${name}_`) ||
  (!statement.startsWith('PREPARE') && statement.includes(text));
/** The statement that looks for due work (outbox.dueWork). */
const isLook = is('keitaro_due', 'GROUP BY d.chat_id, c.chat_id');
const isClaim = is('keitaro_claim', 'FOR UPDATE SKIP LOCKED');

const asleepUntilWoken = (service: Service) =>
  service.dispatcher.sleepingUntil === Number.POSITIVE_INFINITY;

describe.each(databaseKinds)('an idle dispatcher on %s', (kind) => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  it('asks the database nothing once the queue is drained, and the next postback wakes it', async () => {
    w = await startDeliveryWorld(kind);
    const statements = recordStatements(w.database);
    const p = await w.profile({ defaultChatId: GROUP });
    await w.post(p, depositQuery(1));
    await waitFor(() => w.telegram.messagesTo(GROUP).length === 1);
    await waitFor(() => asleepUntilWoken(w.service));
    // What leading and a postback start besides sending: counting it, reading summary times,
    // asking once whether anything is paused.
    await w.service.stats.settled();
    await w.service.summaries.settled();
    await w.service.calm.settled();

    const before = statements.length;
    await sleep(QUIET_MS);
    expect(statements.slice(before)).toEqual([]);

    await w.post(p, depositQuery(2));
    await waitFor(() => w.telegram.messagesTo(GROUP).length === 2);
  });

  it('sleeps through a retry_after and looks again once, when the chat may send', async () => {
    w = await startDeliveryWorld(kind);
    const statements = recordStatements(w.database);
    const p = await w.profile({ defaultChatId: GROUP });
    w.telegram.failNext(GROUP, 1, {
      error_code: 429,
      description: 'Too Many Requests: retry after 2',
      parameters: { retry_after: 2 },
    });
    const id = await w.post(p, depositQuery(3));
    await waitFor(async () => {
      const [row] = await w.database.db.select().from(deliveries).where(eq(deliveries.eventId, id));
      return row?.lastError?.startsWith('429') === true && row.leaseUntil === null;
    });
    await waitFor(() => {
      const until = w.service.dispatcher.sleepingUntil;
      return until !== null && Number.isFinite(until);
    });

    const before = statements.length;
    await waitFor(() => w.telegram.messagesTo(GROUP).length === 1, 15_000);
    const untilTheSend = statements.slice(before);
    const claim = untilTheSend.findIndex(isClaim);
    expect(claim).toBeGreaterThan(-1);
    expect(untilTheSend.slice(0, claim).filter(isLook)).toHaveLength(1);
  });
});

describe.each(databaseKinds)('the next due time on %s', (kind) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database?.close();
  });

  it('comes with what is due: a retry waiting for its time, a lease running out', async () => {
    database = await createTestDatabase(kind);
    const profile = await createProfile(database.db, { ownerUserId: 8_000_201 });
    await enqueueNotice(
      database.db,
      { profileId: profile.id, ownerUserId: 8_000_201, language: 'en' },
      'The bot was removed from <b>Sales</b>',
    );
    const [row] = await database.db.select({ id: deliveries.id }).from(deliveries);
    const id = row?.id as number;
    const set = (fields: Partial<typeof deliveries.$inferInsert>) =>
      database.db.update(deliveries).set(fields).where(eq(deliveries.id, id));

    expect(await dueWork(database.db, 500)).toMatchObject({
      chats: [{ chatId: 8_000_201, high: 1, low: 0 }],
      nextDueInMs: null,
    });
    // Claimed by a dispatcher that died: it comes back when the lease runs out.
    await set({ leaseUntil: new Date(Date.now() + 60_000) });
    const leased = await dueWork(database.db, 500);
    expect(leased.chats).toEqual([]);
    expect(leased.nextDueInMs).toBeGreaterThan(50_000);
    expect(leased.nextDueInMs).toBeLessThanOrEqual(60_000);
    // A retry in five minutes.
    await set({ leaseUntil: null, nextAttemptAt: new Date(Date.now() + 300_000) });
    const retry = await dueWork(database.db, 500);
    expect(retry.chats).toEqual([]);
    expect(retry.nextDueInMs).toBeGreaterThan(290_000);
    expect(retry.nextDueInMs).toBeLessThanOrEqual(300_000);
    // Sent: nothing left to wait for.
    await set({ state: 'sent' });
    expect(await dueWork(database.db, 500)).toEqual({ chats: [], nextDueInMs: null });
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('two instances on one PostgreSQL', () => {
  const LEADING = 'this instance is now the dispatcher';
  let telegram: FakeBotApi | undefined;
  let testDb: TestDatabase | undefined;
  let second: Database | undefined;
  const services: Service[] = [];
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.stop()));
    await second?.close();
    await telegram?.stop();
    await testDb?.close();
  });

  it('a postback taken by the follower is delivered by the idle leader, woken by NOTIFY', {
    timeout: 120_000,
  }, async () => {
    telegram = await new FakeBotApi().start();
    testDb = await createTestDatabase('postgres');
    second = await openDatabase({ kind: 'postgres', url: testDb.url as string });
    const profile = await createProfile(testDb.db, { ownerUserId: 8_000_101 });
    await updateProfile(testDb.db, profile.id, { rateLimitRps: 1000 });
    const config = parseConfig({
      BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      DATABASE_URL: testDb.url,
    });
    const instance = async (database: Database) => {
      const { logger, lines } = capturedLogger();
      const service = await startService({
        config: { ...config, botToken: telegram?.token as string },
        database,
        logger,
        dispatcher: FAST_RETRY,
      });
      services.push(service);
      return { service, logs: lines };
    };
    const leaderStatements = recordStatements(testDb);
    const followerStatements = recordStatements(second);
    const leader = await instance(testDb);
    await waitFor(() => leader.logs.some((l) => l.includes(LEADING)));
    const follower = await instance(second);
    const post = async (n: number) => {
      const res = await follower.service.app.inject({
        url: postbackPath(profile.secret, depositQuery(n)),
      });
      expect(res.statusCode).toBe(200);
    };

    await post(1);
    await waitFor(() => telegram?.messagesTo(8_000_101).length === 1);
    // Both quiet: the leader waits to be woken, the follower never looks at the outbox.
    await waitFor(() => asleepUntilWoken(leader.service));
    // The leader counts the postback once postbacks pause; that done, nothing is left to do.
    await leader.service.stats.settled();
    await leader.service.summaries.settled();
    await leader.service.calm.settled();
    const before = [leaderStatements.length, followerStatements.length];
    await sleep(QUIET_MS);
    expect(leaderStatements.slice(before[0])).toEqual([]);
    expect(followerStatements.slice(before[1])).toEqual([]);

    // With no timer left, only the follower's NOTIFY can bring the leader back.
    expect(asleepUntilWoken(leader.service)).toBe(true);
    await post(2);
    await waitFor(() => telegram?.messagesTo(8_000_101).length === 2);
    expect(follower.logs.some((l) => l.includes(LEADING))).toBe(false);
    await waitFor(() => leader.logs.filter((l) => l.includes('"delivered"')).length === 2);
  });
});
