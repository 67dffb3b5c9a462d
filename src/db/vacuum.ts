import { sql } from 'drizzle-orm';
import type { Logger } from '../log.ts';
import { type Db, queryRows } from './client.ts';

/**
 * PGlite runs no autovacuum: without this, every row an update or delete leaves behind stays,
 * and the embedded database only grows and slows. Every few minutes the tables that change
 * all day are vacuumed (and analyzed, which autovacuum would also do), one statement per
 * table with a pause between them, so a postback waits at most for one table's VACUUM. A
 * database that wrote nothing since the last pass (its WAL did not move) is left alone: an
 * idle service does no work and touches no disk.
 */

/** The tables rewritten all day: outbox, events marked processed, dedup keys, pacing, … */
export const CHURNING_TABLES = [
  'keitaro_deliveries',
  'keitaro_events',
  'keitaro_dedup_keys',
  'keitaro_chats',
  'keitaro_refusals',
  'keitaro_bot_sessions',
  'keitaro_stats_pending',
  'keitaro_stats_daily',
  'keitaro_stats_clicks',
] as const;

export const VACUUM_EVERY_MS = 5 * 60_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Vacuumer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Where the WAL ended after the last pass. */
  private walAfterLastPass: string | undefined;

  constructor(
    private readonly db: Db,
    private readonly everyMs = VACUUM_EVERY_MS,
    private readonly logger?: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.runOnce().finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  /** One pass over the tables; skipped when nothing was written since the last. */
  async runOnce(): Promise<void> {
    if ((await this.walPosition()) === this.walAfterLastPass) return;
    for (const table of CHURNING_TABLES) {
      if (this.stopped) return;
      // Queries queued meanwhile (a postback's commit) run before the next table.
      await nextTurn();
      try {
        await this.db.execute(sql.raw(`VACUUM (ANALYZE) ${table}`));
      } catch (error) {
        this.logger?.warn({ err: error, table }, 'vacuum of the embedded database failed');
      }
    }
    this.walAfterLastPass = await this.walPosition();
  }

  private async walPosition(): Promise<string | undefined> {
    const [row] = await queryRows<{ lsn: string }>(
      this.db,
      sql`SELECT pg_current_wal_insert_lsn()::text AS lsn`,
    );
    return row?.lsn;
  }

  /** Resolves once a VACUUM under way has ended, so the database can be closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}
