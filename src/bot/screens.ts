import type { ProfileRow, RouteRow } from '../db/schema.ts';
import { activePause, FOREVER } from '../delivery/calm-rule.ts';
import { LANGUAGES, t } from '../messages/i18n.ts';
import { escapeHtml, formatDuration, htmlToText, LOCALES } from '../messages/render.ts';
import { postbackBaseUrl, postbackUrl } from '../postback/url.ts';
import { type Condition, describeCondition } from '../routing/conditions.ts';
import { type Language, profileTarget } from '../routing/route.ts';
import {
  type Callback,
  encode,
  type ProfileAction,
  type RouteAction,
  type RouteField,
} from './callback.ts';
import { type Names, NO_NAMES, targetLabel } from './targets.ts';

/**
 * The bot's screens as plain values: text (HTML) and an inline keyboard, whose callback data
 * is written by the one codec (callback.ts).
 */

export interface Button {
  text: string;
  callback_data: string;
}

export interface Screen {
  text: string;
  keyboard: Button[][];
}

export const LANGUAGE_NAMES: Record<Language, string> = {
  ru: '🇷🇺 Русский',
  uk: '🇺🇦 Українська',
  en: '🇬🇧 English',
};

export const button = (text: string, data: Callback): Button => ({
  text,
  callback_data: encode(data),
});

export const backRow = (lang: Language, to: Callback): Button[] => [
  button(t(lang, 'bot-back'), to),
];

/** Buttons `size` to a row. */
export const rows = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );

const profileCb = (id: number, action?: ProfileAction, language?: Language): Callback => ({
  kind: 'profile',
  id,
  ...(action ? { action } : {}),
  ...(language ? { language } : {}),
});
const routeCb = (id: number, action?: RouteAction): Callback => ({
  kind: 'route',
  id,
  ...(action ? { action } : {}),
});
const MENU: Callback = { kind: 'menu' };

/** The chosen one of a set of buttons. */
export const mark = (chosen: boolean, label: string) => (chosen ? `• ${label}` : label);

/** A label written for a message, as a button shows it. */
export const plainLabel = (html: string) => htmlToText(html).slice(0, 48);

/** A notice (what just happened) above a screen. */
export const withNotice = (screen: Screen, notice: string | undefined): Screen =>
  notice ? { ...screen, text: `${notice}\n\n${screen.text}` } : screen;

export function mainMenu(lang: Language): Screen {
  return {
    text: t(lang, 'bot-menu'),
    keyboard: [
      [button(t(lang, 'bot-menu-keitaro'), { kind: 'profiles' })],
      [button(t(lang, 'bot-menu-stats'), { kind: 'statistics' })],
      [
        button(t(lang, 'bot-menu-language'), { kind: 'languages' }),
        button(t(lang, 'bot-menu-help'), { kind: 'help' }),
      ],
    ],
  };
}

export function helpScreen(lang: Language): Screen {
  return { text: t(lang, 'bot-help'), keyboard: [backRow(lang, MENU)] };
}

export function languageScreen(lang: Language): Screen {
  return {
    text: t(lang, 'bot-language'),
    keyboard: [
      LANGUAGES.map((l) => button(LANGUAGE_NAMES[l], { kind: 'language', language: l })),
      backRow(lang, MENU),
    ],
  };
}

/** `viewer` sees whose a profile is when it is not theirs (administrators see every profile). */
export function profilesScreen(
  lang: Language,
  profiles: readonly ProfileRow[],
  viewer?: number,
): Screen {
  return {
    text: t(lang, profiles.length === 0 ? 'bot-profiles-empty' : 'bot-profiles'),
    keyboard: [
      ...profiles.map((p) => [
        button(
          `${p.enabled ? '✅' : '⏸'} ${p.name}${viewer !== undefined && p.ownerUserId !== viewer ? ` · 👤 ${p.ownerUserId}` : ''}`,
          profileCb(p.id),
        ),
      ]),
      [button(t(lang, 'bot-profile-new'), { kind: 'new-profile' })],
      backRow(lang, MENU),
    ],
  };
}

