import type { Db } from '../db/client.ts';
import { t } from '../messages/i18n.ts';
import {
  escapeHtml,
  formatAmount,
  formatCountry,
  formatDuration,
  LOCALES,
  shorten,
} from '../messages/render.ts';
import type { Language } from '../routing/route.ts';
import type { ChartSpec } from './chart.ts';
import { addDays, type DayRange, daysBetween } from './days.ts';
import {
  type Figures,
  type StatsReport,
  type StatsRow,
  type StatsScope,
  statsReport,
} from './report.ts';

/**
 * The daily summary of one chat (or topic): the day's totals against the day before, its top
 * campaigns, countries and buyers, registration → first deposit conversion and the median
 * time it took, and a chart of the last two weeks. Loaded from the daily aggregates,
 * rendered as HTML within a photo caption's 1,024 characters.
 */

export const CHART_DAYS = 14;
const TOP = 3;
const NAME_MAX = 28;

export interface Summary {
  range: DayRange;
  report: StatsReport;
  /** The period before, of the same length (▲/▼); null: no comparison. */
  previous: Figures | null;
  campaigns: StatsRow[];
  countries: StatsRow[];
  /** Null when the profile names no buyer field. */
  buyers: StatsRow[] | null;
  /** The last CHART_DAYS days up to the range's end, one row per day with conversions. */
  trend: StatsRow[];
}

/**
 * The figures of `range` with their top lists; `daily`: also the period before (for ▲/▼)
 * and the two weeks of the chart, as the daily summary shows them.
 */
export async function loadSummary(
  db: Db,
  scope: StatsScope,
  range: DayRange,
  withBuyers: boolean,
  daily = true,
): Promise<Summary> {
  const report = await statsReport(db, scope, range, 'campaign');
  const length = daysBetween(range.from, range.to).length;
  const before = { from: addDays(range.from, -length), to: addDays(range.from, -1) };
  const chart = { from: addDays(range.to, 1 - CHART_DAYS), to: range.to };
  return {
    range,
    report,
    previous: daily ? (await statsReport(db, scope, before)).totals : null,
    campaigns: report.rows.slice(0, TOP),
    countries: (await statsReport(db, scope, range, 'country')).rows.slice(0, TOP),
    buyers: withBuyers ? (await statsReport(db, scope, range, 'buyer')).rows.slice(0, TOP) : null,
    trend: daily ? (await statsReport(db, scope, chart, 'day')).rows : [],
  };
}

/** "29 ноября", "29 листопада", "November 29". */
export function formatDay(day: string, language: Language, options?: Intl.DateTimeFormatOptions) {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(LOCALES[language], {
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
    ...options,
  }).format(new Date(Date.UTC(year, month - 1, date)));
}

/** " ▲3", " ▼1" against the day before, or nothing. */
function change(now: number, before: number): string {
  if (now > before) return ` ▲${now - before}`;
  if (now < before) return ` ▼${before - now}`;
  return '';
}

const isEmpty = (f: Figures) =>
  f.registrations + f.deposits + f.rebills + f.rejections === 0 &&
  Object.keys(f.other).length === 0;

/** The summary as HTML under `title` (by default "📊 Итоги 29 ноября"). */
export function renderSummary(summary: Summary, language: Language, title?: string): string {
  const { totals, funnel } = summary.report;
  const before = summary.previous ?? totals;
  const lines = [
    title ?? t(language, 'summary-title', { day: formatDay(summary.range.to, language) }),
  ];
  if (isEmpty(totals)) {
    lines.push(t(language, 'summary-empty'));
    return lines.join('\n');
  }
  const count = (id: string, now: number, then: number) =>
    `${t(language, id, { count: now })}${change(now, then)}`;
  lines.push(count('summary-registrations', totals.registrations, before.registrations));
  lines.push(count('summary-deposits', totals.deposits, before.deposits));
  if (totals.rebills || before.rebills)
    lines.push(count('summary-rebills', totals.rebills, before.rebills));
  if (totals.rejections || before.rejections)
    lines.push(count('summary-rejections', totals.rejections, before.rejections));
  for (const [word, n] of Object.entries(totals.other))
    lines.push(
      t(language, 'summary-other', { word: escapeHtml(shorten(word, NAME_MAX)), count: n }),
    );
  const sums = Object.entries(totals.revenue).map(([currency, amount]) =>
    formatAmount(amount, currency, language),
  );
  if (sums.length > 0) lines.push(t(language, 'summary-revenue', { sums: sums.join(', ') }));
  if (funnel.registrations > 0) {
    lines.push(
      t(language, 'summary-funnel', {
        rate: Math.round((funnel.deposited / funnel.registrations) * 100),
        deposited: funnel.deposited,
        registrations: funnel.registrations,
      }),
    );
  }
  if (funnel.medianSecondsToDeposit !== null) {
    lines.push(
      t(language, 'summary-median', {
        duration: formatDuration(medianToMinutes(funnel.medianSecondsToDeposit), language),
      }),
    );
  }
  const lists: string[] = [];
  const list = (id: string, rows: StatsRow[], name: (row: StatsRow) => string) => {
    const shown = rows.filter((row) => row.figures.deposits + row.figures.registrations > 0);
    if (shown.length === 0) return;
    const entries = shown.map((row) =>
      t(language, 'summary-entry', {
        name: escapeHtml(shorten(row.key ? name(row) : t(language, 'summary-none'), NAME_MAX)),
        deposits: row.figures.deposits,
        registrations: row.figures.registrations,
      }),
    );
    lists.push(t(language, id, { list: entries.join(', ') }));
  };
  list('summary-campaigns', summary.campaigns, (row) => row.key);
  list('summary-countries', summary.countries, (row) => formatCountry(row.key));
  if (summary.buyers) list('summary-buyers', summary.buyers, (row) => row.name ?? row.key);
  if (lists.length > 0) lines.push('', ...lists, t(language, 'summary-legend'));
  return lines.join('\n');
}

/** Whole minutes (seconds only under a minute): "2 ч 13 мин", not "2 ч 13 мин 7 с". */
function medianToMinutes(seconds: number): number {
  return seconds < 60 ? seconds : Math.round(seconds / 60) * 60;
}

/** Registrations and first deposits per day over the last two weeks. */
export function summaryChart(summary: Summary, language: Language): ChartSpec {
  const days = Array.from({ length: CHART_DAYS }, (_, i) =>
    addDays(summary.range.to, i + 1 - CHART_DAYS),
  );
  const byDay = new Map(summary.trend.map((row) => [row.key, row.figures]));
  return {
    title: t(language, 'chart-title', { days: CHART_DAYS }),
    labels: days.map((day) => formatDay(day, language, { month: '2-digit', day: '2-digit' })),
    series: [
      {
        name: t(language, 'chart-registrations'),
        values: days.map((day) => byDay.get(day)?.registrations ?? 0),
        color: '#4C8DF6',
      },
      {
        name: t(language, 'chart-deposits'),
        values: days.map((day) => byDay.get(day)?.deposits ?? 0),
        color: '#2BB673',
      },
    ],
  };
}
