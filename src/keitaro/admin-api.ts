import { z } from 'zod';

/**
 * A small client for Keitaro's Admin API (docs: /work/shared/keitaro/ADMIN_API.md, §§1–3):
 * the conversions log in both of its generations and the name lists. Every failure becomes
 * one `AdminApiProblem` the caller switches on. The key travels only in the `Api-Key` header;
 * it is kept in a private field, and no error, message or log line built here carries it
 * (errors never hold the request's headers).
 */

/** Which conversions log the tracker has: legacy (≤ v10, `conversion_id`) or v11 (`event_id`). */
export type Generation = 'legacy' | 'v11';

export type UnreachableReason = 'dns' | 'refused' | 'timeout' | 'tls' | 'network';

/** What went wrong, as the caller acts on it. `status` is the HTTP status, null without one. */
export type AdminApiProblem =
  | { kind: 'bad_url'; status: null; reason: string }
  | { kind: 'unauthorized'; status: 401 }
  | { kind: 'payment_required'; status: 402 }
  /** `by: 'cloudflare'`: a firewall in front of the tracker, not Keitaro's rights. */
  | { kind: 'forbidden'; status: 403; by: 'keitaro' | 'cloudflare' }
  | {
      kind: 'not_keitaro';
      status: number;
      got: 'html' | 'not_json' | 'unexpected_json' | 'not_found' | 'redirect';
      /** Where a redirect pointed (origin and path only). */
      location?: string;
    }
  | { kind: 'unreachable'; status: null; reason: UnreachableReason }
  /** Keitaro's own words (an unknown column, a bad filter), shortened. */
  | { kind: 'bad_request'; status: 400; message: string }
  | { kind: 'rate_limited'; status: 429; retryAfterMs: number | undefined }
  | { kind: 'server'; status: number }
  | { kind: 'unexpected'; status: number; message: string };

export type ProblemKind = AdminApiProblem['kind'];

export class AdminApiError extends Error {
  constructor(
    readonly problem: AdminApiProblem,
    where: string,
  ) {
    super(`Keitaro Admin API ${where}: ${problemSummary(problem)}`);
    this.name = 'AdminApiError';
  }
}

