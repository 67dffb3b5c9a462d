import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { pause, resume } from '../../src/delivery/calm.ts';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import { leadQuery, saleForm } from '../fixtures/postbacks.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const TEAM = -1001000000800;

/** The player's repeat deposit and a chargeback of the first one, on the same click. */
const rebill =
  'status=rebill&subid=3kq1a9x7&tid=T-1200&campaign_id=12&campaign_name=Betting%20UA' +
  '&conversion_revenue=30&currency=USD&country=UA&sub_id_1=google';
const chargeback =
  'status=rejected&subid=3kq1a9x7&tid=T-991&campaign_id=12&campaign_name=Betting%20UA' +
  '&reason=chargeback';

describe.each(databaseKinds)('the funnel in one thread on %s', (kind) => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  async function team() {
    w = await startDeliveryWorld(kind);
    const world = w;
    const p = await world.profile({ defaultChatId: TEAM });
    const messages = () => world.telegram.messagesTo(TEAM);
    const next = async (query: string): Promise<SentMessage> => {
      const before = messages().length;
      await world.post(p, query);
      await waitFor(() => messages().length > before);
      return messages().at(-1) as SentMessage;
    };
    /** The registration came this long before (as if it had been stored then). */
    const backdate = async (interval: string) => {
      await world.database.db.execute(
        sql`UPDATE keitaro_threads SET registered_at = registered_at - ${interval}::interval`,
      );
    };
    /** The registration's message is known to what will answer it. */
    const remembered = () =>
      waitFor(async () => {
        const rows = await queryRows<{ n: number }>(
          world.database.db,
          sql`SELECT count(*)::int AS n FROM keitaro_threads`,
        );
        return rows[0]?.n === 1;
      });
    return { world, p, next, backdate, remembered };
  }

  it('a deposit answers its registration, which gets one line; a rebill answers the deposit with the total; a chargeback answers the deposit', async () => {
    const { next, backdate, remembered } = await team();
    const registration = await next(leadQuery);
    expect(registration.replyTo).toBeUndefined();
    await remembered();
    await backdate('2 hours 13 minutes');

    const deposit = await next(saleForm);
    expect(deposit.replyTo).toBe(registration.messageId);
    expect(deposit.text.split('\n').at(-1)).toBe('⏱ через 2 ч 13 мин после регистрации');
    // The registration is edited once, with the deposit's line under it.
    await waitFor(() => registration.edits === 1);
    expect(registration.text.split('\n')[0]).toBe('<b>📝 Регистрация</b>');
    expect(registration.text.split('\n').at(-1)).toBe('→ 💰 депозит 100 USD через 2 ч 13 мин');

    const repeat = await next(rebill);
    expect(repeat.replyTo).toBe(deposit.messageId);
    expect(repeat.text.split('\n').at(-1)).toBe('🔁 2-й депозит, всего 130 USD');

    const rejected = await next(chargeback);
    expect(rejected.replyTo).toBe(deposit.messageId);
    expect(rejected.text).toMatch(/^<b>⛔️ /);
    expect(registration.edits).toBe(1);
  }, 90_000);

  it('a deleted registration message does not stop the deposit', async () => {
    const { world, next, remembered } = await team();
    const registration = await next(leadQuery);
    await remembered();
    world.telegram.deleteMessage(TEAM, registration.messageId);
    const deposit = await next(saleForm);
    expect(deposit.text).toMatch(/^<b>💰 Депозит<\/b>/);
    expect(deposit.replyTo).toBeUndefined();
    // The edit of the gone message is given up, not retried and not counted as a failure.
    await waitFor(async () => {
      const rows = await queryRows<{ state: string }>(
        world.database.db,
        sql`SELECT state FROM keitaro_deliveries WHERE kind = 'edit'`,
      );
      return rows.length === 1 && rows[0]?.state === 'sent';
    });
    const dead = await queryRows<{ n: number }>(
      world.database.db,
      sql`SELECT count(*)::int AS n FROM keitaro_deliveries WHERE state = 'dead'`,
    );
    expect(dead[0]?.n).toBe(0);
  }, 90_000);

  it('a deposit whose registration came in a digest answers the digest', async () => {
    const { world, p, next } = await team();
    const db = world.database.db;
    const id = p.id;
    // Two registrations wait out a pause and come as one digest.
    await pause(db, 'profile', id, 'until-resumed');
    await world.post(p, leadQuery);
    await world.post(p, leadQuery.replace('3kq1a9x7', 'other-click'));
    await resume(db, 'profile', id);
    world.service.calm.invalidate();
    await waitFor(() => world.telegram.messagesTo(TEAM).length === 1);
    const digest = world.telegram.messagesTo(TEAM)[0] as SentMessage;
    expect(digest.text.split('\n')[0]).toBe('<b>🔕 Пока была пауза: 2 конверсии</b>');
    await waitFor(async () => {
      const rows = await queryRows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM keitaro_threads WHERE registration_message_id = ${digest.messageId}`,
      );
      return rows[0]?.n === 2;
    });

    const deposit = await next(saleForm);
    expect(deposit.replyTo).toBe(digest.messageId);
    expect(deposit.text.split('\n').at(-1)).toMatch(/^⏱ через .+ после регистрации$/);
    // A digest is not edited: nothing to add a line to.
    expect(digest.edits).toBe(0);
  }, 90_000);
});
