import { LeaderJob } from '../delivery/leader-job.ts';
import type { Logger } from '../log.ts';
import { listConnections } from './connections.ts';
import { type ReconcileDeps, type ReconcileReport, reconcileProfile } from './reconcile.ts';

/**
 * Reconciles every connected profile every `intervalMs`, on the leading instance only, one
 * profile after another: the tracker serves clicks on the same server, so its load is one
 * read of the window per profile and interval, a page of 1,000 conversions at a time. A
 * tracker that fails is asked again later and later (twice the wait each time, up to
 * `maxBackoffMs`; what a 429 asks for at least), so a broken one is not hammered.
 */

export interface ReconcileJobOptions {
  /** RECONCILE_INTERVAL_SEC; 0 switches reconciliation off. */
  intervalMs: number;
  /** Counts each pass by outcome, and what it recovered (/metrics). */
  metrics?: { reconciled(problem: string | undefined, recovered: number): void };
  windowMs?: number;
  maxBackoffMs?: number;
  now?: () => Date;
}

interface ProfileState {
  /** Not before this (epoch ms). */
  due: number;
  failures: number;
  lastProblem: string | undefined;
}

export class ReconcileJob extends LeaderJob {
  private readonly states = new Map<number, ProfileState>();
  private readonly now: () => Date;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly deps: Omit<ReconcileDeps, 'now'>,
    logger: Logger,
    private readonly options: ReconcileJobOptions,
  ) {
    // Ticks every minute at most, so a new connection is reconciled within a minute.
    super(logger, Math.min(options.intervalMs, 60_000), 'reconciliation failed; retrying later');
    this.now = options.now ?? (() => new Date());
    this.maxBackoffMs = options.maxBackoffMs ?? 6 * 3600_000;
  }

  override setLeader(leading: boolean): void {
    super.setLeader(leading && this.options.intervalMs > 0);
  }

  /** A run now, outside the schedule (tests, a connection just made). */
  runNow(): void {
    this.tick();
  }

  protected async run(): Promise<void> {
    const connections = await listConnections(this.deps.db);
    const connected = new Set(connections.map((c) => c.profileId));
    for (const profileId of this.states.keys())
      if (!connected.has(profileId)) this.states.delete(profileId);
    for (const { profileId } of connections) {
      const at = this.now().getTime();
      const state = this.states.get(profileId) ?? { due: 0, failures: 0, lastProblem: undefined };
      this.states.set(profileId, state);
      if (at < state.due) continue;
      const report = await reconcileProfile(
        { ...this.deps, now: this.now },
        { profileId, ...(this.options.windowMs ? { windowMs: this.options.windowMs } : {}) },
      ).catch((error: unknown) => {
        // The database or a connection removed meanwhile: the next run tries again.
        this.logger.warn({ err: error, profile_id: profileId }, 'reconciliation failed');
        return undefined;
      });
      this.schedule(state, at, report);
    }
  }

  private schedule(state: ProfileState, at: number, report: ReconcileReport | undefined): void {
    const { intervalMs } = this.options;
    if (report) this.options.metrics?.reconciled(report.problem?.kind, report.recovered);
    if (report?.ok) {
      if (state.lastProblem)
        this.logger.info({ profile_id: report.profileId }, 'reconciliation works again');
      state.failures = 0;
      state.lastProblem = undefined;
      // The page limit ran out: the rest of the window is read again soon.
      state.due = at + (report.complete ? intervalMs : Math.min(intervalMs, 60_000));
      return;
    }
    state.failures++;
    const backoff = Math.min(intervalMs * 2 ** state.failures, this.maxBackoffMs);
    const asked = report?.problem?.kind === 'rate_limited' ? (report.problem.retryAfterMs ?? 0) : 0;
    state.due = at + Math.max(backoff, asked);
    const problem = report?.problem?.kind ?? 'error';
    if (problem !== state.lastProblem && report)
      this.logger.warn(
        { profile_id: report.profileId, problem, retry_in_ms: state.due - at },
        'reconciliation: the Keitaro Admin API answered with a problem',
      );
    state.lastProblem = problem;
  }
}
