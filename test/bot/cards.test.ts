import { afterEach, describe, expect, it } from 'vitest';
import { encode } from '../../src/bot/callback.ts';
import { addRoute, getProfile, getRoute, updateProfile } from '../../src/profiles/repository.ts';
import { routeInput } from '../../src/profiles/settings.ts';
import { buttons, newProfile, nextScreen, press, tap } from '../support/bot.ts';
import { type DeliveryWorld, startDeliveryWorld } from '../support/delivery.ts';
import { waitFor } from '../support/processes.ts';

const ANN = 7_200_101;
const STRANGER = 7_200_102;
const SHARED = -1003000000142;

/** The preview on a card screen: the sample deposit as the chat would get it now. */
const preview = (text: string) => /<blockquote>([\s\S]*)<\/blockquote>/.exec(text)?.[1];

describe('🪪 the card from Telegram', () => {
  let w: DeliveryWorld;
  afterEach(async () => {
    await w?.close();
  });

  it("previews a sample deposit and changes the profile's card a tap at a time", async () => {
    w = await startDeliveryWorld('pglite');
    const { profile, screen: url } = await newProfile(w, ANN);
    const profileScreen = await nextScreen(w, ANN, () => press(w, ANN, url, `p:${profile.id}`));
    let card = await tap(w, ANN, profileScreen, '🪪 Карточка');
    expect(card.text).toContain(`<b>🪪 Карточка «${profile.name}»</b>`);
    expect(preview(card.text)?.split('\n')).toEqual([
      '<b>💰 Депозит</b>',
      'Кампания: Test',
      'Креатив: cr_test',
      'Лендинг: Landing Page',
      'Доход: 100 USD',
      'Sub1: test | ГЕО: 🇺🇸 US',
      expect.stringMatching(/^TX: <code>TEST-\w+<\/code>$/),
    ]);
    expect(buttons(card)).toContain(`• 📄 Полная=cd:p:${profile.id}:l:f`);
    expect(buttons(card)).toContain(`✅ Доход=cd:p:${profile.id}:h:revenue:1`);

    card = await tap(w, ANN, card, 'В одну строку');
    expect(preview(card.text)).toBe('<b>💰 Депозит</b> · 100 USD · Test · 🇺🇸 US · test');
    card = await tap(w, ANN, card, '✅ Доход');
    expect(preview(card.text)).toBe('<b>💰 Депозит</b> · Test · 🇺🇸 US · test');
    expect(buttons(card)).toContain(`▫️ Доход=cd:p:${profile.id}:h:revenue:0`);
    card = await tap(w, ANN, card, '➕ Sub3');
    expect(preview(card.text)).toBe('<b>💰 Депозит</b> · Test · 🇺🇸 US · test · test3');
    expect((await getProfile(w.database.db, profile.id))?.card).toEqual({
      layout: 'compact',
      hide: ['revenue'],
      show: ['sub_id_3'],
    });

    // A button names the state it sets: pressed again on an old screen, nothing more changes.
    const pressed = w.telegram.callbackAnswers.length;
    const hideRevenue = encode({
      kind: 'card',
      of: 'profile',
      id: profile.id,
      set: { line: 'revenue', hidden: true },
    });
    press(w, ANN, card, hideRevenue);
    await waitFor(() => w.telegram.callbackAnswers.length > pressed);
    expect((await getProfile(w.database.db, profile.id))?.card?.hide).toEqual(['revenue']);

    // Someone else's profile: not found, and nothing changes.
    const answers = w.telegram.callbackAnswers.length;
    const forged = encode({ kind: 'card', of: 'profile', id: profile.id, set: { layout: 'full' } });
    press(w, STRANGER, { ...card, chatId: STRANGER }, forged);
    await waitFor(() => w.telegram.callbackAnswers.length > answers);
    expect(w.telegram.callbackAnswers.at(-1)?.text).toContain('или он не ваш');
    expect((await getProfile(w.database.db, profile.id))?.card?.layout).toBe('compact');
    expect(w.telegram.messagesTo(STRANGER)).toEqual([]);
  }, 90_000);

  it("a route uses the profile's card until a tap gives it its own, and takes the profile's back", async () => {
    w = await startDeliveryWorld('pglite');
    const { profile, screen: url } = await newProfile(w, ANN);
    const db = w.database.db;
    const route = await addRoute(
      db,
      profile.id,
      routeInput.parse({
        matchBy: 'campaign_id',
        matchValue: '15',
        chatId: SHARED,
        language: 'en',
      }),
    );
    await updateProfile(db, profile.id, { card: { layout: 'full', hide: ['revenue'], show: [] } });

    const routeScreen = await nextScreen(w, ANN, () => press(w, ANN, url, `r:${route.id}`));
    let card = await tap(w, ANN, routeScreen, '🪪 Карточка');
    expect(card.text).toContain('<b>🪪 Карточка маршрута 1</b>');
    expect(card.text).toContain('Этот маршрут берёт карточку профиля');
    // In the route's language, without the revenue the profile hides; no way back yet.
    expect(preview(card.text)?.split('\n').slice(0, 4)).toEqual([
      '<b>💰 Deposit</b>',
      'Campaign: Test',
      'Creative: cr_test',
      'Landing: Landing Page',
    ]);
    expect(preview(card.text)).not.toContain('USD');
    expect(buttons(card).some((b) => b.includes('Как у профиля'))).toBe(false);

    card = await tap(w, ANN, card, 'В одну строку');
    expect(card.text).toContain('У этого маршрута своя карточка.');
    expect(preview(card.text)).toBe('<b>💰 Deposit</b> · Test · 🇺🇸 US · test');
    expect((await getRoute(db, route.id))?.card).toEqual({
      layout: 'compact',
      hide: ['revenue'],
      show: [],
    });

    card = await tap(w, ANN, card, '↩️ Как у профиля');
    expect(card.text).toContain('↩️ Маршрут снова берёт карточку профиля.');
    expect((await getRoute(db, route.id))?.card).toBeNull();
    expect(preview(card.text)?.split('\n')[0]).toBe('<b>💰 Deposit</b>');
  }, 90_000);
});
