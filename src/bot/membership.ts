import { Bot } from 'grammy';
import type { Dispatcher } from '../delivery/dispatcher.ts';
import type { Logger } from '../log.ts';

/**
 * Updates the dispatcher depends on: when the bot is removed from a chat its deliveries are
 * held; when it is added back (`my_chat_member`) they go out. The setup UI builds on this bot.
 */

const PRESENT = new Set(['member', 'administrator', 'creator', 'restricted']);

export function createBot(
  token: string,
  apiRoot: string,
  dispatcher: Pick<Dispatcher, 'chatReachable' | 'chatUnreachable'>,
  logger: Logger,
) {
  const bot = new Bot(token, { client: { apiRoot, timeoutSeconds: 60 } });
  bot.on('my_chat_member', async (ctx) => {
    const chatId = ctx.myChatMember.chat.id;
    const status = ctx.myChatMember.new_chat_member.status;
    if (PRESENT.has(status)) await dispatcher.chatReachable(chatId);
    else await dispatcher.chatUnreachable(chatId, `the bot was removed (status: ${status})`);
  });
  bot.catch((error) => logger.error({ err: error.error }, 'handling an update failed'));
  return bot;
}

/** Long polling that runs only while this instance leads (one poller per bot token). */
export class UpdatePoller {
  private running: Promise<void> | null = null;

  constructor(
    private readonly bot: Bot,
    private readonly logger: Logger,
  ) {}

  setLeader(leader: boolean): void {
    if (leader && !this.running) {
      this.running = this.bot
        .start({
          allowed_updates: ['message', 'callback_query', 'my_chat_member', 'chat_member'],
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