export function profileScreen(
  lang: Language,
  p: ProfileRow,
  names: Names = NO_NAMES,
  routeCount = 0,
): Screen {
  const target = profileTarget(p);
  const id = p.id;
  return {
    text: t(lang, 'bot-profile', {
      name: escapeHtml(p.name),
      state: profileState(lang, p),
      target: targetLabel(lang, p.ownerUserId, target.chatId, target.topicId, names),
      routes: routeCount,
      language: LANGUAGE_NAMES[p.language as Language],
      rps: String(p.rateLimitRps),
      rpsCount: p.rateLimitRps,
      ttl: formatDuration(p.dedupTtlSec, lang),
      ttlSec: p.dedupTtlSec,
    }),
    keyboard: [
      [button(t(lang, 'bot-btn-url'), profileCb(id, 'url'))],
      [button(t(lang, 'bot-btn-stats'), { kind: 'stats', id, period: 'today' })],
      [
        button(t(lang, 'bot-btn-where'), profileCb(id, 'to')),
        button(t(lang, 'bot-btn-routes', { count: routeCount }), profileCb(id, 'rt')),
      ],
      [
        button(t(lang, 'bot-btn-card'), { kind: 'card', of: 'profile', id }),
        button(t(lang, 'bot-btn-keitaro'), { kind: 'keitaro', id }),
      ],
      [
        button(t(lang, 'bot-btn-test'), profileCb(id, 'test')),
        button(t(lang, 'bot-btn-diagnostics'), profileCb(id, 'diag')),
      ],
      [
        !p.enabled
          ? button(t(lang, 'bot-btn-on'), profileCb(id, 'on'))
          : activePause(p.pausedUntil)
            ? button(t(lang, 'bot-btn-resume'), profileCb(id, 'go'))
            : button(t(lang, 'bot-btn-pause'), profileCb(id, 'pz')),
        button(t(lang, 'bot-btn-quiet'), { kind: 'quiet', id }),
      ],
      [
        button(t(lang, 'bot-btn-notify-language'), profileCb(id, 'lang')),
        button(t(lang, 'bot-btn-limits'), profileCb(id, 'lim')),
      ],
      [
        button(t(lang, 'bot-btn-rename'), profileCb(id, 'ren')),
        button(t(lang, 'bot-btn-rotate'), profileCb(id, 'rot')),
      ],
      [button(t(lang, 'bot-btn-delete'), profileCb(id, 'del'))],
      backRow(lang, { kind: 'profiles' }),
    ],
  };
}

/** "✅ on", "⏸ off", "🔕 paused until 1 Dec, 10:12". */
function profileState(lang: Language, p: ProfileRow): string {
  if (!p.enabled) return t(lang, 'bot-state-off');
  const paused = activePause(p.pausedUntil);
  return paused ? pausedText(lang, paused, p.timezone) : t(lang, 'bot-state-on');
}

/** "🔕 paused until 1 Dec, 10:12" (the profile's clock), or "until you resume it". */
export function pausedText(lang: Language, until: Date, timeZone: string): string {
  if (until.getTime() >= FOREVER.getTime()) return t(lang, 'bot-state-paused-resume');
  const when = new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(until);
  return t(lang, 'bot-state-paused', { until: when });
}

/**
 * 🔕 A pause (postbacks taken, notifications wait, one digest after) or ⏸ off (403, nothing
 * stored for a profile; the profile's chat instead, for a route): said before either is chosen.
 * A profile's also has its quiet hours and the 🔕 button under notifications in groups
 * (`pauseButton`: whether it is on).
 */
export function pauseScreen(
  lang: Language,
  what: 'profile' | 'route',
  id: number,
  name: string,
  pauseButton?: boolean,
): Screen {
  const cb = (action: 'pz1' | 'pz9' | 'pz0' | 'off'): Callback =>
    what === 'profile' ? profileCb(id, action) : routeCb(id, action);
  const state = t(lang, `bot-pause-button-state-${pauseButton ? 'on' : 'off'}`);
  return {
    text: [
      t(lang, `bot-pause-${what}`, { name }),
      ...(what === 'profile' ? ['', t(lang, 'bot-pause-button-about', { state })] : []),
    ].join('\n'),
    keyboard: [
      [
        button(t(lang, 'bot-btn-pause-hour'), cb('pz1')),
        button(t(lang, 'bot-btn-pause-morning'), cb('pz9')),
      ],
      [button(t(lang, 'bot-btn-pause-resume'), cb('pz0'))],
      [button(t(lang, `bot-btn-off-${what}`), cb('off'))],
      ...(what === 'profile'
        ? [
            [button(t(lang, 'bot-btn-quiet'), { kind: 'quiet', id })],
            [
              pauseButton
                ? button(t(lang, 'bot-btn-pause-button-off'), profileCb(id, 'pb0'))
                : button(t(lang, 'bot-btn-pause-button-on'), profileCb(id, 'pb1')),
            ],
          ]
        : []),
      backRow(lang, what === 'profile' ? profileCb(id) : routeCb(id)),
    ],
  };
}

