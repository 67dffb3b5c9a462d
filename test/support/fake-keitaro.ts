import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Generation } from '../../src/keitaro/admin-api.ts';

/**
 * A stand-in for Keitaro's Admin API, faithful to ADMIN_API.md §6 in both generations of the
 * conversions log (`legacy` ≤ v10: `conversion_id`, `postback_datetime`; `v11`: `event_id`,
 * the moving `datetime`, `status_history`, `version`). It answers only the requested columns,
 * 400 on an unknown column, HTTP 200 with the panel's HTML on a wrong path, 401 without the
 * key, and a restricted key sees part of the name lists. `postback()` changes conversions as
 * Keitaro does (key: sub_id + tid; documented transitions only), and every request is logged
 * (without the key) so tests can assert the load.
 */

export const FAKE_API_KEY = 'c7f1a9e24b6d80357e2f9a1c4d6b8e03';
export const FAKE_RESTRICTED_KEY = '5a0e9c3b7d1f42688c0a6e4b2d9f1a57';

export type FakeFailure =
  | { status: 402 | 500 | 502 | 503 }
  | { status: 429; retryAfter?: number }
  | 'forbidden'
  | 'cloudflare'
  /** Never answers (until closed): a timeout's cause. */
  | 'hang'
  /** 200 with a body that is not JSON. */
  | 'garbage'
  /** 200 with the panel's HTML, as a proxy or a login page would answer. */
  | 'html';

export interface LoggedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
  auth: 'api-key' | 'bearer' | 'restricted' | 'none' | 'wrong';
  status: number;
}

interface StoredConversion {
  id: number;
  eventId: string;
  subId: string;
  tid: string;
  status: string;
  previousStatus: string;
  originalStatus: string;
  revenue: number;
  postbackAt: Date;
  updatedAt: Date;
  saleAt: Date | null;
  clickAt: Date;
  version: number;
  history: { status: string; at: Date }[];
  campaignId: number;
  offerId: number;
  landingId: number;
  tsId: number;
  country: string;
  subIds: Record<string, string>;
  params: Record<string, string>;
}

export interface FakePostback {
  subId: string;
  tid?: string;
  /** Keitaro's status after transformation: lead, sale, rejected, rebill. */
  status: string;
  /** The raw word the network sent (original_status); default: `status`. */
  rawStatus?: string;
  revenue?: number;
  at: string | Date;
  campaignId?: number;
  offerId?: number;
  landingId?: number;
  tsId?: number;
  country?: string;
  subId1?: string;
}

type EntityRow = Record<string, unknown> & { id: number; name: string };

interface Entities {
  offers: EntityRow[];
  landing_pages: EntityRow[];
  traffic_sources: EntityRow[];
  campaigns: EntityRow[];
  deleted_campaigns: EntityRow[];
  affiliate_networks: EntityRow[];
}

/** The model names Keitaro puts in its plain-text 404s (`Traffic\Model\Campaign #1001 not found`). */
const MODEL: Record<keyof Entities, string> = {
  offers: 'Offer',
  landing_pages: 'Landing',
  traffic_sources: 'TrafficSource',
  campaigns: 'Campaign',
  deleted_campaigns: 'Campaign',
  affiliate_networks: 'AffiliateNetwork',
};

const stamp = '2026-09-01 10:00:00';

