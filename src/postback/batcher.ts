/**
 * Group commit: concurrent postbacks share one statement and one commit, and each request is
 * still answered only after that commit. When the database is idle a postback goes out alone
 * at once (no waiting for company); while `maxInFlight` batches are being written, new
 * arrivals queue and leave together as the next batch.
 *
 * A batch after an idle moment is formed on `setImmediate`, after the event loop has read
 * every request that arrived in this turn, so that they go together. When a batch is written,
 * what queued meanwhile leaves at once, before that batch's answers are sent.
 *
 * A failed batch is retried item by item, so one bad row costs only its own request.
 */

interface Pending<I, R> {
  input: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class Batcher<I, R> {
  private queue: Pending<I, R>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: (inputs: I[]) => Promise<R[]>,
    private readonly options: { maxBatch: number; maxInFlight: number },
  ) {}

  submit(input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.run(batch);
    }
  }

  private async run(batch: Pending<I, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.write(batch.map((p) => p.input));
    } catch (error) {
      await this.retrySingly(batch, error);
      this.release();
      return;
    }
    // The next batch leaves before this one's answers are written, so the database is not
    // left idle while the event loop sends them (+9 % on the embedded database, BENCHMARKS.md).
    this.release();
    for (const [i, p] of batch.entries()) p.resolve(results[i] as R);
  }

  /** A slot is free: what queued while it was taken leaves now, as one batch. */
  private release(): void {
    this.inFlight--;
    this.pump();
  }

  /** One bad row costs only its own request; the batch keeps its slot meanwhile. */
  private async retrySingly(batch: Pending<I, R>[], error: unknown): Promise<void> {
    if (batch.length === 1) {
      batch[0]?.reject(error);
      return;
    }
    await Promise.all(
      batch.map(async (p) => {
        try {
          const [result] = await this.write([p.input]);
          p.resolve(result as R);
        } catch (single) {
          p.reject(single);
        }
      }),
    );
  }
}
