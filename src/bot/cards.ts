import type { Bot } from 'grammy';
import type { Db } from '../db/client.ts';
import type { ProfileRow, RouteRow } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import {
  CARD_LINES,
  type Card,
  type CardExtra,
  cardInForce,
  changeCard,
  profileCard,
} from '../messages/card.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml, extraLabel, lineLabel, renderEvent } from '../messages/render.ts';
import { eventFieldsOf } from '../postback/event-fields.ts';
import { parsePostback } from '../postback/fields.ts';
import { listRoutes, updateProfile, updateRoute } from '../profiles/repository.ts';
import type { Language } from '../routing/route.ts';
import type { Callback, CardSet } from './callback.ts';
import { type BotContext, type Presses, show } from './context.ts';
import { sampleDeposit } from './diagnostics.ts';
import { backRow, button, routeSummary, rows, type Screen, withNotice } from './screens.ts';
import { loadNames } from './targets.ts';
import { profileFor, routeFor, type Viewer } from './views.ts';

/**
 * 🪪 What a profile's or a route's notifications show (messages/card.ts): a preview of a sample
 * deposit as it would come now, the layout, each line on or off, the extra lines, and for a
 * route, its profile's card again. Every button re-checks that the profile is the person's.
 */

/** Extra lines offered as buttons; any other (sub_id_4 … sub_id_30) from the CLI, then shown here too. */
const OFFERED: readonly CardExtra[] = [
  'offer_id',
  'landing_id',
  'source',
  'campaign_id',
  'sub_id_2',
  'sub_id_3',
];

/** Whose card a screen shows: a profile's, or one of its routes (with its place in the list). */
export type CardOwner =
  | { of: 'profile'; profile: ProfileRow }
  | { of: 'route'; profile: ProfileRow; route: RouteRow; position: number; summary: string };

const cardCb = (owner: CardOwner, set?: CardSet): Callback => ({
  kind: 'card',
  of: owner.of,
  id: owner.of === 'profile' ? owner.profile.id : owner.route.id,
  ...(set ? { set } : {}),
});

/** The card in force for the owner: a route's own, else its profile's. */
export function ownerCard(owner: CardOwner): Card {
  return cardInForce(owner.of === 'route' ? owner.route.card : null, owner.profile.card);
}

/** The sample deposit with this card, in the language its chat gets it. */
export function cardPreview(owner: CardOwner): string {
  const route = owner.of === 'route' ? owner.route : undefined;
  const language = (route?.language ?? owner.profile.language) as Language;
  const postback = parsePostback(sampleDeposit(route));
  const event = { ...eventFieldsOf(postback), extra: postback.fields };
  return renderEvent(event, language, 'html', ownerCard(owner));
}

export function cardScreen(lang: Language, owner: CardOwner): Screen {
  const card = ownerCard(owner);
  const set = (s: CardSet) => cardCb(owner, s);
  const mark = (chosen: boolean, label: string) => (chosen ? `• ${label}` : label);
  const head =
    owner.of === 'profile'
      ? t(lang, 'bot-card-profile', { name: escapeHtml(owner.profile.name) })
      : [
          t(lang, 'bot-card-route', { position: owner.position + 1, summary: owner.summary }),
          t(lang, owner.route.card ? 'bot-card-own' : 'bot-card-inherited'),
        ].join('\n');
  const extras: CardExtra[] = [...OFFERED, ...card.show.filter((x) => !OFFERED.includes(x))];
  return {
    text: [
      head,
      '',
      t(lang, 'bot-card-lines'),
      '',
      t(lang, 'bot-card-preview'),
      `<blockquote>${cardPreview(owner)}</blockquote>`,
    ].join('\n'),
    keyboard: [
      [
        button(
          mark(card.layout === 'full', t(lang, 'bot-card-layout-full')),
          set({ layout: 'full' }),
        ),
        button(
          mark(card.layout === 'compact', t(lang, 'bot-card-layout-compact')),
          set({ layout: 'compact' }),
        ),
      ],
      ...rows(
        CARD_LINES.map((line) => {
          const hidden = card.hide.includes(line);
          const label = `${hidden ? '▫️' : '✅'} ${lineLabel(line, lang)}`;
          return button(label, set({ line, hidden: !hidden }));
        }),
        2,
      ),
      ...rows(
        extras.map((extra) => {
          const shown = card.show.includes(extra);
          const label = `${shown ? '✅' : '➕'} ${extraLabel(extra, lang)}`;
          return button(label, set({ extra, shown: !shown }));
        }),
        3,
      ),
      ...(owner.of === 'route' && owner.route.card
        ? [[button(t(lang, 'bot-card-inherit'), set({ inherit: true }))]]
        : []),
      backRow(
        lang,
        owner.of === 'profile'
          ? { kind: 'profile', id: owner.profile.id }
          : { kind: 'route', id: owner.route.id },
      ),
    ],
  };
}

