import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_OK } from '../../src/cli/arguments.ts';
import { queryRows } from '../../src/db/client.ts';
import { pause, resume } from '../../src/delivery/calm.ts';
import { saleForm } from '../fixtures/postbacks.ts';
import { cliOn } from '../support/cli.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const TEAM = -1001000000960;
const SHARED = -1001000000961;
/** The same deposit from campaign 15, which a route sends to the shared chat. */
const sharedSale = (tid: string) =>
  saleForm.replace('campaign_id=12', 'campaign_id=15').replace('tid=T-991', `tid=${tid}`);

describe.each(databaseKinds)('what a card shows, delivered on %s', (kind) => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  /** Waits until the outbox records this many sent deliveries of `kind`. */
  const sent = (world: DeliveryWorld, n: number, what = 'event') =>
    waitFor(async () => {
      const [row] = await queryRows<{ n: number }>(
        world.database.db,
        sql`SELECT count(*)::int AS n FROM keitaro_deliveries WHERE kind = ${what} AND state = 'sent'`,
      );
      return row?.n === n;
    });

  it("a profile that hides revenue sends no amount; a route's compact card beats it, until it takes the profile's again", async () => {
    w = await startDeliveryWorld(kind);
    const world = w;
    const p = await world.profile({ defaultChatId: TEAM });
    const cli = cliOn(world.database);
    const id = String(p.id);
    expect((await cli('profile', 'set', id, '--card-hide', 'revenue')).code).toBe(EXIT_OK);
    const added = await cli(
      'route',
      'add',
      id,
      '--match-by',
      'campaign_id',
      '--value',
      '15',
      '--chat',
      String(SHARED),
      '--card',
      'compact',
      '--card-hide',
      'none',
    );
    expect(added.code).toBe(EXIT_OK);
    expect(added.out).toContain('card compact');
    const routeId = /#(\d+)/.exec(added.out)?.[1] as string;

    await world.post(p, saleForm);
    await world.post(p, sharedSale('T-1001'));
    await sent(world, 2);
    expect(world.telegram.messagesTo(TEAM).map((m) => m.text)).toEqual([
      [
        '<b>💰 Депозит</b>',
        'Кампания: Betting UA',
        'Креатив: cr_123',
        'Лендинг: Landing Page',
        'Sub1: google | ГЕО: 🇺🇦 UA',
        'TX: <code>T-991</code>',
      ].join('\n'),
    ]);
    expect(world.telegram.messagesTo(SHARED).map((m) => m.text)).toEqual([
      '<b>💰 Депозит</b> · 100 USD · Betting UA · 🇺🇦 UA · google',
    ]);

    // The route takes the profile's card again: full, and no amount.
    expect((await cli('route', 'set', routeId, '--card', 'profile')).code).toBe(EXIT_OK);
    await world.post(p, sharedSale('T-1002'));
    await sent(world, 3);
    const [, again] = world.telegram.messagesTo(SHARED);
    expect(again?.text.split('\n')[0]).toBe('<b>💰 Депозит</b>');
    expect(again?.text).not.toContain('USD');
  }, 90_000);

  it('a repeat deposit in a chat that hides revenue says which deposit it is, not the total', async () => {
    w = await startDeliveryWorld(kind);
    const world = w;
    const p = await world.profile({ defaultChatId: TEAM });
    const cli = cliOn(world.database);
    await cli('profile', 'set', String(p.id), '--card', 'compact', '--card-hide', 'revenue');
    await world.post(p, saleForm);
    await sent(world, 1);
    // The deposit's message is remembered, so the rebill answers it.
    await waitFor(async () => {
      const rows = await queryRows<{ n: number }>(
        world.database.db,
        sql`SELECT count(*)::int AS n FROM keitaro_threads WHERE deposit_message_id IS NOT NULL`,
      );
      return rows[0]?.n === 1;
    });
    await world.post(p, saleForm.replace('status=sale', 'status=rebill').replace('T-991', 'T-995'));
    await sent(world, 2);
    const rebill = world.telegram.messagesTo(TEAM)[1];
    expect(rebill?.text).toBe(
      '<b>🔁 Повторный депозит</b> · Betting UA · 🇺🇦 UA · google\n🔁 2-й депозит',
    );
  }, 90_000);

  it('a digest of a chat whose card hides revenue and TX says neither', async () => {
    w = await startDeliveryWorld(kind);
    const world = w;
    const p = await world.profile({ defaultChatId: TEAM });
    const cli = cliOn(world.database);
    await cli('profile', 'set', String(p.id), '--card-hide', 'revenue,tx');
    const db = world.database.db;
    await pause(db, 'profile', p.id, 'until-resumed');
    await world.post(p, saleForm);
    await world.post(p, saleForm.replace('T-991', 'T-996').replace('3kq1a9x7', 'other-click'));
    await resume(db, 'profile', p.id);
    world.service.calm.invalidate();
    await sent(world, 1, 'digest');
    const [digest] = world.telegram.messagesTo(TEAM);
    expect(digest?.text).toBe(
      '<b>🔕 Пока была пауза: 2 конверсии</b>\n<b>💰 Депозиты</b>: 2 за 1 мин — Betting UA ×2 (UA 2)',
    );
  }, 90_000);
});
