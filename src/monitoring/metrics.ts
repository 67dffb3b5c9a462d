import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Executor } from '../db/client.ts';
import { DELIVERY_KINDS, type DeliveryKind } from '../delivery/outbox.ts';
import type { Logger } from '../log.ts';
import { OPEN_STATES, queueSnapshot } from './queue.ts';

/**
 * What /metrics shows, in Prometheus' text format. Each service has its own registry (tests
 * run several services in one process); Node's own metrics are the process's, shared.
 * Counters are this process's since it started; the outbox gauges are read from the
 * database at each scrape, so every instance reports the same queue and an alert can take
 * their max.
 */

/** Why a postback was not stored: the `error` of the answer, so a log line and a metric agree. */
export type RefusalReason =
  | 'forbidden'
  | 'rate_limited'
  | 'bad_request'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unavailable'
  | 'internal';

export const REFUSAL_REASONS: readonly RefusalReason[] = [
  'forbidden',
  'rate_limited',
  'bad_request',
  'unsupported_media_type',
  'payload_too_large',
  'unavailable',
  'internal',
];

export type PostbackOutcome = 'stored' | 'duplicate' | 'refused';

/** The answer's status code says why a postback was refused (postback.ts answers each one). */
export function refusalReason(statusCode: number): RefusalReason {
  switch (statusCode) {
    case 403:
      return 'forbidden';
    case 429:
      return 'rate_limited';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 503:
      return 'unavailable';
    default:
      return statusCode >= 400 && statusCode < 500 ? 'bad_request' : 'internal';
  }
}

/** What the dispatcher reports; the default does nothing (dispatcher tests need no registry). */
export interface DeliveryMetrics {
  sent(kind: DeliveryKind): void;
  /** A 429; `bot` when 429s from several chats showed the bot's own limit. */
  tooManyRequests(scope: 'chat' | 'bot'): void;
  dead(): void;
  digestMade(): void;
}

export const NO_DELIVERY_METRICS: DeliveryMetrics = {
  sent() {},
  tooManyRequests() {},
  dead() {},
  digestMade() {},
};

const PREFIX = 'keitaro_notify_';

let processRegistry: Registry | undefined;

