import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { Dispatcher } from '../delivery/dispatcher.ts';
import type { Logger } from '../log.ts';
import type { BotContext } from './context.ts';
import { setCommands } from './setup.ts';
import { PRESENT } from './targets.ts';
import { ALLOWED_UPDATES } from './webhook.ts';

/**
 * Updates the dispatcher depends on: when the bot is removed from a chat its deliveries are
 * held; when it is added back (`my_chat_member`) they go out. The setup UI builds on this bot.
 */

export function createBot(
  token: string,
  apiRoot: string,
  dispatcher: Pick<Dispatcher, 'chatReachable' | 'chatUnreachable'>,
  logger: Logger,
) {
  const bot = new Bot<BotContext>(token, { client: { apiRoot, timeoutSeconds: 60 } });
  // The setup screens answer people: on a 429 they wait and retry rather than go silent.
  // (Notifications never use this API object: the dispatcher paces and retries them itself.)
  // Network errors are not retried here (auto-retry would retry them forever, so a stop
  // waited on an unreachable Bot API): the poller retries its own, and stops when told.
  bot.api.config.use(
    autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true }),
  );
  bot.on('my_chat_member', async (ctx, next) => {
    const { chat } = ctx.myChatMember;
    const status = ctx.myChatMember.new_chat_member.status;
    if (PRESENT.has(status)) await dispatcher.chatReachable(chat.id);
    // The owners of every profile that sends there are told now, not at the next delivery.
    else
      await dispatcher.chatUnreachable(chat.id, `the bot was removed (status: ${status})`, {
        why: status === 'kicked' ? 'kicked' : 'not_member',
        title: 'title' in chat ? chat.title : undefined,
      });
    await next();
  });
  bot.catch((error) => logger.error({ err: error.error }, 'handling an update failed'));
  return bot;
}

/** Long polling that runs only while this instance leads (one poller per bot token). */
export class UpdatePoller {
  private running: Promise<void> | null = null;

  constructor(
    private readonly bot: Bot<BotContext>,
    private readonly logger: Logger,
  ) {}

  setLeader(leader: boolean): void {
    if (leader && !this.running) {
      setCommands(this.bot.api).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not register the command list with Telegram'),
      );
      this.running = this.bot
        .start({
          allowed_updates: ALLOWED_UPDATES,
          drop_pending_updates: false,
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'polling for updates stopped'))
        .finally(() => {
          this.running = null;
        });
    } else if (!leader && this.running) {
      this.bot.stop().catch(() => {});
    }
  }

  async stop(): Promise<void> {
    // Stopping confirms the last update offset with Telegram; unreachable, it cannot.
    if (this.bot.isRunning()) await this.bot.stop().catch(() => {});
    await this.running;
  }
}
