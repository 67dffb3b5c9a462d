import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type ProfileRow, profiles, routes } from '../db/schema.ts';
import { toRoute } from '../profiles/repository.ts';
import { isWellFormedSecret } from '../profiles/secret.ts';
import type { Route } from '../routing/route.ts';

/**
 * Secret → profile and its routes, cached for a moment so the hot path does not read them on
 * every postback. The cache only decides fast answers (403, rate limit, routing): the write
 * itself re-checks the secret and `enabled`, so a rotated secret or a disabled profile stops
 * working with its commit, whatever process made it.
 */

export interface ProfileEntry {
  profile: ProfileRow;
  routes: Route[];
}

interface Cached {
  entry: Promise<ProfileEntry | null>;
  expiresAt: number;
}

const MAX_ENTRIES = 10_000;

export class ProfileDirectory {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Unknown and missing secrets take the same path as known ones (same timing). */
  lookup(secret: string): Promise<ProfileEntry | null> {
    if (!isWellFormedSecret(secret)) return Promise.resolve(null);
    const now = this.now();
    const cached = this.cache.get(secret);
    if (cached && cached.expiresAt > now) return cached.entry;
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    const entry = this.load(secret);
    this.cache.set(secret, { entry, expiresAt: now + this.ttlMs });
    // A failed read is not remembered: the next request asks the database again.
    entry.catch(() => this.cache.delete(secret));
    return entry;
  }

  /** Called after changes made in this process, so they apply at once. */
  invalidate(): void {
    this.cache.clear();
  }

  private async load(secret: string): Promise<ProfileEntry | null> {
    const [profile] = await this.db.select().from(profiles).where(eq(profiles.secret, secret));
    if (!profile) return null;
    const rows = await this.db.select().from(routes).where(eq(routes.profileId, profile.id));
    return { profile, routes: rows.map(toRoute) };
  }
}