/** A team's tracker: the names the postback fixtures carry, with Keitaro's real oddities. */
export function seedEntities(): Entities {
  return {
    offers: [
      {
        id: 7,
        name: 'Casino Royal',
        state: 'active',
        group_id: 1,
        group: 'Casino',
        offer_type: 'external',
        affiliate_network_id: 2,
        affiliate_network: 'CPA Kings',
        payout_value: 100,
        payout_currency: 'USD',
        payout_type: 'CPA',
        payout_auto: true,
        payout_upsell: true,
        country: ['Ukraine'],
        notes: '',
        created_at: stamp,
        updated_at: stamp,
      },
      {
        id: 9,
        name: 'Slots KZ',
        state: 'active',
        group_id: 1,
        group: 'Casino',
        offer_type: 'external',
        // Seen live: an empty string where an id belongs [PT].
        affiliate_network_id: '',
        affiliate_network: '',
        payout_value: 40,
        payout_currency: 'USD',
        payout_type: 'CPA',
        country: ['Kazakhstan'],
        created_at: stamp,
        updated_at: stamp,
      },
    ],
    landing_pages: [
      {
        id: 3,
        name: 'Landing Page',
        state: 'active',
        group_id: 0,
        landing_type: 'local',
        action_type: 'local_file',
        offer_count: 1,
        created_at: stamp,
        updated_at: stamp,
      },
      {
        id: 5,
        name: 'Prelander KZ',
        state: 'active',
        landing_type: 'external',
        created_at: stamp,
        updated_at: stamp,
      },
    ],
    traffic_sources: [
      {
        id: 3,
        name: 'Facebook',
        state: 'active',
        template_name: 'facebook',
        postback_url: '',
        postback_statuses: ['lead', 'sale'],
        accept_parameters: true,
        parameters: { sub_id_1: { name: 'buyer', placeholder: '{{buyer}}', alias: '' } },
        created_at: stamp,
        updated_at: stamp,
      },
      {
        id: 4,
        name: 'Google Ads',
        state: 'active',
        template_name: 'google',
        postback_statuses: ['sale'],
        created_at: stamp,
        updated_at: stamp,
      },
    ],
    campaigns: [
      {
        id: 12,
        alias: 'k7Qd2x',
        name: 'Betting UA',
        type: 'position',
        state: 'active',
        group_id: 0,
        traffic_source_id: 3,
        cost_type: 'CPC',
        cost_value: 0,
        // A JSON string, not an object, as [PT] saw it.
        parameters: '{"keyword":{"name":"keyword","placeholder":"{keyword}"}}',
        domain: 'https://go.example.com',
        token: 'click-api-secret-do-not-store',
        created_at: stamp,
        updated_at: stamp,
      },
      {
        id: 15,
        alias: 'p2Rt9m',
        name: 'Casino KZ',
        type: 'weight',
        state: 'active',
        traffic_source_id: 4,
        parameters: {},
        domain: 'https://go.example.com',
        token: 'another-click-api-secret',
        created_at: stamp,
        updated_at: stamp,
      },
    ],
    deleted_campaigns: [
      {
        id: 11,
        alias: 'old11x',
        name: 'Old FB test',
        type: 'position',
        state: 'deleted',
        traffic_source_id: 3,
        created_at: stamp,
        updated_at: stamp,
      },
    ],
    affiliate_networks: [
      {
        id: 2,
        name: 'CPA Kings',
        state: 'active',
        postback_url: '',
        offer_param: '',
        created_at: stamp,
      },
    ],
  };
}

/** What a restricted key's user may see (ADR: lists silently truncated, no error). */
const RESTRICTED_VISIBLE: Partial<Record<keyof Entities, number[]>> = {
  offers: [7],
  landing_pages: [3],
  traffic_sources: [3],
  campaigns: [12],
  deleted_campaigns: [],
};

/**
 * Three days of one team's conversions, as Keitaro holds them after these postbacks:
 * a1 registers and deposits (a lead turned sale), then deposits again with its own tid (a
 * second conversion); b1 deposits and the network takes it back (sale → rejected, sent as
 * `chargeback`); c1 registers on the Kazakh campaign; d1 came through a campaign since
 * archived.
 */
export const SEED_POSTBACKS: readonly FakePostback[] = [
  { subId: '3kq1a9x7a1', status: 'lead', at: '2026-10-24T20:30:00Z', subId1: 'buyer7' },
  { subId: '3kq1a9x7b1', status: 'lead', at: '2026-10-24T21:30:00Z', subId1: 'buyer8' },
  {
    subId: '1dad2cg1d1',
    status: 'lead',
    at: '2026-10-25T08:00:00Z',
    campaignId: 11,
    subId1: 'buyer7',
  },
  {
    subId: '3kq1a9x7b1',
    status: 'sale',
    revenue: 50,
    at: '2026-10-25T21:30:00Z',
    subId1: 'buyer8',
  },
  {
    subId: '3kq1a9x7a1',
    status: 'sale',
    revenue: 100,
    at: '2026-10-25T22:30:00Z',
    subId1: 'buyer7',
  },
  {
    subId: '2odk4rt3c1',
    status: 'lead',
    at: '2026-10-26T09:00:00Z',
    campaignId: 15,
    offerId: 9,
    landingId: 0,
    tsId: 4,
    country: 'KZ',
    subId1: 'buyer9',
  },
  {
    subId: '3kq1a9x7a1',
    tid: 'T-3',
    status: 'sale',
    revenue: 30,
    at: '2026-10-26T10:00:00Z',
    subId1: 'buyer7',
  },
  {
    subId: '3kq1a9x7b1',
    status: 'rejected',
    rawStatus: 'chargeback',
    at: '2026-10-26T12:00:00Z',
    subId1: 'buyer8',
  },
];

