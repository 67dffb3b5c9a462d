import {
  CARD_EXTRAS,
  CARD_LINES,
  type CardExtra,
  type CardLayout,
  type CardLine,
} from '../messages/card.ts';
import { NORMALIZED_STATUSES, type NormalizedStatus } from '../postback/status.ts';
import type { Language, MatchBy } from '../routing/route.ts';
import type { Period } from '../stats/days.ts';
import type { Breakdown } from '../stats/report.ts';

/**
 * The callback data of every button, built and read here only. Telegram gives a button 64
 * bytes; ours are short and positional (`p:12:url`, `r:7:off`, `w:k3f2:st:deposit`).
 *
 * A wizard's button carries the token of the step that showed it: the wizard accepts only the
 * buttons of the question it is asking now, so a button of an older panel (another step,
 * another wizard) fails closed instead of answering the current question.
 */

export type ProfileAction =
  | 'url'
  | 'how'
  | 'to'
  | 'rt'
  | 'rt+'
  | 'test'
  | 'diag'
  | 'on'
  | 'off'
  | 'lang'
  | 'lim'
  | 'rps'
  | 'ttl'
  | 'ren'
  | 'rot'
  | 'rot!'
  | 'del'
  | 'del!'
  | PauseAction
  /** The 🔕 button under notifications in groups: turn it on, off. */
  | 'pb1'
  | 'pb0';

/** 🔕: the choices (a pause or off), a pause of an hour, until 09:00, until resumed; resume. */
export type PauseAction = 'pz' | 'pz1' | 'pz9' | 'pz0' | 'go';

export type RouteAction = 'ed' | 'up' | 'dn' | 'on' | 'off' | 'test' | 'del' | 'del!' | PauseAction;

/** A route's answers, in the order its wizard asks them; one can be edited on its own. */
export const ROUTE_FIELDS = ['match', 'statuses', 'geo', 'target', 'priority', 'language'] as const;
export type RouteField = (typeof ROUTE_FIELDS)[number];

const FIELD_CODE: Record<RouteField, string> = {
  match: 'm',
  statuses: 'st',
  geo: 'geo',
  target: 'to',
  priority: 'pr',
  language: 'lg',
};
const FIELD_OF = new Map(Object.entries(FIELD_CODE).map(([f, c]) => [c, f as RouteField]));

/**
 * 🔌 A profile's connection to Keitaro's Admin API: connect (address and key), a new key or a
 * new address for the connection that exists, check now, disconnect (asked, then done).
 */
export type KeitaroAction = 'go' | 'key' | 'url' | 'chk' | 'off' | 'off!';

/** A statistics setting of a profile: its screen, or (with a value) the change. */
export type InsightSetting =
  /** The time zone: one of ZONES by its index, or typed. */
  | { what: 'tz'; zone?: number | 'type' }
  /** The buyer field: `source`, `sub_id_N`, or `none`. */
  | { what: 'bf'; field?: string }
  /** Buyer names; `add`: name one. */
  | { what: 'bn'; add?: true; mention?: true }
  /** Daily summaries: the list, one chat (or topic) of the profile, and its time or off. */
  | {
      what: 'sm';
      target?: { chatId: number; topicId: number };
      /** Minutes after local midnight. */
      at?: number | 'off' | 'type';
    };

/**
 * A change of one chat's quiet hours: a window (minutes after the profile's midnight), typed,
 * off, or whether deposits still come through.
 */
export type QuietChange = { from: number; to: number } | { deposits: boolean } | 'off' | 'type';

/**
 * What a 🪪 card button sets. Each names the state it sets, not a toggle: pressed twice, or on
 * an old screen, it stays so. `inherit`: a route takes its profile's card again.
 */
export type CardSet =
  | { layout: CardLayout }
  | { line: CardLine; hidden: boolean }
  | { extra: CardExtra; shown: boolean }
  | { inherit: true };

/** What a wizard's button answers. */
export type WizardAnswer =
  | { a: 'cancel' }
  | { a: 'keep' }
  | { a: 'back' }
  | { a: 'ok' }
  | { a: 'match'; by: MatchBy }
  /** Each buyer into a forum topic of their own (a topic per value of the buyer field). */
  | { a: 'buyer' }
  /** Match on other fields (buyer, offer, GEO…): conditions typed one a line. */
  | { a: 'fields' }
  /** The i-th of the choices the wizard itself listed (a buyer to mention). */
  | { a: 'item'; i: number }
  /** A Telegram user shown as a button (a group's administrator). */
  | { a: 'who'; userId: number }
  | { a: 'nobody' }
  /** Mention on registrations too, or on deposits only. */
  | { a: 'regs'; on: boolean }
  | { a: 'status'; status: NormalizedStatus }
  | { a: 'any-geo' }
  | { a: 'to-me' }
  | { a: 'to'; chatId: number; topicId: number | null }
  | { a: 'pick'; kind: 'g' | 'c' }
  | { a: 'type-id' }
  | { a: 'topic'; topicId: number | null }
  | { a: 'place'; where: 'first' | 'last' }
  | { a: 'language'; language: Language | null };

