import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { queryRows } from '../../src/db/client.ts';
import { pruneOnce, RetentionJob } from '../../src/db/retention.ts';
import type { ProfileRow } from '../../src/db/schema.ts';
import { FakeBotApi } from '../../src/demo/fake-bot-api.ts';
import { createProfile } from '../../src/profiles/repository.ts';
import { startService } from '../../src/service.ts';
import { depositQuery, leadQuery } from '../fixtures/postbacks.ts';
import { postbackPath, startTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, databaseKinds } from '../support/databases.ts';
import { FAST_RETRY } from '../support/delivery.ts';
import { capturedLogger } from '../support/logs.ts';
import { waitFor } from '../support/processes.ts';

const DAY = 86_400_000;
/** Small batches, so a pass has to take several. */
const POLICY = { retentionDays: 90, batchSize: 2, pauseMs: 0 };

describe.each(databaseKinds)('retention on %s', (kind) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const app = (): TestApp => {
    if (!t) throw new Error('the test app is not started');
    return t;
  };

  async function post(profile: ProfileRow, query: string) {
    const res = await app().app.inject({ url: postbackPath(profile.secret, query) });
    expect(res.statusCode).toBe(200);
    return res.json() as { event_id: number; duplicate?: boolean };
  }

  const run = (query: ReturnType<typeof sql>) => app().database.db.execute(query);

  /** Moves an event and its deliveries back in time, as if it arrived `days` ago. */
  async function age(eventId: number, days: number) {
    await run(
      sql`UPDATE keitaro_events SET created_at = now() - make_interval(days => ${days}) WHERE id = ${eventId}`,
    );
    await run(
      sql`UPDATE keitaro_deliveries SET created_at = now() - make_interval(days => ${days}) WHERE event_id = ${eventId}`,
    );
  }

  /** What the dispatcher would record: sent, or still waiting in some way. */
  async function deliveryState(eventId: number, state: string, digestId: number | null = null) {
    await run(
      sql`UPDATE keitaro_deliveries SET state = ${state}, digest_id = ${digestId},
            sent_at = CASE WHEN ${state} = 'sent' THEN now() END
          WHERE event_id = ${eventId}`,
    );
  }

  async function digest(state: string, days: number): Promise<number> {
    const [row] = await queryRows<{ id: number }>(
      app().database.db,
      sql`INSERT INTO keitaro_deliveries (kind, profile_id, chat_id, language, priority, state, body, created_at)
          VALUES ('digest', 1, 5550001, 'ru', 1, ${state}, '<b>💰 Депозиты</b>: 48 за 2 мин',
                  now() - make_interval(days => ${days}))
          RETURNING id`,
    );
    return Number(row?.id);
  }

  const eventIds = async () =>
    (
      await queryRows<{ id: number }>(
        app().database.db,
        sql`SELECT id FROM keitaro_events ORDER BY id`,
      )
    ).map((r) => Number(r.id));
  const deliveryEventIds = async () =>
    (
      await queryRows<{ event_id: number }>(
        app().database.db,
        sql`SELECT event_id FROM keitaro_deliveries WHERE event_id IS NOT NULL ORDER BY event_id`,
      )
    ).map((r) => Number(r.event_id));
  const digestIds = async () =>
    (
      await queryRows<{ id: number }>(
        app().database.db,
        sql`SELECT id FROM keitaro_deliveries WHERE kind = 'digest' ORDER BY id`,
      )
    ).map((r) => Number(r.id));

  it('deletes events older than RETENTION_DAYS with their deliveries and digests; recent and undelivered ones stay', async () => {
    t = await startTestApp(kind);
    const profile = await t.profile();
    const sentLongAgo = (await post(profile, depositQuery(1))).event_id;
    const waitingLongAgo = (await post(profile, depositQuery(2))).event_id;
    const heldLongAgo = (await post(profile, depositQuery(3))).event_id;
    // Paused "until resumed" for longer than RETENTION_DAYS: still owed to its chat.
    const pausedLongAgo = (await post(profile, depositQuery(6))).event_id;
    const inOldDigest = (await post(profile, depositQuery(4))).event_id;
    const inWaitingDigest = (await post(profile, depositQuery(5))).event_id;
    const sentLastMonth = (await post(profile, leadQuery)).event_id;
    const oldDigest = await digest('sent', 95);
    const waitingDigest = await digest('pending', 95);
    const recentDigest = await digest('sent', 40);

    await deliveryState(sentLongAgo, 'sent');
    await deliveryState(heldLongAgo, 'held');
    await deliveryState(pausedLongAgo, 'paused');
    await deliveryState(inOldDigest, 'sent', oldDigest);
    await deliveryState(inWaitingDigest, 'digested', waitingDigest);
    await deliveryState(sentLastMonth, 'sent');
    for (const id of [
      sentLongAgo,
      waitingLongAgo,
      heldLongAgo,
      pausedLongAgo,
      inOldDigest,
      inWaitingDigest,
    ]) {
      await age(id, 95);
    }
    await age(sentLastMonth, 30);

    // What a player's messages were: last month's thread stays, one untouched for 95 days goes.
    for (const [click, days] of [
      ['old-click', 95],
      ['recent-click', 30],
    ] as const) {
      await t.database.db.execute(
        sql`INSERT INTO keitaro_threads (profile_id, chat_id, click, registration_message_id, updated_at)
            VALUES (${profile.id}, -1001, ${click}, 7, now() - make_interval(days => ${days}))`,
      );
    }

    const pruned = await pruneOnce(t.database.db, new Date(), POLICY);

    expect(pruned).toMatchObject({ events: 2, digests: 1, threads: 1 });
    const threads = await queryRows<{ click: string }>(
      t.database.db,
      sql`SELECT click FROM keitaro_threads`,
    );
    expect(threads).toEqual([{ click: 'recent-click' }]);
    expect(await eventIds()).toEqual([
      waitingLongAgo,
      heldLongAgo,
      pausedLongAgo,
      inWaitingDigest,
      sentLastMonth,
    ]);
    expect(await deliveryEventIds()).toEqual([
      waitingLongAgo,
      heldLongAgo,
      pausedLongAgo,
      inWaitingDigest,
      sentLastMonth,
    ]);
    expect(await digestIds()).toEqual([waitingDigest, recentDigest]);

    // Two months on, last month's event is old too; what still waits stays whatever its age.
    const later = new Date(Date.now() + 61 * DAY);
    expect(await pruneOnce(t.database.db, later, POLICY)).toMatchObject({ events: 1, digests: 1 });
    expect(await eventIds()).toEqual([waitingLongAgo, heldLongAgo, pausedLongAgo, inWaitingDigest]);
    expect(await digestIds()).toEqual([waitingDigest]);

    // The users' monitoring query still reads what is left.
    const [count] = await queryRows<{ n: number }>(
      t.database.db,
      sql.raw('SELECT COUNT(*)::int AS n FROM keitaro_events'),
    );
    expect(count?.n).toBe(4);
  });

  it('forgets a wizard left unfinished for a day, not one in progress', async () => {
    t = await startTestApp(kind);
    await run(
      sql`INSERT INTO keitaro_bot_sessions (key, value, updated_at) VALUES
            ('5550001', '{"wizard":"route","step":"chat"}', now() - interval '25 hours'),
            ('5550002', '{"wizard":"profile","step":"name"}', now() - interval '10 minutes')`,
    );
    expect(await pruneOnce(t.database.db, new Date(), POLICY)).toMatchObject({ botSessions: 1 });
    const keys = await queryRows<{ key: string }>(
      t.database.db,
      sql`SELECT key FROM keitaro_bot_sessions`,
    );
    expect(keys.map((r) => r.key)).toEqual(['5550002']);
  });

  it('drops expired dedup claims: a repeat within its window is still a duplicate, after it a new event', async () => {
    t = await startTestApp(kind);
    const profile = await t.profile();
    const yesterday = await post(profile, depositQuery(10));
    const justNow = await post(profile, depositQuery(11));
    // The first one's one-hour window passed long ago.
    await run(
      sql`UPDATE keitaro_dedup_keys SET expires_at = now() - interval '23 hours' WHERE event_id = ${yesterday.event_id}`,
    );

    expect(await pruneOnce(t.database.db, new Date(), POLICY)).toMatchObject({ dedupClaims: 1 });
    const claims = await queryRows<{ event_id: number }>(
      t.database.db,
      sql`SELECT event_id FROM keitaro_dedup_keys`,
    );
    expect(claims.map((r) => Number(r.event_id))).toEqual([justNow.event_id]);

    const repeatWithin = await post(profile, depositQuery(11));
    expect(repeatWithin.duplicate).toBe(true);
    const repeatAfter = await post(profile, depositQuery(10));
    expect(repeatAfter.duplicate).toBeFalsy();
    expect(repeatAfter.event_id).not.toBe(yesterday.event_id);
    const [outcome] = await queryRows<{ outcome: string }>(
      t.database.db,
      sql`SELECT outcome FROM keitaro_events WHERE id = ${repeatAfter.event_id}`,
    );
    expect(outcome?.outcome).toBe('queued');
  });

  it('runs on its schedule only while this instance leads', async () => {
    t = await startTestApp(kind);
    const profile = await t.profile();
    const event = (await post(profile, depositQuery(20))).event_id;
    await deliveryState(event, 'sent');
    const { logger, lines } = capturedLogger();
    // Its clock says a hundred days have passed: the event is old.
    const job = new RetentionJob(t.database.db, logger, {
      policy: POLICY,
      everyMs: 50,
      firstDelayMs: 0,
      now: () => new Date(Date.now() + 100 * DAY),
    });
    try {
      job.setLeader(false);
      // Another instance leads: several of its periods pass and the event stays.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await eventIds()).toEqual([event]);

      job.setLeader(true);
      await waitFor(async () => (await eventIds()).length === 0);
      await waitFor(() => lines.some((line) => line.includes('retention: old rows deleted')));
    } finally {
      await job.stop();
    }
  });

  it('the service deletes a delivered event once it is older than RETENTION_DAYS by its clock', async () => {
    const telegram = await new FakeBotApi().start();
    const database = await createTestDatabase(kind);
    const { logger } = capturedLogger();
    const config = parseConfig({
      BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      DATABASE_URL: database.url ?? '',
      RETENTION_DAYS: '30',
    });
    // Thirty-one days after the postback, by the clock the job is given.
    let clock = new Date();
    const service = await startService({
      config: { ...config, botToken: telegram.token },
      database,
      logger,
      dispatcher: FAST_RETRY,
      retention: { firstDelayMs: 0, everyMs: 100, now: () => clock },
    });
    try {
      const profile = await createProfile(database.db, { ownerUserId: 5550001 });
      const res = await service.app.inject({ url: postbackPath(profile.secret, leadQuery) });
      expect(res.statusCode).toBe(200);
      await waitFor(() => telegram.messagesTo(5550001).length === 1);
      const count = async () =>
        (
          await queryRows<{ n: number }>(
            database.db,
            sql`SELECT count(*)::int AS n FROM keitaro_events`,
          )
        )[0]?.n;
      // Sent, but only a month old by now: kept.
      await waitFor(async () => {
        const [row] = await queryRows<{ state: string }>(
          database.db,
          sql`SELECT state FROM keitaro_deliveries`,
        );
        return row?.state === 'sent';
      });
      expect(await count()).toBe(1);
      clock = new Date(Date.now() + 31 * DAY);
      await waitFor(async () => (await count()) === 0);
    } finally {
      await service.stop();
      await telegram.stop();
      await database.close();
    }
  });
});
