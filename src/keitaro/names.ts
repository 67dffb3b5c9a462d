import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { MessageEvent } from '../messages/render.ts';
import { presentValue } from '../postback/fields.ts';
import {
  AdminApiClient,
  AdminApiError,
  type AdminApiOptions,
  type AdminApiProblem,
  type EntityKind,
  problemSummary,
} from './admin-api.ts';
import { connectionCredentials, listConnections } from './connections.ts';
import { KeyEncryptionError } from './key-encryption.ts';

/**
 * Names for the ids a postback carries. Keitaro has no S2S macro for an offer's, a landing's
 * or (reliably) a traffic source's name, so the URL we hand out sends `{offer_id}`,
 * `{landing_id}` and `{ts_id}`, and a card would say "Offer: 7". For a profile connected to
 * its tracker's Admin API the names come from the tracker's lists (ADMIN_API.md §3: whole
 * lists, refreshed when old or when an id is missing), kept in memory as id → name.
 *
 * A notification never waits for the tracker longer than a moment: without a name it shows
 * the id, as it did before, and the load goes on for the next ones. Profiles without a
 * connection cost a look in a map; a tracker that fails is left alone for a while.
 */

/** What the dispatcher asks (delivery/dispatcher.ts, funnel.ts); TrackerNames answers. */
export interface EventNames {
  /** The event with names for the ids it came with, waiting a moment at most. */
  resolve(event: MessageEvent, profileId: number): Promise<MessageEvent>;
  /** The same from what is in memory now, never waiting (inside a transaction). */
  known(event: MessageEvent, profileId: number): MessageEvent;
}

export interface TrackerNamesOptions {
  /** How long a notification waits for a list not loaded yet. */
  waitMs: number;
  /** The signal that ends that wait; tests pass one they abort by hand. */
  deadline: (waitMs: number) => AbortSignal;
  /** A list older than this is loaded again in the background. */
  refreshMs: number;
  /** An id missing from a list loads it again, at most this often per profile and list. */
  missReloadMs: number;
  /** How often the set of connected profiles is read again. */
  connectionsMs: number;
  /** After a failure, how long a list is not asked for. */
  backoffMs: number;
  /** The same after 401, 402 or 403, or a key that cannot be opened: a person must act. */
  refusedBackoffMs: number;
  now: () => number;
  /** The client's transport (tests: a fetch, a deadline). */
  client?: AdminApiOptions;
}

export const DEFAULT_NAMES_OPTIONS: TrackerNamesOptions = {
  waitMs: 1_500,
  deadline: (ms) => AbortSignal.timeout(ms),
  refreshMs: 15 * 60_000,
  missReloadMs: 60_000,
  connectionsMs: 60_000,
  backoffMs: 5 * 60_000,
  refusedBackoffMs: 30 * 60_000,
  now: Date.now,
};

type Ids = Partial<Record<EntityKind, number>>;
type Names = Partial<Record<EntityKind, string>>;

/** A value as an entity id, with the text it was sent as; 0 means none (ADMIN_API.md §3). */
function sentId(value: unknown): { text: string; id: number } | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = presentValue(String(value));
  if (text === null || !/^\d{1,15}$/.test(text) || Number(text) === 0) return null;
  return { text, id: Number(text) };
}

/**
 * Which of the event's offer, landing, traffic source and campaign came as an id only: the
 * stored offer is the payload's `offer_id` when no name came before it (fields.ts), the
 * source is empty when no name came, the campaign has an id and no name.
 */
export function unnamedIds(event: MessageEvent): Ids {
  const sent = event.ids ?? {};
  const ids: Ids = {};
  const offer = sentId(sent.offer_id);
  if (offer && event.offer === offer.text) ids.offers = offer.id;
  const landing = sentId(sent.landing_id);
  if (landing && event.landing === landing.text) ids.landings = landing.id;
  const source = event.source === null ? sentId(sent.ts_id) : null;
  if (source) ids.traffic_sources = source.id;
  const campaign = event.campaignName === null ? sentId(event.campaignId) : null;
  if (campaign) ids.campaigns = campaign.id;
  return ids;
}

/** The event as it reads with these names; an id without one stays as it came. */
export function withNames(event: MessageEvent, names: Names): MessageEvent {
  return {
    ...event,
    ...(names.offers ? { offer: names.offers } : {}),
    ...(names.landings ? { landing: names.landings } : {}),
    ...(names.traffic_sources ? { source: names.traffic_sources } : {}),
    ...(names.campaigns ? { campaignName: names.campaigns } : {}),
  };
}

