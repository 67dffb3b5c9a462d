import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { dedupKey } from '../postback/dedup-key.ts';
import { type Postback, parsePostback, type RawFields } from '../postback/fields.ts';
import { prepareStore } from '../postback/prepare.ts';
import type { ProfileEntry } from '../postback/profile-directory.ts';
import { type NormalizedStatus, normalizeStatus } from '../postback/status.ts';
import {
  RECOVERED_FROM_FIELD,
  RECOVERED_RAW_QUERY,
  type StoreInput,
  storePostbacks,
} from '../postback/store.ts';
import {
  AdminApiClient,
  AdminApiError,
  type AdminApiOptions,
  type AdminApiProblem,
  CONVERSION_COLUMNS,
  type Conversion,
  type Generation,
  NAME_COLUMNS,
} from './admin-api.ts';
import { connectionCredentials, getConnection, recordReconcile } from './connections.ts';
import { KeyEncryptionError } from './key-encryption.ts';

/**
 * Reconciliation: Keitaro's conversions log against what we stored. A postback is Keitaro's
 * fire-and-forget: one we answered 429 or 503, or one lost on the way, is gone. The log is
 * not: a conversion it holds that we have no event for is stored now, as a postback would
 * have been (same route, same pause and quiet hours, same dedup claim), marked recovered,
 * and notified with a line saying so.
 *
 * Identity is the dedup key a real postback of the same conversion gets (dedup-key.ts: the
 * transaction, else the click, and the normalized status), so a postback that arrives late
 * is a duplicate of the recovered event, and a conversion a postback already told of is
 * never told again. A status change is one more key: a deposit Keitaro later rejected is a
 * `rejected` key we do not hold, told as the rejection of that deposit.
 *
 * What is older than the connection is not told: a tracker's history would flood the chat
 * with conversions its team saw long ago. It is counted (`history`) and left alone.
 */

export const DEFAULT_WINDOW_MS = 48 * 3600_000;
/** Our clock and the tracker's may differ; events are looked for from this much earlier. */
const CLOCK_MARGIN_MS = 24 * 3600_000;
/** A v11 row without its status history: how far back its first postback may lie. */
const UNKNOWN_AGE_MS = 7 * 24 * 3600_000;
/**
 * What happened this shortly before connecting is not history: the log has whole seconds,
 * the tracker's clock is not ours, and a team often connects because postbacks were just lost.
 */
const HISTORY_GRACE_MS = 5 * 60_000;
const LISTED = 20;
const STORE_BATCH = 100;

/** Log columns beyond the ids and statuses: what a notification shows. */
const EXTRA_COLUMNS = ['country_code', 'sub_id_1', 'sub_id_2', 'params'] as const;

export type ReconcileProblem = AdminApiProblem | { kind: 'key'; status: null; message: string };

/** A conversion found missing: recovered, or with `dryRun` what would be. */
export interface Found {
  subId: string;
  tid: string;
  status: NormalizedStatus;
  /** A status change: what we had told before (`deposit` for a deposit later rejected). */
  from: NormalizedStatus | null;
  revenue: number | null;
  at: string | null;
  eventId?: number;
}

export interface ReconcileReport {
  profileId: number;
  /** When the pass ran, and the window it read (ISO). */
  at: string;
  from: string;
  to: string;
  dryRun: boolean;
  ok: boolean;
  problem?: ReconcileProblem;
  generation?: Generation;
  /** Conversions in the window. */
  seen: number;
  /** Of them, told by a postback (or a pass) before. */
  stored: number;
  /** Stored now and queued (or, dry run, missing and after the connection). */
  recovered: number;
  /** Of `recovered`, status changes of conversions told before. */
  changes: number;
  /** Missing but older than the connection: left alone. */
  history: number;
  /** Stored now as duplicates: a postback claimed them between the read and the write. */
  raced: number;
  /** False: the page limit ran out before the window's end (the rest waits for the next pass). */
  complete: boolean;
  pages: number;
  /** The first few found, for the CLI and the bot. */
  found: Found[];
}

export interface ReconcileDeps {
  db: Executor;
  encryptionKey: Buffer | undefined;
  /** The profile and its routes by secret (the ingest's ProfileDirectory). */
  lookup: (secret: string) => Promise<ProfileEntry | null>;
  logger?: Logger;
  api?: AdminApiOptions;
  /** Told of each chat a recovered conversion was queued for. */
  wake?: (chatId: number) => void;
  now?: () => Date;
}

export interface ReconcileRequest {
  profileId: number;
  /** How far back from now; DEFAULT_WINDOW_MS by default. */
  windowMs?: number;
  /** Report what is missing without storing anything. */
  dryRun?: boolean;
  pageSize?: number;
  maxPages?: number;
}

/** The status word a conversion's row stands for: custom words fall back to its type. */
function statusWord(c: Conversion): string {
  if (normalizeStatus(c.status) !== 'other' || !c.conversionType) return c.status;
  return normalizeStatus(c.conversionType) !== 'other' ? c.conversionType : c.status;
}

