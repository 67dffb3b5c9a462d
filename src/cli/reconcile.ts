import { sql } from 'drizzle-orm';
import { OUTBOX_CHANNEL } from '../delivery/leader.ts';
import { adminHost } from '../keitaro/admin-api.ts';
import { problemText } from '../keitaro/connection-text.ts';
import { getConnection } from '../keitaro/connections.ts';
import {
  DEFAULT_WINDOW_MS,
  type Found,
  type ReconcileReport,
  reconcileProfile,
} from '../keitaro/reconcile.ts';
import { ProfileDirectory } from '../postback/profile-directory.ts';
import { getProfile } from '../profiles/repository.ts';
import {
  type CliContext,
  idArgument,
  json,
  type Options,
  RefusedError,
  requireProfile,
  UsageError,
} from './arguments.ts';
import { lengthInSeconds } from './calm.ts';

/**
 * `reconcile <profile_id> [--since 24h] [--dry-run] [--json]`: one reconciliation with
 * Keitaro's conversions log, now, and what it found. It stores and queues what is missing
 * as the leader's job does (a dry run only reports), so a team that saw postbacks refused can
 * get them back at once instead of within RECONCILE_INTERVAL_SEC.
 */

const MAX_SINCE_SEC = 30 * 86_400;

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');

function foundLine(found: Found): string {
  const status = found.from ? `${found.status} (was ${found.from})` : found.status;
  const tid = found.tid ? ` tid ${found.tid}` : '';
  const revenue = found.revenue ? ` ${found.revenue}` : '';
  const event = found.eventId ? ` → event ${found.eventId}` : '';
  return `    ${status}: subid ${found.subId}${tid}${revenue}, ${when(found.at)}${event}`;
}

export function reportLines(report: ReconcileReport, host: string, connectedAt: Date): string[] {
  const log = report.generation === 'v11' ? 'Keitaro 11' : 'Keitaro 10 or earlier';
  const lines = [
    `${host} (${log}): ${report.seen} conversions from ${when(report.from)} to ${when(report.to)}.`,
    `  ${report.stored} told by their postbacks already.`,
  ];
  const verb = report.dryRun ? 'would be recovered and notified' : 'recovered and notified';
  lines.push(
    `  ${report.recovered} ${verb}${report.changes > 0 ? ` (${report.changes} of them status changes)` : ''}${report.recovered > 0 ? ':' : '.'}`,
  );
  for (const found of report.found) lines.push(foundLine(found));
  if (report.recovered > report.found.length)
    lines.push(`    … and ${report.recovered - report.found.length} more.`);
  if (report.raced > 0)
    lines.push(`  ${report.raced} arrived by postback meanwhile: not notified twice.`);
  if (report.history > 0)
    lines.push(
      `  ${report.history} older than the connection (${when(connectedAt.toISOString())}): left alone, not notified.`,
    );
  if (!report.complete)
    lines.push(
      `  The log had more than ${report.pages} pages: the rest of the window is read on the next pass (or give a shorter --since).`,
    );
  if (report.dryRun) lines.push('Nothing was stored (--dry-run).');
  return lines;
}

export async function reconcileCommand(
  ctx: CliContext,
  words: readonly string[],
  o: Options,
): Promise<void> {
  const profileId = idArgument(words[1], 'reconcile <profile_id>');
  requireProfile(await getProfile(ctx.database.db, profileId), profileId);
  let windowMs = DEFAULT_WINDOW_MS;
  if (o.since !== undefined) {
    const seconds = lengthInSeconds(o.since);
    if (seconds === null || seconds <= 0 || seconds > MAX_SINCE_SEC)
      throw new UsageError(
        `--since is how far back to read, such as 90m, 24h or 7d (at most 30d); got "${o.since}".`,
      );
    windowMs = seconds * 1000;
  }
  const { db } = ctx.database;
  const connection = await getConnection(db, profileId);
  if (!connection)
    throw new RefusedError(
      `Profile ${profileId} is not connected to Keitaro's Admin API. Connect it first: profile set ${profileId} --keitaro-url URL --keitaro-api-key-file FILE`,
    );
  const directory = new ProfileDirectory(db);
  const chats = new Set<number>();
  const report = await reconcileProfile(
    {
      db,
      encryptionKey: ctx.encryptionKey,
      lookup: (secret) => directory.lookup(secret),
      ...(ctx.keitaro ? { api: ctx.keitaro } : {}),
      ...(ctx.keitaro?.now ? { now: () => ctx.keitaro?.now as Date } : {}),
      wake: (chatId) => chats.add(chatId),
    },
    { profileId, windowMs, dryRun: o['dry-run'] ?? false },
  );
  if (chats.size > 0) await wakeDispatcher(ctx, [...chats]);
  const host = adminHost(connection.url);
  if (!report.ok && report.problem) {
    const problem = report.problem;
    throw new RefusedError(
      problem.kind === 'key' ? problem.message : `${host}: ${problemText('en', problem, host)}`,
    );
  }
  if (o.json) return json(ctx, report);
  for (const line of reportLines(report, host, connection.connectedAt)) ctx.out(line);
}

/**
 * The dispatcher does not poll: the running service is told. In it (the admin socket) that
 * is a call; another process on PostgreSQL sends the NOTIFY the leader listens to; an
 * embedded database with no service running is looked at when the service starts.
 */
async function wakeDispatcher(ctx: CliContext, chats: number[]): Promise<void> {
  if (ctx.wake) {
    for (const chatId of chats) ctx.wake(chatId);
    return;
  }
  if (ctx.database.kind === 'postgres')
    await ctx.database.db.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`);
}
