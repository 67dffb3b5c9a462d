import { afterEach, describe, expect, it } from 'vitest';
import type { SentMessage } from '../../src/demo/fake-bot-api.ts';
import { getProfile, listRoutes, updateProfile } from '../../src/profiles/repository.ts';
import {
  answer,
  botAdded,
  buttons,
  dataOf,
  newProfile,
  nextScreen,
  press,
  pressInTopic as pressIn,
  say,
  sayInTopic,
  shown,
  tap,
} from '../support/bot.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const ANN = 7_400_001;
const EVE = 7_400_002;
const TEAM_A = { id: -1003000000052, title: 'Team A' };

describe('what the bot says at the edges can be trusted', () => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  const lastTo = (user: number) => w.telegram.messagesTo(user).at(-1) as SentMessage;
  const profileScreen = (user: number, id: number) =>
    nextScreen(w, user, () => press(w, user, lastTo(user), `p:${id}`));

  it('the test message says in its first line that it is a test', async () => {
    w = await startDeliveryWorld('pglite');
    const { profile } = await newProfile(w, ANN);
    const screen = await profileScreen(ANN, profile.id);
    press(w, ANN, screen, `p:${profile.id}:test`);
    await shown(w, ANN, '✅ Тест пришёл в этот личный чат.');
    const test = w.telegram.messagesTo(ANN).find((m) => m.text.includes('Кампания: Test'));
    expect(test?.text.split('\n')[0]).toBe('<b>🧪 Тест — 💰 Депозит</b>');
  });

  it('after /language the command list of that person is in the chosen language', async () => {
    w = await startDeliveryWorld('pglite');
    const languages = await nextScreen(w, ANN, () => say(w, ANN, '/language'));
    await nextScreen(w, ANN, () => press(w, ANN, languages, 'l:en'));
    await waitFor(() => w.telegram.commands.some((c) => c.scope?.type === 'chat'));
    const mine = w.telegram.commands.filter((c) => c.scope?.chat_id === ANN);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.language).toBeNull();
    expect(mine[0]?.commands).toContainEqual({
      command: 'language',
      description: 'Language of the bot',
    });
  });

  it('a topic that does not exist is refused when typed, and 🩺 says it is missing', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    w.telegram.addChat({ ...TEAM_A, type: 'supergroup', isForum: true, topics: [7] });
    w.telegram.setAdmins(TEAM_A.id, [ANN]);
    const { profile } = await newProfile(w, ANN);
    let screen = await profileScreen(ANN, profile.id);
    screen = await tap(w, ANN, screen, 'Куда присылать');
    screen = await answer(w, ANN, String(TEAM_A.id));
    expect(screen.text).toContain('Какой топик?');
    screen = await answer(w, ANN, '99');
    expect(screen.text).toContain('❗️ В «Team A» нет топика 99: проверьте номер или ссылку.');
    expect((await getProfile(w.database.db, profile.id))?.defaultChatId).toBeNull();
    screen = await answer(w, ANN, '7');
    expect(screen.text).toContain('Уведомления: чат «Team A», топик 7');

    // The topic is deleted later: 🩺 says so rather than "can post".
    await updateProfile(w.database.db, profile.id, { defaultTopicId: 99 });
    const diag = await nextScreen(w, ANN, () => press(w, ANN, screen, `p:${profile.id}:diag`));
    expect(diag.text).toContain('❌ чат «Team A», топик 99: такого топика нет');
    expect(diag.text).not.toContain('топик 99: могу туда писать');
  });

  it('/connect outside a wizard asks its sender first: the profile’s chat, a route here, or nothing', async () => {
    w = await startDeliveryWorld('pglite', { telegram: { enforceLimits: false } });
    w.telegram.addChat({ ...TEAM_A, type: 'supergroup', isForum: true, topics: [7] });
    w.telegram.setAdmins(TEAM_A.id, [ANN, EVE]);
    const { profile } = await newProfile(w, ANN);
    const inGroup = () => w.telegram.messagesTo(TEAM_A.id);
    const pressInTopic = (from: number, message: SentMessage, data: string) =>
      pressIn(w, from, TEAM_A, 7, message, data);

    sayInTopic(w, ANN, TEAM_A, { id: 7, name: 'Deals' }, '/connect');
    await waitFor(() => inGroup().length === 1);
    const ask = inGroup()[0] as SentMessage;
    expect(ask).toMatchObject({
      threadId: 7,
      text: 'Этот топик и профиль «Keitaro»: что сделать?',
    });
    expect(buttons(ask).map((b) => b.split('=')[0])).toEqual([
      '📍 Все уведомления профиля — сюда',
      '🔀 Добавить маршрут сюда',
      '✖️ Отмена',
    ]);
    expect((await getProfile(w.database.db, profile.id))?.defaultChatId).toBeNull();

    // Another admin of the group cannot answer for ANN.
    const answered = w.telegram.callbackAnswers.length;
    pressInTopic(EVE, ask, dataOf(ask, 'Все уведомления'));
    await waitFor(() => w.telegram.callbackAnswers.length > answered);
    expect(w.telegram.callbackAnswers.at(-1)?.text).toBe(
      'Эти кнопки — для того, кто отправил /connect.',
    );
    expect((await getProfile(w.database.db, profile.id))?.defaultChatId).toBeNull();

    // A route: the wizard goes on in private, with this topic as where it sends.
    const wizard = await nextScreen(w, ANN, () =>
      pressInTopic(ANN, ask, dataOf(ask, 'Добавить маршрут')),
    );
    expect(wizard.text).toContain('Новый маршрут для «Keitaro»');
    await waitFor(() => inGroup()[0]?.edits === 1);
    expect(inGroup()[0]?.text).toBe('➡️ Маршрут сюда настраивается в личном чате со мной.');
    let step = await tap(w, ANN, wizard, 'Все конверсии');
    step = await tap(w, ANN, step, 'Все статусы');
    step = await tap(w, ANN, step, 'Все страны');
    expect(step.text).toContain('Язык этих уведомлений?');
    step = await tap(w, ANN, step, 'Как в профиле');
    expect(step.text).toContain('все конверсии → чат «Team A», топик «Deals»');
    step = await tap(w, ANN, step, 'Сохранить');
    expect(step.text).toContain('✅ Маршрут сохранён.');
    expect(await listRoutes(w.database.db, profile.id)).toMatchObject([
      { matchBy: 'any', chatId: TEAM_A.id, topicId: 7 },
    ]);

    // The profile's chat: only after the admin said so.
    sayInTopic(w, ANN, TEAM_A, { id: 7, name: 'Deals' }, '/connect');
    await waitFor(() => inGroup().length === 2);
    const again = inGroup()[1] as SentMessage;
    pressInTopic(ANN, again, dataOf(again, 'Все уведомления'));
    await waitFor(() => inGroup()[1]?.edits === 1);
    expect(inGroup()[1]?.text).toBe('✅ Конверсии «Keitaro» будут приходить в этот топик.');
    expect(await getProfile(w.database.db, profile.id)).toMatchObject({
      defaultChatId: TEAM_A.id,
      defaultTopicId: 7,
    });
  }, 120_000);

  it('the offer of a new group can be declined, and nothing is bound', async () => {
    w = await startDeliveryWorld('pglite');
    w.telegram.addChat({ ...TEAM_A, type: 'supergroup' });
    w.telegram.setAdmins(TEAM_A.id, [ANN]);
    const { profile } = await newProfile(w, ANN);
    const offer = await nextScreen(w, ANN, () => botAdded(w, ANN, TEAM_A));
    expect(buttons(offer).map((b) => b.split('=')[0])).toEqual(['«Keitaro» → сюда', '✖️ Нет']);
    const declined = await tap(w, ANN, offer, 'Нет');
    expect(declined.text).toBe(
      '👌 Хорошо, в «Team A» ничего не присылаю. Передумаете — отправьте там /connect.',
    );
    expect(declined.replyMarkup?.inline_keyboard ?? []).toEqual([]);
    expect((await getProfile(w.database.db, profile.id))?.defaultChatId).toBeNull();
    await waitFor(() => w.telegram.callbackAnswers.length > 0);
  });
});