/** A short, key-free description for logs and error messages (users get the Fluent sentences). */
export function problemSummary(problem: AdminApiProblem): string {
  switch (problem.kind) {
    case 'bad_url':
      return `bad URL (${problem.reason})`;
    case 'unreachable':
      return `unreachable (${problem.reason})`;
    case 'forbidden':
      return `403 forbidden (${problem.by})`;
    case 'not_keitaro':
      return `${problem.status} not the Admin API (${problem.got})`;
    case 'bad_request':
    case 'unexpected':
      return `${problem.status} ${problem.kind}: ${problem.message}`;
    default:
      return `${problem.status} ${problem.kind}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Base URL

export type AdminUrl = { ok: true; url: string } | { ok: false; reason: string };

/**
 * The Admin API's root (`https://host[/prefix]/admin_api/v1`) from what a user pastes: the
 * panel's address (`https://tracker.example.com/admin/#!/campaigns`), the API's own
 * (`…/admin_api/v1/`), or a bare host (https is assumed). Query, hash and credentials are
 * not kept; credentials are refused, since they would be a second secret in the database.
 */
export function normalizeAdminUrl(input: string): AdminUrl {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, reason: 'not a web address' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: 'not http or https' };
  if (url.username !== '' || url.password !== '')
    return { ok: false, reason: 'has a user name or password' };
  if (url.hostname === '') return { ok: false, reason: 'no host' };
  let path = url.pathname.replace(/\/+$/, '');
  const api = path.search(/\/admin_api(\/|$)/);
  if (api !== -1) path = path.slice(0, api);
  else path = path.replace(/(\/admin)?(\/index\.php)?$/i, '');
  return { ok: true, url: `${url.origin}${path}/admin_api/v1` };
}

/** What an Admin API key looks like: one line of plain visible ASCII, as an HTTP header carries it. */
export const KEY_SHAPE = /^[\x21-\x7e]{8,256}$/;

/** The host a user recognises, for sentences (no path, no credentials). */
export function adminHost(apiRoot: string): string {
  try {
    return new URL(apiRoot).host;
  } catch {
    return apiRoot;
  }
}

// ---------------------------------------------------------------------------------------------
// Transport

export interface AdminApiOptions {
  /** Per request, including reading the body. Default 30 s ([ADR]: 20–45 s). */
  timeoutMs?: number;
  /** The signal that ends one request; tests pass one they abort by hand. */
  deadline?: (timeoutMs: number) => AbortSignal;
  fetch?: typeof fetch;
  userAgent?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
// Cloudflare in front of a tracker blocked a library's default User-Agent [ADR].
const USER_AGENT = 'keitaro-telegram-notify (+https://github.com/)';
const MESSAGE_LIMIT = 300;

const shorten = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MESSAGE_LIMIT ? `${flat.slice(0, MESSAGE_LIMIT - 1)}…` : flat;
};

const TLS_CODES = /^(CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|UNABLE_TO_)/;

/** A fetch failure before any answer: what kind of unreachable it is. */
export function unreachableReason(error: unknown): UnreachableReason {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') return 'timeout';
  const cause = (error as { cause?: { code?: string; name?: string } } | null)?.cause;
  const code = cause?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') return 'timeout';
  if (code === 'ETIMEDOUT' || cause?.name === 'TimeoutError') return 'timeout';
  if (TLS_CODES.test(code)) return 'tls';
  return 'network';
}

function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const keitaroError = z.object({ error: z.string() });

/**
 * The problem an HTTP answer stands for, or null when it is a JSON success. Pure: the
 * status, the content type and the body text decide.
 */
export function classifyAnswer(
  status: number,
  contentType: string,
  body: string,
  headers: { retryAfter?: string | null; location?: string | null } = {},
): AdminApiProblem | null {
  const looksHtml = /html/i.test(contentType) || /^\s*</.test(body);
  let json: unknown;
  let isJson = false;
  if (!looksHtml) {
    try {
      json = JSON.parse(body);
      isJson = true;
    } catch {
      isJson = false;
    }
  }
  const said = keitaroError.safeParse(json);
  const message = shorten(said.success ? said.data.error : isJson ? '' : looksHtml ? '' : body);
  if (status === 401) return { kind: 'unauthorized', status };
  if (status === 402) return { kind: 'payment_required', status };
  if (status === 403) {
    const cloudflare =
      (isJson && (json as { cloudflare_error?: unknown }).cloudflare_error === true) ||
      /cloudflare/i.test(body.slice(0, 4096));
    return { kind: 'forbidden', status, by: cloudflare ? 'cloudflare' : 'keitaro' };
  }
  if (status === 429)
    return { kind: 'rate_limited', status, retryAfterMs: retryAfterMs(headers.retryAfter ?? null) };
  if (status >= 500) return { kind: 'server', status };
  if (status === 400) return { kind: 'bad_request', status, message };
  if (status >= 300 && status < 400) {
    let location: string | undefined;
    try {
      const to = new URL(headers.location ?? '');
      location = `${to.origin}${to.pathname}`;
    } catch {
      location = undefined;
    }
    return { kind: 'not_keitaro', status, got: 'redirect', ...(location ? { location } : {}) };
  }
  if (status < 200 || status >= 300) return { kind: 'unexpected', status, message };
  if (looksHtml) return { kind: 'not_keitaro', status, got: 'html' };
  if (!isJson) return { kind: 'not_keitaro', status, got: 'not_json' };
  return null;
}

interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** 404 means "no such entity" here (plain text on real trackers), not a wrong address. */
  missingIsNull?: boolean;
}

