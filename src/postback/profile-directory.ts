import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type ProfileRow, profiles, routes } from '../db/schema.ts';
import { campaignPausesOf, quietHoursOf } from '../delivery/calm.ts';
import type { CalmSettings } from '../delivery/calm-rule.ts';
import { topicsOfProfile } from '../delivery/value-topics.ts';
import { toRoute } from '../profiles/repository.ts';
import { isWellFormedSecret } from '../profiles/secret.ts';
import type { Route } from '../routing/route.ts';

/**
 * Secret → profile and its routes, cached for a moment so the hot path does not read them on
 * every postback. The cache only decides fast answers (403, rate limit, routing): the write
 * itself re-checks the secret and `enabled`, so a rotated secret or a disabled profile stops
 * working with its commit, whatever process made it.
 */

/** Also what holds its notifications: quiet hours of its chats, campaigns paused in them. */
export interface ProfileEntry extends CalmSettings {
  profile: ProfileRow;
  routes: Route[];
}

interface Cached<T> {
  value: T;
  expiresAt: number;
}

export interface DirectoryOptions {
  /** How long a profile read is trusted (the write re-checks anyway). */
  ttlMs?: number;
  /** How long "no such secret" is remembered; 256 random bits are not guessed meanwhile. */
  unknownTtlMs?: number;
  /** At most this many profiles are kept; the least recently used goes first. */
  maxKnown?: number;
  /** At most this many unknown secrets are remembered (about 100 bytes each). */
  maxUnknown?: number;
  now?: () => number;
}

/** A Map kept in use order, so the oldest entry is the first one. */
function touch<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}

export class ProfileDirectory {
  private readonly known = new Map<string, Cached<ProfileEntry>>();
  private readonly unknown = new Map<string, Cached<null>>();
  /** Reads in flight: concurrent requests with one secret share one database read. */
  private readonly loading = new Map<string, Promise<ProfileEntry | null>>();
  private generation = 0;
  private readonly ttlMs: number;
  private readonly unknownTtlMs: number;
  private readonly maxKnown: number;
  private readonly maxUnknown: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    options: DirectoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 2_000;
    this.unknownTtlMs = options.unknownTtlMs ?? 60_000;
    this.maxKnown = options.maxKnown ?? 10_000;
    this.maxUnknown = options.maxUnknown ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * A secret that cannot be one we issued is refused at once; an unknown well-formed one is
   * remembered in a bounded set, so neither costs a database read each time nor grows memory.
   */
  lookup(secret: string): Promise<ProfileEntry | null> {
    if (!isWellFormedSecret(secret)) return Promise.resolve(null);
    const now = this.now();
    const known = this.known.get(secret);
    if (known && known.expiresAt > now) {
      touch(this.known, secret, known, this.maxKnown);
      return Promise.resolve(known.value);
    }
    const unknown = this.unknown.get(secret);
    if (unknown && unknown.expiresAt > now) return Promise.resolve(null);
    const pending = this.loading.get(secret);
    if (pending) return pending;
    const generation = this.generation;
    const entry = this.load(secret);
    this.loading.set(secret, entry);
    // A failed read is not remembered: the next request asks the database again.
    entry.then(
      (value) => {
        if (this.loading.get(secret) === entry) this.loading.delete(secret);
        if (generation !== this.generation) return; // read before a change: not kept
        const at = this.now();
        if (value) {
          this.unknown.delete(secret);
          touch(this.known, secret, { value, expiresAt: at + this.ttlMs }, this.maxKnown);
        } else {
          this.known.delete(secret);
          touch(
            this.unknown,
            secret,
            { value, expiresAt: at + this.unknownTtlMs },
            this.maxUnknown,
          );
        }
      },
      () => {
        if (this.loading.get(secret) === entry) this.loading.delete(secret);
      },
    );
    return entry;
  }

  /** Called after changes made in this process, so they apply at once. */
  invalidate(): void {
    this.generation++;
    this.known.clear();
    this.unknown.clear();
    this.loading.clear();
  }
  private async load(secret: string): Promise<ProfileEntry | null> {
    const [profile] = await this.db.select().from(profiles).where(eq(profiles.secret, secret));
    if (!profile) return null;
    const rows = await this.db.select().from(routes).where(eq(routes.profileId, profile.id));
    const topics = await topicsOfProfile(this.db, profile.id);
    return {
      profile,
      routes: rows.map((row) => ({ ...toRoute(row), valueTopics: topics.get(row.id) ?? {} })),
      quiet: await quietHoursOf(this.db, profile.id),
      campaignPauses: await campaignPausesOf(this.db, profile.id),
    };
  }
}
