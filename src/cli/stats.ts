import { writeFileSync } from 'node:fs';
import type { ProfileRow } from '../db/schema.ts';
import { htmlToText } from '../messages/render.ts';
import { getProfile } from '../profiles/repository.ts';
import * as settings from '../profiles/settings.ts';
import { buyerNamesOf, nameBuyer, setMention, unnameBuyer } from '../stats/buyers.ts';
import { addDays, isDay, localDay } from '../stats/days.ts';
import {
  BREAKDOWNS,
  type Breakdown,
  emptyFigures,
  type Figures,
  type StatsReport,
  type StatsRow,
  type StatsScope,
  statsReport,
} from '../stats/report.ts';
import { parseClock, setSummary } from '../stats/schedule.ts';
import { loadSummary, renderSummary, summaryChart } from '../stats/summary.ts';
import {
  type CliContext,
  idArgument,
  json,
  NotFoundError,
  type Options,
  parse,
  requireProfile,
  UsageError,
} from './arguments.ts';

/** `stats` and `buyer`: a profile's figures, and the names its buyers go by. */

function dayOption(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isDay(value)) throw new UsageError(`${what} is a date such as 2026-11-29, got "${value}".`);
  return value;
}

/** `1d 2h 13m`, `2h 13m`, `45m`, `30s`. */
export function formatDuration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d === 0 && h === 0 && m === 0) return `${seconds}s`;
  return [d ? `${d}d` : '', h ? `${h}h` : '', m || (!d && !h) ? `${m}m` : '']
    .filter(Boolean)
    .join(' ');
}

function money(figures: Figures): string {
  const parts = Object.entries(figures.revenue).map(
    ([currency, amount]) => `${amount} ${currency}`,
  );
  return parts.length > 0 ? parts.join(', ') : '0';
}

function counts(figures: Figures): string[] {
  return [
    String(figures.registrations),
    String(figures.deposits),
    String(figures.rebills),
    String(figures.rejections),
    Object.entries(figures.other)
      .map(([word, n]) => `${word} ${n}`)
      .join(', ') || '-',
    money(figures),
  ];
}

/** Columns padded to their widest cell; numbers right-aligned. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((_, i) =>
    Math.max(...[header, ...rows].map((r) => (r[i] ?? '').length)),
  );
  const numeric = header.map((_, i) => rows.every((r) => /^-?\d+$/.test(r[i] ?? '')));
  return [header, ...rows].map((row) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function printReport(ctx: CliContext, profile: ProfileRow, report: StatsReport): void {
  const { from, to } = report.range;
  ctx.out(
    `Profile ${profile.id} "${profile.name}", ${from === to ? from : `${from} – ${to}`} (${profile.timezone})`,
  );
  const t = report.totals;
  const other = Object.entries(t.other).map(([word, n]) => ` · ${word} ${n}`);
  ctx.out(
    `Registrations ${t.registrations} · first deposits ${t.deposits} · repeat deposits ${t.rebills} · rejected ${t.rejections}${other.join('')}`,
  );
  ctx.out(`Revenue: ${money(t)}`);
  const f = report.funnel;
  if (f.registrations > 0 || f.medianSecondsToDeposit !== null) {
    const rate =
      f.registrations > 0 ? ` (${Math.round((f.deposited / f.registrations) * 100)}%)` : '';
    const median =
      f.medianSecondsToDeposit === null
        ? ''
        : `; median time to first deposit ${formatDuration(f.medianSecondsToDeposit)}`;
    ctx.out(`Registration → first deposit: ${f.deposited} of ${f.registrations}${rate}${median}`);
  }
  if (!report.by) return;
  ctx.out('');
  if (report.rows.length === 0) {
    ctx.out(`By ${report.by}: no conversions.`);
    return;
  }
  const rows = report.rows.map((row) => [
    row.name ? `${row.name} (${row.key})` : row.key || '(none)',
    ...counts(row.figures),
  ]);
  for (const line of table([report.by, 'reg', 'ftd', 'redep', 'rej', 'other', 'revenue'], rows))
    ctx.out(line);
}

const figuresJson = (f: Figures) => ({
  registrations: f.registrations,
  first_deposits: f.deposits,
  repeat_deposits: f.rebills,
  rejections: f.rejections,
  other: f.other,
  revenue: f.revenue,
});

const rowsJson = (rows: StatsRow[]) =>
  rows.map((row) => ({
    key: row.key,
    ...(row.name ? { name: row.name } : {}),
    ...figuresJson(row.figures),
  }));

/** The report as `--json` prints it: counts per status and revenue per currency. */
function reportJson(profile: ProfileRow, report: StatsReport) {
  const figures = figuresJson;
  return {
    profile_id: profile.id,
    time_zone: profile.timezone,
    from: report.range.from,
    to: report.range.to,
    totals: figures(report.totals),
    registration_to_first_deposit: {
      registrations: report.funnel.registrations,
      first_deposits: report.funnel.deposited,
      median_seconds: report.funnel.medianSecondsToDeposit,
    },
    ...(report.by
      ? {
          by: report.by,
          rows: rowsJson(report.rows),
        }
      : {}),
  };
}