/** A log row as the fields of the postback Keitaro would have sent for it (url.ts's template). */
export function postbackFields(c: Conversion, from: NormalizedStatus | null): RawFields {
  const fields: RawFields = {};
  const put = (name: string, value: unknown) => {
    if (value === null || value === undefined || value === '') return;
    fields[name] = String(value);
  };
  const params = (c.raw.params ?? {}) as Record<string, unknown>;
  put('status', statusWord(c));
  put('subid', c.subId);
  put('tid', c.tid);
  put('campaign_id', c.campaignId);
  put('campaign_name', c.campaign);
  put('offer_id', c.offerId);
  put('offer_name', c.offer);
  put('landing_id', c.landingId);
  put('landing_name', c.landing);
  put('ts_id', c.trafficSourceId);
  put('traffic_source_name', c.trafficSource);
  put('conversion_revenue', c.revenue);
  put('currency', typeof params === 'object' ? params.currency : undefined);
  put('country', c.raw.country_code);
  put('sub_id_1', c.raw.sub_id_1);
  put('sub_id_2', c.raw.sub_id_2);
  // The network's own word, where Keitaro mapped it (`chargeback` for rejected).
  if (c.originalStatus?.toLowerCase() !== c.status.toLowerCase())
    put('original_status', c.originalStatus);
  put('keitaro_conversion_id', c.id);
  put(RECOVERED_FROM_FIELD, from);
  return fields;
}

/** Times in a v11 `status_history` ("1. Lead (2024-05-01 23:10:00) 2. Sale (…)"), as UTC. */
function historyTimes(history: string | null): number[] {
  if (!history) return [];
  return [...history.matchAll(/\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\)/g)].map((m) =>
    Date.parse(`${m[1]?.replace(' ', 'T')}Z`),
  );
}

/**
 * The earliest a postback of this conversion can have reached us: its first postback to
 * Keitaro (legacy `postback_datetime`, the first entry of v11's history), less a margin.
 */
function earliest(c: Conversion, generation: Generation, now: Date): number {
  const at = c.at?.getTime() ?? now.getTime();
  const times = historyTimes(c.statusHistory).filter(Number.isFinite);
  const first =
    generation === 'v11' && times.length === 0 ? at - UNKNOWN_AGE_MS : Math.min(at, ...times);
  return first - CLOCK_MARGIN_MS;
}

/** The statuses a conversion may have been told in before it was rejected. */
const BEFORE_REJECTION: readonly NormalizedStatus[] = ['deposit', 'rebill', 'registration'];

function keyWith(postback: Postback, status: NormalizedStatus): string {
  return dedupKey({ ...postback, status, statusWord: status });
}

interface Candidate {
  conversion: Conversion;
  postback: Postback;
  key: string;
  /** The keys of the same conversion in the statuses it may have had before a rejection. */
  earlier: { status: NormalizedStatus; key: string }[];
}

/** Which of `keys` the profile holds an event for, stored since `since`. */
async function heldKeys(
  db: Executor,
  profileId: number,
  keys: readonly string[],
  since: Date,
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await queryRows<{ dedup_key: string }>(
    db,
    sql`SELECT DISTINCT dedup_key FROM keitaro_events
        WHERE profile_id = ${profileId} AND created_at >= ${since.toISOString()}::timestamptz
          AND dedup_key IN (SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`,
  );
  return new Set(rows.map((r) => r.dedup_key));
}

const problemOf = (error: unknown): ReconcileProblem | undefined => {
  if (error instanceof AdminApiError) return error.problem;
  if (error instanceof KeyEncryptionError)
    return { kind: 'key', status: null, message: error.message };
  return undefined;
};

/**
 * One pass for one profile: read the window of the log, store what is missing, record the
 * pass on the connection (not for a dry run). Keitaro's failures come back in the report;
 * anything else (the database) throws.
 */
export async function reconcileProfile(
  deps: ReconcileDeps,
  request: ReconcileRequest,
): Promise<ReconcileReport> {
  const now = deps.now?.() ?? new Date();
  const windowMs = request.windowMs ?? DEFAULT_WINDOW_MS;
  const from = new Date(now.getTime() - windowMs);
  const dryRun = request.dryRun ?? false;
  const report: ReconcileReport = {
    profileId: request.profileId,
    at: now.toISOString(),
    from: from.toISOString(),
    to: now.toISOString(),
    dryRun,
    ok: false,
    seen: 0,
    stored: 0,
    recovered: 0,
    changes: 0,
    history: 0,
    raced: 0,
    complete: false,
    pages: 0,
    found: [],
  };
  const connection = await getConnection(deps.db, request.profileId);
  if (!connection) throw new Error(`profile ${request.profileId} is not connected to Keitaro`);
  try {
    const credentials = await connectionCredentials(deps.db, request.profileId, deps.encryptionKey);
    if (!credentials) throw new Error(`profile ${request.profileId} is not connected to Keitaro`);
    const client = new AdminApiClient(credentials.url, credentials.apiKey, deps.api);
    const generation = connection.generation ?? (await client.detectGeneration(now));
    report.generation = generation;
    const log = await client.conversions({
      generation,
      from,
      to: now,
      columns: [...CONVERSION_COLUMNS[generation], ...NAME_COLUMNS, ...EXTRA_COLUMNS],
      ...(request.pageSize ? { pageSize: request.pageSize } : {}),
      ...(request.maxPages ? { maxPages: request.maxPages } : {}),
    });
    report.pages = log.pages;
    report.complete = log.complete;
    report.seen = log.rows.length;
    await recover(deps, request.profileId, log.rows, generation, connection.connectedAt, now, {
      report,
      dryRun,
      windowMs,
    });
    report.ok = true;
  } catch (error) {
    const problem = problemOf(error);
    if (!problem) throw error;
    report.problem = problem;
  }
  if (!dryRun) await recordReconcile(deps.db, request.profileId, report);
  return report;
}

