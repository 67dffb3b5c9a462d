import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/client.ts';
import type { DayRange } from './days.ts';
import { foldAll } from './fold.ts';

/**
 * Figures for a profile (or for what one chat or topic of it receives) over a range of the
 * profile's days, read from the daily aggregates, never from raw events: counts per status,
 * revenue per currency (never added across currencies), registration → first deposit
 * conversion and the median time it took, and a breakdown by one dimension.
 */

export const BREAKDOWNS = ['day', 'campaign', 'country', 'buyer', 'source', 'offer'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** Whose figures: a profile's, or only those of what one chat (and topic) received. */
export interface StatsScope {
  profileId: number;
  chatId?: number;
  /** With `chatId`: one forum topic (0: the chat without a topic). */
  topicId?: number;
}

/** The currency code of revenue that came without one (ISO 4217's "no currency"). */
export const NO_CURRENCY = 'XXX';

export interface Figures {
  registrations: number;
  /** First deposits. */
  deposits: number;
  /** Repeat deposits. */
  rebills: number;
  rejections: number;
  /** Statuses outside the four, by their word. */
  other: Record<string, number>;
  /** Revenue of registrations and deposits per currency, as exact decimal text. */
  revenue: Record<string, string>;
}

export interface Funnel {
  /** Registrations in the range that carried a click id. */
  registrations: number;
  /** Of those, the ones whose click made a first deposit (so far). */
  deposited: number;
  /** Median time from registration to first deposit, over first deposits in the range. */
  medianSecondsToDeposit: number | null;
}

export interface StatsRow {
  key: string;
  /** The buyer's display name, when one was given. */
  name?: string;
  figures: Figures;
}

export interface StatsReport {
  range: DayRange;
  totals: Figures;
  funnel: Funnel;
  by?: Breakdown;
  rows: StatsRow[];
}

/** Statuses whose revenue is income (a rejection's is not). */
const EARNING = sql`('registration', 'deposit', 'rebill')`;

export const emptyFigures = (): Figures => ({
  registrations: 0,
  deposits: 0,
  rebills: 0,
  rejections: 0,
  other: {},
  revenue: {},
});

/** `300.000000` → `300.00`; `12.345000` → `12.345`: exact, at least two decimals. */
export function formatAmount(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${whole}.${trimmed}`;
}

const COLUMN: Record<Breakdown, SQL> = {
  day: sql`day::text`,
  campaign: sql`campaign`,
  country: sql`country`,
  buyer: sql`buyer`,
  source: sql`source`,
  offer: sql`offer`,
};

function scopeFilter(scope: StatsScope): SQL {
  const chat = scope.chatId === undefined ? sql`` : sql` AND chat_id = ${scope.chatId}`;
  const topic =
    scope.chatId === undefined || scope.topicId === undefined
      ? sql``
      : sql` AND topic_id = ${scope.topicId}`;
  return sql`profile_id = ${scope.profileId}${chat}${topic}`;
}

interface FigureRow {
  total: boolean;
  key: string | null;
  status: string;
  status_word: string;
  n: number;
}

function addTo(figures: Figures, row: FigureRow): void {
  switch (row.status) {
    case 'registration':
      figures.registrations += row.n;
      break;
    case 'deposit':
      figures.deposits += row.n;
      break;
    case 'rebill':
      figures.rebills += row.n;
      break;
    case 'rejected':
      figures.rejections += row.n;
      break;
    default:
      figures.other[row.status_word] = (figures.other[row.status_word] ?? 0) + row.n;
  }
}

/** Reads the figures; what is stored but not counted yet is counted first. */
export async function statsReport(
  db: Db,
  scope: StatsScope,
  range: DayRange,
  by?: Breakdown,
): Promise<StatsReport> {
  await foldAll(db);
  const where = sql`${scopeFilter(scope)} AND day BETWEEN ${range.from}::date AND ${range.to}::date`;
  // Without a breakdown, a key with one value (the set with it is then read and dropped).
  const key = by ? COLUMN[by] : sql`profile_id::text`;
  // Counts per status, per key and for the whole range (the grouping set without the key).
  const rows = await queryRows<FigureRow>(
    db,
    sql`SELECT GROUPING(${key}) = 1 AS total, ${key} AS key, status, status_word,
          sum(conversions)::int AS n
        FROM keitaro_stats_daily WHERE ${where}
        GROUP BY GROUPING SETS ((${key}, status, status_word), (status, status_word))`,
  );
  const totals = emptyFigures();
  const byKey = new Map<string, Figures>();
  // Revenue per currency, summed by the database (exact decimals).
  const revenue = await queryRows<{ key: string | null; currency: string; revenue: string }>(
    db,
    sql`SELECT ${key} AS key, currency, sum(revenue)::text AS revenue
        FROM keitaro_stats_daily WHERE ${where} AND status IN ${EARNING}
        GROUP BY GROUPING SETS ((${key}, currency), (currency))
        HAVING sum(revenue) <> 0`,
  );
  for (const row of rows) {
    if (row.n === 0) continue;
    if (row.total) addTo(totals, row);
    else {
      const k = row.key ?? '';
      const figures = byKey.get(k) ?? emptyFigures();
      byKey.set(k, figures);
      addTo(figures, row);
    }
  }
  for (const row of revenue) {
    const currency = row.currency || NO_CURRENCY;
    // The grouping set without the key reads its key as null.
    if (row.key === null) totals.revenue[currency] = formatAmount(row.revenue);
    else {
      const figures = byKey.get(row.key) ?? emptyFigures();
      byKey.set(row.key, figures);
      figures.revenue[currency] = formatAmount(row.revenue);
    }
  }
  const names =
    by === 'buyer'
      ? new Map(
          (
            await queryRows<{ value: string; name: string }>(
              db,
              sql`SELECT value, name FROM keitaro_buyer_names WHERE profile_id = ${scope.profileId}`,
            )
          ).map((r) => [r.value, r.name]),
        )
      : undefined;
  const statsRows: StatsRow[] = [...(by ? byKey : [])].map(([k, figures]) => {
    const name = names?.get(k);
    return name ? { key: k, name, figures } : { key: k, figures };
  });
  statsRows.sort(
    by === 'day'
      ? (a, b) => (a.key < b.key ? -1 : 1)
      : (a, b) =>
          b.figures.deposits - a.figures.deposits ||
          b.figures.registrations - a.figures.registrations ||
          (a.key < b.key ? -1 : 1),
  );
  return {
    range,
    totals,
    funnel: await funnel(db, scope, range),
    ...(by ? { by } : {}),
    rows: statsRows,
  };
}

async function funnel(db: Db, scope: StatsScope, range: DayRange): Promise<Funnel> {
  const within = (column: SQL) => sql`${column} BETWEEN ${range.from}::date AND ${range.to}::date`;
  const [row] = await queryRows<{
    registrations: number;
    deposited: number;
    median: number | null;
  }>(
    db,
    sql`SELECT
          count(*) FILTER (WHERE ${within(sql`registered_day`)})::int AS registrations,
          count(*) FILTER (WHERE ${within(sql`registered_day`)} AND first_deposit_at IS NOT NULL)::int
            AS deposited,
          (percentile_cont(0.5) WITHIN GROUP (
             ORDER BY extract(epoch FROM first_deposit_at - registered_at))
           FILTER (WHERE ${within(sql`first_deposit_day`)} AND registered_at IS NOT NULL))::float8
            AS median
        FROM keitaro_stats_clicks
        WHERE ${scopeFilter(scope)}
          AND (${within(sql`registered_day`)} OR ${within(sql`first_deposit_day`)})`,
  );
  return {
    registrations: row?.registrations ?? 0,
    deposited: row?.deposited ?? 0,
    medianSecondsToDeposit:
      row?.median === null || row?.median === undefined ? null : Math.round(row.median),
  };
}
