import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { undeliveredCount } from '../../src/delivery/outbox.ts';
import { conversionsIn } from '../../src/demo/fake-bot-api.ts';
import { queueSnapshot } from '../../src/monitoring/queue.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const GROUP = -1001000000777;

describe.each(databaseKinds)('a flood into one group on %s', (kind) => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  it('stays within 20 messages a minute with no 429 provoked, and accounts for every conversion exactly once', {
    timeout: 120_000,
  }, async () => {
    w = await startDeliveryWorld(kind);
    w.telegram.addChat({ id: GROUP, type: 'supergroup', title: 'Media buying' });
    const p = await w.profile({ defaultChatId: GROUP });
    const statuses = ['lead', 'lead', 'lead', 'sale', 'rejected'];
    const ids: number[] = [];
    for (let n = 0; n < 200; n++) {
      const status = statuses[n % statuses.length];
      ids.push(
        await w.post(
          p,
          `status=${status}&tid=T-${n}&subid=c-${n}&campaign_name=Campaign%20${n % 3}&country=${n % 2 ? 'US' : 'UA'}&conversion_revenue=${status === 'sale' ? 100 : 0}&currency=USD`,
        ),
      );
    }

    const undelivered = () => undeliveredCount(w.database.db);
    await waitFor(async () => (await undelivered()) === 0, 90_000);

    const messages = w.telegram.messagesTo(GROUP);
    expect(w.telegram.tooManyRequests).toBe(0);
    for (const m of messages) {
      expect(
        messages.filter((o) => o.at >= m.at && o.at < m.at + 60_000).length,
      ).toBeLessThanOrEqual(20);
    }
    expect(messages.length).toBeLessThanOrEqual(20);
    // Every conversion is in exactly one message: its own or one digest.
    expect(messages.reduce((sum, m) => sum + conversionsIn(m), 0)).toBe(200);

    const rows = await queryRows<{
      event_id: string;
      digest_id: string | null;
      message_id: string;
    }>(
      w.database.db,
      sql`SELECT event_id, digest_id, message_id FROM keitaro_deliveries WHERE kind = 'event' ORDER BY event_id`,
    );
    expect(rows.map((r) => Number(r.event_id))).toEqual(ids);
    const alone = rows.filter((r) => r.digest_id === null);
    const digested = rows.filter((r) => r.digest_id !== null);
    expect(digested.length).toBeGreaterThan(0);
    // A conversion that went alone is in its own message, with its TX.
    for (const r of alone) {
      const message = messages.find((m) => m.messageId === Number(r.message_id));
      expect(message?.text).toMatch(/TX: <code>T-\d+<\/code>$/);
    }
    expect(new Set(alone.map((r) => r.message_id)).size).toBe(alone.length);
    // Deposits went first: none of them waited in a digest while registrations went alone.
    const processed = await queryRows<{ n: number }>(
      w.database.db,
      sql`SELECT count(*)::int AS n FROM keitaro_events WHERE processed`,
    );
    expect(processed[0]?.n).toBe(200);
    // What /metrics and `status` read: nothing is owed once the digests went out, so the
    // "oldest waiting delivery" alert stays quiet.
    expect(await queueSnapshot(w.database.db)).toEqual({
      byState: { pending: 0, held: 0, digested: 0, dead: 0, paused: 0, quiet: 0 },
      oldestWaitingSec: 0,
    });
  });

  it("keeps limits it is given (Telegram's, scaled down) under a flood: no 429, every conversion once", async () => {
    // A minute of Telegram in three seconds, and pacing's margins kept as they are.
    const telegramLimits = {
      chatIntervalMs: 100,
      groupPerWindow: 20,
      groupWindowMs: 3_000,
      globalPerWindow: 30,
      globalWindowMs: 100,
    };
    w = await startDeliveryWorld(kind, {
      telegram: { limits: telegramLimits },
      dispatcher: {
        pacing: {
          chatIntervalMs: 150,
          groupPerWindow: 20,
          groupWindowMs: 4_000,
          globalPerWindow: 30,
          globalWindowMs: 150,
          digestAfterMs: 1_000,
        },
      },
    });
    w.telegram.addChat({ id: GROUP, type: 'supergroup', title: 'Media buying' });
    const p = await w.profile({ defaultChatId: GROUP });
    for (let n = 0; n < 100; n++) {
      await w.post(
        p,
        `status=${n % 4 === 0 ? 'sale' : 'lead'}&tid=T-${n}&campaign_name=Campaign%20${n % 3}&conversion_revenue=10&currency=USD`,
      );
    }
    await waitFor(async () => (await undeliveredCount(w.database.db)) === 0);

    const messages = w.telegram.messagesTo(GROUP);
    expect(w.telegram.tooManyRequests).toBe(0);
    for (const m of messages) {
      const inWindow = messages.filter((o) => o.at >= m.at && o.at < m.at + 3_000);
      expect(inWindow.length).toBeLessThanOrEqual(20);
    }
    expect(messages.some((m) => conversionsIn(m) > 1)).toBe(true);
    expect(messages.reduce((sum, m) => sum + conversionsIn(m), 0)).toBe(100);
  });
});
