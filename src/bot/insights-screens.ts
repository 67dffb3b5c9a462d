import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import type { ProfileRow } from '../db/schema.ts';
import { t } from '../messages/i18n.ts';
import {
  escapeHtml,
  formatAmount,
  formatCountry,
  htmlToText,
  shorten,
} from '../messages/render.ts';
import { TEST_RAW_QUERY } from '../postback/store.ts';
import { listRoutes } from '../profiles/repository.ts';
import { type Language, profileTarget } from '../routing/route.ts';
import { buyerNamesOf } from '../stats/buyers.ts';
import { localClock, PERIODS, type Period, periodRange } from '../stats/days.ts';
import { BREAKDOWNS, type Breakdown, type StatsRow, statsReport } from '../stats/report.ts';
import { formatClock, summariesOf } from '../stats/schedule.ts';
import { formatDay } from '../stats/summary.ts';
import type { Callback, InsightSetting } from './callback.ts';
import { backRow, button, rows, type Screen } from './screens.ts';
import { statsMessage } from './stats.ts';
import { loadNames, targetLabel } from './targets.ts';

/**
 * 📊 Statistics in the private chat: one message, edited in place, with a period and a
 * breakdown chosen by buttons; and the settings behind it (time zone, buyer field, buyer
 * names, daily summaries), each a tap or two.
 */

/** The zones offered as buttons; any other IANA zone can be typed. */
export const ZONES = [
  'Europe/Kyiv',
  'Europe/Moscow',
  'Europe/Warsaw',
  'Asia/Almaty',
  'Asia/Tbilisi',
  'UTC',
] as const;

/** Send times offered as buttons (minutes after local midnight); any other can be typed. */
export const SEND_TIMES = [420, 480, 540, 600, 720, 1080, 1260] as const;
/** One tap on the settings screen: every morning at 09:00, for the day before. */
export const DEFAULT_SEND_AT = 540;

/** Rows of a breakdown shown; a month of days fits. */
const ROWS_SHOWN = 31;
const NAME_MAX = 28;

const statsCb = (id: number, period: Period, by?: Breakdown): Callback => ({
  kind: 'stats',
  id,
  period,
  ...(by ? { by } : {}),
});
const insightsCb = (id: number, set?: InsightSetting): Callback => ({
  kind: 'insights',
  id,
  ...(set ? { set } : {}),
});
const mark = (chosen: boolean, label: string) => (chosen ? `• ${label}` : label);
/** Which profile's statistics, when the person has several. */
export function statsChoiceScreen(lang: Language, profiles: readonly ProfileRow[]): Screen {
  return {
    text: t(lang, 'bot-stats-choose'),
    keyboard: [
      ...profiles.map((p) => [button(`📊 ${p.name}`, statsCb(p.id, 'today'))]),
      backRow(lang, { kind: 'menu' }),
    ],
  };
}

function rowName(lang: Language, by: Breakdown, row: StatsRow): string {
  if (row.key === '') return t(lang, 'summary-none');
  switch (by) {
    case 'day':
      return formatDay(row.key, lang, { weekday: 'short', day: 'numeric', month: 'short' });
    case 'country':
      return formatCountry(row.key);
    case 'buyer':
      return row.name && row.name !== row.key ? `${row.name} (${row.key})` : row.key;
    default:
      return row.key;
  }
}

/** "1. Anna (buyer7) — 📝 12 · 💰 3 · 300 USD". */
function breakdownLines(lang: Language, by: Breakdown, statsRows: readonly StatsRow[]): string[] {
  const lines = statsRows.slice(0, ROWS_SHOWN).map((row, i) => {
    const revenue = Object.entries(row.figures.revenue)
      .map(([currency, amount]) => ` · ${formatAmount(amount, currency, lang)}`)
      .join('');
    return t(lang, 'bot-stats-row', {
      n: i + 1,
      name: escapeHtml(shorten(rowName(lang, by, row), NAME_MAX)),
      registrations: row.figures.registrations,
      deposits: row.figures.deposits,
      revenue,
    });
  });
  if (statsRows.length > ROWS_SHOWN)
    lines.push(t(lang, 'bot-stats-more', { count: statsRows.length - ROWS_SHOWN }));
  return lines;
}