export type Callback =
  | { kind: 'menu' }
  | { kind: 'help' }
  | { kind: 'languages' }
  | { kind: 'language'; language: Language }
  | { kind: 'profiles' }
  | { kind: 'new-profile' }
  /** 📊 in the menu: the statistics of the person's profile (or a choice of them). */
  | { kind: 'statistics' }
  | { kind: 'stats'; id: number; period: Period; by?: Breakdown }
  /** A profile's statistics settings; without `set`, their screen. */
  | { kind: 'insights'; id: number; set?: InsightSetting }
  /** 🌙 A profile's quiet hours: the list, one chat (or topic) of the profile, a change. */
  | {
      kind: 'quiet';
      id: number;
      target?: { chatId: number; topicId: number };
      set?: QuietChange;
    }
  | { kind: 'profile'; id: number; action?: ProfileAction; language?: Language }
  /** `field` with `ed`: edit only that answer of the route. */
  | { kind: 'route'; id: number; action?: RouteAction; field?: RouteField }
  /** 🪪 What a profile's or a route's notifications show; without `set`, its screen. */
  | { kind: 'card'; of: 'profile' | 'route'; id: number; set?: CardSet }
  /** 🔌 A profile's Admin API connection; without `action`, its screen. */
  | { kind: 'keitaro'; id: number; action?: KeitaroAction }
  /** `/connect` in a group: which profile gets this chat (connect.ts). */
  | { kind: 'connect'; profileId: number }
  /** The bot was added to a group: bind it to this profile (connect.ts). */
  | { kind: 'bind'; profileId: number; chatId: number }
  /**
   * 🔕 under a conversion in a group: pause its campaign there for an hour; `go`: resume.
   * Only the event's id: what it pauses and who may are read again when it is pressed.
   */
  | { kind: 'campaign'; eventId: number; action?: 'go' }
  | { kind: 'wizard'; step: string; answer: WizardAnswer };

/** A button press whose data the codec read as one of `kind`. */
export type Pressed<K extends Callback['kind']> = Extract<Callback, { kind: K }>;

const PERIOD_CODE: Record<Period, string> = { today: 't', yesterday: 'y', '7d': '7', '30d': '30' };
const BREAKDOWN_CODE: Record<Breakdown, string> = {
  day: 'd',
  campaign: 'c',
  country: 'g',
  buyer: 'b',
  source: 's',
  offer: 'o',
};
const inverse = <K extends string>(codes: Record<K, string>) =>
  new Map(Object.entries(codes).map(([k, c]) => [c as string, k as K]));
const PERIOD_OF = inverse(PERIOD_CODE);
const BREAKDOWN_OF = inverse(BREAKDOWN_CODE);

function encodeQuiet(set: QuietChange): string {
  if (set === 'off') return ':off';
  if (set === 'type') return ':?';
  if ('deposits' in set) return `:d${set.deposits ? 1 : 0}`;
  return `:${set.from}-${set.to}`;
}

function encodeSetting(set: InsightSetting): string {
  switch (set.what) {
    case 'tz':
      return `:tz${set.zone === undefined ? '' : `:${set.zone === 'type' ? '?' : set.zone}`}`;
    case 'bf': {
      const field = set.field?.replace(/^sub_id_/, '').replace(/^source$/, 's');
      return `:bf${field === undefined ? '' : `:${field === 'none' ? '-' : field}`}`;
    }
    case 'bn':
      return `:bn${set.add ? ':+' : set.mention ? ':@' : ''}`;
    case 'sm': {
      if (!set.target) return ':sm';
      const { chatId, topicId } = set.target;
      const at =
        set.at === undefined
          ? ''
          : `:${set.at === 'type' ? '?' : set.at === 'off' ? 'off' : set.at}`;
      return `:sm:${chatId}:${topicId}${at}`;
    }
  }
}

function encodeCardSet(set: CardSet): string {
  if ('layout' in set) return `:l:${set.layout === 'full' ? 'f' : 'c'}`;
  if ('line' in set) return `:h:${set.line}:${set.hidden ? 1 : 0}`;
  if ('extra' in set) return `:x:${set.extra}:${set.shown ? 1 : 0}`;
  return ':i';
}

