/**
 * One action per key within a short window: a double tap on "➕ New profile" must not make
 * two profiles. A call while the first is running shares its result; a call within `windowMs`
 * after it finished gets the same result again. Only results (not `undefined`) are kept.
 */
export class OncePerWindow<K, V> {
  private readonly running = new Map<K, Promise<V | undefined>>();
  private readonly done = new Map<K, { at: number; value: V }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `repeated`: this call did not run the action, it got an earlier call's result. */
  async run(
    key: K,
    action: () => Promise<V | undefined>,
  ): Promise<{ value: V | undefined; repeated: boolean }> {
    const now = this.now();
    for (const [k, d] of this.done) if (now - d.at >= this.windowMs) this.done.delete(k);
    const inFlight = this.running.get(key);
    if (inFlight) return { value: await inFlight, repeated: true };
    const recent = this.done.get(key);
    if (recent) return { value: recent.value, repeated: true };
    const promise = action();
    this.running.set(key, promise);
    try {
      const value = await promise;
      if (value !== undefined) this.done.set(key, { at: this.now(), value });
      return { value, repeated: false };
    } finally {
      this.running.delete(key);
    }
  }
}