/** Just after the seeded conversions (26 October): a clock for checks that should see them. */
export const SEED_NOW = new Date('2026-10-27T09:00:00Z');

/** §5: the only status changes Keitaro applies; anything else leaves the conversion as it is. */
const TRANSITIONS = new Set(['lead>sale', 'lead>rejected', 'sale>rejected', 'rebill>rejected']);

const SUB_IDS = Array.from({ length: 30 }, (_, i) => `sub_id_${i + 1}`);

const COMMON_COLUMNS = [
  'sub_id',
  'tid',
  'status',
  'revenue',
  'cost',
  'profit',
  'click_datetime',
  'params',
  'campaign_id',
  'campaign',
  'offer_id',
  'offer',
  'landing_id',
  'landing',
  'ts_id',
  'ts',
  'affiliate_network_id',
  'affiliate_network',
  'country',
  'country_code',
  ...SUB_IDS,
];

const LEGACY_ONLY = [
  'conversion_id',
  'postback_datetime',
  'previous_status',
  'original_status',
  'sale_datetime',
  'sale_period',
];
const V11_ONLY = ['event_id', 'datetime', 'conversion_type', 'status_history', 'version'];
/** On a v11 tracker these were accepted (200) but not returned [CAM]. */
const V11_SILENT = ['conversion_id', 'postback_datetime', 'previous_status', 'original_status'];

const OPERATORS = new Set([
  'EQUALS',
  'NOT_EQUAL',
  'GREATER_THAN',
  'LESS_THAN',
  'EQUALS_OR_GREATER_THAN',
  'EQUALS_OR_LESS_THAN',
  'CONTAINS',
  'NOT_CONTAIN',
  'BEGINS_WITH',
  'ENDS_WITH',
  'IN_LIST',
  'NOT_IN_LIST',
  'BETWEEN',
  'IS_SET',
  'IS_NOT_SET',
]);