/** The secret appears only here, and only in the owner's private chat. */
export function urlScreen(lang: Language, p: ProfileRow, publicBaseUrl: string): Screen {
  return {
    text: t(lang, 'bot-url', {
      name: escapeHtml(p.name),
      get: escapeHtml(postbackUrl(publicBaseUrl, p.secret)),
      post: escapeHtml(postbackBaseUrl(publicBaseUrl, p.secret)),
    }),
    keyboard: [
      [button(t(lang, 'bot-btn-keitaro-steps'), profileCb(p.id, 'how'))],
      backRow(lang, profileCb(p.id)),
    ],
  };
}

/** Step by step, with the person's own URL in it. */
export function keitaroStepsScreen(lang: Language, p: ProfileRow, publicBaseUrl: string): Screen {
  return {
    text: t(lang, 'bot-keitaro-steps', {
      name: escapeHtml(p.name),
      get: escapeHtml(postbackUrl(publicBaseUrl, p.secret)),
    }),
    keyboard: [backRow(lang, profileCb(p.id, 'url'))],
  };
}

export function confirmScreen(lang: Language, p: ProfileRow, action: 'rot' | 'del'): Screen {
  const name = escapeHtml(p.name);
  const kind = action === 'rot' ? 'rotate' : 'delete';
  return {
    text: t(lang, `bot-${kind}-confirm`, { name }),
    keyboard: [
      [button(t(lang, `bot-${kind}-yes`), profileCb(p.id, `${action}!`))],
      backRow(lang, profileCb(p.id)),
    ],
  };
}

export function notifyLanguageScreen(lang: Language, p: ProfileRow): Screen {
  return {
    text: t(lang, 'bot-notify-language', { name: escapeHtml(p.name) }),
    keyboard: [
      LANGUAGES.map((l) =>
        button(`${l === p.language ? '• ' : ''}${LANGUAGE_NAMES[l]}`, profileCb(p.id, 'lang', l)),
      ),
      backRow(lang, profileCb(p.id)),
    ],
  };
}

export function limitsScreen(lang: Language, p: ProfileRow): Screen {
  return {
    // As typed, without grouping: these are the numbers the person may send back.
    text: t(lang, 'bot-limits', {
      name: escapeHtml(p.name),
      rps: String(p.rateLimitRps),
      rpsCount: p.rateLimitRps,
      ttl: formatDuration(p.dedupTtlSec, lang),
      ttlSec: p.dedupTtlSec,
    }),
    keyboard: [
      [
        button(t(lang, 'bot-btn-rps'), profileCb(p.id, 'rps')),
        button(t(lang, 'bot-btn-ttl'), profileCb(p.id, 'ttl')),
      ],
      backRow(lang, profileCb(p.id)),
    ],
  };
}

export type RouteLike = Pick<
  RouteRow,
  | 'matchBy'
  | 'matchValue'
  | 'isPattern'
  | 'statuses'
  | 'geo'
  | 'conditions'
  | 'chatId'
  | 'topicId'
  | 'language'
  | 'enabled'
> & { pausedUntil?: Date | null; topicField?: string | null };

/**
 * "campaign 12, 15", "source ~ /^fb/", "all conversions", "sub_id_1 = buyer7, country = UA";
 * `value` is already escaped, the conditions are escaped here.
 */
export function matchText(
  lang: Language,
  route: Pick<RouteRow, 'matchBy' | 'isPattern'> & { conditions?: readonly Condition[] },
  value: string,
): string {
  const conditions = (route.conditions ?? []).map((c) => escapeHtml(describeCondition(c)));
  if (route.matchBy === 'any')
    return conditions.length > 0 ? conditions.join(', ') : t(lang, 'bot-route-any');
  const kind = route.matchBy === 'campaign_id' ? 'campaign' : 'source';
  const main = t(lang, `bot-route-${kind}${route.isPattern ? '-pattern' : ''}`, { value });
  return [main, ...conditions].join(', ');
}

