/**
 * Telegram's limits, kept before Telegram has to say so: about one message a second to a
 * chat, at most 20 a minute to a group, supergroup or channel, about 30 a second for the
 * whole bot. Pure functions over send times (ms); the dispatcher persists per-chat send
 * times so a restart does not reset a group's minute.
 */

export type ChatKind = 'private' | 'group';

export interface PacingLimits {
  /** Gap between two messages to one chat (a little over Telegram's second). */
  chatIntervalMs: number;
  groupPerWindow: number;
  /** The rolling minute, with a margin for clock skew between us and Telegram. */
  groupWindowMs: number;
  /** Sends per window for the whole bot (also caps the sends waiting for an answer). */
  globalPerWindow: number;
  globalWindowMs: number;
  /** A backlog that takes longer than this to drain at the chat's pace becomes a digest. */
  digestAfterMs: number;
}

/** Telegram's limits. Tests pass smaller ones (scaled with the fake Bot API's) to run fast. */
export const PACING: PacingLimits = {
  chatIntervalMs: 1_050,
  groupPerWindow: 20,
  groupWindowMs: 61_000,
  // Telegram allows about 30: the rest is margin for sends that reach it bunched after a
  // stall (a starved CPU, the network) and for the bot's replies to people, which the
  // dispatcher does not count.
  globalPerWindow: 25,
  globalWindowMs: 1_050,
  digestAfterMs: 15_000,
};

/** Telegram ids: private chats (users) are positive, groups and channels negative. */
export function chatKind(chatId: number): ChatKind {
  return chatId > 0 ? 'private' : 'group';
}

export interface ChatPace {
  kind: ChatKind;
  /** Send times within the last window, any order. */
  recentSends: readonly number[];
  pausedUntil: number | null;
}

/** The earliest time the next message may go to this chat. */
export function nextSendAt(pace: ChatPace, now: number, limits: PacingLimits = PACING): number {
  let at = Math.max(now, pace.pausedUntil ?? 0);
  const sends = [...pace.recentSends].sort((a, b) => a - b);
  const last = sends.at(-1);
  if (last !== undefined) at = Math.max(at, last + limits.chatIntervalMs);
  if (pace.kind === 'group') {
    const inWindow = sends.filter((t) => t > at - limits.groupWindowMs);
    if (inWindow.length >= limits.groupPerWindow) {
      const oldestThatMustExpire = inWindow[inWindow.length - limits.groupPerWindow] as number;
      at = Math.max(at, oldestThatMustExpire + limits.groupWindowMs);
    }
  }
  return at;
}

/** Send times still relevant to the chat's windows. */
export function trimSends(
  sends: readonly number[],
  now: number,
  limits: PacingLimits = PACING,
): number[] {
  return sends.filter((t) => t > now - limits.groupWindowMs);
}

/** How long `count` messages would take to leave this chat at its pace. */
export function drainMs(
  pace: ChatPace,
  count: number,
  now: number,
  limits: PacingLimits = PACING,
): number {
  let sends = [...pace.recentSends];
  let at = now;
  for (let i = 0; i < count; i++) {
    at = nextSendAt({ ...pace, recentSends: sends }, at, limits);
    if (at - now > limits.digestAfterMs) return at - now;
    sends = [...trimSends(sends, at, limits), at];
  }
  return at - now;
}

export type DigestPlan = 'none' | 'low' | 'all';

/**
 * Digests instead of floods: when the chat's backlog would take more than ~15 s, fold the
 * low-priority deliveries (registrations, rejections, other) into one digest; when the money
 * alone would still take too long, fold everything.
 */
export function digestPlan(
  pace: ChatPace,
  high: number,
  low: number,
  now: number,
  limits: PacingLimits = PACING,
): DigestPlan {
  const drain = (count: number) => drainMs(pace, count, now, limits);
  if (high + low < 2 || drain(high + low) <= limits.digestAfterMs) return 'none';
  if (low >= 2 && drain(high + 1) <= limits.digestAfterMs) return 'low';
  return 'all';
}

/**
 * The bot-wide budget, in memory: it only spans a second. A send counts from when it was
 * started until Telegram answered, so requests that leave late (a busy event loop) cannot
 * bunch up with the next second's at Telegram's end. One still waiting for its answer counts
 * as leaving now, however long it has waited: on a starved CPU it may not have left yet.
 */
export class GlobalPace {
  private sends: { at: number; answered: boolean }[] = [];
  private pausedUntil = 0;

  constructor(private readonly limits: PacingLimits = PACING) {}

  nextSendAt(now: number): number {
    const { globalPerWindow, globalWindowMs } = this.limits;
    this.sends = this.sends.filter((s) => !s.answered || s.at > now - globalWindowMs);
    let at = Math.max(now, this.pausedUntil);
    if (this.sends.length >= globalPerWindow) {
      const times = this.sends
        .map((s) => (s.answered ? s.at : Math.max(s.at, now)))
        .sort((a, b) => a - b);
      at = Math.max(at, (times[times.length - globalPerWindow] as number) + globalWindowMs);
    }
    return at;
  }

  /**
   * Counts a send started at `at`. Call the result with later times it was still under way
   * (`answered` false: it is leaving now), and once Telegram has answered.
   */
  record(at: number): (later: number, answered?: boolean) => void {
    const send = { at, answered: false };
    this.sends.push(send);
    return (later, answered = true) => {
      send.at = Math.max(send.at, later);
      send.answered ||= answered;
    };
  }

  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }
}
