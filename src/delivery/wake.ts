import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { Dispatcher } from './dispatcher.ts';
import { OUTBOX_CHANNEL } from './leader.ts';

/**
 * Tells the dispatcher that deliveries were committed: it does not poll, so every write that
 * queues one ends here. In the leading process that is a direct call. Another instance on
 * PostgreSQL sends a NOTIFY naming the chats (an empty payload: look at every chat), at most
 * every `debounceMs` and outside the ingest transaction: a NOTIFY inside it would serialize
 * the commits that group commit runs in parallel (PostgreSQL takes a global lock for it).
 * A NOTIFY that fails is sent again until it goes through, and one still waiting when the
 * service stops is sent before it ends.
 */

/** PostgreSQL refuses payloads of 8000 bytes or more; past this, "every chat" is sent. */
const MAX_PAYLOAD = 7_900;
const RETRY_MS = 100;
const RETRY_CAP_MS = 5_000;

export class OutboxWaker {
  private leader = false;
  private pending = new Set<number>();
  /** A wake-up for every chat is waiting (a chat not named, or too many). */
  private pendingAll = false;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly database: Database,
    private readonly dispatcher: Pick<Dispatcher, 'wake'>,
    private readonly logger: Logger,
    private readonly debounceMs = 20,
  ) {}

  setLeader(leader: boolean): void {
    this.leader = leader;
  }

  /** Deliveries to `chatId` (undefined: to chats not named) were committed. */
  queued(chatId?: number): void {
    if (this.leader || this.database.kind === 'pglite') {
      this.dispatcher.wake(chatId);
      return;
    }
    if (chatId === undefined) this.pendingAll = true;
    else this.pending.add(chatId);
    this.timer ??= setTimeout(() => void this.flush(), this.debounceMs);
  }

  private flush(): Promise<void> {
    const sending = this.send().finally(() => this.sending.delete(sending));
    this.sending.add(sending);
    return sending;
  }

  private async send(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pendingAll && this.pending.size === 0) return;
    const named = [...this.pending].join(',');
    const payload = this.pendingAll || named.length > MAX_PAYLOAD ? '' : named;
    const chats = this.pending;
    const all = this.pendingAll;
    this.pending = new Set();
    this.pendingAll = false;
    try {
      await this.database.db.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, ${payload})`);
      this.failures = 0;
    } catch (error) {
      // Nothing else would tell the leader: it does not poll. Sent again, with what came since.
      for (const chatId of chats) this.pending.add(chatId);
      this.pendingAll ||= all;
      const wait = Math.min(RETRY_MS * 2 ** this.failures++, RETRY_CAP_MS);
      this.logger.warn({ err: error, retry_in_ms: wait }, 'could not notify the dispatcher');
      this.timer ??= setTimeout(() => void this.flush(), wait);
    }
  }

  /** Sends what is still waiting once more; the caller bounds how long that may take. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all([...this.sending, this.send()]);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
