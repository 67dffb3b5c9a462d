import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../monitoring/metrics.ts';

/**
 * GET /metrics for Prometheus. Counts and queue sizes say how busy the business is, so they
 * are served to this machine only, unless METRICS_TOKEN is set: then a bearer token is
 * required from everywhere. "This machine" is judged by the socket, never by X-Forwarded-For
 * (any client can write that); a request a local reverse proxy forwarded (it carries a
 * forwarding header) came from elsewhere and needs the token too.
 */

export const METRICS_PATH = '/metrics';

export type MetricsAccess =
  | { ok: true }
  | { ok: false; status: 401 | 403; error: 'unauthorized' | 'forbidden'; reason: string };

export interface MetricsRequest {
  /** The socket's peer address. */
  remoteAddress: string | undefined;
  /** Whether the request carries X-Forwarded-For, Forwarded or X-Real-IP. */
  forwarded: boolean;
  authorization: string | undefined;
}

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Equal digests of both: the comparison takes the same time whatever the guess. */
function tokenMatches(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

export function metricsAccess(request: MetricsRequest, token: string | undefined): MetricsAccess {
  if (token !== undefined) {
    const given = /^Bearer +(\S+) *$/i.exec(request.authorization ?? '')?.[1];
    if (given !== undefined && tokenMatches(given, token)) return { ok: true };
    return {
      ok: false,
      status: 401,
      error: 'unauthorized',
      reason: 'send Authorization: Bearer <METRICS_TOKEN>',
    };
  }
  if (!isLoopback(request.remoteAddress)) {
    return {
      ok: false,
      status: 403,
      error: 'forbidden',
      reason: 'metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere',
    };
  }
  if (request.forwarded) {
    return {
      ok: false,
      status: 403,
      error: 'forbidden',
      reason: 'forwarded by a proxy; set METRICS_TOKEN to scrape through it',
    };
  }
  return { ok: true };
}

export interface MetricsRouteOptions {
  metrics: Metrics;
  token: string | undefined;
}

export async function metricsRoutes(app: FastifyInstance, options: MetricsRouteOptions) {
  const { metrics, token } = options;
  app.get(METRICS_PATH, async (request, reply) => {
    const { headers } = request;
    const access = metricsAccess(
      {
        remoteAddress: request.socket.remoteAddress,
        forwarded:
          headers['x-forwarded-for'] !== undefined ||
          headers.forwarded !== undefined ||
          headers['x-real-ip'] !== undefined,
        authorization: headers.authorization,
      },
      token,
    );
    if (!access.ok) {
      if (access.status === 401) reply.header('www-authenticate', 'Bearer');
      return reply
        .code(access.status)
        .send({ ok: false, error: access.error, reason: access.reason });
    }
    const text = await metrics.scrape();
    return reply.header('content-type', metrics.contentType).send(text);
  });
}
