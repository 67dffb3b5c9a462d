import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { deliveries, profiles } from '../../src/db/schema.ts';
import { addRoute } from '../../src/profiles/repository.ts';
import { depositQuery } from '../fixtures/postbacks.ts';
import { botRemoved } from '../support/bot.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const GROUP = -1001000000300;
const OWNER = 5550001;

async function deliveryOf(w: DeliveryWorld, eventId: number) {
  const [row] = await w.database.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.eventId, eventId));
  return row;
}

/**
 * The disk fills up: from now on the outbox cannot record a delivery as sent (the write is
 * refused, as PostgreSQL refuses writes when it cannot extend a file), until `free` is called.
 */
async function diskFullForSentDeliveries(w: DeliveryWorld) {
  const db = w.database.db;
  await db.execute(
    sql`ALTER TABLE keitaro_deliveries ADD CONSTRAINT no_space_left_on_device CHECK (state <> 'sent') NOT VALID`,
  );
  return {
    free: async () => {
      await db.execute(sql`ALTER TABLE keitaro_deliveries DROP CONSTRAINT no_space_left_on_device`);
    },
  };
}

describe.each(databaseKinds)('delivery at the edges on %s', (kind) => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  it('sends a conversion once when recording the send fails for longer than its lease', {
    timeout: 60_000,
  }, async () => {
    w = await startDeliveryWorld(kind, { dispatcher: { leaseSec: 1 } });
    const p = await w.profile({ defaultChatId: GROUP });
    const disk = await diskFullForSentDeliveries(w);
    const id = await w.post(p, depositQuery(1));
    await waitFor(() => w.telegram.messagesTo(GROUP).length === 1);

    // The lease runs out while the send is still unrecorded, and the dispatcher goes on.
    await waitFor(async () => {
      const [row] = await queryRows<{ expired: boolean }>(
        w.database.db,
        sql`SELECT lease_until < now() AS expired FROM keitaro_deliveries WHERE event_id = ${id}`,
      );
      return row?.expired === true;
    });
    const failuresSoFar = w.logs.filter((l) => l.includes('no_space_left_on_device')).length;
    await waitFor(
      () =>
        w.telegram.messagesTo(GROUP).length > 1 ||
        w.logs.filter((l) => l.includes('no_space_left_on_device')).length > failuresSoFar + 1,
    );
    await disk.free();

    await waitFor(async () => (await deliveryOf(w, id))?.state === 'sent');
    expect(w.telegram.messagesTo(GROUP)).toHaveLength(1);
    expect(await deliveryOf(w, id)).toMatchObject({
      messageId: w.telegram.messagesTo(GROUP)[0]?.messageId,
    });
  });

  it('follows a deleted forum topic to the main thread everywhere it is named, and tells the owner once', {
    timeout: 60_000,
  }, async () => {
    w = await startDeliveryWorld(kind);
    w.telegram.addChat({
      id: GROUP,
      type: 'supergroup',
      title: 'Team A',
      isForum: true,
      topics: [5],
    });
    // Topic 99 was deleted after the profile and a route were pointed at it.
    const p = await w.profile({ defaultChatId: GROUP, defaultTopicId: 99, language: 'en' });
    await addRoute(w.database.db, p.id, {
      matchBy: 'campaign_id',
      matchValue: '12',
      isPattern: false,
      statuses: [],
      geo: [],
      priority: 1,
      chatId: GROUP,
      topicId: 99,
      language: null,
    });
    await addRoute(w.database.db, p.id, {
      matchBy: 'campaign_id',
      matchValue: '77',
      isPattern: false,
      statuses: [],
      geo: [],
      priority: 2,
      chatId: GROUP,
      topicId: 5,
      language: null,
    });
    // The second conversion is routed (campaign 12), the others go to the profile's default.
    for (let n = 1; n <= 3; n++) {
      await w.post(p, depositQuery(n));
      await waitFor(() => w.telegram.messagesTo(GROUP).length === n);
    }
    await waitFor(() => w.telegram.messagesTo(OWNER).length === 1);
    expect(w.telegram.messagesTo(OWNER)[0]?.text).toBe(
      `⚠️ Topic 99 in ${GROUP} no longer exists, so notifications go to the chat's main thread. Choose another topic in the bot settings.`,
    );
    // Only the first conversion tried the dead topic: the group's minute is not spent on it.
    expect(w.telegram.calls.filter((c) => c.chatId === GROUP && c.code !== 200)).toHaveLength(1);
    expect(w.telegram.messagesTo(GROUP).map((m) => m.threadId)).toEqual([null, null, null]);
    const [profile] = await w.database.db.select().from(profiles).where(eq(profiles.id, p.id));
    expect(profile).toMatchObject({ defaultChatId: GROUP, defaultTopicId: null });
    const routes = await queryRows<{ topic_id: number | null }>(
      w.database.db,
      sql`SELECT topic_id FROM keitaro_routes ORDER BY priority`,
    );
    expect(routes).toEqual([{ topic_id: null }, { topic_id: 5 }]);
    // What the owner was told stays readable for 🩺.
    const notices = await queryRows<{ profile_id: number; summary: unknown }>(
      w.database.db,
      sql`SELECT profile_id, summary FROM keitaro_deliveries WHERE kind = 'notice'`,
    );
    expect(notices).toEqual([
      {
        profile_id: p.id,
        summary: {
          kind: 'topic-missing',
          chatId: GROUP,
          title: null,
          topic: 99,
          profileIds: [p.id],
        },
      },
    ]);
  });

  it('tells each owner whose profile or route targets a group, once and at once, when the bot is removed from it', {
    timeout: 60_000,
  }, async () => {
    w = await startDeliveryWorld(kind);
    const other = 5550002;
    const bystander = 5550003;
    await w.profile({ defaultChatId: GROUP, language: 'en' });
    // Two profiles of one person: one notice for that person.
    await w.profile({ defaultChatId: GROUP, language: 'en' });
    const routed = await w.profile({ ownerUserId: other, language: 'en' });
    await addRoute(w.database.db, routed.id, {
      matchBy: 'any',
      matchValue: null,
      isPattern: false,
      statuses: ['deposit'],
      geo: [],
      priority: 1,
      chatId: GROUP,
      topicId: null,
      language: null,
    });
    await w.profile({ ownerUserId: bystander, defaultChatId: -1001000000301 });

    // Nothing is waiting for the group: the removal alone is news.
    botRemoved(w, 777, { id: GROUP, title: 'Team A' }, 'kicked');
    // In the owners' language, quoted as it quotes, and in plain words.
    const told = `⚠️ I can no longer post to "Team A" (${GROUP}): I was removed from there. Notifications for it are kept and will be delivered when I am added back.`;
    await waitFor(() => w.telegram.messagesTo(OWNER).length === 1);
    await waitFor(() => w.telegram.messagesTo(other).length === 1);
    expect(w.telegram.messagesTo(OWNER)[0]?.text).toBe(told);
    expect(w.telegram.messagesTo(other)[0]?.text).toBe(told);

    // Telegram may say it again (left after kicked): nobody is told twice.
    botRemoved(w, 777, { id: GROUP, title: 'Team A' }, 'left');
    await waitFor(async () => {
      const [chat] = await queryRows<{ unreachable_reason: string }>(
        w.database.db,
        sql`SELECT unreachable_reason FROM keitaro_chats WHERE chat_id = ${GROUP}`,
      );
      return chat?.unreachable_reason.includes('left') === true;
    });
    const notices = await queryRows<{ chat_id: string }>(
      w.database.db,
      sql`SELECT chat_id::text FROM keitaro_deliveries WHERE kind = 'notice' ORDER BY chat_id`,
    );
    expect(notices.map((n) => Number(n.chat_id))).toEqual([OWNER, other]);
    expect(w.telegram.messagesTo(bystander)).toHaveLength(0);
  });
});