async function recover(
  deps: ReconcileDeps,
  profileId: number,
  rows: readonly Conversion[],
  generation: Generation,
  connectedAt: Date,
  now: Date,
  pass: { report: ReconcileReport; dryRun: boolean; windowMs: number },
): Promise<void> {
  const { report } = pass;
  const candidates: Candidate[] = rows
    .filter((c) => c.subId !== '' || c.tid !== '')
    .map((conversion) => {
      const postback = parsePostback(postbackFields(conversion, null));
      const earlier =
        postback.status === 'rejected'
          ? BEFORE_REJECTION.map((status) => ({ status, key: keyWith(postback, status) }))
          : [];
      return { conversion, postback, key: dedupKey(postback), earlier };
    });
  if (candidates.length === 0) return;
  const since = new Date(
    Math.min(...candidates.map((c) => earliest(c.conversion, generation, now))),
  );
  const held = await heldKeys(
    deps.db,
    profileId,
    candidates.flatMap((c) => [c.key, ...c.earlier.map((e) => e.key)]),
    since,
  );
  const missing: { candidate: Candidate; from: NormalizedStatus | null }[] = [];
  for (const candidate of candidates) {
    if (held.has(candidate.key)) {
      report.stored++;
      continue;
    }
    const from = candidate.earlier.find((e) => held.has(e.key))?.status ?? null;
    // Before the connection: history, unless it changes what a notification told.
    const at = candidate.conversion.at?.getTime() ?? now.getTime();
    if (at < connectedAt.getTime() - HISTORY_GRACE_MS && from === null) {
      report.history++;
      continue;
    }
    missing.push({ candidate, from });
  }
  // The same conversion twice in one read (rows shift while paging): one of it.
  const unique = [...new Map(missing.map((m) => [m.candidate.key, m])).values()];
  report.recovered = unique.length;
  report.changes = unique.filter((m) => m.from !== null).length;
  report.found = unique.slice(0, LISTED).map(({ candidate, from }) => ({
    subId: candidate.conversion.subId,
    tid: candidate.conversion.tid,
    status: candidate.postback.status,
    from,
    revenue: candidate.conversion.revenue,
    at: candidate.conversion.at?.toISOString() ?? null,
  }));
  if (pass.dryRun || unique.length === 0) return;
  await store(deps, profileId, unique, now, pass);
}

async function store(
  deps: ReconcileDeps,
  profileId: number,
  missing: readonly { candidate: Candidate; from: NormalizedStatus | null }[],
  now: Date,
  pass: { report: ReconcileReport; windowMs: number },
): Promise<void> {
  const [profile] = await queryRows<{ secret: string }>(
    deps.db,
    sql`SELECT secret FROM keitaro_profiles WHERE id = ${profileId} AND enabled`,
  );
  const entry = profile ? await deps.lookup(profile.secret) : null;
  if (!entry) {
    // Disabled or deleted meanwhile: nothing is told, as a postback would be refused.
    pass.report.recovered = 0;
    pass.report.changes = 0;
    return;
  }
  // A real postback that arrives late, even days late, must find the claim: it holds for the
  // window at least, whatever the profile's own dedup window.
  const ttl = Math.max(entry.profile.dedupTtlSec, Math.ceil(pass.windowMs / 1000));
  const inputs: StoreInput[] = missing.map(({ candidate, from }) =>
    prepareStore(
      entry,
      parsePostback(postbackFields(candidate.conversion, from)),
      { query: RECOVERED_RAW_QUERY, body: null },
      now,
      ttl,
    ),
  );
  const woken = new Set<number>();
  for (let i = 0; i < inputs.length; i += STORE_BATCH) {
    const batch = inputs.slice(i, i + STORE_BATCH);
    const results = await storePostbacks(deps.db, batch);
    results.forEach((result, j) => {
      const input = batch[j] as StoreInput;
      if (result.kind !== 'stored') return;
      const found = pass.report.found[i + j];
      if (found) found.eventId = result.eventId;
      if (result.duplicate) pass.report.raced++;
      else woken.add(input.target.chatId);
    });
  }
  pass.report.recovered -= pass.report.raced;
  for (const chatId of woken) deps.wake?.(chatId);
  deps.logger?.info(
    {
      profile_id: profileId,
      recovered: pass.report.recovered,
      changes: pass.report.changes,
      raced: pass.report.raced,
    },
    'reconciliation recovered conversions from the Keitaro log',
  );
}
