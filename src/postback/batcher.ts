/**
 * Group commit: concurrent postbacks share one statement and one commit, and each request is
 * still answered only after that commit. When the database is idle a postback goes out alone
 * at once (no waiting for company); while `maxInFlight` batches are being written, new
 * arrivals queue and leave together as the next batch.
 *
 * Batches are formed on `setImmediate`, after the event loop has read every request that
 * arrived in this turn: PGlite runs queries synchronously on this thread, so without the
 * pause each request would find the database idle and go alone.
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
      this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async run(batch: Pending<I, R>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((p) => p.input));
      batch.forEach((p, i) => {
        p.resolve(results[i] as R);
      });
    } catch (error) {
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
}
