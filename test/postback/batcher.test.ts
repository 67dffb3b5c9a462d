import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/postback/batcher.ts';

describe('group commit', () => {
  it('writes concurrent submissions together and answers each with its own result', async () => {
    const writes: number[][] = [];
    const batcher = new Batcher<number, string>(
      async (inputs) => {
        writes.push(inputs);
        return inputs.map((n) => `stored ${n}`);
      },
      { maxBatch: 100, maxInFlight: 1 },
    );
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    expect(results).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4', 'stored 5']);
    expect(writes).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('answers nobody before their batch has been written', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const batcher = new Batcher<number, number>(
      async (inputs) => {
        await gate;
        return inputs;
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    let answered = false;
    const pending = batcher.submit(7).then(() => {
      answered = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    release();
    await pending;
    expect(answered).toBe(true);
  });

  it('hands the next batch to the database before answering the one just written', async () => {
    // The database should not sit idle while the answers of a written batch go out.
    const log: string[] = [];
    const gates: (() => void)[] = [];
    const batcher = new Batcher<string, string>(
      async (inputs) => {
        log.push(`write ${inputs.join('+')}`);
        await new Promise<void>((resolve) => gates.push(resolve));
        return inputs;
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const first = batcher.submit('a').then(() => log.push('answered a'));
    await new Promise((resolve) => setImmediate(resolve));
    const rest = ['b', 'c'].map((s) => batcher.submit(s).then(() => log.push(`answered ${s}`)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['write a']);
    gates.shift()?.();
    await first;
    expect(log).toEqual(['write a', 'write b+c', 'answered a']);
    gates.shift()?.();
    await Promise.all(rest);
    expect(log).toEqual(['write a', 'write b+c', 'answered a', 'answered b', 'answered c']);
  });

  it('keeps batches within the size limit and the number in flight', async () => {
    let inFlight = 0;
    let maxSeen = 0;
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>(
      async (inputs) => {
        inFlight++;
        maxSeen = Math.max(maxSeen, inFlight);
        sizes.push(inputs.length);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return inputs;
      },
      { maxBatch: 3, maxInFlight: 2 },
    );
    await Promise.all(Array.from({ length: 20 }, (_, i) => batcher.submit(i)));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20);
    expect(maxSeen).toBe(2);
  });

  it('retries a failed batch one by one, so only the bad input fails', async () => {
    const batcher = new Batcher<string, string>(
      async (inputs) => {
        if (inputs.includes('bad')) throw new Error('invalid input syntax');
        return inputs.map((s) => s.toUpperCase());
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((s) => batcher.submit(s)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: expect.objectContaining({ message: 'invalid input syntax' }) },
      { status: 'fulfilled', value: 'C' },
    ]);
  });
});
