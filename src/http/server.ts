import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  LogController,
} from 'fastify';
import type { TrustProxy } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { Metrics } from '../monitoring/metrics.ts';
import { Batcher } from '../postback/batcher.ts';
import { ProfileDirectory } from '../postback/profile-directory.ts';
import { RateLimiter } from '../postback/rate-limit.ts';
import type { RefusalCounter } from '../postback/refusals.ts';
import { type StoreInput, type StoreResult, storePostbacks } from '../postback/store.ts';
import { type BotWebhookRoute, botWebhookRoutes } from './bot-webhook.ts';
import { metricsRoutes } from './metrics.ts';
import { BODY_LIMIT, type PostbackDeps, postbackRoutes } from './postback.ts';

export interface ServerDeps {
  database: Database;
  logger: Logger;
  directory?: ProfileDirectory;
  limiter?: RateLimiter;
  refusals?: RefusalCounter;
  onQueued?: PostbackDeps['onQueued'];
  /** Set in webhook mode (BOT_WEBHOOK=true): Telegram POSTs the bot's updates here. */
  botWebhook?: BotWebhookRoute;
  /** TRUST_PROXY: whose X-Forwarded-For names the client; default none. */
  trustProxy?: TrustProxy;
  /** What /metrics serves (the service's); a registry of its own by default. */
  metrics?: Metrics;
  /** METRICS_TOKEN: /metrics then wants this bearer token from everywhere. */
  metricsToken?: string;
  /** Tests set small ones; production uses DEFAULT_CONNECTION_LIMITS. */
  limits?: Partial<ConnectionLimits>;
}

/** How long and how many connections the server keeps: what a postback endpoint needs. */
export interface ConnectionLimits {
  /** All headers must arrive within this (Keitaro sends them in one packet). */
  headersTimeoutMs: number;
  /** The whole request, body included (64 KiB postback, 1 MiB bot update). */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /**
   * A socket silent this long is closed. Above the bot webhook's 25 s answer time, since the
   * socket is silent while the handler works.
   */
  idleTimeoutMs: number;
  /** Connections past this are dropped at once, so a flood cannot take every file descriptor. */
  maxConnections: number;
  /** How often Node checks the header and request timeouts (its default is 30 s). */
  checkEveryMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 15_000,
  idleTimeoutMs: 60_000,
  maxConnections: 1_000,
  checkEveryMs: 1_000,
};

/** A hop count as the function Fastify's types expect: the nearest `hops` proxies are trusted. */
function proxyTrust(setting: TrustProxy) {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { database, logger } = deps;
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...deps.limits };
  const metrics = deps.metrics ?? new Metrics(database.db, logger);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Request URLs carry the secret: the postback route logs its own lines instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: proxyTrust(deps.trustProxy ?? false),
    return503OnClosing: true,
    // Without these a client sending a byte every few seconds holds a connection for good.
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkEveryMs,
    },
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
  });
  app.server.maxConnections = limits.maxConnections;

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) {
      logger.warn({ req: request }, 'postback refused: body over 64 KiB');
      return reply
        .code(413)
        .send({ ok: false, error: 'payload_too_large', reason: 'the body is over 64 KiB' });
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ ok: false, error: 'bad_request', reason: error.message });
    }
    logger.error({ err: error, req: request }, 'request failed');
    return reply.code(500).send({ ok: false, error: 'internal' });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ ok: false, error: 'not_found' }),
  );

  app.get('/health', async () => ({ ok: true }));
  app.get('/ready', async (_request, reply) =>
    (await database.ready())
      ? { ok: true, database: database.kind }
      : reply.code(503).send({ ok: false, error: 'not_ready', database: database.kind }),
  );

  // PGlite is one connection: one batch at a time. PostgreSQL writes a few in parallel.
  const batcher = new Batcher<StoreInput, StoreResult>(
    (inputs) => storePostbacks(database.db, inputs),
    { maxBatch: 256, maxInFlight: database.kind === 'pglite' ? 1 : 4 },
  );
  await app.register(postbackRoutes, {
    store: (input) => batcher.submit(input),
    directory: deps.directory ?? new ProfileDirectory(database.db),
    limiter: deps.limiter ?? new RateLimiter(),
    refusals: deps.refusals,
    logger,
    onQueued: deps.onQueued,
    metrics,
  });
  await app.register(metricsRoutes, { metrics, token: deps.metricsToken });
  if (deps.botWebhook) {
    await app.register(botWebhookRoutes, { route: deps.botWebhook, logger });
  }
  return app;
}
