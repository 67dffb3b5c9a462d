import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { deliveries, events, profiles } from '../../src/db/schema.ts';
import { pauseChat } from '../../src/delivery/outbox.ts';
import { addRoute } from '../../src/profiles/repository.ts';
import { routeInput } from '../../src/profiles/settings.ts';
import { depositQuery, leadQuery, saleForm } from '../fixtures/postbacks.ts';
import { botAdded } from '../support/bot.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const OWNER = 5550001;
const GROUP = -1001000000100;

async function deliveryOf(w: DeliveryWorld, eventId: number) {
  const [row] = await w.database.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.eventId, eventId));
  return row;
}

async function eventRow(w: DeliveryWorld, eventId: number) {
  const [row] = await w.database.db.select().from(events).where(eq(events.id, eventId));
  return row;
}

describe.each(databaseKinds)('delivery on %s', (kind) => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  it('delivers a postback that came through HTTP to the routed chat and topic, and marks it processed', async () => {
    w = await startDeliveryWorld(kind);
    w.telegram.addChat({ id: GROUP, type: 'supergroup', isForum: true, topics: [42] });
    const p = await w.profile({ defaultChatId: -1001000000999 });
    await addRoute(w.database.db, p.id, {
      matchBy: 'campaign_id',
      matchValue: '12',
      isPattern: false,
      statuses: ['deposit'],
      geo: [],
      priority: 1,
      chatId: GROUP,
      topicId: 42,
      language: 'en',
    });
    const routed = await w.post(p, new URLSearchParams(saleForm).toString());
    const fallback = await w.post(p, leadQuery);

    await waitFor(() => w.telegram.messages.length === 2);
    const inTopic = w.telegram.messagesTo(GROUP);
    expect(inTopic).toHaveLength(1);
    expect(inTopic[0]).toMatchObject({ threadId: 42, parseMode: 'HTML' });
    expect(inTopic[0]?.text).toBe(
      '<b>💰 Deposit</b>\nCampaign: Betting UA\nCreative: cr_123\nLanding: Landing Page\nRevenue: 100 USD\nSub1: google | GEO: 🇺🇦 UA\nTX: <code>T-991</code>',
    );
    expect(w.telegram.messagesTo(-1001000000999)[0]?.text).toMatch(/^<b>📝 Регистрация<\/b>/);

    await waitFor(async () => (await eventRow(w, routed))?.processed === true);
    expect(await deliveryOf(w, routed)).toMatchObject({
      state: 'sent',
      messageId: inTopic[0]?.messageId,
      attempts: 0,
    });
    await waitFor(async () => (await eventRow(w, fallback))?.processed === true);
  });

  it("sends a buyer's conversions to the buyer's chat by sub_id_1, as typed in the CLI", async () => {
    w = await startDeliveryWorld(kind);
    const TEAM = -1001000000999;
    const p = await w.profile({ defaultChatId: TEAM });
    const buyer7 = routeInput.parse({
      matchBy: 'any',
      conditions: ['sub_id_1=buyer7', 'country=UA,KZ'],
      chatId: GROUP,
    });
    await addRoute(w.database.db, p.id, buyer7);
    await w.post(p, leadQuery); // buyer7 in UA
    await w.post(p, saleForm); // sub_id_1=google
    await w.post(p, leadQuery.replace('country=UA', 'country=PL').replace('3kq1a9x7', 'pl1'));
    await waitFor(() => w.telegram.messages.length === 3);
    expect(w.telegram.messagesTo(GROUP).map((m) => m.text.split('\n')[0])).toEqual([
      '<b>📝 Регистрация</b>',
    ]);
    expect(w.telegram.messagesTo(GROUP)[0]?.text).toContain('ГЕО: 🇺🇦 UA');
    expect(w.telegram.messagesTo(TEAM)).toHaveLength(2);
  });

  it('waits out a storm of 429s and loses nothing, without counting them as attempts', async () => {
    w = await startDeliveryWorld(kind);
    const p = await w.profile({ defaultChatId: GROUP });
    w.telegram.failNext(GROUP, 3, {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    const id = await w.post(p, depositQuery(1));
    await waitFor(() => w.telegram.messagesTo(GROUP).length === 1, 15_000);
    expect(w.telegram.tooManyRequests).toBe(3);
    // Each 429 was honoured: the retries are at least retry_after apart.
    const attempts = w.telegram.calls.filter((c) => c.chatId === GROUP).map((c) => c.at);
    for (let i = 1; i < attempts.length; i++) {
      expect((attempts[i] as number) - (attempts[i - 1] as number)).toBeGreaterThanOrEqual(950);
    }
    await waitFor(async () => (await deliveryOf(w, id))?.state === 'sent');
    expect((await deliveryOf(w, id))?.attempts).toBe(0);
  });

  it("pauses every chat when 429s from several chats show the bot's own limit", async () => {
    w = await startDeliveryWorld(kind);
    const chats = [-1002000000001, -1002000000002, -1002000000003];
    const storm = {
      error_code: 429,
      description: 'Too Many Requests: retry after 2',
      parameters: { retry_after: 2 },
    };
    // Telegram answers the three chats' sends together, as when the bot's own limit is hit.
    w.telegram.holdSends();
    for (const chat of chats) {
      w.telegram.failNext(chat, 1, storm);
      await w.post(await w.profile({ defaultChatId: chat }), depositQuery(chat));
    }
    await waitFor(() => w.telegram.heldSends === 3);
    w.telegram.releaseSends();
    await waitFor(() => w.telegram.tooManyRequests === 3);
    const lastRefusal = Math.max(
      ...w.telegram.calls.filter((c) => c.code === 429).map((c) => c.at),
    );
    const quiet = -1002000000004;
    await w.post(await w.profile({ defaultChatId: quiet }), depositQuery(4));
    await waitFor(() => w.telegram.messagesTo(quiet).length === 1, 15_000);
    // The chat that never saw a 429 still waited out the bot-wide retry_after.
    expect((w.telegram.messagesTo(quiet)[0]?.at ?? 0) - lastRefusal).toBeGreaterThanOrEqual(1_900);
    await waitFor(() => chats.every((chat) => w.telegram.messagesTo(chat).length === 1), 15_000);
  });

  it('sends deposits before registrations when a chat has a backlog', async () => {
    w = await startDeliveryWorld(kind);
    // The chat is waiting out a retry_after while the conversions arrive: a backlog.
    await pauseChat(w.database.db, OWNER, new Date(Date.now() + 2_000));
    const p = await w.profile();
    for (let i = 0; i < 3; i++) await w.post(p, `status=lead&subid=reg-${i}&campaign_name=Reg`);
    for (let i = 0; i < 2; i++)
      await w.post(p, `status=sale&tid=dep-${i}&campaign_name=Dep&conversion_revenue=10`);
    expect(w.telegram.messagesTo(OWNER)).toHaveLength(0);
    await waitFor(() => w.telegram.messagesTo(OWNER).length === 5, 15_000);
    const titles = w.telegram.messagesTo(OWNER).map((m) => m.text.split('\n')[0]);
    expect(titles).toEqual([
      '<b>💰 Депозит</b>',
      '<b>💰 Депозит</b>',
      '<b>📝 Регистрация</b>',
      '<b>📝 Регистрация</b>',
      '<b>📝 Регистрация</b>',
    ]);
  });

  it('holds deliveries to a chat that blocked the bot, tells the owner once, and sends them when the bot is back', async () => {
    w = await startDeliveryWorld(kind);
    w.telegram.addChat({ id: GROUP, type: 'supergroup', title: 'Team A' });
    w.telegram.block(GROUP, 'Forbidden: bot was kicked from the supergroup chat');
    const p = await w.profile({ defaultChatId: GROUP, language: 'en' });
    const first = await w.post(p, depositQuery(1));
    await waitFor(async () => (await deliveryOf(w, first))?.state === 'held');
    const second = await w.post(p, depositQuery(2));
    await waitFor(async () => (await deliveryOf(w, second))?.state === 'held');

    await waitFor(() => w.telegram.messagesTo(OWNER).length === 1);
    expect(w.telegram.messagesTo(OWNER)[0]?.text).toBe(
      `⚠️ I can no longer post to ${GROUP}: I was removed from there. Notifications for it are kept and will be delivered when I am added back.`,
    );

    w.telegram.unblock(GROUP);
    botAdded(w, OWNER, { id: GROUP, title: 'Team A' }, 'kicked');
    await waitFor(() => w.telegram.messagesTo(GROUP).length === 2, 15_000);
    expect(w.telegram.messagesTo(OWNER)).toHaveLength(1);
    await waitFor(async () => (await eventRow(w, second))?.processed === true);
  });

  it('follows a group that became a supergroup: rewrites its id everywhere and delivers', async () => {
    w = await startDeliveryWorld(kind);
    const oldId = -400123;
    const newId = -1001400123;
    w.telegram.migrate(oldId, newId);
    const p = await w.profile({ defaultChatId: oldId });
    await addRoute(w.database.db, p.id, {
      matchBy: 'source',
      matchValue: 'tiktok',
      isPattern: false,
      statuses: [],
      geo: [],
      priority: 1,
      chatId: oldId,
      topicId: null,
      language: null,
    });
    const id = await w.post(p, depositQuery(1));
    await waitFor(() => w.telegram.messagesTo(newId).length === 1);
    await waitFor(async () => (await deliveryOf(w, id))?.state === 'sent');
    expect((await deliveryOf(w, id))?.chatId).toBe(newId);
    const [profile] = await w.database.db.select().from(profiles).where(eq(profiles.id, p.id));
    expect(profile?.defaultChatId).toBe(newId);
    const routes = await queryRows<{ chat_id: string }>(
      w.database.db,
      sql`SELECT chat_id::text FROM keitaro_routes`,
    );
    expect(routes).toEqual([{ chat_id: String(newId) }]);
  });

  it('falls back to the main thread when the topic is gone, and tells the owner', async () => {
    w = await startDeliveryWorld(kind);
    w.telegram.addChat({ id: GROUP, type: 'supergroup', isForum: true, topics: [5] });
    const p = await w.profile({ defaultChatId: GROUP, defaultTopicId: 99 });
    const id = await w.post(p, depositQuery(1));
    await waitFor(() => w.telegram.messagesTo(GROUP).length === 1);
    expect(w.telegram.messagesTo(GROUP)[0]?.threadId).toBeNull();
    await waitFor(() => w.telegram.messagesTo(OWNER).length === 1);
    expect(w.telegram.messagesTo(OWNER)[0]?.text).toContain('Топика 99');
    await waitFor(async () => (await deliveryOf(w, id))?.state === 'sent');
  });

  it('resends as plain text when Telegram cannot parse the HTML', async () => {
    w = await startDeliveryWorld(kind);
    w.telegram.refuseHtml(GROUP);
    const p = await w.profile({ defaultChatId: GROUP });
    await w.post(
      p,
      'status=sale&tid=T-html&campaign_name=%3Cb%3EVIP%3C%2Fb%3E&conversion_revenue=5&currency=USD',
    );
    await waitFor(() => w.telegram.messagesTo(GROUP).length === 1);
    expect(w.telegram.messagesTo(GROUP)[0]).toMatchObject({
      parseMode: null,
      text: '💰 Депозит\nКампания: <b>VIP</b>\nДоход: 5 USD\nTX: T-html',
    });
  });

  it('retries 5xx with backoff and delivers once Telegram recovers', async () => {
    w = await startDeliveryWorld(kind);
    w.telegram.failNext(GROUP, 2);
    const p = await w.profile({ defaultChatId: GROUP });
    const id = await w.post(p, depositQuery(1));
    await waitFor(() => w.telegram.messagesTo(GROUP).length === 1);
    await waitFor(async () => (await deliveryOf(w, id))?.state === 'sent');
    expect((await deliveryOf(w, id))?.attempts).toBe(2);
  });

  it('gives up after the last retry and keeps the dead delivery visible to monitoring', async () => {
    w = await startDeliveryWorld(kind);
    w.telegram.failNext(GROUP, 10, { error_code: 500, description: 'Internal Server Error' });
    const p = await w.profile({ defaultChatId: GROUP });
    const id = await w.post(p, depositQuery(1));
    await waitFor(async () => (await deliveryOf(w, id))?.state === 'dead', 15_000);
    expect(await deliveryOf(w, id)).toMatchObject({
      attempts: 3,
      lastError: 'Internal Server Error',
    });
    const failing = await queryRows<{ id: string; error: string }>(
      w.database.db,
      sql.raw(`SELECT * FROM keitaro_events WHERE processed = false AND error IS NOT NULL
ORDER BY created_at DESC LIMIT 10;`),
    );
    expect(failing.map((e) => [Number(e.id), e.error])).toEqual([
      [id, 'Telegram: Internal Server Error'],
    ]);
    expect(w.telegram.messagesTo(GROUP)).toHaveLength(0);
  });
});
