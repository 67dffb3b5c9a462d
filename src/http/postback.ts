import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../log.ts';
import { type Metrics, type PostbackOutcome, refusalReason } from '../monitoring/metrics.ts';
import { parsePostback } from '../postback/fields.ts';
import { prepareStore } from '../postback/prepare.ts';
import type { ProfileDirectory, ProfileEntry } from '../postback/profile-directory.ts';
import type { RateLimiter } from '../postback/rate-limit.ts';
import type { RefusalCounter } from '../postback/refusals.ts';
import {
  BodyError,
  fieldsFromBody,
  fieldsFromQuery,
  maskSecret,
  mergeFields,
  queryString,
  secretFromQuery,
} from '../postback/request.ts';
import type { StoreInput, StoreResult } from '../postback/store.ts';
import { POSTBACK_PATH } from '../postback/url.ts';
import { secretFingerprint } from '../profiles/secret.ts';

/**
 * The S2S postback endpoint. Order: secret → rate limit (before the body is read) → parse →
 * dedup → route → one statement that writes the event and its deliveries → 200. The answer
 * tells the truth: 200 only after the commit; anything else means "not stored, retry".
 */

export interface PostbackDeps {
  /** Writes one postback (through the group-commit batcher in production). */
  store: (input: StoreInput) => Promise<StoreResult>;
  directory: ProfileDirectory;
  limiter: RateLimiter;
  /** Counts refusals by the rate limit, for the owner's diagnostics. */
  refusals?: RefusalCounter;
  logger: Logger;
  /** Told after each commit that queued a delivery, with its chat (wakes the dispatcher). */
  onQueued?: (chatId: number) => void;
  /** Counts each answer by outcome, with its latency. */
  metrics?: Pick<Metrics, 'postback'>;
}

export const BODY_LIMIT = 64 * 1024;

const FORBIDDEN = { ok: false, error: 'forbidden' } as const;

function unavailable(reply: FastifyReply) {
  return reply.code(503).header('retry-after', '5').send({
    ok: false,
    error: 'unavailable',
    reason: 'the database is not reachable; retry later',
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    profileEntry: ProfileEntry | null;
    /** Set once the postback is stored: a new event or a duplicate. */
    postbackOutcome: PostbackOutcome | null;
  }
}

export async function postbackRoutes(app: FastifyInstance, deps: PostbackDeps): Promise<void> {
  const { directory, limiter, logger } = deps;

  app.decorateRequest('profileEntry', null);
  app.decorateRequest('postbackOutcome', null);
  // Every answer of this route counts, refusals by the body parser and error handler too.
  app.addHook('onResponse', async (request, reply) => {
    const seconds = reply.elapsedTime / 1000;
    if (reply.statusCode === 200 && request.postbackOutcome) {
      deps.metrics?.postback(request.postbackOutcome, seconds);
    } else deps.metrics?.postback('refused', seconds, refusalReason(reply.statusCode));
  });
  // Every body arrives as bytes: kept intact in the event, parsed here after authentication.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const secret = secretFromQuery(queryString(request.url));
    let entry: ProfileEntry | null;
    try {
      entry = await directory.lookup(secret ?? '');
    } catch (error) {
      logger.error({ err: error }, 'postback refused: profile lookup failed');
      return unavailable(reply);
    }
    if (!entry?.profile.enabled) {
      logger.warn(
        { secret_fp: secretFingerprint(secret), ip: request.ip },
        secret ? 'postback refused: unknown or disabled secret' : 'postback refused: no secret',
      );
      return reply.code(403).send(FORBIDDEN);
    }
    const { profile } = entry;
    const decision = limiter.take(profile.id, profile.rateLimitRps);
    if (!decision.ok) {
      deps.refusals?.rateLimited(profile.id, profile.rateLimitRps);
      logger.warn(
        { profile_id: profile.id, rate_limit_rps: profile.rateLimitRps },
        'postback refused: profile rate limit exceeded',
      );
      return reply
        .code(429)
        .header('retry-after', String(decision.retryAfterSec))
        .send({ ok: false, error: 'rate_limited', retry_after: decision.retryAfterSec });
    }
    request.profileEntry = entry;
  }

  async function handle(request: FastifyRequest, reply: FastifyReply) {
    const entry = request.profileEntry as ProfileEntry;
    const { profile } = entry;
    const query = queryString(request.url);
    const body = Buffer.isBuffer(request.body) && request.body.length > 0 ? request.body : null;
    let postback: ReturnType<typeof parsePostback>;
    try {
      const fields = mergeFields(
        fieldsFromQuery(query),
        fieldsFromBody(body ?? undefined, request.headers['content-type']),
      );
      postback = parsePostback(fields);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      logger.warn({ profile_id: profile.id, reason: error.reason }, 'postback refused: bad body');
      return reply.code(error.statusCode).send({
        ok: false,
        error: error.statusCode === 415 ? 'unsupported_media_type' : 'bad_request',
        reason: error.reason,
      });
    }
    const input = prepareStore(entry, postback, { query: maskSecret(query), body }, new Date());
    let result: StoreResult;
    try {
      result = await deps.store(input);
    } catch (error) {
      logger.error({ err: error, profile_id: profile.id }, 'postback not stored: database error');
      return unavailable(reply);
    }
    if (result.kind === 'forbidden') {
      // The secret was rotated or the profile disabled since it was cached.
      directory.invalidate();
      logger.warn(
        { secret_fp: secretFingerprint(profile.secret) },
        'postback refused: secret no longer valid',
      );
      return reply.code(403).send(FORBIDDEN);
    }
    logger.info(
      {
        profile_id: profile.id,
        event_id: result.eventId,
        status: postback.status,
        tid: postback.tid ?? postback.subid,
        duplicate: result.duplicate,
        chat_id: result.duplicate ? undefined : input.target.chatId,
      },
      result.duplicate ? 'postback accepted: duplicate' : 'postback accepted',
    );
    request.postbackOutcome = result.duplicate ? 'duplicate' : 'stored';
    if (!result.duplicate) deps.onQueued?.(input.target.chatId);
    return reply.send(
      result.duplicate
        ? { ok: true, event_id: result.eventId, duplicate: true }
        : { ok: true, event_id: result.eventId },
    );
  }

  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: POSTBACK_PATH,
      // HEAD from a link checker must not store a conversion.
      exposeHeadRoute: false,
      onRequest: authenticate,
      handler: handle,
    });
  }
}