/**
 * Node's own metrics (memory, CPU, event-loop lag, GC) under their usual names. They
 * describe the process, not a service: collected once per process, however many services
 * it runs, since each collection starts its own event-loop and GC monitors for good.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class Metrics implements DeliveryMetrics {
  readonly registry = new Registry();
  private readonly postbacks: Counter<'outcome'>;
  private readonly refused: Counter<'reason'>;
  private readonly ingest: Histogram<'outcome'>;
  private readonly deliveries: Gauge<'state'>;
  private readonly oldestWaiting: Gauge;
  private readonly sends: Counter<'kind'>;
  private readonly throttled: Counter<'scope'>;
  private readonly deadTotal: Counter;
  private readonly digests: Counter;
  private readonly leader: Gauge;
  private readonly reconciles: Counter;
  private readonly recovered: Counter;
  private readonly queueReadable: Gauge;

  constructor(
    private readonly exec: Executor,
    private readonly logger?: Logger,
  ) {
    const registers = [this.registry];
    this.postbacks = new Counter({
      name: `${PREFIX}postbacks_total`,
      help: 'Postbacks answered, by outcome: stored (a new event), duplicate (already stored), refused (not stored; see postbacks_refused_total).',
      labelNames: ['outcome'],
      registers,
    });
    this.refused = new Counter({
      name: `${PREFIX}postbacks_refused_total`,
      help: 'Postbacks not stored, by the error of the answer: forbidden (no, unknown or disabled secret), rate_limited, bad_request, unsupported_media_type, payload_too_large, unavailable (database), internal.',
      labelNames: ['reason'],
      registers,
    });
    this.ingest = new Histogram({
      name: `${PREFIX}ingest_duration_seconds`,
      help: 'Time from a postback request to its answer (for a stored one: until its commit), by outcome.',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.deliveries = new Gauge({
      name: `${PREFIX}deliveries`,
      help: 'Deliveries in the outbox not sent, by state: pending, held (chat unreachable), digested (in a digest not sent yet), dead. Read from the database at each scrape.',
      labelNames: ['state'],
      registers,
    });
    this.oldestWaiting = new Gauge({
      name: `${PREFIX}oldest_waiting_delivery_seconds`,
      help: 'Age of the oldest delivery the dispatcher still owes (pending or in an unsent digest), 0 when none. Held deliveries are not counted: they wait for the bot to be added back.',
      registers,
    });
    this.queueReadable = new Gauge({
      name: `${PREFIX}outbox_readable`,
      help: '1 when this scrape read the outbox from the database; 0 when it could not, and then the outbox gauges are 0 or absent.',
      registers,
    });
    this.sends = new Counter({
      name: `${PREFIX}messages_sent_total`,
      help: 'Messages Telegram accepted, by kind: event (one conversion), digest, notice (to a profile owner).',
      labelNames: ['kind'],
      registers,
    });
    this.throttled = new Counter({
      name: `${PREFIX}telegram_429_total`,
      help: "Telegram's 429 answers, by scope: chat (that chat's limit) or bot (429s from several chats at once: the bot's own limit).",
      labelNames: ['scope'],
      registers,
    });
    this.deadTotal = new Counter({
      name: `${PREFIX}deliveries_dead_total`,
      help: 'Deliveries given up on by this process (refused by Telegram, or failed every retry).',
      registers,
    });
    this.digests = new Counter({
      name: `${PREFIX}digests_total`,
      help: 'Digests made: one message instead of a flood of conversions to a chat.',
      registers,
    });
    this.reconciles = new Counter({
      name: `${PREFIX}reconcile_passes_total`,
      help: "Reads of a tracker's conversions log by this instance, by outcome: ok, or the Admin API's problem (unauthorized, unreachable, server, …).",
      labelNames: ['outcome'],
      registers,
    });
    this.recovered = new Counter({
      name: `${PREFIX}reconcile_recovered_total`,
      help: "Conversions stored and notified from a tracker's conversions log because no postback brought them.",
      registers,
    });
    this.leader = new Gauge({
      name: `${PREFIX}leader`,
      help: '1 while this instance is the dispatcher (holds the lease), else 0. Across instances, max() is 1 when some instance sends.',
      registers,
    });
    // Every series exists from the start, so rate() and increase() see the first event.
    for (const outcome of ['stored', 'duplicate', 'refused'] as const) {
      this.postbacks.inc({ outcome }, 0);
    }
    for (const reason of REFUSAL_REASONS) this.refused.inc({ reason }, 0);
    for (const kind of DELIVERY_KINDS) this.sends.inc({ kind }, 0);
    for (const scope of ['chat', 'bot'] as const) this.throttled.inc({ scope }, 0);
    this.reconciles.inc({ outcome: 'ok' }, 0);
    this.recovered.inc(0);
    this.leader.set(0);
    processMetrics();
  }

  /** One postback answered, `seconds` after it arrived. */
  postback(outcome: PostbackOutcome, seconds: number, reason?: RefusalReason): void {
    this.postbacks.inc({ outcome });
    if (outcome === 'refused') this.refused.inc({ reason: reason ?? 'internal' });
    this.ingest.observe({ outcome }, seconds);
  }

  sent(kind: DeliveryKind): void {
    this.sends.inc({ kind });
  }

  tooManyRequests(scope: 'chat' | 'bot'): void {
    this.throttled.inc({ scope });
  }

  dead(): void {
    this.deadTotal.inc();
  }

  digestMade(): void {
    this.digests.inc();
  }

  setLeader(leader: boolean): void {
    this.leader.set(leader ? 1 : 0);
  }

  /** One read of a tracker's log: `problem` its Admin API problem, or none. */
  reconciled(problem: string | undefined, recovered: number): void {
    this.reconciles.inc({ outcome: problem ?? 'ok' });
    this.recovered.inc(recovered);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text a scrape gets: the outbox is read first, with one statement. */
  async scrape(): Promise<string> {
    try {
      const queue = await queueSnapshot(this.exec);
      for (const state of OPEN_STATES) this.deliveries.set({ state }, queue.byState[state]);
      this.oldestWaiting.set(queue.oldestWaitingSec);
      this.queueReadable.set(1);
    } catch (error) {
      // Stale numbers would look current: cleared, with outbox_readable saying why.
      this.deliveries.reset();
      this.oldestWaiting.reset();
      this.queueReadable.set(0);
      this.logger?.warn({ err: error }, 'metrics: reading the outbox failed');
    }
    // Both end with a newline, as the text format wants.
    return (await this.registry.metrics()) + (await processMetrics().metrics());
  }
}
