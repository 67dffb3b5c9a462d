import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_OK } from '../../src/cli/arguments.ts';
import { leadQuery, saleForm } from '../fixtures/postbacks.ts';
import { cliOn } from '../support/cli.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const OWNER = 7_300_001;
const FORUM = -1001000000900;

/** A buyer's conversions as Keitaro sends them, sub_id_1 holding the buyer. */
const lead = (buyer: string, click: string) =>
  leadQuery.replace('sub_id_1=buyer7', `sub_id_1=${buyer}`).replace('3kq1a9x7', click);
const sale = (buyer: string, click: string) =>
  saleForm.replace('sub_id_1=google', `sub_id_1=${buyer}`).replace('3kq1a9x7', click);

describe.each(databaseKinds)('a topic per buyer on %s', (kind) => {
  let w: DeliveryWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  async function team(canManageTopics: boolean) {
    w = await startDeliveryWorld(kind);
    const world = w;
    world.telegram.addChat({
      id: FORUM,
      type: 'supergroup',
      title: 'Team',
      isForum: true,
      topics: [],
      bot: 'administrator',
      canManageTopics,
    });
    const p = await world.profile({ ownerUserId: OWNER, defaultChatId: OWNER });
    const cli = cliOn(world.database, () => world.service.directory.invalidate());
    const added = await cli(
      'route',
      'add',
      String(p.id),
      '--match',
      'sub_id_1=/^buyer/',
      '--topic-per-value',
      '--chat',
      String(FORUM),
    );
    expect(added.code).toBe(EXIT_OK);
    expect(added.out).toContain('a topic per sub_id_1');
    expect(added.out).toContain('right to manage topics');
    const inForum = () => world.telegram.messagesTo(FORUM);
    return { world, p, inForum };
  }

  it('makes a topic the first time a buyer comes, reuses it, and makes another for another buyer', async () => {
    const { world, p, inForum } = await team(true);
    await world.post(p, lead('buyer7', 'a1'));
    await world.post(p, lead('buyer8', 'b1'));
    await world.post(p, sale('buyer7', 'a1'));
    await waitFor(() => inForum().length === 3);
    expect(world.telegram.topicsCreated.map((x) => x.name)).toEqual(['buyer7', 'buyer8']);
    const topicOf = (name: string) =>
      world.telegram.topicsCreated.find((x) => x.name === name)?.topicId;
    // Deposits may go first when the chat has a backlog: what matters is where each went.
    const where = inForum().map((m) => `${m.threadId} ${m.text.split('\n')[0]}`);
    expect(where.sort()).toEqual(
      [
        `${topicOf('buyer7')} <b>📝 Регистрация</b>`,
        `${topicOf('buyer8')} <b>📝 Регистрация</b>`,
        `${topicOf('buyer7')} <b>💰 Депозит</b>`,
      ].sort(),
    );
    // The deposit answers its registration in the buyer's own topic.
    const deposit = inForum().find((m) => m.text.startsWith('<b>💰'));
    const registration = inForum().find(
      (m) => m.threadId === topicOf('buyer7') && m.text.startsWith('<b>📝'),
    );
    expect(deposit?.replyTo).toBe(registration?.messageId);

    // Someone deletes buyer7's topic: the next conversion makes a new one.
    world.telegram.deleteTopic(FORUM, topicOf('buyer7') as number);
    await world.post(p, lead('buyer7', 'c1'));
    await waitFor(() => world.telegram.topicsCreated.length === 3);
    await waitFor(() => inForum().length === 4);
    const renewed = world.telegram.topicsCreated[2];
    expect(renewed?.name).toBe('buyer7');
    expect(inForum()[3]?.threadId).toBe(renewed?.topicId);
  }, 90_000);

  it('without the right to manage topics, sends to the main thread and tells the owner once', async () => {
    const { world, p, inForum } = await team(false);
    await world.post(p, lead('buyer7', 'a1'));
    await world.post(p, lead('buyer8', 'b1'));
    await waitFor(() => inForum().length === 2);
    expect(inForum().map((m) => m.threadId)).toEqual([null, null]);
    await waitFor(() => world.telegram.messagesTo(OWNER).length === 1);
    expect(world.telegram.messagesTo(OWNER)[0]?.text).toContain(
      'бот не может создавать там топики',
    );
    expect(world.telegram.messagesTo(OWNER)[0]?.text).toContain('правом управлять топиками');
  }, 90_000);
});
