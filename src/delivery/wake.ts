import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { Dispatcher } from './dispatcher.ts';
import { OUTBOX_CHANNEL } from './leader.ts';

/**
 * Tells the dispatcher that deliveries were committed. In the leading process that is a
 * direct call. Another instance on PostgreSQL sends a NOTIFY naming the chats, at most every
 * `debounceMs` and outside the ingest transaction: a NOTIFY inside it would serialize the
 * commits that group commit runs in parallel (PostgreSQL takes a global lock for it).
 */
export class OutboxWaker {
  private leader = false;
  private pending = new Set<number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly database: Database,
    private readonly dispatcher: Pick<Dispatcher, 'wake'>,
    private readonly logger: Logger,
    private readonly debounceMs = 20,
  ) {}

  setLeader(leader: boolean): void {
    this.leader = leader;
  }

  queued(chatId: number): void {
    if (this.leader || this.database.kind === 'pglite') {
      this.dispatcher.wake(chatId);
      return;
    }
    this.pending.add(chatId);
    this.timer ??= setTimeout(() => void this.flush(), this.debounceMs);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const chats = [...this.pending].join(',').slice(0, 7_900);
    this.pending.clear();
    try {
      await this.database.db.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, ${chats})`);
    } catch (error) {
      // The dispatcher's polling still finds the deliveries, a second later.
      this.logger.warn({ err: error }, 'could not notify the dispatcher');
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