/** How long a list is not asked for after this failure (null: not the tracker's answer). */
export function backoffMs(
  problem: AdminApiProblem | null,
  options: Pick<TrackerNamesOptions, 'backoffMs' | 'refusedBackoffMs'>,
): number {
  switch (problem?.kind) {
    case 'unauthorized':
    case 'payment_required':
    case 'forbidden':
      return options.refusedBackoffMs;
    case 'rate_limited':
      return Math.max(options.backoffMs, problem.retryAfterMs ?? 0);
    default:
      return options.backoffMs;
  }
}

/** One of a profile's lists. */
interface List {
  names: Map<number, string> | null;
  loadedAt: number;
  loading: Promise<void> | null;
  /** A notification gave up waiting for this load: the next ones do not wait for it. */
  waitedOut: boolean;
  /** Not asked for before this (a failure's backoff). */
  notBefore: number;
  /** When a missing id last loaded it again. */
  missReloadAt: number;
  /** The failure last logged (null: none since it last loaded): one line per change. */
  problem: string | null;
}

/** A connected profile: which connection (reconnecting starts afresh) and its lists. */
interface Tracker {
  stamp: string;
  lists: Map<EntityKind, List>;
}

export class TrackerNames implements EventNames {
  private readonly options: TrackerNamesOptions;
  /** Connected profiles; null until the connections were first read. */
  private trackers: Map<number, Tracker> | null = null;
  private connectionsAt = Number.NEGATIVE_INFINITY;
  private readingConnections: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  constructor(
    private readonly deps: {
      db: Db;
      logger: Logger;
      encryptionKey: Buffer | undefined;
      options?: Partial<TrackerNamesOptions>;
    },
  ) {
    this.options = { ...DEFAULT_NAMES_OPTIONS, ...deps.options };
  }

  /** A connection was made, changed or removed: read them again before the next lookup. */
  invalidate(): void {
    this.connectionsAt = Number.NEGATIVE_INFINITY;
  }

  async resolve(event: MessageEvent, profileId: number): Promise<MessageEvent> {
    // A test from the bot carries made-up ids (bot/diagnostics.ts).
    if (event.test) return event;
    const wanted = Object.entries(unnamedIds(event)) as [EntityKind, number][];
    if (wanted.length === 0) return event;
    try {
      const tracker = await this.trackerOf(profileId);
      if (!tracker) return event;
      const signal = this.options.deadline(this.options.waitMs);
      const timedOut = new Promise<'timeout'>((resolve) => {
        if (signal.aborted) resolve('timeout');
        else signal.addEventListener('abort', () => resolve('timeout'), { once: true });
      });
      const found = await Promise.all(
        wanted.map(async ([kind, id]) => [
          kind,
          await this.lookup(profileId, tracker, kind, id, timedOut),
        ]),
      );
      return withNames(event, Object.fromEntries(found.filter(([, name]) => name !== null)));
    } catch (error) {
      this.deps.logger.error({ err: error, profile_id: profileId }, 'looking up names failed');
      return event;
    }
  }

  known(event: MessageEvent, profileId: number): MessageEvent {
    const tracker = event.test ? undefined : this.trackers?.get(profileId);
    if (!tracker) return event;
    const names: Names = {};
    for (const [kind, id] of Object.entries(unnamedIds(event)) as [EntityKind, number][]) {
      const name = tracker.lists.get(kind)?.names?.get(id);
      if (name !== undefined) names[kind] = name;
    }
    return withNames(event, names);
  }

  /** Ends the loads under way; nothing is asked after this. */
  async stop(): Promise<void> {
    this.stopping.abort();
    const loads = [...(this.trackers?.values() ?? [])].flatMap((t) =>
      [...t.lists.values()].map((list) => list.loading),
    );
    await Promise.allSettled(loads);
  }

  private async trackerOf(profileId: number): Promise<Tracker | undefined> {
    if (this.options.now() - this.connectionsAt >= this.options.connectionsMs)
      await this.readConnections();
    return this.trackers?.get(profileId);
  }

