import pg from 'pg';
import type { Logger } from '../log.ts';

/**
 * Exactly one dispatcher (and one update poller) is active at a time, because Telegram's
 * budget is per bot token. On PostgreSQL a session-level advisory lock held on a dedicated
 * connection elects it; when that process dies its session ends, the lock is free, and
 * another instance takes over within `retryMs`. The same connection LISTENs for new
 * deliveries committed by any instance. The embedded database has one process: it leads.
 */

export const OUTBOX_CHANNEL = 'keitaro_outbox';
const DISPATCHER_LOCK_KEY = 0x6b7464; // "ktd"

export interface Leadership {
  isLeader(): boolean;
  /**
   * `onChange(true)` when this process becomes the leader, `false` when it stops being it;
   * `onNotify(chatIds)` when any instance committed deliveries to those chats.
   */
  start(onChange: (leader: boolean) => void, onNotify: (chatIds: number[]) => void): void;
  stop(): Promise<void>;
}

export class SoleLeader implements Leadership {
  private leading = false;
  isLeader() {
    return this.leading;
  }
  start(onChange: (leader: boolean) => void) {
    this.leading = true;
    onChange(true);
  }
  async stop() {
    this.leading = false;
  }
}

export class AdvisoryLockLeader implements Leadership {
  private leading = false;
  private stopped = false;
  private client: pg.Client | null = null;
  private loop: Promise<void> | null = null;
  private wakeSleep: (() => void) | null = null;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly retryMs = 2_000,
  ) {}

  isLeader() {
    return this.leading;
  }

  start(onChange: (leader: boolean) => void, onNotify: (chatIds: number[]) => void) {
    this.loop = this.run(onChange, onNotify);
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async run(onChange: (leader: boolean) => void, onNotify: (chatIds: number[]) => void) {
    while (!this.stopped) {
      const client = new pg.Client({ connectionString: this.url, keepAlive: true });
      this.client = client;
      const lost = new Promise<void>((resolve) => {
        client.on('error', () => resolve());
        client.on('end', () => resolve());
      });
      try {
        await client.connect();
        client.on('notification', (message) =>
          onNotify((message.payload ?? '').split(',').filter(Boolean).map(Number)),
        );
        while (!this.stopped) {
          const { rows } = await client.query<{ ok: boolean }>(
            'SELECT pg_try_advisory_lock($1) AS ok',
            [DISPATCHER_LOCK_KEY],
          );
          if (rows[0]?.ok) break;
          await Promise.race([this.sleep(this.retryMs), lost]);
        }
        if (this.stopped) break;
        await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
        this.leading = true;
        this.logger.info('this instance is now the dispatcher');
        onChange(true);
        // Hold the lock until the connection is lost (checked so a dead link is noticed).
        while (!this.stopped) {
          const alive = await Promise.race([
            client.query('SELECT 1').then(
              () => true,
              () => false,
            ),
            lost.then(() => false),
            new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
          ]);
          if (!alive) break;
          await Promise.race([this.sleep(this.retryMs), lost]);
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'dispatcher election: database connection failed');
      } finally {
        if (this.leading) {
          this.leading = false;
          this.logger.warn('this instance is no longer the dispatcher');
          onChange(false);
        }
        await client.end().catch(() => {});
      }
      if (!this.stopped) await this.sleep(this.retryMs);
    }
  }

  async stop() {
    this.stopped = true;
    this.wakeSleep?.();
    await this.client?.end().catch(() => {});
    await this.loop;
  }
}