/** A profile's figures for a period, with a breakdown by one dimension when one is chosen. */
export async function statsView(
  db: Db,
  lang: Language,
  profile: ProfileRow,
  period: Period,
  by: Breakdown | undefined,
  now: Date,
): Promise<Screen> {
  const scope = { profileId: profile.id };
  const text = [
    `<b>${escapeHtml(profile.name)}</b>`,
    await statsMessage(db, profile, scope, period, now, { language: lang, lists: !by }),
  ];
  if (by === 'buyer' && profile.buyerField === null) {
    text.push('', t(lang, 'bot-stats-no-buyer-field'));
  } else if (by) {
    const report = await statsReport(db, scope, periodRange(period, now, profile.timezone), by);
    text.push('', t(lang, `bot-stats-by-${by}`));
    text.push(...breakdownLines(lang, by, report.rows));
    if (report.rows.length === 0) text.push(t(lang, 'bot-stats-nothing'));
  }
  const id = profile.id;
  const breakdown = (b: Breakdown) =>
    button(
      mark(b === by, t(lang, `bot-stats-btn-${b}`)),
      statsCb(id, period, b === by ? undefined : b),
    );
  return {
    text: text.join('\n'),
    keyboard: [
      PERIODS.map((p) =>
        button(mark(p === period, t(lang, `bot-stats-btn-${p}`)), statsCb(id, p, by)),
      ),
      ...rows(BREAKDOWNS.map(breakdown), 3),
      [
        button(t(lang, 'bot-stats-btn-refresh'), statsCb(id, period, by)),
        button(t(lang, 'bot-stats-btn-settings'), insightsCb(id)),
      ],
      backRow(lang, { kind: 'profile', id }),
    ],
  };
}

/** The chats and topics a profile sends to: its default, then each route's, once each. */
export async function summaryTargets(db: Db, profile: ProfileRow) {
  const seen = new Map<string, { chatId: number; topicId: number }>();
  const add = (chatId: number, topicId: number | null) =>
    seen.set(`${chatId}:${topicId ?? 0}`, { chatId, topicId: topicId ?? 0 });
  const fallback = profileTarget(profile);
  add(fallback.chatId, fallback.topicId);
  for (const route of await listRoutes(db, profile.id)) add(route.chatId, route.topicId);
  return [...seen.values()];
}

async function summaryLines(db: Db, lang: Language, profile: ProfileRow) {
  const targets = await summaryTargets(db, profile);
  const states = new Map(
    (await summariesOf(db, profile.id)).map((s) => [`${s.chatId}:${s.topicId}`, s.sendAt]),
  );
  const names = await loadNames(
    db,
    targets.map((target) => target.chatId),
  );
  return targets.map((target) => ({
    target,
    sendAt: states.get(`${target.chatId}:${target.topicId}`) ?? null,
    label: targetLabel(lang, profile.ownerUserId, target.chatId, target.topicId || null, names),
  }));
}