const PANEL_HTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Keitaro</title>
<base href="/admin/"></head><body><div id="app">Loading…</div>
<script src="/admin/dist/app.js"></script></body></html>`;

const CLOUDFLARE_403 = {
  title: 'Error 1010: Access denied',
  status: 403,
  detail: "The site owner has blocked access based on your browser's signature.",
  error_code: 1010,
  error_name: 'browser_signature_banned',
  cloudflare_error: true,
  retryable: false,
};

/** A time as the tracker shows it in a time zone: `YYYY-MM-DD HH:MM:SS`, no offset. */
function wallClock(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export interface FakeKeitaroOptions {
  generation: Generation;
  /** The clock `postback()` uses when no time is given; default: the real one. */
  now?: () => Date;
  /** v11: answer `conversion_id`/`postback_datetime` under `event_id`/`datetime` [PYC]. */
  aliasLegacyColumns?: boolean;
  /** Conversions to start with (default: `SEED_POSTBACKS`). */
  seed?: readonly FakePostback[];
}

export class FakeKeitaro {
  generation: Generation;
  /** Set to make every Admin API request fail this way (cleared with undefined). */
  fail: FakeFailure | undefined;
  readonly requests: LoggedRequest[] = [];
  readonly entities = seedEntities();
  private readonly conversions: StoredConversion[] = [];
  private readonly app = Fastify({ forceCloseConnections: true });
  private readonly now: () => Date;
  private readonly aliasLegacyColumns: boolean;
  private hanging: (() => void)[] = [];
  private origin = '';

  constructor(options: FakeKeitaroOptions) {
    this.generation = options.generation;
    this.now = options.now ?? (() => new Date());
    this.aliasLegacyColumns = options.aliasLegacyColumns ?? false;
    for (const postback of options.seed ?? SEED_POSTBACKS) this.postback(postback);
    this.routes();
  }

  /** `http://127.0.0.1:<port>`: the panel's origin (the API is under /admin_api/v1). */
  get url(): string {
    return this.origin;
  }

  async start(): Promise<this> {
    await this.app.listen({ host: '127.0.0.1', port: 0 });
    this.origin = `http://127.0.0.1:${(this.app.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const release of this.hanging) release();
    this.hanging = [];
    await this.app.close();
  }

  /** Requests to the Admin API, optionally only those to one path under /admin_api/v1. */
  calls(path?: string): LoggedRequest[] {
    return this.requests.filter(
      (r) =>
        r.path.startsWith('/admin_api/') &&
        (path === undefined || r.path === `/admin_api/v1${path}`),
    );
  }

  /**
   * A postback as Keitaro takes it: the same sub_id and tid update that conversion in place
   * (a documented transition only; never deleted), a new tid is a new conversion.
   */
  postback(input: FakePostback): void {
    const at = input.at instanceof Date ? input.at : new Date(input.at);
    const tid = input.tid ?? '';
    const existing = this.conversions.find((c) => c.subId === input.subId && c.tid === tid);
    const raw = input.rawStatus ?? input.status;
    if (existing) {
      if (!TRANSITIONS.has(`${existing.status}>${input.status}`)) return;
      existing.previousStatus = existing.status;
      existing.status = input.status;
      existing.originalStatus = raw;
      if (input.revenue !== undefined) existing.revenue = input.revenue;
      if (input.status === 'sale') existing.saleAt = at;
      existing.params = { ...existing.params, status: raw };
      // v11: the same event, one version more, its datetime moved to the latest postback.
      existing.version += 1;
      existing.updatedAt = at;
      existing.history.push({ status: input.status, at });
      return;
    }
    const id = 48_200 + this.conversions.length + 1;
    this.conversions.push({
      id,
      eventId: uuidV7(at),
      subId: input.subId,
      tid,
      status: input.status,
      previousStatus: '',
      originalStatus: raw,
      revenue: input.revenue ?? 0,
      postbackAt: at,
      updatedAt: at,
      saleAt: input.status === 'sale' ? at : null,
      clickAt: new Date(at.getTime() - 45 * 60_000),
      version: 1,
      history: [{ status: input.status, at }],
      campaignId: input.campaignId ?? 12,
      offerId: input.offerId ?? 7,
      landingId: input.landingId ?? 3,
      tsId: input.tsId ?? 3,
      country: input.country ?? 'UA',
      subIds: { sub_id_1: input.subId1 ?? '' },
      params: {
        subid: input.subId,
        status: raw,
        ...(tid ? { tid } : {}),
        payout: String(input.revenue ?? 0),
      },
    });
  }

  // -------------------------------------------------------------------------------------------

  private log(request: FastifyRequest, status: number): void {
    const url = new URL(request.url, 'http://fake');
    this.requests.push({
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body:
        typeof request.body === 'object' && request.body !== null
          ? (request.body as Record<string, unknown>)
          : undefined,
      auth: this.authOf(request),
      status,
    });
  }

  private authOf(request: FastifyRequest): LoggedRequest['auth'] {
    const header = request.headers['api-key'];
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const key = typeof header === 'string' ? header : bearer;
    if (key === undefined) return 'none';
    if (key === FAKE_API_KEY) return typeof header === 'string' ? 'api-key' : 'bearer';
    if (key === FAKE_RESTRICTED_KEY) return 'restricted';
    return 'wrong';
  }

  private send(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    body: unknown,
    type = 'application/json; charset=utf-8',
  ) {
    this.log(request, status);
    return reply
      .code(status)
      .type(type)
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  }

  /** Failure injection and the key check, before any Admin API route answers. */
  private async gate(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const fail = this.fail;
    if (fail === 'hang') {
      this.log(request, 0);
      await new Promise<void>((resolve) => this.hanging.push(resolve));
      reply.code(504).send();
      return false;
    }
    if (fail === 'garbage') {
      this.send(request, reply, 200, 'OK', 'text/plain');
      return false;
    }
    if (fail === 'html') {
      this.send(request, reply, 200, PANEL_HTML, 'text/html; charset=utf-8');
      return false;
    }
    if (fail === 'cloudflare') {
      this.send(request, reply, 403, CLOUDFLARE_403);
      return false;
    }
    const auth = this.authOf(request);
    if (auth === 'none' || auth === 'wrong') {
      this.send(request, reply, 401, { error: 'Unauthorized' });
      return false;
    }
    if (fail === 'forbidden') {
      this.send(request, reply, 403, {
        error: 'You have no permission to access this page. Contact the administrator.',
        stacktrace: null,
      });
      return false;
    }
    if (fail !== undefined) {
      if (fail.status === 429 && fail.retryAfter !== undefined)
        reply.header('retry-after', String(fail.retryAfter));
      const error =
        fail.status === 402 ? 'Admin API is not available for your license' : 'Internal error';
      this.send(request, reply, fail.status, { error });
      return false;
    }
    return true;
  }

  private visible(request: FastifyRequest, kind: keyof Entities): EntityRow[] {
    const rows = this.entities[kind];
    if (this.authOf(request) !== 'restricted') return rows;
    const allowed = RESTRICTED_VISIBLE[kind];
    return (allowed ? rows.filter((r) => allowed.includes(r.id)) : rows).map((r) =>
      kind === 'campaigns' ? { ...r, domain: null } : r,
    );
  }

  private routes(): void {
    const app = this.app;
    const v1 = '/admin_api/v1';

    const list = (path: string, kind: keyof Entities, paged = false) => {
      app.get(`${v1}${path}`, async (request, reply) => {
        if (!(await this.gate(request, reply))) return reply;
        let rows = this.visible(request, kind);
        const query = request.query as Record<string, string | undefined>;
        // Real clients send limit/offset to /campaigns; without them, every row [ADR, PYC].
        if (paged && query.limit !== undefined) {
          const offset = Number(query.offset ?? 0);
          rows = rows.slice(offset, offset + Number(query.limit));
        }
        return this.send(request, reply, 200, rows);
      });
    };
    const one = (path: string, kind: keyof Entities) => {
      app.get(`${v1}${path}/:id`, async (request, reply) => {
        if (!(await this.gate(request, reply))) return reply;
        const { id } = request.params as { id: string };
        const row = this.visible(request, kind).find((r) => String(r.id) === id);
        if (row) return this.send(request, reply, 200, row);
        // Live it is plain text, not the spec's Error JSON [ADR].
        return this.send(
          request,
          reply,
          404,
          `Traffic\\Model\\${MODEL[kind]} #${id} not found`,
          'text/plain; charset=utf-8',
        );
      });
    };

    list('/campaigns/deleted', 'deleted_campaigns');
    for (const [path, kind] of [
      ['/offers', 'offers'],
      ['/landing_pages', 'landing_pages'],
      ['/traffic_sources', 'traffic_sources'],
      ['/campaigns', 'campaigns'],
      ['/affiliate_networks', 'affiliate_networks'],
    ] as const) {
      list(path, kind, kind === 'campaigns');
      one(path, kind);
    }
    app.get(`${v1}/domains`, async (request, reply) => {
      if (!(await this.gate(request, reply))) return reply;
      const restricted = this.authOf(request) === 'restricted';
      return this.send(
        request,
        reply,
        200,
        restricted ? [] : [{ id: 1, name: 'go.example.com', state: 'active' }],
      );
    });
    app.get(`${v1}/groups`, async (request, reply) => {
      if (!(await this.gate(request, reply))) return reply;
      const { type } = request.query as { type?: string };
      if (!type) return this.send(request, reply, 400, { error: 'Parameter "type" is required' });
      return this.send(request, reply, 200, [{ id: 1, name: 'Casino', position: 1, type }]);
    });
    app.post(`${v1}/conversions/log`, async (request, reply) => {
      if (!(await this.gate(request, reply))) return reply;
      const answer = this.conversionsLog(request.body);
      return this.send(request, reply, answer.status, answer.body);
    });
    // A misspelled path on the panel host: HTTP 200 with the admin page [ADR].
    app.setNotFoundHandler((request, reply) =>
      this.send(request, reply, 200, PANEL_HTML, 'text/html; charset=utf-8'),
    );
  }

  private columnSets(): { returned: Set<string>; silent: Set<string> } {
    return this.generation === 'legacy'
      ? { returned: new Set([...COMMON_COLUMNS, ...LEGACY_ONLY]), silent: new Set() }
      : { returned: new Set([...COMMON_COLUMNS, ...V11_ONLY]), silent: new Set(V11_SILENT) };
  }

  private unknownColumn(name: unknown): { status: number; body: unknown } {
    const { returned } = this.columnSets();
    // v11 dumps its whole definition into the message [CAM].
    const error =
      this.generation === 'legacy'
        ? `Unknown column "${String(name)}"`
        : `Unknown column "${String(name)}". Definition "events": ${JSON.stringify([...returned])}`;
    return { status: 400, body: { error } };
  }

  private conversionsLog(input: unknown): { status: number; body: unknown } {
    const body = (typeof input === 'object' && input !== null ? input : {}) as Record<
      string,
      unknown
    >;
    if (this.generation === 'v11' && 'order' in body)
      return { status: 400, body: { error: 'Unknown parameter "order"' } };
    const { returned, silent } = this.columnSets();
    const known = (name: unknown) =>
      typeof name === 'string' && (returned.has(name) || silent.has(name));
    const columns = Array.isArray(body.columns) ? (body.columns as unknown[]) : [...returned];
    for (const column of columns) if (!known(column)) return this.unknownColumn(column);

    const range = (body.range ?? {}) as { from?: string; to?: string; timezone?: string };
    const timeZone = range.timezone ?? 'UTC';
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      return { status: 400, body: { error: `Unknown timezone "${timeZone}"` } };
    }
    const from = range.from
      ? range.from.length === 10
        ? `${range.from} 00:00:00`
        : range.from
      : '';
    const to = range.to ? (range.to.length === 10 ? `${range.to} 23:59:59` : range.to) : '9999';
    const rows = this.conversions.map((c) => this.row(c, timeZone));
    const timeColumn = this.generation === 'legacy' ? 'postback_datetime' : 'datetime';
    let matching = rows.filter((r) => {
      const at = r[timeColumn] as string;
      return at >= from && at <= to;
    });

    const filters = Array.isArray(body.filters) ? (body.filters as Record<string, unknown>[]) : [];
    for (const filter of filters) {
      if (!known(filter.name)) return this.unknownColumn(filter.name);
      if (typeof filter.operator !== 'string' || !OPERATORS.has(filter.operator))
        return { status: 400, body: { error: `Unknown operator "${String(filter.operator)}"` } };
      matching = matching.filter((r) =>
        holds(r[filter.name as string], filter.operator as string, filter.expression),
      );
    }
    const sort = Array.isArray(body.sort)
      ? (body.sort as { name?: unknown; order?: unknown }[])
      : [];
    for (const s of [...sort].reverse()) {
      if (!known(s.name) || (s.order !== 'ASC' && s.order !== 'DESC'))
        return { status: 400, body: { error: `Bad sort ${JSON.stringify(s)}` } };
      const sign = s.order === 'ASC' ? 1 : -1;
      matching = [...matching].sort(
        (a, b) => sign * compare(a[s.name as string], b[s.name as string]),
      );
    }
    const total = matching.length;
    const offset = typeof body.offset === 'number' ? body.offset : 0;
    const limit = typeof body.limit === 'number' ? body.limit : total;
    const page = matching.slice(offset, offset + limit);
    return {
      status: 200,
      body: { rows: page.map((r) => this.pick(r, columns as string[])), total },
    };
  }

  /** Only the requested columns; a v11 tracker drops (or aliases) the legacy ones. */
  private pick(row: Record<string, unknown>, columns: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const { returned } = this.columnSets();
    for (const column of columns) {
      if (returned.has(column)) out[column] = row[column];
      else if (this.aliasLegacyColumns && column === 'conversion_id') out.event_id = row.event_id;
      else if (this.aliasLegacyColumns && column === 'postback_datetime')
        out.datetime = row.datetime;
    }
    return out;
  }

  private row(c: StoredConversion, timeZone: string): Record<string, unknown> {
    const campaign =
      [...this.entities.campaigns, ...this.entities.deleted_campaigns].find(
        (e) => e.id === c.campaignId,
      )?.name ?? '';
    const name = (rows: EntityRow[], id: number) => rows.find((e) => e.id === id)?.name ?? '';
    const subIds = Object.fromEntries(SUB_IDS.map((s) => [s, c.subIds[s] ?? '']));
    return {
      conversion_id: c.id,
      event_id: c.eventId,
      sub_id: c.subId,
      tid: c.tid,
      status: c.status,
      previous_status: c.previousStatus,
      original_status: c.originalStatus,
      conversion_type: capitalized(c.status),
      status_history: c.history
        .map((h, i) => `${i + 1}. ${capitalized(h.status)} (${wallClock(h.at, timeZone)})`)
        .join(' '),
      version: c.version,
      revenue: c.revenue,
      cost: 0,
      profit: c.status === 'rejected' ? 0 : c.revenue,
      postback_datetime: wallClock(c.postbackAt, timeZone),
      datetime: wallClock(c.updatedAt, timeZone),
      sale_datetime: c.saleAt ? wallClock(c.saleAt, timeZone) : null,
      sale_period: c.saleAt ? Math.round((c.saleAt.getTime() - c.clickAt.getTime()) / 1000) : 0,
      click_datetime: wallClock(c.clickAt, timeZone),
      params: c.params,
      campaign_id: c.campaignId,
      campaign,
      offer_id: c.offerId,
      offer: name(this.entities.offers, c.offerId),
      landing_id: c.landingId,
      landing: name(this.entities.landing_pages, c.landingId),
      ts_id: c.tsId,
      ts: name(this.entities.traffic_sources, c.tsId),
      affiliate_network_id: c.offerId === 7 ? 2 : 0,
      affiliate_network: c.offerId === 7 ? 'CPA Kings' : '',
      country: c.country === 'KZ' ? 'Kazakhstan' : 'Ukraine',
      country_code: c.country,
      ...subIds,
    };
  }
}

