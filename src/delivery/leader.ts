import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import type { Logger } from '../log.ts';

/**
 * Exactly one dispatcher (and one update poller) is active at a time, because Telegram's
 * budget is per bot token. On PostgreSQL the leader holds a lease: a row whose expiry it
 * renews every few seconds, judged by the database's clock. A leader whose host or network
 * dies stops renewing, and another instance takes over once the lease has run out — within
 * seconds, where a session lock would wait for TCP keepalives (hours), and through any
 * proxy or pooler in between. A leader that cannot renew stands down before its lease runs
 * out, so two never dispatch at once. Its connection also LISTENs for new deliveries
 * committed by any instance: the dispatcher does not poll, so a connection that drops is
 * replaced, and the leadership it regains wakes the dispatcher for whatever was announced
 * meanwhile. The renewal (one statement every `renewMs` on each instance) is the only query
 * an idle instance makes: it is how a dead leader is noticed within seconds. The embedded
 * database needs no lease: one process holds its data directory's lock, and it leads.
 */

export const OUTBOX_CHANNEL = 'keitaro_outbox';
export const DISPATCHER_LEASE = 'dispatcher';

export interface LeaseTiming {
  /** How long a taken or renewed lease lasts, by the database's clock. */
  leaseMs: number;
  /** How often the leader renews it and the others try to take it. */
  renewMs: number;
  /**
   * The leader stands down this long before its lease would run out, counted from when it
   * asked for the renewal: time to stop, and room for clocks that tick at different rates.
   */
  guardMs: number;
}

/** A lease of `leaseMs`: renewed five times within it; a dead leader is replaced within ~1.2×. */
export function leaseTiming(leaseMs: number): LeaseTiming {
  return { leaseMs, renewMs: leaseMs / 5, guardMs: leaseMs / 5 };
}

export const DEFAULT_LEASE = leaseTiming(10_000);

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

/** `work`'s result, or TIMED_OUT when it does not settle within `ms` (then it is ignored). */
function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms));
    }),
  ]).finally(() => clearTimeout(timer));
}
const TIMED_OUT = Symbol('timed out');

export class LeaseLeader implements Leadership {
  private leading = false;
  private stopped = false;
  /** While leading: when this process must stand down unless a renewal succeeds first. */
  private validUntil = 0;
  private standDownTimer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private wakeSleep: (() => void) | null = null;
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly timing: LeaseTiming;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    timing: Partial<LeaseTiming> = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.timing = { ...DEFAULT_LEASE, ...timing };
  }

  isLeader() {
    return this.leading && this.now() < this.validUntil;
  }

  start(onChange: (leader: boolean) => void, onNotify: (chatIds: number[]) => void) {
    this.loop = this.run(onChange, onNotify);
  }

  private sleep(ms: number, lost: Promise<void>) {
    return Promise.race([
      lost,
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.wakeSleep = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
    ]);
  }

  /** Takes the lease if it is free or ours, renewing it; true when this process holds it. */
  private async hold(client: pg.Client): Promise<boolean> {
    const { rows } = await client.query(
      `INSERT INTO keitaro_leases (name, holder, expires_at)
       VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE keitaro_leases.holder = excluded.holder OR keitaro_leases.expires_at <= now()
       RETURNING holder`,
      [DISPATCHER_LEASE, this.holder, Math.round(this.timing.leaseMs)],
    );
    return rows.length === 1;
  }

  private async run(onChange: (leader: boolean) => void, onNotify: (chatIds: number[]) => void) {
    const { leaseMs, renewMs, guardMs } = this.timing;
    const standDown = (why: string) => {
      if (this.standDownTimer) clearTimeout(this.standDownTimer);
      this.standDownTimer = null;
      if (!this.leading) return;
      this.leading = false;
      this.logger.warn({ reason: why }, 'this instance is no longer the dispatcher');
      onChange(false);
    };
    while (!this.stopped) {
      const client = new pg.Client({
        connectionString: this.url,
        connectionTimeoutMillis: leaseMs / 2,
        keepAlive: true,
      });
      let lostReason = '';
      const lost = new Promise<void>((resolve) => {
        client.on('error', (error) => {
          lostReason ||= `the connection failed: ${error.message}`;
          resolve();
        });
        client.on('end', () => {
          lostReason ||= 'the connection ended';
          resolve();
        });
      });
      client.on('notification', (message) =>
        onNotify((message.payload ?? '').split(',').filter(Boolean).map(Number)),
      );
      try {
        await client.connect();
        while (!this.stopped && !lostReason) {
          const askedAt = this.now();
          // A renewal must come back while the lease is still ours; a try to take it, soon.
          const wait = this.leading ? this.validUntil - askedAt : leaseMs / 2;
          const held = await within(
            Promise.race([this.hold(client), lost.then(() => TIMED_OUT)]),
            wait,
          );
          if (held === TIMED_OUT) {
            standDown(lostReason || 'the database did not answer in time to renew the lease');
            break;
          }
          if (held) {
            this.validUntil = askedAt + leaseMs - guardMs;
            if (!this.leading) {
              const listening = await within(
                client.query(`LISTEN ${OUTBOX_CHANNEL}`),
                this.validUntil - this.now(),
              );
              if (listening === TIMED_OUT) break;
              this.leading = true;
              this.logger.info('this instance is now the dispatcher');
              onChange(true);
            }
            // Stands down on time even if the next renewal is stuck somewhere in between.
            if (this.standDownTimer) clearTimeout(this.standDownTimer);
            this.standDownTimer = setTimeout(
              () => standDown('the lease could not be renewed in time'),
              this.validUntil - this.now(),
            );
          } else {
            standDown('another instance holds the lease');
          }
          if (this.stopped) break;
          await this.sleep(renewMs, lost);
        }
        if (lostReason) standDown(lostReason);
        if (this.stopped && this.leading) {
          // Handed over at once instead of when the lease runs out.
          standDown('stopping');
          await within(
            client.query(
              'UPDATE keitaro_leases SET expires_at = now() WHERE name = $1 AND holder = $2',
              [DISPATCHER_LEASE, this.holder],
            ),
            renewMs,
          );
        }
      } catch (error) {
        this.logger.warn({ err: error }, 'dispatcher election: database connection failed');
        standDown('the database connection failed');
      }
      // Not awaited: on a silent network the goodbye is never answered.
      client.end().catch(() => {});
      if (!this.stopped) await this.sleep(renewMs, new Promise(() => {}));
    }
  }

  async stop() {
    this.stopped = true;
    this.wakeSleep?.();
    await this.loop;
  }
}
