import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Api, type Bot, type Context, GrammyError, webhookCallback } from 'grammy';
import { classifyApiError } from '../delivery/failures.ts';
import { type RetryPolicy, retryDelayMs } from '../delivery/retry.ts';
import type { BotWebhookRoute } from '../http/bot-webhook.ts';
import type { Logger } from '../log.ts';
import { setCommands } from './setup.ts';

/**
 * Webhook mode (BOT_WEBHOOK=true): Telegram POSTs each update to this path on the HTTP
 * server, with a secret header only Telegram knows. Every instance serves the route (it is
 * stateless); each one registers the webhook at start, which Telegram treats as idempotent.
 */

export const WEBHOOK_PATH = '/telegram/webhook';

/** The updates the bot handles: the same list the long-polling UpdatePoller asks for. */
export const ALLOWED_UPDATES = [
  'message',
  'callback_query',
  'my_chat_member',
  'chat_member',
] as const;

/**
 * Telegram's `X-Telegram-Bot-Api-Secret-Token` (1–256 of A-Z a-z 0-9 _ -), derived from the bot
 * token: every instance agrees on it without configuration, and a new token changes it.
 */
export function webhookSecret(botToken: string): string {
  return createHmac('sha256', botToken)
    .update('keitaro-notify telegram webhook')
    .digest('base64url');
}

/** Retries after network errors, 5xx and 429: 5 s, 10 s … 5 min, about 10 minutes in all. */
const REGISTER_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 5_000, capMs: 5 * 60_000 };

/** Delay before trying setWebhook again after `attempts` failures, or null to give up. */
export function registerRetryDelayMs(error: unknown, attempts: number): number | null {
  const backoff = retryDelayMs(REGISTER_RETRY, attempts);
  if (!(error instanceof GrammyError)) return backoff; // the network
  const failure = classifyApiError(error);
  if (failure.kind === 'transient') return backoff;
  if (failure.kind === 'retry_after' && backoff !== null) {
    return Math.max(backoff, failure.seconds * 1000);
  }
  return null; // a bad URL or token: trying again changes nothing
}

/** What a failure said, without the request (a GrammyError's payload holds the secret). */
function failureFields(error: unknown): Record<string, unknown> {
  return error instanceof GrammyError
    ? { error_code: error.error_code, reason: error.description }
    : { err: error }; // the logger masks the token in a network error's URL
}

export class BotWebhook<C extends Context = Context> implements BotWebhookRoute {
  readonly path = WEBHOOK_PATH;
  readonly handler: BotWebhookRoute['handler'];
  readonly secretToken: string;
  private readonly stopping = new AbortController();

  /** `api` is a plain one (no auto-retry): this class decides when to try again. */
  constructor(
    bot: Bot<C>,
    private readonly api: Api,
    private readonly publicBaseUrl: string,
    private readonly logger: Logger,
  ) {
    this.secretToken = webhookSecret(api.token);
    this.handler = webhookCallback(bot, 'fastify', {
      secretToken: this.secretToken,
      // Telegram sends a chat's next update only after this answer, so the handler gets time
      // (a 429 on a reply waits); past it, Telegram gets 200 and the handler goes on, rather
      // than a failure that would make Telegram deliver the same update a second time.
      onTimeout: 'return',
      timeoutMilliseconds: 25_000,
    });
  }

  get url(): string {
    return `${this.publicBaseUrl}${this.path}`;
  }

  /** Points Telegram at this server, then registers the command list. Never throws. */
  async register(): Promise<void> {
    if (!(await this.setWebhook())) return;
    await setCommands(this.api).catch((error: unknown) =>
      this.logger.warn(failureFields(error), 'could not register the command list with Telegram'),
    );
  }

  /** Stops retrying; the webhook stays set, for the other instances and the next start. */
  stop(): void {
    this.stopping.abort();
  }

  private async setWebhook(): Promise<boolean> {
    const { signal } = this.stopping;
    for (let attempts = 1; ; attempts++) {
      try {
        // Not aborted on stop: the request times out on its own (see createApi).
        await this.api.setWebhook(this.url, {
          secret_token: this.secretToken,
          allowed_updates: ALLOWED_UPDATES,
          drop_pending_updates: false,
        });
        this.logger.info({ webhook_url: this.url }, 'bot updates arrive by webhook');
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        const delayMs = registerRetryDelayMs(error, attempts);
        this.logger.error(
          {
            ...failureFields(error),
            webhook_url: this.url,
            retry_in_sec: delayMs === null ? undefined : Math.round(delayMs / 1000),
          },
          delayMs === null
            ? 'could not set the bot webhook, so the bot hears no one: check WEBHOOK_DOMAIN (a public HTTPS address) and restart'
            : 'could not set the bot webhook, so the bot hears no one yet: trying again',
        );
        if (delayMs === null) return false;
        try {
          await sleep(delayMs, undefined, { signal });
        } catch {
          return false; // stopping
        }
      }
    }
  }
}