export async function statsCommand(ctx: CliContext, words: string[], o: Options): Promise<void> {
  const db = ctx.database.db;
  const id = idArgument(words[1], 'profile id');
  const profile = requireProfile(await getProfile(db, id), id);
  const today = localDay(new Date(), profile.timezone);
  const from = dayOption(o.from, '--from') ?? today;
  const to = dayOption(o.to, '--to') ?? today;
  if (from > to) throw new UsageError(`--from (${from}) is after --to (${to}).`);
  let by: Breakdown | undefined;
  if (o.by !== undefined) {
    if (!(BREAKDOWNS as readonly string[]).includes(o.by))
      throw new UsageError(`--by is one of ${BREAKDOWNS.join(', ')}; got "${o.by}".`);
    by = o.by as Breakdown;
  }
  const report = await statsReport(db, { profileId: id }, { from, to }, by);
  if (o.json) return json(ctx, reportJson(profile, report));
  printReport(ctx, profile, report);
}

export async function summaryCommand(ctx: CliContext, words: string[], o: Options): Promise<void> {
  const db = ctx.database.db;
  const id = idArgument(words[1], 'profile id');
  const profile = requireProfile(await getProfile(db, id), id);
  const day = dayOption(o.date, '--date') ?? addDays(localDay(new Date(), profile.timezone), -1);
  const scope: StatsScope = { profileId: id };
  if (o.chat !== undefined) scope.chatId = parse(settings.chatId, o.chat, '--chat');
  if (o.topic !== undefined) {
    if (scope.chatId === undefined) throw new UsageError('--topic needs --chat.');
    scope.topicId = parse(settings.topicId, o.topic, '--topic');
  }
  if (o.at !== undefined) return scheduleCommand(ctx, profile, scope, o);
  const language = parse(settings.language, o.lang ?? profile.language, '--lang');
  const summary = await loadSummary(db, scope, { from: day, to: day }, profile.buyerField !== null);
  const text = renderSummary(summary, language);
  if (o.png !== undefined) {
    // Drawing needs ~80 MB the other commands do not: the running service draws apart.
    const { renderChart, renderChartApart } = await import('../stats/chart.ts');
    const chart = summaryChart(summary, language);
    writeFileSync(o.png, await (ctx.inServer ? renderChartApart(chart) : renderChart(chart)));
  }
  if (o.json) {
    return json(ctx, {
      ...reportJson(profile, summary.report),
      previous_day: figuresJson(summary.previous ?? emptyFigures()),
      top_campaigns: rowsJson(summary.campaigns),
      top_countries: rowsJson(summary.countries),
      ...(summary.buyers ? { top_buyers: rowsJson(summary.buyers) } : {}),
      text: htmlToText(text),
      ...(o.png !== undefined ? { png: o.png } : {}),
    });
  }
  for (const line of htmlToText(text).split('\n')) ctx.out(line);
  if (o.png !== undefined) ctx.out(`Chart written to ${o.png}.`);
}