const BY: Record<string, MatchBy> = { c: 'campaign_id', s: 'source', a: 'any' };
const BY_CODE: Record<MatchBy, string> = { campaign_id: 'c', source: 's', any: 'a' };

function encodeAnswer(answer: WizardAnswer): string {
  switch (answer.a) {
    case 'cancel':
      return 'x';
    case 'keep':
      return 'k';
    case 'back':
      return 'b';
    case 'ok':
      return 'ok';
    case 'match':
      return `by:${BY_CODE[answer.by]}`;
    case 'buyer':
      return 'by:b';
    case 'fields':
      return 'by:f';
    case 'item':
      return `it:${answer.i}`;
    case 'who':
      return `u:${answer.userId}`;
    case 'nobody':
      return 'no';
    case 'regs':
      return `rg:${answer.on ? 1 : 0}`;
    case 'status':
      return `st:${answer.status}`;
    case 'any-geo':
      return 'geo:any';
    case 'to-me':
      return 'to:me';
    case 'to':
      return `to:${answer.chatId}:${answer.topicId ?? ''}`;
    case 'pick':
      return `pick:${answer.kind}`;
    case 'type-id':
      return 'id';
    case 'topic':
      return `tp:${answer.topicId ?? 'main'}`;
    case 'place':
      return `pr:${answer.where}`;
    case 'language':
      return `lg:${answer.language ?? 'p'}`;
  }
}

export function encode(cb: Callback): string {
  switch (cb.kind) {
    case 'menu':
      return 'm';
    case 'help':
      return 'h';
    case 'languages':
      return 'l';
    case 'language':
      return `l:${cb.language}`;
    case 'profiles':
      return 'k';
    case 'new-profile':
      return 'pn';
    case 'statistics':
      return 'S';
    case 'stats':
      return `s:${cb.id}:${PERIOD_CODE[cb.period]}${cb.by ? `:${BREAKDOWN_CODE[cb.by]}` : ''}`;
    case 'insights':
      return `i:${cb.id}${cb.set ? encodeSetting(cb.set) : ''}`;
    case 'quiet': {
      if (!cb.target) return `q:${cb.id}`;
      const { chatId, topicId } = cb.target;
      return `q:${cb.id}:${chatId}:${topicId}${cb.set ? encodeQuiet(cb.set) : ''}`;
    }
    case 'profile':
      return `p:${cb.id}${cb.action ? `:${cb.action}` : ''}${cb.language ? `:${cb.language}` : ''}`;
    case 'route':
      return `r:${cb.id}${cb.action ? `:${cb.action}` : ''}${cb.field ? `:${FIELD_CODE[cb.field]}` : ''}`;
    case 'card':
      return `cd:${cb.of === 'profile' ? 'p' : 'r'}:${cb.id}${cb.set ? encodeCardSet(cb.set) : ''}`;
    case 'keitaro':
      return `ka:${cb.id}${cb.action ? `:${cb.action}` : ''}`;
    case 'connect':
      return `c:${cb.profileId}`;
    case 'bind':
      return `g:${cb.profileId}:${cb.chatId}`;
    case 'campaign':
      return `cp:${cb.eventId}${cb.action ? ':go' : ''}`;
    case 'wizard':
      return `w:${cb.step}:${encodeAnswer(cb.answer)}`;
  }
}

const LANGUAGE = '(ru|uk|en)';
const ID = '(\\d{1,10})';
const PROFILE = new RegExp(
  `^p:${ID}(?::(url|how|to|rt\\+?|test|diag|on|off|lang|lim|rps|ttl|ren|rot!?|del!?|pz[190]?|go|pb[01]))?(?::${LANGUAGE})?$`,
);
const ROUTE = new RegExp(
  `^r:${ID}(?::(ed|up|dn|on|off|test|del!?|pz[190]?|go))?(?::(m|st|geo|to|pr|lg))?$`,
);
const KEITARO = new RegExp(`^ka:${ID}(?::(go|key|url|chk|off!?))?$`);
const STATUSES = new Set<string>(NORMALIZED_STATUSES);
const CHAT = '(-?\\d{1,16})';
const STATS = new RegExp(`^s:${ID}:(t|y|7|30)(?::([dcgbso]))?$`);
const INSIGHTS = new RegExp(
  `^i:${ID}(?::(?:tz(?::(\\d|\\?))?|bf(?::(s|-|[1-9]|[12]\\d|30))?|bn(:\\+|:@)?|sm(?::${CHAT}:(\\d{1,10})(?::(\\d{1,4}|off|\\?))?)?))?$`,
);