/** "campaign 12, 15 → «Team A» / topic «Deposits» · deposit, rebill · UA, KZ" */
export function routeSummary(
  lang: Language,
  route: RouteLike,
  ownerUserId: number,
  names: Names = NO_NAMES,
): string {
  const match = matchText(lang, route, escapeHtml(route.matchValue ?? ''));
  const parts = [
    `${match} → ${targetLabel(lang, ownerUserId, route.chatId, route.topicId, names)}`,
  ];
  if (route.topicField)
    parts.push(t(lang, 'bot-route-topic-per-value', { field: route.topicField }));
  if (route.statuses.length > 0)
    parts.push(route.statuses.map((s) => t(lang, `bot-status-${s}`)).join(', '));
  if (route.geo.length > 0) parts.push(route.geo.join(', '));
  if (route.language) parts.push(LANGUAGE_NAMES[route.language as Language]);
  if (!route.enabled) parts.push(t(lang, 'bot-route-off'));
  else if (activePause(route.pausedUntil ?? null)) parts.push(t(lang, 'bot-route-paused'));
  return parts.join(' · ');
}

export function routesScreen(
  lang: Language,
  p: ProfileRow,
  routes: readonly RouteRow[],
  names: Names,
): Screen {
  const target = profileTarget(p);
  const fallback = targetLabel(lang, p.ownerUserId, target.chatId, target.topicId, names);
  const lines = routes.map((r, i) => `${i + 1}. ${routeSummary(lang, r, p.ownerUserId, names)}`);
  return {
    text: [
      t(lang, routes.length === 0 ? 'bot-routes-empty' : 'bot-routes', {
        name: escapeHtml(p.name),
      }),
      ...lines,
      '',
      t(lang, 'bot-routes-otherwise', { target: fallback }),
    ].join('\n'),
    keyboard: [
      ...routes.map((r, i) => [button(`${i + 1}. ${routeButtonLabel(lang, r)}`, routeCb(r.id))]),
      [button(t(lang, 'bot-btn-route-add'), profileCb(p.id, 'rt+'))],
      backRow(lang, profileCb(p.id)),
    ],
  };
}

/** A button's text is plain and short: the match only. */
function routeButtonLabel(lang: Language, r: RouteRow): string {
  const match = htmlToText(matchText(lang, r, escapeHtml((r.matchValue ?? '').slice(0, 40))));
  return `${r.enabled ? '' : '⏸ '}${match.slice(0, 60)}`;
}

export function routeScreen(
  lang: Language,
  p: ProfileRow,
  route: RouteRow,
  position: number,
  count: number,
  names: Names,
): Screen {
  const id = route.id;
  const edit = (field: RouteField, label: string) =>
    button(t(lang, label), { kind: 'route', id, action: 'ed', field });
  const move: Button[] = [];
  if (position > 0) move.push(button(t(lang, 'bot-btn-up'), routeCb(id, 'up')));
  if (position < count - 1) move.push(button(t(lang, 'bot-btn-down'), routeCb(id, 'dn')));
  return {
    text: t(lang, 'bot-route', {
      position: position + 1,
      count,
      summary: routeSummary(lang, route, p.ownerUserId, names),
      priority: String(route.priority),
    }),
    keyboard: [
      [
        button(t(lang, 'bot-btn-route-edit'), routeCb(id, 'ed')),
        button(t(lang, 'bot-btn-test'), routeCb(id, 'test')),
      ],
      // One answer of the route, changed on its own.
      [edit('match', 'bot-btn-route-match'), edit('statuses', 'bot-btn-route-statuses')],
      [edit('geo', 'bot-btn-route-geo'), edit('language', 'bot-btn-route-language')],
      [
        edit('target', 'bot-btn-route-target'),
        button(t(lang, 'bot-btn-card'), { kind: 'card', of: 'route', id }),
      ],
      ...(move.length > 0 ? [move] : []),
      [
        !route.enabled
          ? button(t(lang, 'bot-btn-on'), routeCb(id, 'on'))
          : activePause(route.pausedUntil)
            ? button(t(lang, 'bot-btn-resume'), routeCb(id, 'go'))
            : button(t(lang, 'bot-btn-pause'), routeCb(id, 'pz')),
        button(t(lang, 'bot-btn-delete'), routeCb(id, 'del')),
      ],
      backRow(lang, profileCb(p.id, 'rt')),
    ],
  };
}

export function routeDeleteScreen(lang: Language, route: RouteRow, summary: string): Screen {
  return {
    text: t(lang, 'bot-route-delete-confirm', { summary }),
    keyboard: [
      [button(t(lang, 'bot-delete-yes'), routeCb(route.id, 'del!'))],
      backRow(lang, routeCb(route.id)),
    ],
  };
}
