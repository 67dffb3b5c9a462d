import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../log.ts';

/**
 * Bot updates by webhook (BOT_WEBHOOK=true). A plugin scope of its own: the postback scope
 * reads every body as raw bytes, while an update is JSON, and may be larger than a postback.
 */

export interface BotWebhookRoute {
  path: string;
  /** Telegram's X-Telegram-Bot-Api-Secret-Token: checked before the body is read. */
  secretToken: string;
  /** Answers 401 when the secret header is missing or wrong; otherwise handles the update. */
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

export const UPDATE_BODY_LIMIT = 1024 * 1024;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compared by digest, so neither the length nor the content leaks through timing. */
function sameSecret(sent: string | string[] | undefined, expected: string): boolean {
  return typeof sent === 'string' && timingSafeEqual(digest(sent), digest(expected));
}

export async function botWebhookRoutes(
  app: FastifyInstance,
  deps: { route: BotWebhookRoute; logger: Logger },
): Promise<void> {
  const { route, logger } = deps;

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      logger.warn({ req: request, reason: error.message }, 'bot update refused: bad request');
      return reply.code(status).send({ ok: false, error: 'bad_request', reason: error.message });
    }
    // Telegram delivers the update again later.
    logger.error({ err: error }, 'handling a bot update by webhook failed');
    return reply.code(500).send({ ok: false, error: 'internal' });
  });

  app.post(
    route.path,
    {
      bodyLimit: UPDATE_BODY_LIMIT,
      // Before the body is read: a stranger's megabyte of JSON is never parsed.
      onRequest: async (request, reply) => {
        if (sameSecret(request.headers[SECRET_HEADER], route.secretToken)) return;
        logger.warn({ ip: request.ip }, 'bot update refused: missing or wrong secret token header');
        return reply.code(401).send({ ok: false, error: 'unauthorized' });
      },
    },
    async (request, reply) => {
      await route.handler(request, reply);
    },
  );
}