const QUIET = new RegExp(
  `^q:${ID}(?::${CHAT}:(\\d{1,10})(?::(?:(\\d{1,4})-(\\d{1,4})|d([01])|(off|\\?)))?)?$`,
);

/** A window this version would never write (past midnight, empty) reads as nothing. */
function decodeQuiet(m: RegExpExecArray): Callback | undefined {
  const [, id, chat, topic, from, to, deposits, word] = m;
  const profile = { kind: 'quiet' as const, id: Number(id) };
  if (chat === undefined) return profile;
  const target = { chatId: Number(chat), topicId: Number(topic) };
  if (deposits !== undefined) return { ...profile, target, set: { deposits: deposits === '1' } };
  if (word !== undefined) return { ...profile, target, set: word === 'off' ? 'off' : 'type' };
  if (from === undefined || to === undefined) return { ...profile, target };
  const window = { from: Number(from), to: Number(to) };
  const valid = window.from < 1440 && window.to < 1440 && window.from !== window.to;
  return valid ? { ...profile, target, set: window } : undefined;
}

const CARD = new RegExp(
  `^cd:(p|r):${ID}(?::(?:l:(f|c)|h:([a-z_]{2,15}):([01])|x:([a-z_0-9]{5,11}):([01])|(i)))?$`,
);
const LINES = new Set<string>(CARD_LINES);
const EXTRAS = new Set<string>(CARD_EXTRAS);

/** A card button; undefined for a line or field this version does not know. */
function decodeCard(m: RegExpExecArray): Callback | undefined {
  const [, of, id, layout, line, hidden, extra, shown, inherit] = m;
  const card = { kind: 'card', of: of === 'p' ? 'profile' : 'route', id: Number(id) } as const;
  if (layout) return { ...card, set: { layout: layout === 'f' ? 'full' : 'compact' } };
  if (line)
    return LINES.has(line)
      ? { ...card, set: { line: line as CardLine, hidden: hidden === '1' } }
      : undefined;
  if (extra)
    return EXTRAS.has(extra)
      ? { ...card, set: { extra: extra as CardExtra, shown: shown === '1' } }
      : undefined;
  // Only a route has a profile's card to take.
  if (inherit) return of === 'r' ? { ...card, set: { inherit: true } } : undefined;
  return card;
}

function decodeSetting(data: string, m: RegExpExecArray): InsightSetting | undefined {
  const [, , zone, field, add, chat, topic, at] = m;
  const head = data.split(':')[2];
  switch (head) {
    case undefined:
      return undefined;
    case 'tz':
      if (zone === undefined) return { what: 'tz' };
      return { what: 'tz', zone: zone === '?' ? 'type' : Number(zone) };
    case 'bf': {
      if (field === undefined) return { what: 'bf' };
      const name = field === 's' ? 'source' : field === '-' ? 'none' : `sub_id_${field}`;
      return { what: 'bf', field: name };
    }
    case 'bn':
      return add === ':+'
        ? { what: 'bn', add: true }
        : add === ':@'
          ? { what: 'bn', mention: true }
          : { what: 'bn' };
    default: {
      if (chat === undefined) return { what: 'sm' };
      const target = { chatId: Number(chat), topicId: Number(topic) };
      if (at === undefined) return { what: 'sm', target };
      if (at === '?' || at === 'off')
        return { what: 'sm', target, at: at === '?' ? 'type' : 'off' };
      const minutes = Number(at);
      return minutes < 24 * 60 ? { what: 'sm', target, at: minutes } : undefined;
    }
  }
}

