import { describe, expect, it } from 'vitest';
import { OncePerWindow } from '../../src/bot/once.ts';

describe('one action per person within a window', () => {
  it('a second call while the first runs, or soon after, gets the first result; later ones run again', async () => {
    let clock = 1_000;
    const once = new OncePerWindow<number, number>(5_000, () => clock);
    let made = 0;
    const make = async () => {
      await Promise.resolve();
      return ++made;
    };
    const [a, b] = await Promise.all([once.run(7, make), once.run(7, make)]);
    expect([a, b]).toEqual([
      { value: 1, repeated: false },
      { value: 1, repeated: true },
    ]);
    clock += 4_999;
    expect(await once.run(7, make)).toEqual({ value: 1, repeated: true });
    expect(await once.run(8, make)).toEqual({ value: 2, repeated: false });
    clock += 1;
    expect(await once.run(7, make)).toEqual({ value: 3, repeated: false });
  });

  it('keeps no refusal: after one, the next call runs', async () => {
    const once = new OncePerWindow<number, number>(5_000, () => 0);
    expect(await once.run(7, async () => undefined)).toEqual({ value: undefined, repeated: false });
    expect(await once.run(7, async () => 1)).toEqual({ value: 1, repeated: false });
  });
});
