import { sql } from 'drizzle-orm';
import { type Db, type Executor, queryRows, withoutWaitingForDisk } from '../db/client.ts';
import type { EventNames } from '../keitaro/names.ts';
import type { Logger } from '../log.ts';
import {
  htmlToText,
  mergeSummaries,
  type Notice,
  renderDigest,
  renderEvent,
  renderNotice,
} from '../messages/render.ts';
import { type DeliveryMetrics, NO_DELIVERY_METRICS } from '../monitoring/metrics.ts';
import type { Language } from '../routing/route.ts';
import { pauseButtonFor } from './campaign-button.ts';
import type { ChatRefusal } from './failures.ts';
import { recordThread, threadFor, withThread } from './funnel.ts';
import { mentionFor } from './mentions.ts';
import * as outbox from './outbox.ts';
import {
  digestPlan,
  GlobalPace,
  nextSendAt,
  PACING,
  type PacingLimits,
  trimSends,
} from './pacing.ts';
import { DEFAULT_RETRY, type RetryPolicy, retryDelayMs } from './retry.ts';
import type { SendResult, TelegramSender } from './telegram.ts';
import { forgetTopic, rememberTopic, topicOfValue } from './value-topics.ts';

/**
 * The dispatcher drains the outbox into Telegram: paced per chat and for the whole bot,
 * deposits first, digests instead of floods, every failure classified and acted on. It only
 * runs while this process is the leader; its state lives in the database, so a restart or a
 * takeover continues where it stopped.
 *
 * It never polls: it sleeps until it is woken (a delivery was committed here, or another
 * instance said so through NOTIFY, see wake.ts and leader.ts) or until the earliest time it
 * knows something becomes due (a paused chat, a retry, a lease running out, the pacing of a
 * chat), which the same query that finds due work reports. An idle dispatcher asks the
 * database nothing.
 */

export interface DispatcherOptions {
  retry: RetryPolicy;
  /** How long a claimed delivery stays reserved for this dispatcher. */
  leaseSec: number;
  /** How soon a pass that failed (the database was unreachable) is tried again. */
  retryPassMs: number;
  /** Telegram's limits (tests scale them down together with the fake Bot API's). */
  pacing: PacingLimits;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  retry: DEFAULT_RETRY,
  leaseSec: 60,
  retryPassMs: 1_000,
  pacing: PACING,
};

export interface DispatcherDeps {
  db: Db;
  sender: TelegramSender;
  logger: Logger;
  options?: Partial<DispatcherOptions>;
  now?: () => number;
  /** The dispatcher rewrote where profiles send (a migrated chat, a deleted topic). */
  onTargetsChanged?: () => void;
  /** Told of each send, 429, dead delivery and digest (for /metrics). */
  metrics?: DeliveryMetrics;
  /**
   * It queued deliveries itself (owners' notices, a chat's held deliveries released), maybe
   * while another instance leads: the service tells the leader (wake.ts). Default: `wake`.
   */
  onQueued?: (chatId?: number) => void;
  /** Names for the ids a conversion came with, from a connected tracker (keitaro/names.ts). */
  names?: EventNames;
}

/** setTimeout's longest delay; a wait beyond it just looks again then. */
const MAX_SLEEP_MS = 2 ** 31 - 1;
/** A due time read from the database is slept past by this much, so the pass finds it due. */
const DUE_MARGIN_MS = 5;

/**
 * The chat's last send counts from when Telegram answered it, if that was later than when
 * it started: the next one is spaced from its arrival, not from our intent.
 */
function withAnswer(sends: readonly number[], answeredAt: number | undefined): number[] {
  if (answeredAt === undefined || sends.length === 0) return [...sends];
  const sorted = [...sends].sort((a, b) => a - b);
  sorted[sorted.length - 1] = Math.max(sorted[sorted.length - 1] as number, answeredAt);
  return sorted;
}

/** Waits between attempts to record a send Telegram confirmed (doubling up to the cap). */
const RECORD_RETRY_MS = 100;
const RECORD_RETRY_CAP_MS = 2_000;