function decodeAnswer(data: string): WizardAnswer | undefined {
  switch (data) {
    case 'x':
      return { a: 'cancel' };
    case 'k':
      return { a: 'keep' };
    case 'b':
      return { a: 'back' };
    case 'ok':
      return { a: 'ok' };
    case 'geo:any':
      return { a: 'any-geo' };
    case 'to:me':
      return { a: 'to-me' };
    case 'id':
      return { a: 'type-id' };
    case 'pick:g':
    case 'pick:c':
      return { a: 'pick', kind: data === 'pick:g' ? 'g' : 'c' };
    case 'tp:main':
      return { a: 'topic', topicId: null };
    case 'pr:first':
    case 'pr:last':
      return { a: 'place', where: data === 'pr:first' ? 'first' : 'last' };
    case 'lg:p':
      return { a: 'language', language: null };
    case 'by:b':
      return { a: 'buyer' };
    case 'by:f':
      return { a: 'fields' };
    case 'no':
      return { a: 'nobody' };
    case 'rg:0':
    case 'rg:1':
      return { a: 'regs', on: data === 'rg:1' };
  }
  const [head, value] = [data.slice(0, 3), data.slice(3)];
  if (head === 'by:' && BY[value]) return { a: 'match', by: BY[value] as MatchBy };
  if (head === 'st:' && STATUSES.has(value))
    return { a: 'status', status: value as NormalizedStatus };
  if (head === 'lg:' && /^(ru|uk|en)$/.test(value))
    return { a: 'language', language: value as Language };
  if (head === 'tp:' && /^\d{1,10}$/.test(value)) return { a: 'topic', topicId: Number(value) };
  if (head === 'it:' && /^\d{1,2}$/.test(value)) return { a: 'item', i: Number(value) };
  const who = /^u:(\d{1,15})$/.exec(data);
  if (who) return { a: 'who', userId: Number(who[1]) };
  const to = new RegExp(`^to:${CHAT}:(\\d{0,10})$`).exec(data);
  if (to) return { a: 'to', chatId: Number(to[1]), topicId: to[2] ? Number(to[2]) : null };
  return undefined;
}

/** The button, or `undefined` for data this version never makes (a forged or very old one). */
export function decode(data: string): Callback | undefined {
  switch (data) {
    case 'm':
      return { kind: 'menu' };
    case 'h':
      return { kind: 'help' };
    case 'l':
      return { kind: 'languages' };
    case 'k':
      return { kind: 'profiles' };
    case 'pn':
      return { kind: 'new-profile' };
    case 'S':
      return { kind: 'statistics' };
  }
  const stats = STATS.exec(data);
  if (stats) {
    const period = PERIOD_OF.get(stats[2] as string) as Period;
    const by = stats[3] ? BREAKDOWN_OF.get(stats[3]) : undefined;
    return { kind: 'stats', id: Number(stats[1]), period, ...(by ? { by } : {}) };
  }
  const insights = INSIGHTS.exec(data);
  if (insights) {
    const set = decodeSetting(data, insights);
    // A setting this version would never write (a time past midnight) reads as nothing.
    if (!set && data.split(':').length > 2) return undefined;
    return { kind: 'insights', id: Number(insights[1]), ...(set ? { set } : {}) };
  }
  const quiet = QUIET.exec(data);
  if (quiet) return decodeQuiet(quiet);
  const language = /^l:(ru|uk|en)$/.exec(data);
  if (language) return { kind: 'language', language: language[1] as Language };
  const profile = PROFILE.exec(data);
  if (profile) {
    const [, id, action, lang] = profile;
    if (lang && action !== 'lang') return undefined;
    return {
      kind: 'profile',
      id: Number(id),
      ...(action ? { action: action as ProfileAction } : {}),
      ...(lang ? { language: lang as Language } : {}),
    };
  }
  const route = ROUTE.exec(data);
  if (route) {
    const [, id, action, code] = route;
    const field = code ? FIELD_OF.get(code) : undefined;
    if (field && action !== 'ed') return undefined;
    return {
      kind: 'route',
      id: Number(id),
      ...(action ? { action: action as RouteAction } : {}),
      ...(field ? { field } : {}),
    };
  }
  const card = CARD.exec(data);
  if (card) return decodeCard(card);
  const keitaro = KEITARO.exec(data);
  if (keitaro) {
    const [, id, action] = keitaro;
    return {
      kind: 'keitaro',
      id: Number(id),
      ...(action ? { action: action as KeitaroAction } : {}),
    };
  }
  const connect = /^c:(\d{1,10})$/.exec(data);
  if (connect) return { kind: 'connect', profileId: Number(connect[1]) };
  const bind = new RegExp(`^g:${ID}:${CHAT}$`).exec(data);
  if (bind) return { kind: 'bind', profileId: Number(bind[1]), chatId: Number(bind[2]) };
  const campaign = /^cp:(\d{1,16})(:go)?$/.exec(data);
  if (campaign) {
    const eventId = Number(campaign[1]);
    return { kind: 'campaign', eventId, ...(campaign[2] ? { action: 'go' as const } : {}) };
  }
  const wizard = /^w:([0-9a-z]{1,12}):(.+)$/.exec(data);
  if (wizard) {
    const answer = decodeAnswer(wizard[2] as string);
    return answer && { kind: 'wizard', step: wizard[1] as string, answer };
  }
  return undefined;
}
