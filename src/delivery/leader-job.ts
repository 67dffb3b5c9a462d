import type { Logger } from '../log.ts';

/**
 * Work only the leading instance does on a timer (daily summaries, the end of pauses): one
 * run at a time, started when this instance leads and at every tick, stopped with it.
 */
export abstract class LeaderJob {
  private leading = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Asked for while a run was under way: one more follows it. */
  private again = false;

  constructor(
    protected readonly logger: Logger,
    private readonly tickMs: number,
    /** What a failed run logs before the next tick tries again. */
    private readonly failure: string,
  ) {}

  /** One run; errors are logged and the next tick tries again. */
  protected abstract run(): Promise<unknown>;

  setLeader(leading: boolean): void {
    this.leading = leading;
    clearInterval(this.timer);
    this.timer = undefined;
    if (!leading) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
    this.tick();
  }

  protected tick(): void {
    if (!this.leading) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run()
      .catch((error: unknown) => this.logger.warn({ err: error }, this.failure))
      .then(() => undefined)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.tick();
        }
      });
  }

  /** Resolves once no run is under way (nor one asked for meanwhile). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.leading = false;
    clearInterval(this.timer);
    await this.settled();
  }
}
