import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.ts';
import { events, type ProfileRow, profiles, type RouteRow, routes } from '../db/schema.ts';
import type { NormalizedStatus } from '../postback/status.ts';
import { RECOVERED_RAW_QUERY } from '../postback/store.ts';
import type { Language, Route } from '../routing/route.ts';
import { newSecret } from './secret.ts';
import type { RouteInput } from './settings.ts';

/** Profiles, routes and the event log: the storage every edge (HTTP, CLI, bot) shares. */

export interface NewProfile {
  ownerUserId: number;
  name?: string;
  defaultChatId?: number | null;
  defaultTopicId?: number | null;
  language?: Language;
}

export type ProfilePatch = Partial<
  Pick<
    ProfileRow,
    | 'name'
    | 'enabled'
    | 'defaultChatId'
    | 'defaultTopicId'
    | 'language'
    | 'rateLimitRps'
    | 'dedupTtlSec'
    | 'pauseButton'
    | 'card'
  >
>;

export async function createProfile(exec: Executor, input: NewProfile): Promise<ProfileRow> {
  const [row] = await exec
    .insert(profiles)
    .values({
      ownerUserId: input.ownerUserId,
      name: input.name ?? 'Keitaro',
      secret: newSecret(),
      defaultChatId: input.defaultChatId ?? null,
      defaultTopicId: input.defaultTopicId ?? null,
      language: input.language ?? 'ru',
    })
    .returning();
  return row as ProfileRow;
}

export async function listProfiles(
  exec: Executor,
  filter: { ownerUserId?: number } = {},
): Promise<ProfileRow[]> {
  return exec
    .select()
    .from(profiles)
    .where(
      filter.ownerUserId === undefined ? undefined : eq(profiles.ownerUserId, filter.ownerUserId),
    )
    .orderBy(asc(profiles.id));
}

export async function getProfile(exec: Executor, id: number): Promise<ProfileRow | undefined> {
  const [row] = await exec.select().from(profiles).where(eq(profiles.id, id));
  return row;
}

export async function updateProfile(
  exec: Executor,
  id: number,
  patch: ProfilePatch,
): Promise<ProfileRow | undefined> {
  const [row] = await exec
    .update(profiles)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(profiles.id, id))
    .returning();
  return row;
}

/** The old URL stops working with this commit: ingest re-checks the secret when it writes. */
export async function rotateSecret(exec: Executor, id: number): Promise<ProfileRow | undefined> {
  const [row] = await exec
    .update(profiles)
    .set({ secret: newSecret(), updatedAt: sql`now()` })
    .where(eq(profiles.id, id))
    .returning();
  return row;
}

export async function deleteProfile(exec: Executor, id: number): Promise<boolean> {
  const deleted = await exec
    .delete(profiles)
    .where(eq(profiles.id, id))
    .returning({ id: profiles.id });
  return deleted.length > 0;
}

export function toRoute(row: RouteRow): Route {
  return {
    id: row.id,
    matchBy: row.matchBy as Route['matchBy'],
    matchValue: row.matchValue,
    isPattern: row.isPattern,
    statuses: row.statuses as NormalizedStatus[],
    geo: row.geo,
    conditions: row.conditions,
    priority: row.priority,
    chatId: row.chatId,
    topicId: row.topicId,
    language: row.language as Language | null,
    enabled: row.enabled,
    pausedUntil: row.pausedUntil,
    topicField: row.topicField as Route['topicField'],
  };
}

/**
 * A route as validated; without conditions, none (the campaign, source or any alone); without
 * a card, the profile's.
 */
export type NewRoute = Omit<RouteInput, 'conditions' | 'topicField'> &
  Partial<Pick<RouteInput, 'conditions' | 'topicField'> & Pick<RouteRow, 'card'>>;

export async function addRoute(
  exec: Executor,
  profileId: number,
  input: NewRoute,
): Promise<RouteRow> {
  const [row] = await exec
    .insert(routes)
    .values({ profileId, ...input })
    .returning();
  return row as RouteRow;
}

export async function listRoutes(exec: Executor, profileId: number): Promise<RouteRow[]> {
  return exec
    .select()
    .from(routes)
    .where(eq(routes.profileId, profileId))
    .orderBy(asc(routes.priority), asc(routes.id));
}

export async function getRoute(exec: Executor, routeId: number): Promise<RouteRow | undefined> {
  const [row] = await exec.select().from(routes).where(eq(routes.id, routeId));
  return row;
}