/** The card after a button: a route that had none starts from its profile's. */
export function cardAfter(card: Card, set: Exclude<CardSet, { inherit: true }>): Card {
  if ('layout' in set) return changeCard(card, { layout: set.layout });
  if ('line' in set) {
    const hide = card.hide.filter((l) => l !== set.line);
    return changeCard(card, { hide: set.hidden ? [...hide, set.line] : hide });
  }
  const show = card.show.filter((x) => x !== set.extra);
  return changeCard(card, { show: set.shown ? [...show, set.extra] : show });
}

export interface CardDeps {
  db: Db;
  logger: Logger;
  viewerOf: (ctx: BotContext) => Viewer;
}

export function registerCards(bot: Bot<BotContext>, pressed: Presses, deps: CardDeps): void {
  const { db, logger } = deps;

  /** Whose card the button names, when the profile is the person's (read afresh each time). */
  const ownerOf = async (
    ctx: BotContext,
    of: 'profile' | 'route',
    id: number,
  ): Promise<CardOwner | undefined> => {
    const viewer = deps.viewerOf(ctx);
    if (of === 'profile') {
      const profile = await profileFor(db, viewer, id);
      return profile && { of, profile };
    }
    const found = await routeFor(db, viewer, id);
    if (!found) return undefined;
    const { profile, route } = found;
    const position = (await listRoutes(db, profile.id)).findIndex((r) => r.id === route.id);
    const names = await loadNames(db, [route.chatId]);
    const summary = routeSummary(ctx.lang, route, profile.ownerUserId, names);
    return { of, profile, route, position, summary };
  };

  bot.filter(pressed('card'), async (ctx) => {
    const lang = ctx.lang;
    const { of, id, set } = ctx.pressed;
    const owner = await ownerOf(ctx, of, id);
    if (!owner) {
      logger.warn({ user: ctx.from?.id, [`${of}_id`]: id }, 'bot: a card that is not theirs');
      const text = t(lang, of === 'profile' ? 'bot-not-found' : 'bot-route-not-found');
      await ctx.answerCallbackQuery({ text, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    if (!set) return show(ctx, cardScreen(lang, owner));
    if (owner.of === 'route') {
      const card = 'inherit' in set ? null : cardAfter(ownerCard(owner), set);
      const route = (await updateRoute(db, owner.route.id, { card })) ?? owner.route;
      logger.info({ route_id: route.id, card }, 'route card set in the bot');
      const screen = cardScreen(lang, { ...owner, route });
      return show(
        ctx,
        card === null ? withNotice(screen, t(lang, 'bot-card-inherit-done')) : screen,
      );
    }
    if ('inherit' in set) return show(ctx, cardScreen(lang, owner));
    const card = profileCard(cardAfter(ownerCard(owner), set));
    const profile = (await updateProfile(db, owner.profile.id, { card })) ?? owner.profile;
    logger.info({ profile_id: profile.id, card }, 'profile card set in the bot');
    return show(ctx, cardScreen(lang, { of: 'profile', profile }));
  });
}