export class AdminApiClient {
  readonly #apiKey: string;
  readonly #options: Required<Pick<AdminApiOptions, 'timeoutMs'>> & AdminApiOptions;

  /** `apiRoot` as `normalizeAdminUrl` gives it. */
  constructor(
    readonly apiRoot: string,
    apiKey: string,
    options: AdminApiOptions = {},
  ) {
    this.#apiKey = apiKey;
    this.#options = { timeoutMs: DEFAULT_TIMEOUT_MS, ...options };
  }

  /** Keeps the key out of `JSON.stringify` and of anything that walks the object. */
  toJSON() {
    return { apiRoot: this.apiRoot };
  }

  async request<S extends z.ZodType>(
    spec: RequestSpec & { missingIsNull: true },
    schema: S,
  ): Promise<z.output<S> | null>;
  async request<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.output<S>>;
  async request<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.output<S> | null> {
    const where = `${spec.method} ${spec.path}`;
    const url = new URL(`${this.apiRoot}${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {}))
      url.searchParams.set(name, String(value));
    const { timeoutMs, deadline, userAgent } = this.#options;
    const doFetch = this.#options.fetch ?? fetch;
    const signal = deadline ? deadline(timeoutMs) : AbortSignal.timeout(timeoutMs);
    let status: number;
    let contentType: string;
    let body: string;
    let headers: { retryAfter: string | null; location: string | null };
    try {
      const response = await doFetch(url, {
        method: spec.method,
        headers: {
          'Api-Key': this.#apiKey,
          Accept: 'application/json',
          'User-Agent': userAgent ?? USER_AGENT,
          ...(spec.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        // A redirect to another origin would carry the Api-Key header along: never follow.
        redirect: 'manual',
        signal,
      });
      status = response.status;
      contentType = response.headers.get('content-type') ?? '';
      headers = {
        retryAfter: response.headers.get('retry-after'),
        location: response.headers.get('location'),
      };
      body = await response.text();
    } catch (error) {
      // Only the kind is kept: the failure's own object is not passed on.
      throw new AdminApiError(
        { kind: 'unreachable', status: null, reason: unreachableReason(error) },
        where,
      );
    }
    if (status === 404) {
      if (spec.missingIsNull) return null;
      throw new AdminApiError({ kind: 'not_keitaro', status, got: 'not_found' }, where);
    }
    const problem = classifyAnswer(status, contentType, body, headers);
    if (problem) throw new AdminApiError(problem, where);
    const parsed = schema.safeParse(JSON.parse(body));
    if (!parsed.success)
      throw new AdminApiError({ kind: 'not_keitaro', status, got: 'unexpected_json' }, where);
    return parsed.data;
  }

  // -------------------------------------------------------------------------------------------
  // Conversions log (§2)

  /** One page of `POST /conversions/log`, rows as the tracker sent them. */
  async conversionsPage(body: ConversionsLogBody): Promise<{ rows: RawRow[]; total?: number }> {
    return this.request({ method: 'POST', path: '/conversions/log', body }, logAnswer);
  }

  /**
   * The conversions in [from, to] (inclusive, UTC), page by page in time order, at most
   * `maxPages` pages: `complete` is false when rows were left (narrow the window then).
   */
  async conversions(query: ConversionsQuery): Promise<ConversionsResult> {
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const maxPages = query.maxPages ?? DEFAULT_MAX_PAGES;
    const columns = query.columns ?? CONVERSION_COLUMNS[query.generation];
    const timeColumn = TIME_COLUMN[query.generation];
    // Rows of one second keep one order from page to page: the id breaks the tie.
    const idColumn = ID_COLUMN[query.generation];
    const sort = [
      { name: timeColumn, order: 'ASC' as const },
      ...(columns.includes(idColumn) ? [{ name: idColumn, order: 'ASC' as const }] : []),
    ];
    const byId = new Map<string, Conversion>();
    const withoutId: Conversion[] = [];
    let offset = 0;
    let pages = 0;
    let total: number | undefined;
    let complete = false;
    while (pages < maxPages) {
      const page = await this.conversionsPage({
        range: {
          from: keitaroDatetime(query.from),
          to: keitaroDatetime(query.to),
          timezone: 'UTC',
        },
        columns: [...columns],
        filters: query.filters ?? [],
        sort,
        limit: pageSize,
        offset,
      });
      pages++;
      total = page.total ?? total;
      for (const raw of page.rows) {
        const conversion = normalizeConversion(raw, query.generation);
        // Rows shift while paging (a conversion updated in between): the id dedupes.
        if (conversion.id === null) withoutId.push(conversion);
        else byId.set(conversion.id, conversion);
      }
      offset += page.rows.length;
      if (page.rows.length < pageSize || (total !== undefined && offset >= total)) {
        complete = true;
        break;
      }
    }
    return { rows: [...byId.values(), ...withoutId], total, pages, complete };
  }

  /**
   * Which generation the log speaks: v11 knows `event_id`, and a legacy log refuses it as an
   * unknown column (400) while taking `conversion_id`. Two small requests at most.
   */
  async detectGeneration(now: Date = new Date()): Promise<Generation> {
    const range = {
      from: keitaroDatetime(new Date(now.getTime() - PROBE_DAYS * 86_400_000)),
      to: keitaroDatetime(now),
      timezone: 'UTC',
    };
    try {
      await this.conversionsPage({ range, columns: ['event_id'], limit: 1, offset: 0 });
      return 'v11';
    } catch (error) {
      if (!(error instanceof AdminApiError) || error.problem.kind !== 'bad_request') throw error;
    }
    await this.conversionsPage({
      range,
      columns: ['conversion_id', 'postback_datetime'],
      limit: 1,
      offset: 0,
    });
    return 'legacy';
  }

  // -------------------------------------------------------------------------------------------
  // Names (§3)

  /** A whole entity list (`GET /offers` …), deduplicated by id. */
  async entities(kind: EntityKind): Promise<Entity[]> {
    const rows = await this.request({ method: 'GET', path: ENTITY_PATHS[kind] }, entityList);
    return [...new Map(rows.map((row) => [row.id, row])).values()];
  }

  /** Archived campaigns: only `GET /campaigns/deleted` lists them. */
  async deletedCampaigns(): Promise<Entity[]> {
    return this.request({ method: 'GET', path: '/campaigns/deleted' }, entityList);
  }

  /** One entity by id; null when it does not exist or the key's user cannot see it (404). */
  async entity(kind: EntityKind, id: number): Promise<Entity | null> {
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    return this.request(
      { method: 'GET', path: `${ENTITY_PATHS[kind]}/${id}`, missingIsNull: true },
      entity,
    );
  }

  /** id → name for one kind, from its whole list. */
  async names(kind: EntityKind): Promise<Map<number, string>> {
    return new Map((await this.entities(kind)).map((e) => [e.id, e.name]));
  }
}

// ---------------------------------------------------------------------------------------------
// Conversions: request and row shapes

export const DEFAULT_PAGE_SIZE = 1000;
export const DEFAULT_MAX_PAGES = 20;
const PROBE_DAYS = 30;

export const ID_COLUMN: Record<Generation, string> = {
  legacy: 'conversion_id',
  v11: 'event_id',
};

export const TIME_COLUMN: Record<Generation, string> = {
  legacy: 'postback_datetime',
  v11: 'datetime',
};

/** The columns `conversions` asks for by default: ids, status and its history, money, time. */
export const CONVERSION_COLUMNS: Record<Generation, readonly string[]> = {
  legacy: [
    'conversion_id',
    'sub_id',
    'tid',
    'status',
    'previous_status',
    'original_status',
    'revenue',
    'postback_datetime',
    'sale_datetime',
    'campaign_id',
    'offer_id',
    'landing_id',
    'ts_id',
  ],
  v11: [
    'event_id',
    'sub_id',
    'tid',
    'status',
    'conversion_type',
    'status_history',
    'version',
    'revenue',
    'datetime',
    'campaign_id',
    'offer_id',
    'landing_id',
    'ts_id',
  ],
};

/** Name columns the log can return beside the ids, which often spares a lookup (§2). */
export const NAME_COLUMNS = ['campaign', 'offer', 'landing', 'ts'] as const;

export type FilterOperator =
  | 'EQUALS'
  | 'NOT_EQUAL'
  | 'GREATER_THAN'
  | 'LESS_THAN'
  | 'EQUALS_OR_GREATER_THAN'
  | 'EQUALS_OR_LESS_THAN'
  | 'MATCH_REGEXP'
  | 'NOT_MATCH_REGEXP'
  | 'BEGINS_WITH'
  | 'ENDS_WITH'
  | 'CONTAINS'
  | 'NOT_CONTAIN'
  | 'IN_LIST'
  | 'NOT_IN_LIST'
  | 'BETWEEN'
  | 'IS_SET'
  | 'IS_NOT_SET'
  | 'IS_TRUE'
  | 'IS_FALSE';

export interface LogFilter {
  name: string;
  operator: FilterOperator;
  expression?: string | number | readonly (string | number)[];
}

export interface ConversionsLogBody {
  range: { from: string; to: string; timezone: string };
  columns: string[];
  filters?: LogFilter[];
  sort?: { name: string; order: 'ASC' | 'DESC' }[];
  limit: number;
  offset: number;
}

export interface ConversionsQuery {
  generation: Generation;
  from: Date;
  to: Date;
  /** Default: `CONVERSION_COLUMNS[generation]`; add `NAME_COLUMNS` or `sub_id_N` as needed. */
  columns?: readonly string[];
  filters?: LogFilter[];
  pageSize?: number;
  maxPages?: number;
}

export interface ConversionsResult {
  rows: Conversion[];
  /** What the tracker counted before paging; some versions omit it. */
  total: number | undefined;
  pages: number;
  /** False: `maxPages` ran out with rows left. */
  complete: boolean;
}

export type RawRow = Record<string, unknown>;

const count = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

const logAnswer = z.object({
  rows: z.array(z.record(z.string(), z.unknown())),
  total: count.optional(),
});

/** One conversion, the same shape from either generation; absent columns are null. */
export interface Conversion {
  /** `conversion_id` (legacy) as decimal text, or `event_id` (v11, a UUIDv7). */
  id: string | null;
  subId: string;
  /** `""` when the postback carried none. */
  tid: string;
  /** As Keitaro stores it: lead/sale/rejected/rebill, or a raw custom word. */
  status: string;
  revenue: number | null;
  /** The range's time: `postback_datetime` (legacy) or the moving `datetime` (v11). */
  at: Date | null;
  previousStatus: string | null;
  originalStatus: string | null;
  saleAt: Date | null;
  conversionType: string | null;
  statusHistory: string | null;
  version: number | null;
  campaignId: number | null;
  offerId: number | null;
  landingId: number | null;
  trafficSourceId: number | null;
  campaign: string | null;
  offer: string | null;
  landing: string | null;
  trafficSource: string | null;
  /** Every column as the tracker sent it (for `sub_id_N` and the like). */
  raw: RawRow;
}

/** `2024-05-03 14:02:11` in UTC, as the log takes and gives datetimes (no offset). */
export function keitaroDatetime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** A log datetime (or a bare date) read as UTC; null when empty or malformed. */
export function parseKeitaroDatetime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = m.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // 2024-02-31 would roll over into March: refused instead.
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 ? date : null;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

const nonEmpty = (value: unknown): string | null => {
  const found = text(value);
  return found === null || found === '' ? null : found;
};

const number = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
};

/** An entity id; 0 (and `""`) mean "none" [CAM]. */
const entityId = (value: unknown): number | null => {
  const found = number(value);
  return found !== null && Number.isSafeInteger(found) && found > 0 ? found : null;
};

/**
 * A log row from either generation as one `Conversion`. Reads both key names where trackers
 * differ (some v11 builds answer `conversion_id` as `event_id`) and tolerates missing keys.
 */
export function normalizeConversion(row: RawRow, generation: Generation): Conversion {
  const id =
    generation === 'v11'
      ? nonEmpty(row.event_id ?? row.conversion_id)
      : nonEmpty(row.conversion_id ?? row.event_id);
  const at =
    generation === 'v11'
      ? (row.datetime ?? row.postback_datetime)
      : (row.postback_datetime ?? row.datetime);
  return {
    id,
    subId: text(row.sub_id) ?? '',
    tid: text(row.tid) ?? '',
    status: text(row.status) ?? '',
    revenue: number(row.revenue),
    at: parseKeitaroDatetime(at),
    previousStatus: nonEmpty(row.previous_status),
    originalStatus: nonEmpty(row.original_status),
    saleAt: parseKeitaroDatetime(row.sale_datetime),
    conversionType: nonEmpty(row.conversion_type),
    statusHistory: nonEmpty(row.status_history),
    version: number(row.version),
    campaignId: entityId(row.campaign_id),
    offerId: entityId(row.offer_id),
    landingId: entityId(row.landing_id),
    trafficSourceId: entityId(row.ts_id),
    campaign: nonEmpty(row.campaign),
    offer: nonEmpty(row.offer),
    landing: nonEmpty(row.landing),
    trafficSource: nonEmpty(row.ts),
    raw: row,
  };
}

// ---------------------------------------------------------------------------------------------
// Entities

export type EntityKind = 'offers' | 'landings' | 'traffic_sources' | 'campaigns';

export const ENTITY_KINDS: readonly EntityKind[] = [
  'offers',
  'landings',
  'traffic_sources',
  'campaigns',
];

const ENTITY_PATHS: Record<EntityKind, string> = {
  offers: '/offers',
  landings: '/landing_pages',
  traffic_sources: '/traffic_sources',
  campaigns: '/campaigns',
};

/** The log column holding each kind's id. */
export const ENTITY_ID_COLUMNS: Record<EntityKind, string> = {
  offers: 'offer_id',
  landings: 'landing_id',
  traffic_sources: 'ts_id',
  campaigns: 'campaign_id',
};

/** What the name lookups need of an entity; the rest of Keitaro's fields are not kept. */
export interface Entity {
  id: number;
  name: string;
  /** active / disabled / deleted; absent on some versions. */
  state: string | null;
}

const entity = z
  .object({
    id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
    name: z.string().nullish(),
    state: z.string().nullish(),
  })
  .transform((e): Entity => ({ id: e.id, name: e.name ?? '', state: e.state ?? null }));

const entityList = z.array(entity);

// ---------------------------------------------------------------------------------------------
// Checking a connection

export type NameAccess =
  | { state: 'readable'; count: number }
  /** The list lacks ids the log names: the key's user sees only part (a restricted key). */
  | { state: 'partial'; count: number; missing: number }
  | { state: 'denied'; problem: AdminApiProblem };

export type ConnectionReport =
  | {
      ok: true;
      apiRoot: string;
      generation: Generation;
      names: Record<EntityKind, NameAccess>;
      /** all: every list readable and complete as far as the log shows; none: no list. */
      namesSummary: 'all' | 'partial' | 'none';
    }
  | { ok: false; apiRoot: string | null; problem: AdminApiProblem };

/** `now`: where the look at recent conversions ends (tests pin it to their fixtures). */
export type CheckOptions = AdminApiOptions & { now?: Date };

/** How many recent conversions are read to see whether the name lists are complete. */
const PROBE_ROWS = 100;

/**
 * Checks a URL and key the way a user connects them: which generation the conversions log
 * speaks, and which name lists the key's user can read, whole or in part. Never throws for
 * the tracker's answers: every failure is a `problem`.
 */
export async function checkConnection(
  url: string,
  apiKey: string,
  options: CheckOptions = {},
): Promise<ConnectionReport> {
  const normalized = normalizeAdminUrl(url);
  if (!normalized.ok)
    return {
      ok: false,
      apiRoot: null,
      problem: { kind: 'bad_url', status: null, reason: normalized.reason },
    };
  const client = new AdminApiClient(normalized.url, apiKey, options);
  const now = options.now ?? new Date();
  try {
    const generation = await client.detectGeneration(now);
    const seen = await recentEntityIds(client, generation, now);
    const names = {} as Record<EntityKind, NameAccess>;
    for (const kind of ENTITY_KINDS) names[kind] = await nameAccess(client, kind, seen[kind]);
    return {
      ok: true,
      apiRoot: normalized.url,
      generation,
      names,
      namesSummary: summarizeNames(Object.values(names)),
    };
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    return { ok: false, apiRoot: normalized.url, problem: error.problem };
  }
}

export function summarizeNames(access: readonly NameAccess[]): 'all' | 'partial' | 'none' {
  if (access.every((a) => a.state === 'readable')) return 'all';
  if (access.every((a) => a.state === 'denied')) return 'none';
  return 'partial';
}

/** Ids the recent log names, per kind; empty when the log refuses the id columns. */
async function recentEntityIds(
  client: AdminApiClient,
  generation: Generation,
  now: Date,
): Promise<Record<EntityKind, Set<number>>> {
  const seen = Object.fromEntries(ENTITY_KINDS.map((k) => [k, new Set<number>()])) as Record<
    EntityKind,
    Set<number>
  >;
  try {
    const page = await client.conversionsPage({
      range: {
        from: keitaroDatetime(new Date(now.getTime() - PROBE_DAYS * 86_400_000)),
        to: keitaroDatetime(now),
        timezone: 'UTC',
      },
      columns: [TIME_COLUMN[generation], ...ENTITY_KINDS.map((k) => ENTITY_ID_COLUMNS[k])],
      sort: [{ name: TIME_COLUMN[generation], order: 'DESC' }],
      limit: PROBE_ROWS,
      offset: 0,
    });
    for (const row of page.rows) {
      for (const kind of ENTITY_KINDS) {
        const id = entityId(row[ENTITY_ID_COLUMNS[kind]]);
        if (id !== null) seen[kind].add(id);
      }
    }
  } catch (error) {
    if (!(error instanceof AdminApiError) || error.problem.kind !== 'bad_request') throw error;
  }
  return seen;
}

async function nameAccess(
  client: AdminApiClient,
  kind: EntityKind,
  seen: ReadonlySet<number>,
): Promise<NameAccess> {
  let list: Entity[];
  try {
    list = await client.entities(kind);
  } catch (error) {
    // A key without rights to one list may still read the others.
    if (
      error instanceof AdminApiError &&
      error.problem.kind === 'forbidden' &&
      error.problem.by === 'keitaro'
    )
      return { state: 'denied', problem: error.problem };
    throw error;
  }
  const ids = new Set(list.map((e) => e.id));
  let missing = 0;
  for (const id of seen) if (!ids.has(id)) missing++;
  // Archived campaigns are only in /campaigns/deleted: not a sign of a restricted key.
  if (kind === 'campaigns' && missing > 0) {
    try {
      for (const e of await client.deletedCampaigns())
        if (seen.has(e.id) && !ids.has(e.id)) missing--;
    } catch (error) {
      if (!(error instanceof AdminApiError)) throw error;
    }
  }
  return missing > 0
    ? { state: 'partial', count: list.length, missing }
    : { state: 'readable', count: list.length };
}