/** ⚙️ What the figures depend on, and the daily summaries. */
export async function insightsView(
  db: Db,
  lang: Language,
  profile: ProfileRow,
  now: Date,
): Promise<Screen> {
  const id = profile.id;
  const summaries = await summaryLines(db, lang, profile);
  const on = summaries.filter((s) => s.sendAt !== null);
  const names = await buyerNamesOf(db, id);
  const text = t(lang, 'bot-insights', {
    name: escapeHtml(profile.name),
    zone: escapeHtml(profile.timezone),
    time: formatClock(localClock(now, profile.timezone).minutes),
    buyer: profile.buyerField ?? t(lang, 'bot-insights-no-buyer'),
    names: names.length,
    summaries:
      on.length === 0
        ? t(lang, 'bot-insights-summary-off')
        : on.map((s) => `${formatClock(s.sendAt as number)} → ${s.label}`).join('; '),
  });
  const fallback = summaries[0];
  const oneTap =
    fallback && fallback.sendAt === null
      ? [
          [
            button(
              t(lang, 'bot-insights-btn-summary-on', { time: formatClock(DEFAULT_SEND_AT) }),
              insightsCb(id, { what: 'sm', target: fallback.target, at: DEFAULT_SEND_AT }),
            ),
          ],
        ]
      : [];
  return {
    text,
    keyboard: [
      [
        button(t(lang, 'bot-insights-btn-zone'), insightsCb(id, { what: 'tz' })),
        button(t(lang, 'bot-insights-btn-buyer'), insightsCb(id, { what: 'bf' })),
      ],
      [
        button(t(lang, 'bot-insights-btn-names'), insightsCb(id, { what: 'bn' })),
        button(t(lang, 'bot-insights-btn-summaries'), insightsCb(id, { what: 'sm' })),
      ],
      ...oneTap,
      backRow(lang, statsCb(id, 'today')),
    ],
  };
}

export function zoneScreen(lang: Language, profile: ProfileRow, now: Date): Screen {
  const id = profile.id;
  const zoneButton = (zone: string, i: number) =>
    button(
      mark(zone === profile.timezone, `${zone} · ${formatClock(localClock(now, zone).minutes)}`),
      insightsCb(id, { what: 'tz', zone: i }),
    );
  return {
    text: t(lang, 'bot-zone', {
      name: escapeHtml(profile.name),
      zone: escapeHtml(profile.timezone),
    }),
    keyboard: [
      ...rows(ZONES.map(zoneButton), 2),
      [button(t(lang, 'bot-zone-btn-type'), insightsCb(id, { what: 'tz', zone: 'type' }))],
      backRow(lang, insightsCb(id)),
    ],
  };
}

/** The sub_id fields (and source) of the profile's last conversion that carried any. */
async function lastFields(db: Db, profileId: number): Promise<string[]> {
  const [row] = await queryRows<{ payload: Record<string, unknown> }>(
    db,
    sql`SELECT payload FROM keitaro_events
        WHERE profile_id = ${profileId} AND raw_query IS DISTINCT FROM ${TEST_RAW_QUERY}
        ORDER BY created_at DESC LIMIT 1`,
  );
  if (!row) return [];
  return Object.entries(row.payload)
    .filter(([key, value]) => /^(source|sub_id_\d{1,2})$/.test(key) && typeof value === 'string')
    .filter(([, value]) => (value as string).trim() !== '')
    .map(([key, value]) => `${key} = ${escapeHtml(shorten(value as string, 24))}`);
}

export async function buyerFieldView(db: Db, lang: Language, profile: ProfileRow): Promise<Screen> {
  const id = profile.id;
  const current = profile.buyerField;
  const fieldButton = (n: number) =>
    button(
      mark(current === `sub_id_${n}`, String(n)),
      insightsCb(id, { what: 'bf', field: `sub_id_${n}` }),
    );
  const seen = await lastFields(db, id);
  return {
    text: [
      t(lang, 'bot-buyer-field', {
        name: escapeHtml(profile.name),
        field: current ?? t(lang, 'bot-insights-no-buyer'),
      }),
      ...(seen.length > 0 ? ['', t(lang, 'bot-buyer-field-seen'), ...seen] : []),
    ].join('\n'),
    keyboard: [
      ...rows(
        Array.from({ length: 30 }, (_, i) => fieldButton(i + 1)),
        6,
      ),
      [
        button(
          mark(current === 'source', 'source'),
          insightsCb(id, { what: 'bf', field: 'source' }),
        ),
        button(
          mark(current === null, t(lang, 'bot-buyer-field-none')),
          insightsCb(id, { what: 'bf', field: 'none' }),
        ),
      ],
      backRow(lang, insightsCb(id)),
    ],
  };
}