export async function startFakeKeitaro(options: FakeKeitaroOptions): Promise<FakeKeitaro> {
  return new FakeKeitaro(options).start();
}

/** A UUIDv7 for a time: the 48-bit milliseconds first, as v11's event ids are. */
function uuidV7(at: Date): string {
  const hex = at.getTime().toString(16).padStart(12, '0');
  const rest = randomUUID().replace(/-/g, '').slice(12);
  const tail = `7${rest.slice(1, 4)}${((Number.parseInt(rest[4] ?? '0', 16) & 0x3) | 0x8).toString(16)}${rest.slice(5, 20)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${tail.slice(0, 4)}-${tail.slice(4, 8)}-${tail.slice(8, 20)}`;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

function holds(value: unknown, operator: string, expression: unknown): boolean {
  const list = Array.isArray(expression) ? expression.map(String) : [String(expression)];
  const v = value === null || value === undefined ? '' : String(value);
  const n = Number(value);
  const e = Number(expression);
  switch (operator) {
    case 'EQUALS':
      return v === String(expression);
    case 'NOT_EQUAL':
      return v !== String(expression);
    case 'GREATER_THAN':
      return typeof value === 'number' ? n > e : v > String(expression);
    case 'LESS_THAN':
      return typeof value === 'number' ? n < e : v < String(expression);
    case 'EQUALS_OR_GREATER_THAN':
      return typeof value === 'number' ? n >= e : v >= String(expression);
    case 'EQUALS_OR_LESS_THAN':
      return typeof value === 'number' ? n <= e : v <= String(expression);
    case 'CONTAINS':
      return v.includes(String(expression));
    case 'NOT_CONTAIN':
      return !v.includes(String(expression));
    case 'BEGINS_WITH':
      return v.startsWith(String(expression));
    case 'ENDS_WITH':
      return v.endsWith(String(expression));
    case 'IN_LIST':
      return list.includes(v);
    case 'NOT_IN_LIST':
      return !list.includes(v);
    case 'BETWEEN':
      return v >= (list[0] ?? '') && v <= (list[1] ?? '');
    case 'IS_SET':
      return v !== '' && v !== '0';
    case 'IS_NOT_SET':
      return v === '' || v === '0';
    default:
      return false;
  }
}
