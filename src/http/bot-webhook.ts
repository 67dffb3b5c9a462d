import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../log.ts';

/**
 * Bot updates by webhook (BOT_WEBHOOK=true). A plugin scope of its own: the postback scope
 * reads every body as raw bytes, while an update is JSON, and may be larger than a postback.
 */

export interface BotWebhookRoute {
  path: string;
  /** Answers 401 when the secret header is missing or wrong; otherwise handles the update. */
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

export const UPDATE_BODY_LIMIT = 1024 * 1024;

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

  app.post(route.path, { bodyLimit: UPDATE_BODY_LIMIT }, async (request, reply) => {
    await route.handler(request, reply);
    if (reply.statusCode === 401) {
      logger.warn({ ip: request.ip }, 'bot update refused: missing or wrong secret token header');
    }
  });
}
