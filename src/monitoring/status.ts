import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { type DatabaseKind, type Executor, queryRows } from '../db/client.ts';
import {
  dispatcherLease,
  type LastActivity,
  type LeaseHolder,
  lastActivity,
  type QueueSnapshot,
  queueSnapshot,
} from './queue.ts';

/** The `status` command's one screen: is it alive, who sends, how far behind. */

export interface Status {
  version: string;
  /** Where the data is, without a password. */
  database: string;
  /** The embedded database: whether the server (which then leads) runs this command. */
  leader:
    | { kind: 'embedded'; serverRunning: boolean }
    | { kind: 'lease'; lease: LeaseHolder | null };
  queue: QueueSnapshot;
  activity: LastActivity;
  /** The database's clock when this was read: ages are measured against it. */
  now: Date;
}

export function productVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** "PostgreSQL db.example.com:5432/keitaro" or "embedded (PGlite) in /var/lib/…": no credentials. */
export function describeDatabase(target: { databaseUrl?: string; dataDir: string }): string {
  if (!target.databaseUrl) return `embedded (PGlite) in ${target.dataDir}`;
  try {
    const url = new URL(target.databaseUrl);
    const host = url.port ? `${url.hostname}:${url.port}` : url.hostname || 'localhost';
    return `PostgreSQL ${host}${decodeURIComponent(url.pathname) || '/'}`;
  } catch {
    return 'PostgreSQL';
  }
}

export async function readStatus(
  exec: Executor,
  where: { kind: DatabaseKind; database: string; serverRunning: boolean },
): Promise<Status> {
  const [clock] = await queryRows<{ now: string | Date }>(exec, sql`SELECT now() AS now`);
  return {
    version: productVersion(),
    database: where.database,
    leader:
      where.kind === 'pglite'
        ? { kind: 'embedded', serverRunning: where.serverRunning }
        : { kind: 'lease', lease: await dispatcherLease(exec) },
    queue: await queueSnapshot(exec),
    activity: await lastActivity(exec),
    now: new Date(clock?.now ?? Date.now()),
  };
}

/** 42 s, 5 min, 3 h 10 min, 2 d 4 h: as precise as a glance needs. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) {
    const min = Math.floor((s % 3600) / 60);
    return `${Math.floor(s / 3600)} h${min ? ` ${min} min` : ''}`;
  }
  const h = Math.floor((s % 86_400) / 3600);
  return `${Math.floor(s / 86_400)} d${h ? ` ${h} h` : ''}`;
}

function moment(at: Date | null, now: Date): string {
  if (at === null) return 'never';
  return `${at.toISOString()} (${formatAge((now.getTime() - at.getTime()) / 1000)} ago)`;
}

function leaderLine(status: Status): string {
  const { leader, now } = status;
  if (leader.kind === 'embedded') {
    return leader.serverRunning
      ? 'this server (the embedded database has one process, and it sends)'
      : 'none: the service is not running';
  }
  const { lease } = leader;
  if (lease === null) return 'none yet: no instance has taken the lease';
  const until = lease.expiresAt.toISOString();
  if (lease.valid) return `${lease.holder}, lease until ${until}`;
  return `none: the lease of ${lease.holder} ran out at ${until} (${formatAge((now.getTime() - lease.expiresAt.getTime()) / 1000)} ago)`;
}

export function statusLines(status: Status): string[] {
  const { queue, activity, now } = status;
  const { pending, held, digested, dead, paused, quiet } = queue.byState;
  const calm = paused + quiet > 0 ? `, ${paused} paused, ${quiet} in quiet hours` : '';
  return [
    `keitaro-notify ${status.version}`,
    `  database:        ${status.database}`,
    `  dispatcher:      ${leaderLine(status)}`,
    `  queue:           ${pending} pending, ${digested} in digests, ${held} held (chat unreachable)${calm}`,
    `  oldest waiting:  ${pending + digested === 0 ? 'nothing waits' : formatAge(queue.oldestWaitingSec)}`,
    `  last postback:   ${moment(activity.lastPostbackAt, now)}`,
    `  last send:       ${moment(activity.lastSendAt, now)}`,
    `  dead:            ${dead}`,
  ];
}

/** The same, for scripts. */
export function statusJson(status: Status) {
  const { leader } = status;
  return {
    version: status.version,
    database: status.database,
    leader:
      leader.kind === 'embedded'
        ? { holder: leader.serverRunning ? 'this server' : null, expires_at: null }
        : {
            holder: leader.lease?.valid ? leader.lease.holder : null,
            last_holder: leader.lease?.holder ?? null,
            expires_at: leader.lease?.expiresAt.toISOString() ?? null,
          },
    deliveries: status.queue.byState,
    oldest_waiting_seconds: status.queue.oldestWaitingSec,
    last_postback_at: status.activity.lastPostbackAt?.toISOString() ?? null,
    last_send_at: status.activity.lastSendAt?.toISOString() ?? null,
    now: status.now.toISOString(),
  };
}