/** When 429s arrive from this many chats within a second, the limit is the bot's, not a chat's. */
const BOT_WIDE_429_CHATS = 3;
const UNAUTHORIZED_PAUSE_MS = 60_000;
/** Where the bot may not make topics, it does not ask again for this long. */
const TOPIC_REFUSAL_MS = 10 * 60_000;

export class Dispatcher {
  private readonly options: DispatcherOptions;
  private readonly now: () => number;
  private readonly metrics: DeliveryMetrics;
  private readonly global: GlobalPace;
  private readonly inFlight = new Map<number, Promise<void>>();
  /** Chats that cannot send before a time: new deliveries to them need not wake the loop. */
  private readonly notBefore = new Map<number, number>();
  /** When Telegram last answered a send to each chat: the next one is paced from there. */
  private readonly answeredAt = new Map<number, number>();
  private recent429: { chatId: number; at: number }[] = [];
  /** Forum topics Telegram said are gone ("chatId:topicId"): nothing is sent to them again. */
  private readonly deadTopics = new Set<string>();
  /** `chat:route` → until when making a value's topic there is not tried again. */
  private readonly topicsRefused = new Map<string, number>();
  private stopped = true;
  private running: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private wokenEarly = false;
  /** While the loop sleeps: when it looks again by itself (Infinity: only when woken). */
  private sleepsUntil: number | null = null;
  private leading = false;
  private needsLeaseReset = false;

  constructor(private readonly deps: DispatcherDeps) {
    this.options = { ...DEFAULT_DISPATCHER_OPTIONS, ...deps.options };
    this.now = deps.now ?? Date.now;
    this.metrics = deps.metrics ?? NO_DELIVERY_METRICS;
    this.global = new GlobalPace(this.options.pacing);
  }

  /**
   * Null while a pass runs; while the loop sleeps, when it will look again without being woken
   * (Infinity: nothing is waiting for a time, only a wake-up brings it back).
   */
  get sleepingUntil(): number | null {
    return this.sleepsUntil;
  }

  /** Runs the loop; it sends only while `setLeader(true)` (see leader.ts). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.loop();
  }

  setLeader(leader: boolean): void {
    this.leading = leader;
    if (leader) this.needsLeaseReset = true;
    this.wake();
  }

  /**
   * New deliveries were committed: look now, unless they are for a chat that is busy anyway
   * (its next slot is later and the loop wakes for it then, or a send is under way).
   */
  wake(chatId?: number): void {
    if (chatId !== undefined) {
      if (this.inFlight.has(chatId)) return;
      if ((this.notBefore.get(chatId) ?? 0) > this.now()) return;
    }
    this.wokenEarly = true;
    this.wakeUp?.();
  }

  /** Deliveries this dispatcher queued itself: the leader (this one or another) must look. */
  private queued(): void {
    if (this.deps.onQueued) this.deps.onQueued();
    else this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
    await Promise.allSettled(this.inFlight.values());
  }