export async function buyerNamesView(
  db: Db,
  lang: Language,
  profile: ProfileRow,
  now: Date,
): Promise<Screen> {
  const id = profile.id;
  const back = backRow(lang, insightsCb(id));
  if (profile.buyerField === null) {
    return {
      text: t(lang, 'bot-stats-no-buyer-field'),
      keyboard: [[button(t(lang, 'bot-insights-btn-buyer'), insightsCb(id, { what: 'bf' }))], back],
    };
  }
  const names = await buyerNamesOf(db, id);
  const named = new Set(names.map((n) => n.value));
  const month = periodRange('30d', now, profile.timezone);
  const unnamed = (await statsReport(db, { profileId: id }, month, 'buyer')).rows
    .map((row) => row.key)
    .filter((key) => key !== '' && !named.has(key))
    .slice(0, 15);
  const text = [
    t(lang, 'bot-buyer-names', { name: escapeHtml(profile.name), field: profile.buyerField }),
    ...names.map(
      (n) =>
        `• ${escapeHtml(n.value)} → ${escapeHtml(n.name)}${n.mention ? ` (👤 ${escapeHtml(n.mention)})` : ''}`,
    ),
  ];
  if (names.length === 0) text.push(t(lang, 'bot-buyer-names-empty'));
  if (unnamed.length > 0)
    text.push('', t(lang, 'bot-buyer-names-unnamed', { list: unnamed.map(escapeHtml).join(', ') }));
  return {
    text: text.join('\n'),
    keyboard: [
      [button(t(lang, 'bot-buyer-names-btn-add'), insightsCb(id, { what: 'bn', add: true }))],
      back,
    ],
  };
}

export async function summariesView(db: Db, lang: Language, profile: ProfileRow): Promise<Screen> {
  const id = profile.id;
  const lines = await summaryLines(db, lang, profile);
  const state = (sendAt: number | null) =>
    sendAt === null ? t(lang, 'bot-summary-off') : formatClock(sendAt);
  return {
    text: [
      t(lang, 'bot-summaries', {
        name: escapeHtml(profile.name),
        zone: escapeHtml(profile.timezone),
      }),
      ...lines.map((line) => `• ${line.label}: ${state(line.sendAt)}`),
    ].join('\n'),
    keyboard: [
      ...lines.map((line) => [
        button(
          `📬 ${plainLabel(line.label)} · ${state(line.sendAt)}`,
          insightsCb(id, { what: 'sm', target: line.target }),
        ),
      ]),
      backRow(lang, insightsCb(id)),
    ],
  };
}

/** A label written for a message, as a button shows it. */
const plainLabel = (html: string) => htmlToText(html).slice(0, 48);

export async function summaryTargetView(
  db: Db,
  lang: Language,
  profile: ProfileRow,
  target: { chatId: number; topicId: number },
): Promise<Screen | undefined> {
  const line = (await summaryLines(db, lang, profile)).find(
    (l) => l.target.chatId === target.chatId && l.target.topicId === target.topicId,
  );
  if (!line) return undefined;
  const id = profile.id;
  const at = (minutes: number | 'off' | 'type', label: string) =>
    button(label, insightsCb(id, { what: 'sm', target, at: minutes }));
  return {
    text: t(lang, 'bot-summary', {
      target: line.label,
      state: line.sendAt === null ? t(lang, 'bot-summary-off') : formatClock(line.sendAt),
      zone: escapeHtml(profile.timezone),
    }),
    keyboard: [
      ...rows(
        SEND_TIMES.map((m) => at(m, mark(m === line.sendAt, formatClock(m)))),
        4,
      ),
      [at('type', t(lang, 'bot-summary-btn-type'))],
      ...(line.sendAt === null ? [] : [[at('off', t(lang, 'bot-summary-btn-off'))]]),
      backRow(lang, insightsCb(id, { what: 'sm' })),
    ],
  };
}