  private readConnections(): Promise<void> {
    this.readingConnections ??= (async () => {
      try {
        const next = new Map<number, Tracker>();
        for (const c of await listConnections(this.deps.db)) {
          const stamp = `${c.url} ${c.connectedAt.getTime()}`;
          const known = this.trackers?.get(c.profileId);
          // Connected again (maybe another tracker, another key): the old lists go.
          next.set(c.profileId, known?.stamp === stamp ? known : { stamp, lists: new Map() });
        }
        this.trackers = next;
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'reading Keitaro connections failed; ids are shown');
        this.trackers ??= new Map();
      } finally {
        this.connectionsAt = this.options.now();
        this.readingConnections = null;
      }
    })();
    return this.readingConnections;
  }

  /** The id's name: from the list in memory, else after a load that ends in time, else null. */
  private async lookup(
    profileId: number,
    tracker: Tracker,
    kind: EntityKind,
    id: number,
    timedOut: Promise<'timeout'>,
  ): Promise<string | null> {
    let list = tracker.lists.get(kind);
    if (!list) {
      list = {
        names: null,
        loadedAt: 0,
        loading: null,
        waitedOut: false,
        notBefore: 0,
        missReloadAt: Number.NEGATIVE_INFINITY,
        problem: null,
      };
      tracker.lists.set(kind, list);
    }
    const now = this.options.now();
    const name = list.names?.get(id);
    if (list.names === null || now - list.loadedAt >= this.options.refreshMs)
      this.load(profileId, tracker, kind, list);
    else if (
      name === undefined &&
      now - list.missReloadAt >= this.options.missReloadMs &&
      this.load(profileId, tracker, kind, list)
    )
      // A new offer made today is not in the list yet.
      list.missReloadAt = now;
    if (name !== undefined) return name;
    const loading = list.loading;
    if (!loading || list.waitedOut) return null;
    if ((await Promise.race([loading, timedOut])) === 'timeout' && list.loading === loading)
      list.waitedOut = true;
    return list.names?.get(id) ?? null;
  }

  /** Starts loading the list unless it is loading, backing off, or this is stopping. */
  private load(profileId: number, tracker: Tracker, kind: EntityKind, list: List): boolean {
    if (list.loading || this.options.now() < list.notBefore || this.stopping.signal.aborted)
      return false;
    list.waitedOut = false;
    list.loading = this.fetchList(profileId, kind)
      .then(
        (names) => {
          list.names = names;
          list.loadedAt = this.options.now();
          if (list.problem !== null)
            this.deps.logger.info(
              { profile_id: profileId, list: kind, entries: names.size },
              "Keitaro's names readable again",
            );
          list.problem = null;
        },
        (error: unknown) => this.failed(profileId, tracker, kind, list, error),
      )
      .finally(() => {
        list.loading = null;
      });
    return true;
  }

  private async fetchList(profileId: number, kind: EntityKind): Promise<Map<number, string>> {
    const credentials = await connectionCredentials(
      this.deps.db,
      profileId,
      this.deps.encryptionKey,
    );
    if (!credentials) {
      // Disconnected since the connections were read.
      this.invalidate();
      return new Map();
    }
    const transport = this.options.client ?? {};
    const ends = transport.deadline ?? ((ms: number) => AbortSignal.timeout(ms));
    const client = new AdminApiClient(credentials.url, credentials.apiKey, {
      ...transport,
      deadline: (ms) => AbortSignal.any([ends(ms), this.stopping.signal]),
    });
    const names = await client.names(kind);
    if (kind === 'campaigns') {
      // Archived campaigns are only in /campaigns/deleted; their conversions still arrive.
      try {
        for (const e of await client.deletedCampaigns())
          if (!names.has(e.id)) names.set(e.id, e.name);
      } catch (error) {
        if (!(error instanceof AdminApiError)) throw error;
      }
    }
    return names;
  }

  private failed(
    profileId: number,
    tracker: Tracker,
    kind: EntityKind,
    list: List,
    error: unknown,
  ): void {
    if (this.stopping.signal.aborted) return;
    const problem = error instanceof AdminApiError ? error.problem : null;
    const refused = error instanceof KeyEncryptionError;
    const wait = refused ? this.options.refusedBackoffMs : backoffMs(problem, this.options);
    list.notBefore = this.options.now() + wait;
    const said = problem ? problemSummary(problem) : String((error as Error)?.message ?? error);
    if (said === list.problem || this.trackers?.get(profileId) !== tracker) return;
    list.problem = said;
    this.deps.logger.warn(
      {
        profile_id: profileId,
        list: kind,
        problem: said,
        retry_in_ms: wait,
        ...(problem ? {} : { err: error }),
      },
      "Keitaro's names unavailable: notifications show ids",
    );
  }
}
