import { describe, expect, it } from 'vitest';
import {
  chatKind,
  digestPlan,
  drainMs,
  GlobalPace,
  nextSendAt,
  PACING,
} from '../../src/delivery/pacing.ts';

const T = 1_000_000;

describe('pacing', () => {
  it('tells private chats from groups and channels by the id', () => {
    expect(chatKind(5550001)).toBe('private');
    expect(chatKind(-1001234567890)).toBe('group');
    expect(chatKind(-4001234)).toBe('group');
  });

  it('keeps about a second between two messages to one chat', () => {
    expect(nextSendAt({ kind: 'private', recentSends: [], pausedUntil: null }, T)).toBe(T);
    expect(nextSendAt({ kind: 'private', recentSends: [T - 200], pausedUntil: null }, T)).toBe(
      T - 200 + PACING.chatIntervalMs,
    );
  });

  it('sends at most 20 messages to a group in any rolling minute', () => {
    const sends = Array.from({ length: 20 }, (_, i) => T - 30_000 + i * 1_100);
    const at = nextSendAt({ kind: 'group', recentSends: sends, pausedUntil: null }, T);
    expect(at).toBe((sends[0] as number) + PACING.groupWindowMs);
    // A private chat is not held to the group minute.
    expect(nextSendAt({ kind: 'private', recentSends: sends, pausedUntil: null }, T)).toBe(T);
  });

  it("honours Telegram's retry_after for the chat", () => {
    expect(nextSendAt({ kind: 'group', recentSends: [], pausedUntil: T + 7_000 }, T)).toBe(
      T + 7_000,
    );
  });

  it('estimates how long a backlog takes to drain', () => {
    const fresh = { kind: 'group' as const, recentSends: [], pausedUntil: null };
    expect(drainMs(fresh, 1, T)).toBe(0);
    expect(drainMs(fresh, 10, T)).toBe(9 * PACING.chatIntervalMs);
    expect(drainMs(fresh, 30, T)).toBeGreaterThan(PACING.digestAfterMs);
  });

  it('folds a flood of registrations into a digest and lets deposits through one by one', () => {
    const fresh = { kind: 'group' as const, recentSends: [], pausedUntil: null };
    expect(digestPlan(fresh, 2, 5, T)).toBe('none');
    expect(digestPlan(fresh, 3, 40, T)).toBe('low');
    expect(digestPlan(fresh, 40, 3, T)).toBe('all');
    expect(digestPlan(fresh, 30, 0, T)).toBe('all');
  });

  it('digests even a small backlog when the group has spent its minute', () => {
    const spent = {
      kind: 'group' as const,
      recentSends: Array.from({ length: 20 }, (_, i) => T - 20_000 + i * 1_000),
      pausedUntil: null,
    };
    expect(digestPlan(spent, 0, 3, T)).toBe('all');
    expect(digestPlan(spent, 0, 1, T)).toBe('none');
  });

  it("keeps the whole bot well under Telegram's 30 a second, leaving room for its own replies", () => {
    // Sends that reach Telegram bunched (a stalled event loop, a busy network) and the bot's
    // answers to people, which this budget does not see, fit in what is left.
    const global = new GlobalPace();
    let burst = 0;
    while (global.nextSendAt(T) === T && burst < 30) {
      global.record(T)(T);
      burst++;
    }
    expect(burst).toBeLessThanOrEqual(25);
    expect(burst).toBeGreaterThanOrEqual(20);
  });

  it('keeps the whole bot within its budget a second', () => {
    const global = new GlobalPace();
    for (let i = 0; i < PACING.globalPerWindow; i++) {
      expect(global.nextSendAt(T)).toBe(T);
      global.record(T);
    }
    expect(global.nextSendAt(T)).toBe(T + PACING.globalWindowMs);
    global.pause(T + 5_000);
    expect(global.nextSendAt(T + 2_000)).toBe(T + 5_000);
  });

  it('paces by the limits it is given, so a minute can be scaled down to seconds', () => {
    const fast = { ...PACING, chatIntervalMs: 50, groupWindowMs: 3_000, globalWindowMs: 50 };
    const sends = Array.from({ length: 20 }, (_, i) => T - 1_000 + i * 50);
    expect(nextSendAt({ kind: 'group', recentSends: sends, pausedUntil: null }, T, fast)).toBe(
      (sends[0] as number) + 3_000,
    );
    expect(nextSendAt({ kind: 'private', recentSends: [T - 20], pausedUntil: null }, T, fast)).toBe(
      T + 30,
    );
    const global = new GlobalPace(fast);
    for (let i = 0; i < 30; i++) global.record(T);
    expect(global.nextSendAt(T)).toBe(T + 50);
  });

  it('counts a send still waiting for its answer against the bot, however long it waits', () => {
    const global = new GlobalPace();
    const answered = Array.from({ length: 30 }, () => global.record(T));
    // A starved CPU: five seconds on, none has been answered, so none may have left yet.
    expect(global.nextSendAt(T + 5_000)).toBe(T + 5_000 + PACING.globalWindowMs);
    for (const done of answered) done(T + 5_000);
    expect(global.nextSendAt(T + 5_000)).toBe(T + 5_000 + PACING.globalWindowMs);
    expect(global.nextSendAt(T + 5_000 + PACING.globalWindowMs)).toBe(
      T + 5_000 + PACING.globalWindowMs,
    );
  });
});