  /** Until `until` (epoch ms by `now`; Infinity: until woken) or a wake-up, whichever is first. */
  private sleep(until: number): Promise<void> {
    if (this.wokenEarly) {
      this.wokenEarly = false;
      return Promise.resolve();
    }
    this.sleepsUntil = until;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        // Once the sleep is over, a wake-up must not find it: it is kept for the next one
        // (wokenEarly), or a delivery committed during the pass would wait for another.
        if (this.wakeUp === wakeUp) this.wakeUp = null;
        this.sleepsUntil = null;
        resolve();
      };
      const wakeUp = () => {
        this.wokenEarly = false;
        done();
      };
      this.wakeUp = wakeUp;
      const ms = until - this.now();
      if (ms !== Number.POSITIVE_INFINITY) {
        timer = setTimeout(done, Math.min(MAX_SLEEP_MS, Math.max(0, ms)));
      }
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      // A follower sleeps until it leads (setLeader wakes it).
      let next = Number.POSITIVE_INFINITY;
      if (this.leading) {
        try {
          if (this.needsLeaseReset) {
            // The dispatcher before us is gone: its leases are void. When its last sends
            // reached Telegram is unknown (it may have died before hearing back), so they
            // count as reaching it now, for their chats and for the bot's budget.
            await outbox.clearLeases(this.deps.db);
            const now = this.now();
            for (const chatId of await outbox.chatsSentToRecently(this.deps.db)) {
              this.global.record(now)(now);
              this.answeredAt.set(chatId, now);
            }
            this.needsLeaseReset = false;
          }
          next = await this.tick();
        } catch (error) {
          this.deps.logger.error({ err: error }, 'dispatcher pass failed; retrying');
          next = this.now() + this.options.retryPassMs;
        }
      }
      await this.sleep(next);
    }
  }

  /**
   * One scheduling pass; returns when the next one is worth making if nothing wakes the loop
   * first (Infinity: nothing is waiting for a time).
   */
  async tick(): Promise<number> {
    const { db } = this.deps;
    const limits = this.options.pacing;
    const passStart = this.now();
    let next = Number.POSITIVE_INFINITY;
    const globalAt = this.global.nextSendAt(passStart);
    if (globalAt > passStart) return globalAt;
    for (const [chatId, at] of this.answeredAt) {
      if (at < passStart - limits.groupWindowMs) this.answeredAt.delete(chatId);
    }
    for (const [chatId, at] of this.notBefore) {
      if (at <= passStart) this.notBefore.delete(chatId);
    }
    const due = await outbox.dueWork(db, 500);
    if (due.nextDueInMs !== null) next = this.now() + due.nextDueInMs + DUE_MARGIN_MS;
    for (const chat of due.chats) {
      if (this.inFlight.has(chat.chatId)) continue;
      // A pass takes time (queries for each chat, a busy CPU): every send is paced from the
      // moment it leaves, not from when the pass began, or late sends bunch up at Telegram.
      const now = this.now();
      const pace = {
        kind: chat.kind,
        recentSends: trimSends(
          withAnswer(chat.recentSends, this.answeredAt.get(chat.chatId)),
          now,
          limits,
        ),
        pausedUntil: chat.pausedUntil,
      };
      const at = nextSendAt(pace, now, limits);
      if (at > now) {
        // Nothing can go to this chat before `at`; what arrives meanwhile waits for it.
        this.notBefore.set(chat.chatId, at);
        next = Math.min(next, at);
        continue;
      }
      const globalNext = this.global.nextSendAt(now);
      if (globalNext > now) return Math.min(next, globalNext);
      // Leadership may have ended during this pass: a follower claims nothing.
      if (!this.leading) break;
      // The chat may send now: fold its backlog into a digest first if it is a flood.
      const plan = digestPlan(pace, chat.high, chat.low, now, limits);
      if (plan !== 'none') await this.makeDigests(chat.chatId, plan === 'low');
      // The dispatcher's bookkeeping commits without waiting for the disk (see there); the
      // claim and the send slot it takes in the chat's pacing window, in one commit.
      const claimed = await withoutWaitingForDisk(db, async (tx) => {
        const next = await outbox.claimNext(tx, chat.chatId, this.options.leaseSec);
        if (next)
          await outbox.recordSend(tx, chat.chatId, chat.kind, [...pace.recentSends, this.now()]);
        return next;
      });
      if (!claimed) continue;
      const leaving = this.global.record(this.now());
      // Others wait in this chat besides what was claimed: an edit gives way (funnel.ts).
      const backlog = chat.high + chat.low - 1;
      const sending = this.deliver(claimed, backlog, (at, answered) => {
        leaving(at, answered);
        this.answeredAt.set(chat.chatId, Math.max(at, this.answeredAt.get(chat.chatId) ?? 0));
      })
        .catch((error: unknown) =>
          this.deps.logger.error(
            { err: error, delivery_id: claimed.id },
            'recording a refused send failed: it is tried again when its lease ends',
          ),
        )
        .finally(() => {
          leaving(this.now());
          this.inFlight.delete(chat.chatId);
          // What this send left due (a requeue, the chat's next message) is the leader's to
          // send: this process's, or the one that took over meanwhile.
          if (this.leading) this.wake();
          else this.queued();
        });
      this.inFlight.set(chat.chatId, sending);
      next = Math.min(next, this.now() + limits.chatIntervalMs + 50);
    }
    return next;
  }

  /**
   * The bot cannot post to the chat (a 403, or it was removed): hold its deliveries, and tell
   * the profile owners once, in their private chat.
   */
  async chatUnreachable(
    chatId: number,
    reason: string,
    more: { why: ChatRefusal; requeueId?: number; title?: string },
  ): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      if (more.requeueId !== undefined) await outbox.requeue(tx, more.requeueId, null, reason);
      const owners = await outbox.holdChat(tx, chatId, reason, more.title);
      await this.tellOwners(tx, owners, chatId, (title) => ({
        kind: 'chat-unreachable',
        chatId,
        title,
        why: more.why,
      }));
    });
    this.queued();
    this.deps.logger.warn({ chat_id: chatId, reason }, 'chat unreachable: its deliveries are held');
  }

  /** The bot is back in the chat: what was held goes out now. */
  async chatReachable(chatId: number): Promise<number> {
    const released = await outbox.releaseChat(this.deps.db, chatId);
    this.deps.logger.info(
      { chat_id: chatId, released },
      'chat reachable again: held deliveries released',
    );
    this.queued();
    return released;
  }

  private async makeDigests(chatId: number, lowOnly: boolean): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      for (const candidates of await outbox.digestCandidates(tx, chatId, lowOnly)) {
        const { topicId } = candidates;
        const open = await outbox.openDigest(tx, chatId, topicId);
        // A lone conversion is not worth a digest of its own.
        if (!open && candidates.count < 2) continue;
        const digest = open ?? (await outbox.createDigest(tx, chatId, candidates));
        if (!open) this.metrics.digestMade();
        const which = outbox.floodOf(lowOnly);
        const added = await outbox.foldIntoDigest(tx, chatId, topicId, digest.id, which);
        const summary = digest.summary ? mergeSummaries(digest.summary, added) : added;
        await outbox.writeDigest(tx, digest.id, summary, renderDigest(summary, digest.language));
        this.deps.logger.info(
          { chat_id: chatId, topic_id: topicId, conversions: summary.total },
          'digest instead of a flood',
        );
      }
    });
  }

  private render(claimed: outbox.ClaimedDelivery): string {
    const format = claimed.plainText ? 'text' : 'html';
    if (claimed.event) return renderEvent(claimed.event, claimed.language, format, claimed.card);
    const body = claimed.body ?? '';
    return format === 'html' ? body : htmlToText(body);
  }

  /** `sending(at, answered)`: the send was under way at `at` (leaving, or answered). */
  private async deliver(
    claimed: outbox.ClaimedDelivery,
    backlog: number,
    sending: (at: number, answered: boolean) => void,
  ): Promise<void> {
    if (claimed.kind === 'edit') return this.edit(claimed, backlog, sending);
    if (claimed.topicId !== null && this.deadTopics.has(`${claimed.chatId}:${claimed.topicId}`)) {
      // Routed to the topic before it was rewritten (a cached route, another instance): it
      // goes to the main thread without trying the dead topic again.
      await this.dropTopic(claimed.chatId, claimed.topicId);
      claimed = { ...claimed, topicId: null };
    }
    if (claimed.topicValue !== null && claimed.topicId === null && claimed.routeId !== null) {
      const topic = await this.topicOfValue(claimed, claimed.routeId, claimed.topicValue);
      if (topic === 'retry') return;
      claimed = { ...claimed, topicId: topic };
    }
    if (claimed.event && this.deps.names)
      claimed = {
        ...claimed,
        event: await this.deps.names.resolve(claimed.event, claimed.profileId),
      };
    const format = claimed.plainText ? 'text' : 'html';
    const thread = await threadFor(this.deps.db, claimed);
    const mention = await mentionFor(this.deps.db, claimed);
    const buttons = await pauseButtonFor(this.deps.db, claimed);
    sending(this.now(), false);
    const result = await this.deps.sender.send({
      chatId: claimed.chatId,
      topicId: claimed.topicId,
      text: withThread(this.render(claimed), thread, format, mention),
      format,
      photo: claimed.photo,
      replyTo: thread.replyTo,
      buttons,
    });
    sending(this.now(), true);
    if (result.ok) {
      this.metrics.sent(claimed.kind);
      await this.recordSent(claimed, result.messageId);
    } else await this.record(claimed, result);
  }

  /**
   * The value's topic: the one made before, or a new one named after the value. Where the bot
   * may not make topics, the main thread (the owner is told once); 'retry' when Telegram said
   * to wait (the delivery is requeued).
   */
  private async topicOfValue(
    claimed: outbox.ClaimedDelivery,
    routeId: number,
    value: string,
  ): Promise<number | null | 'retry'> {
    const { db, logger } = this.deps;
    const known = await topicOfValue(db, routeId, value);
    if (known !== null)
      return rememberTopic(db, { routeId, chatId: claimed.chatId, value, topicId: known });
    const key = `${claimed.chatId}:${routeId}`;
    if ((this.topicsRefused.get(key) ?? 0) > this.now()) return null;
    const made = await this.deps.sender.createTopic(claimed.chatId, value.slice(0, 128));
    if (made.ok) {
      logger.info(
        { chat_id: claimed.chatId, route_id: routeId, topic_id: made.messageId },
        'topic made for a value',
      );
      this.deps.onTargetsChanged?.();
      return rememberTopic(db, { routeId, chatId: claimed.chatId, value, topicId: made.messageId });
    }
    const { kind } = made.failure;
    if (kind === 'retry_after' || kind === 'transient') {
      await this.record(claimed, made);
      return 'retry';
    }
    // Not a forum, or no right to manage topics: the main thread, and the owner hears why.
    const first = !this.topicsRefused.has(key);
    this.topicsRefused.set(key, this.now() + TOPIC_REFUSAL_MS);
    logger.warn(
      { chat_id: claimed.chatId, route_id: routeId, reason: made.description },
      'cannot make a topic: main thread',
    );
    if (first) {
      await db.transaction(async (tx) => {
        const owners = await queryRows<{
          profile_id: number;
          owner_user_id: string | number;
          language: string;
        }>(
          tx,
          sql`SELECT p.id AS profile_id, p.owner_user_id, p.language FROM keitaro_profiles p
              JOIN keitaro_routes r ON r.profile_id = p.id WHERE r.id = ${routeId}`,
        );
        await this.tellOwners(
          tx,
          owners.map((o) => ({
            profileId: Number(o.profile_id),
            ownerUserId: Number(o.owner_user_id),
            language: o.language as Language,
          })),
          claimed.chatId,
          (title) => ({ kind: 'topic-rights', chatId: claimed.chatId, title }),
        );
      });
      this.wake();
    }
    return null;
  }

  /**
   * A line added to a message sent before. It is paced like a send, and given up rather than
   * kept waiting when the chat has others to send, or when Telegram will not make it (the
   * message was deleted, or already says so); a 429 or an outage is tried again as a send is.
   */
  private async edit(
    claimed: outbox.ClaimedDelivery,
    backlog: number,
    sending: (at: number, answered: boolean) => void,
  ): Promise<void> {
    const target = claimed.editOf;
    if (backlog <= 0 && target !== null && !Number.isNaN(target)) {
      // Telegram drops a message's buttons when its text is edited without them.
      const buttons = await pauseButtonFor(this.deps.db, claimed);
      sending(this.now(), false);
      const format = claimed.plainText ? 'text' : 'html';
      const result = await this.deps.sender.edit(
        claimed.chatId,
        target,
        this.render(claimed),
        format,
        buttons,
      );
      sending(this.now(), true);
      if (!result.ok) {
        const { kind } = result.failure;
        if (kind === 'retry_after' || kind === 'transient') return this.record(claimed, result);
        this.deps.logger.info(
          { delivery_id: claimed.id, chat_id: claimed.chatId, reason: result.description },
          'edit not made: given up',
        );
      } else this.metrics.sent('edit');
    } else {
      this.deps.logger.info(
        { delivery_id: claimed.id, chat_id: claimed.chatId, backlog },
        'edit skipped: the chat has messages waiting',
      );
    }
    await this.recordSent(claimed, target ?? 0);
  }

  /**
   * Telegram has the message: until the outbox says so, the delivery must not be claimed
   * again, or it goes out twice. The write is retried until it succeeds, and the chat stays in
   * flight meanwhile, so nothing claims it here even once its lease has run out. Only a
   * dispatcher that is stopping gives up, once its lease is over (a restart may resend it, as
   * after a crash during the send).
   */
  private async recordSent(claimed: outbox.ClaimedDelivery, messageId: number): Promise<void> {
    const { db, logger } = this.deps;
    const log = { delivery_id: claimed.id, chat_id: claimed.chatId, event_id: claimed.eventId };
    const leaseEnds = this.now() + this.options.leaseSec * 1000;
    for (let attempt = 0; ; attempt++) {
      try {
        await withoutWaitingForDisk(db, (tx) => outbox.markSent(tx, claimed, messageId));
        break;
      } catch (error) {
        if (this.stopped && this.now() >= leaseEnds) {
          logger.error(
            { ...log, err: error, message_id: messageId },
            'could not record a delivered message before stopping: it may be sent again',
          );
          return;
        }
        logger.warn({ ...log, err: error }, 'recording a delivered message failed; retrying');
        const wait = Math.min(RECORD_RETRY_MS * 2 ** attempt, RECORD_RETRY_CAP_MS);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    logger.info({ ...log, message_id: messageId, kind: claimed.kind }, 'delivered');
    // What the message was, for what will answer it: worth a try, never worth a resend.
    await withoutWaitingForDisk(db, (tx) =>
      recordThread(tx, claimed, messageId, this.deps.names),
    ).catch((error: unknown) =>
      logger.warn({ ...log, err: error }, 'remembering a message for its replies failed'),
    );
  }

  /** What a refused send means; a write that fails here only delays the retry to the lease's end. */
  private async record(
    claimed: outbox.ClaimedDelivery,
    result: Extract<SendResult, { ok: false }>,
  ): Promise<void> {
    const { db, logger } = this.deps;
    const log = { delivery_id: claimed.id, chat_id: claimed.chatId, event_id: claimed.eventId };
    const failure = result.failure;
    const now = this.now();
    switch (failure.kind) {
      case 'retry_after': {
        const until = now + failure.seconds * 1000;
        await outbox.pauseChat(db, claimed.chatId, new Date(until));
        await outbox.requeue(
          db,
          claimed.id,
          new Date(until),
          `429: retry after ${failure.seconds} s`,
        );
        this.recent429 = [
          ...this.recent429.filter((r) => r.at > now - 1000),
          { chatId: claimed.chatId, at: now },
        ];
        const botWide = new Set(this.recent429.map((r) => r.chatId)).size >= BOT_WIDE_429_CHATS;
        if (botWide) this.global.pause(until);
        this.metrics.tooManyRequests(botWide ? 'bot' : 'chat');
        logger.warn({ ...log, retry_after: failure.seconds }, 'Telegram asked to slow down');
        return;
      }
      case 'chat_gone':
        await this.chatUnreachable(claimed.chatId, failure.reason, {
          why: failure.why,
          requeueId: claimed.id,
        });
        return;
      case 'migrated':
        await db.transaction(async (tx) => {
          await outbox.migrateChat(tx, claimed.chatId, failure.newChatId);
          await outbox.requeue(tx, claimed.id, null);
        });
        this.deps.onTargetsChanged?.();
        logger.info({ ...log, new_chat_id: failure.newChatId }, 'chat migrated to a supergroup');
        return;
      case 'thread_not_found': {
        if (claimed.topicId === null) break;
        if (claimed.topicValue !== null && claimed.routeId !== null) {
          // A value's topic was deleted: the next message makes a new one.
          await forgetTopic(db, {
            routeId: claimed.routeId,
            value: claimed.topicValue,
            topicId: claimed.topicId,
          });
          await outbox.requeue(db, claimed.id, null, 'topic deleted: a new one is made');
          this.deps.onTargetsChanged?.();
          logger.warn({ ...log, topic_id: claimed.topicId }, "a value's topic was deleted");
          return;
        }
        const topic = claimed.topicId;
        await this.dropTopic(claimed.chatId, topic);
        logger.warn({ ...log, topic_id: topic }, 'topic not found: sending to the main thread');
        return;
      }
      case 'bad_html':
        if (claimed.plainText) break;
        await outbox.setPlainText(db, claimed.id);
        logger.warn({ ...log, reason: failure.reason }, 'HTML refused: resending as plain text');
        return;
      case 'unauthorized':
        this.global.pause(now + UNAUTHORIZED_PAUSE_MS);
        await outbox.requeue(db, claimed.id, new Date(now + UNAUTHORIZED_PAUSE_MS), failure.reason);
        logger.error({ reason: failure.reason }, 'Telegram refused the bot token: check BOT_TOKEN');
        return;
      case 'transient': {
        const delay = retryDelayMs(this.options.retry, claimed.attempts + 1);
        await outbox.markFailed(
          db,
          claimed.id,
          failure.reason,
          delay === null ? null : new Date(now + delay),
        );
        if (delay === null) {
          this.metrics.dead();
          logger.error({ ...log, reason: failure.reason }, 'delivery dead after retries');
        } else
          logger.warn(
            { ...log, reason: failure.reason, retry_in_ms: delay },
            'send failed; will retry',
          );
        return;
      }
      case 'rejected':
        break;
    }
    await outbox.markFailed(db, claimed.id, result.description, null);
    this.metrics.dead();
    logger.error(
      { ...log, reason: result.description },
      'Telegram refused the message: delivery dead',
    );
  }

  /**
   * The topic is gone: the main thread replaces it wherever it is named, and the owners whose
   * profiles named it are told, once (see outbox.dropTopic).
   */
  private async dropTopic(chatId: number, topic: number): Promise<void> {
    this.deadTopics.add(`${chatId}:${topic}`);
    await this.deps.db.transaction(async (tx) => {
      const owners = await outbox.dropTopic(tx, chatId, topic);
      await this.tellOwners(tx, owners, chatId, (title) => ({
        kind: 'topic-missing',
        chatId,
        title,
        topic,
      }));
    });
    this.deps.onTargetsChanged?.();
    this.wake();
  }

  /** In the transaction that learned it, so the owners are told exactly when it is recorded. */
  private async tellOwners(
    exec: Executor,
    owners: outbox.OwnerToTell[],
    chatId: number,
    notice: (title: string | null) => Notice,
  ): Promise<void> {
    if (owners.length === 0) return;
    const [row] = await queryRows<{ title: string | null }>(
      exec,
      sql`SELECT title FROM keitaro_chats WHERE chat_id = ${chatId}`,
    );
    // Named in each owner's language when the notice is rendered.
    const about = notice(row?.title ?? null);
    // One notice per person, however many of their profiles the chat concerns.
    const told = new Set<number>();
    for (const owner of owners) {
      if (told.has(owner.ownerUserId)) continue;
      told.add(owner.ownerUserId);
      // Which of their profiles it concerns, so 🩺 of each can say it again.
      const profileIds = owners
        .filter((o) => o.ownerUserId === owner.ownerUserId)
        .map((o) => o.profileId);
      await outbox.enqueueNotice(exec, owner, renderNotice(about, owner.language as Language), {
        ...about,
        profileIds,
      });
    }
  }
}