/** `--at 09:00` turns the chat's daily summary on at that local time; `--at off`, off. */
async function scheduleCommand(
  ctx: CliContext,
  profile: ProfileRow,
  scope: StatsScope,
  o: Options,
): Promise<void> {
  const chatId = scope.chatId ?? profile.defaultChatId ?? profile.ownerUserId;
  const topicId = scope.chatId === undefined ? (profile.defaultTopicId ?? 0) : (scope.topicId ?? 0);
  const where = `chat ${chatId}${topicId ? `, topic ${topicId}` : ''}`;
  if (o.at === 'off') {
    await setSummary(ctx.database.db, { profileId: profile.id, chatId, topicId, sendAt: null });
    ctx.onChange?.();
    return ctx.out(`Daily summary of profile ${profile.id} to ${where}: off.`);
  }
  const sendAt = parseClock(o.at ?? '');
  if (sendAt === undefined)
    throw new UsageError(`--at is a time such as 09:00, or off; got "${o.at}".`);
  const language = o.lang === undefined ? null : parse(settings.language, o.lang, '--lang');
  await setSummary(ctx.database.db, { profileId: profile.id, chatId, topicId, sendAt, language });
  ctx.onChange?.();
  ctx.out(
    `Daily summary of profile ${profile.id} to ${where}: every day at ${o.at} ${profile.timezone}, for the day before.`,
  );
}

export async function buyerCommand(ctx: CliContext, words: string[], o: Options): Promise<void> {
  const db = ctx.database.db;
  const [, action, idText, value, ...nameWords] = words;
  const id = idArgument(idText, 'profile id');
  requireProfile(await getProfile(db, id), id);
  switch (action) {
    case 'name': {
      if (value === undefined || nameWords.length === 0)
        throw new UsageError(
          'buyer name needs a value and a name: buyer name <profile_id> <value> <name>.',
        );
      const name = parse(settings.buyerName, nameWords.join(' '), 'name');
      await nameBuyer(db, id, value, name);
      return ctx.out(`Buyer "${value}" of profile ${id} is shown as "${name}".`);
    }
    case 'unname': {
      if (value === undefined) throw new UsageError('buyer unname needs a value.');
      if (!(await unnameBuyer(db, id, value)))
        throw new NotFoundError(`Buyer "${value}" has no name in profile ${id}.`);
      return ctx.out(`Buyer "${value}" of profile ${id} is shown as it is sent again.`);
    }
    case 'mention': {
      const [who] = nameWords;
      if (value === undefined || who === undefined)
        throw new UsageError(
          'buyer mention needs a value and who: buyer mention <profile_id> <value> @username|<user_id>|off.',
        );
      if (who !== 'off' && !/^(@[A-Za-z][A-Za-z0-9_]{3,31}|\d{1,15})$/.test(who))
        throw new UsageError(
          `buyer mention: who is @username or a Telegram user id, or off; got "${who}".`,
        );
      await setMention(db, id, value, who === 'off' ? null : who, o.registrations ?? false);
      return ctx.out(
        who === 'off'
          ? `Buyer "${value}" of profile ${id} is mentioned no more.`
          : `Buyer "${value}" of profile ${id}: ${who} is mentioned on first and repeat deposits${o.registrations ? ' and registrations' : ''}.`,
      );
    }
    case 'list': {
      const rows = await buyerNamesOf(db, id);
      if (o.json) return json(ctx, rows);
      if (rows.length === 0) return ctx.out(`No buyer names in profile ${id}.`);
      for (const row of rows) ctx.out(`${row.value} → ${row.name}`);
      return;
    }
    default:
      throw new UsageError('buyer name|unname|mention|list <profile_id> …');
  }
}