export async function updateRoute(
  exec: Executor,
  routeId: number,
  patch: Partial<RouteInput> & Partial<Pick<RouteRow, 'enabled' | 'card'>>,
): Promise<RouteRow | undefined> {
  const [row] = await exec
    .update(routes)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(routes.id, routeId))
    .returning();
  return row;
}

/**
 * Moves a route one place up or down the order it is tried in. The profile's routes are
 * renumbered 10, 20, 30… in the new order: swapping two priorities is wrong when others tie.
 */
export async function moveRoute(
  db: Db,
  routeId: number,
  direction: 'up' | 'down',
): Promise<RouteRow[] | undefined> {
  return db.transaction(async (tx) => {
    const route = await getRoute(tx, routeId);
    if (!route) return undefined;
    const list = await listRoutes(tx, route.profileId);
    const from = list.findIndex((r) => r.id === routeId);
    const to = direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= list.length) return list;
    [list[from], list[to]] = [list[to] as RouteRow, list[from] as RouteRow];
    for (const [i, r] of list.entries()) {
      if (r.priority !== (i + 1) * 10) {
        await tx
          .update(routes)
          .set({ priority: (i + 1) * 10, updatedAt: sql`now()` })
          .where(eq(routes.id, r.id));
        r.priority = (i + 1) * 10;
      }
    }
    return list;
  });
}

export async function removeRoute(exec: Executor, routeId: number): Promise<boolean> {
  const deleted = await exec
    .delete(routes)
    .where(eq(routes.id, routeId))
    .returning({ id: routes.id });
  return deleted.length > 0;
}

export interface EventSummary {
  id: number;
  createdAt: Date;
  status: string;
  statusWord: string;
  tid: string | null;
  subid: string | null;
  campaignId: string | null;
  campaignName: string | null;
  revenue: string | null;
  currency: string | null;
  outcome: string;
  processed: boolean;
  error: string | null;
  /** The deliveries' states, e.g. `sent`, `pending`; empty for a duplicate. */
  deliveryStates: string[];
  /** What Telegram last said about its delivery, when it refused or failed. */
  deliveryError: string | null;
  /** The route that took it; null: no route matched, the profile's own chat. */
  routeId: number | null;
  /** Where its first delivery goes (null for a duplicate). */
  chatId: number | null;
  topicId: number | null;
  /** Recovered from Keitaro's conversions log: no postback brought it (keitaro/reconcile.ts). */
  recovered: boolean;
}

export async function latestEvents(
  exec: Executor,
  profileId: number,
  limit: number,
): Promise<EventSummary[]> {
  const rows = await exec
    .select({
      id: events.id,
      createdAt: events.createdAt,
      status: events.status,
      statusWord: events.statusWord,
      tid: events.tid,
      subid: events.subid,
      campaignId: events.campaignId,
      campaignName: events.campaignName,
      revenue: events.revenue,
      currency: events.currency,
      outcome: events.outcome,
      processed: events.processed,
      error: events.error,
      // Written out: drizzle leaves column names unqualified inside a subquery.
      deliveryStates: sql<string[]>`coalesce((SELECT array_agg(d.state ORDER BY d.id)
        FROM keitaro_deliveries d WHERE d.event_id = keitaro_events.id), '{}')`,
      deliveryError: sql<string | null>`(SELECT d.last_error FROM keitaro_deliveries d
        WHERE d.event_id = keitaro_events.id AND d.last_error IS NOT NULL ORDER BY d.id DESC LIMIT 1)`,
      routeId: events.routeId,
      chatId: sql<number | null>`(SELECT d.chat_id FROM keitaro_deliveries d
        WHERE d.event_id = keitaro_events.id ORDER BY d.id LIMIT 1)`.mapWith(
        (v: string | number | null) => (v === null ? null : Number(v)),
      ),
      topicId: sql<number | null>`(SELECT d.topic_id FROM keitaro_deliveries d
        WHERE d.event_id = keitaro_events.id ORDER BY d.id LIMIT 1)`,
      recovered: sql<boolean>`${events.rawQuery} IS NOT DISTINCT FROM ${RECOVERED_RAW_QUERY}`,
    })
    .from(events)
    .where(eq(events.profileId, profileId))
    .orderBy(desc(events.id))
    .limit(limit);
  return rows;
}
