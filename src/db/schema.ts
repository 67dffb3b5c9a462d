import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Card } from '../messages/card.ts';
import type { Condition } from '../routing/conditions.ts';

/**
 * The one schema. Table and column names of `keitaro_profiles`, `keitaro_routes` and
 * `keitaro_events` are part of the product: users' monitoring SQL reads them.
 * Telegram ids exceed 2^31, so chat and user ids are bigint (as JS numbers: they stay
 * below 2^53).
 */

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** A card's shape, so the outbox's statement can read its lists without a failure. */
const cardShape = (card: AnyPgColumn) =>
  sql`${card} IS NULL OR (${card} ->> 'layout' IN ('full', 'compact')
    AND jsonb_typeof(${card} -> 'hide') = 'array' AND jsonb_typeof(${card} -> 'show') = 'array')`;

export const profiles = pgTable(
  'keitaro_profiles',
  {
    id: serial('id').primaryKey(),
    ownerUserId: bigint('owner_user_id', { mode: 'number' }).notNull(),
    name: text('name').notNull().default('Keitaro'),
    /** 256-bit, URL-safe. Never logged; logs carry a fingerprint instead. */
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Null: the owner's private chat with the bot. */
    defaultChatId: bigint('default_chat_id', { mode: 'number' }),
    defaultTopicId: integer('default_topic_id'),
    language: text('language').notNull().default('ru'),
    /** IANA zone: the profile's days for statistics and the daily summary. */
    timezone: text('timezone').notNull().default('UTC'),
    /** Where a buyer's name travels: `sub_id_1` … `sub_id_30` or `source`; null: no buyers. */
    buyerField: text('buyer_field'),
    /** 🔕 Notifications wait until then (postbacks are still taken); see delivery/calm.ts. */
    pausedUntil: timestamp('paused_until', { withTimezone: true }),
    /**
     * Notifications in groups carry "🔕 pause this campaign for 1 h" (bot/campaign-pause.ts),
     * pressed by the chat's administrators or the owner.
     */
    pauseButton: boolean('pause_button').notNull().default(false),
    /** What a notification shows (messages/card.ts); null: the seed's layouts. */
    card: jsonb('card').$type<Card>(),
    rateLimitRps: integer('rate_limit_rps').notNull().default(27),
    dedupTtlSec: integer('dedup_ttl_sec').notNull().default(3600),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('keitaro_profiles_secret_key').on(t.secret),
    index('keitaro_profiles_owner_idx').on(t.ownerUserId),
    check('keitaro_profiles_language_check', sql`${t.language} IN ('ru', 'uk', 'en')`),
    check('keitaro_profiles_rate_limit_check', sql`${t.rateLimitRps} BETWEEN 1 AND 1000`),
    check('keitaro_profiles_dedup_ttl_check', sql`${t.dedupTtlSec} BETWEEN 0 AND 604800`),
    check(
      'keitaro_profiles_buyer_field_check',
      sql`${t.buyerField} ~ '^(source|sub_id_([1-9]|[12][0-9]|30))$'`,
    ),
    check('keitaro_profiles_card_check', cardShape(t.card)),
  ],
);

export const routes = pgTable(
  'keitaro_routes',
  {
    id: serial('id').primaryKey(),
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    matchBy: text('match_by').notNull(),
    /** Comma-separated exact values, or a regular expression when `is_pattern`. */
    matchValue: text('match_value'),
    isPattern: boolean('is_pattern').notNull().default(false),
    /** Normalized statuses; empty means every status. */
    statuses: text('statuses').array().notNull().default(sql`'{}'::text[]`),
    /** Upper-case country codes; empty means every country. */
    geo: text('geo').array().notNull().default(sql`'{}'::text[]`),
    /** More fields that must match (routing/conditions.ts); empty: none. */
    conditions: jsonb('conditions').$type<Condition[]>().notNull().default(sql`'[]'::jsonb`),
    /** 🔕 This route's notifications wait until then. */
    pausedUntil: timestamp('paused_until', { withTimezone: true }),
    /**
     * One forum topic per value of this field (`sub_id_1`: a topic per buyer), made the first
     * time a value arrives (delivery/value-topics.ts); null: the route's own topic.
     */
    topicField: text('topic_field'),
    /** This route's own card (messages/card.ts); null: the profile's. */
    card: jsonb('card').$type<Card>(),
    priority: integer('priority').notNull().default(100),
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    topicId: integer('topic_id'),
    /** Overrides the profile's notification language. */
    language: text('language'),
    enabled: boolean('enabled').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index('keitaro_routes_profile_idx').on(t.profileId, t.priority, t.id),
    check('keitaro_routes_match_by_check', sql`${t.matchBy} IN ('campaign_id', 'source', 'any')`),
    check('keitaro_routes_language_check', sql`${t.language} IN ('ru', 'uk', 'en')`),
    check('keitaro_routes_card_check', cardShape(t.card)),
  ],
);

export const events = pgTable(
  'keitaro_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** registration | deposit | rebill | rejected | other */
    status: text('status').notNull(),
    /** The status word as sent (`sale`, `dep`, `hold`, …). */
    statusWord: text('status_word').notNull(),
    originalStatus: text('original_status'),
    tid: text('tid'),
    subid: text('subid'),
    externalId: text('external_id'),
    campaignId: text('campaign_id'),
    campaignName: text('campaign_name'),
    offer: text('offer'),
    landing: text('landing'),
    revenue: numeric('revenue', { precision: 20, scale: 6 }),
    currency: text('currency'),
    country: text('country'),
    source: text('source'),
    creativeId: text('creative_id'),
    subId1: text('sub_id_1'),
    subId2: text('sub_id_2'),
    reason: text('reason'),
    dedupKey: text('dedup_key').notNull(),
    /** queued | duplicate | filtered | no_route */
    outcome: text('outcome').notNull(),
    routeId: integer('route_id'),
    /** Every field as received, after alias merging (the secret removed). */
    payload: jsonb('payload').notNull(),
    /** The query string as received (the secret masked), for forensics. */
    rawQuery: text('raw_query'),
    /** The request body byte for byte: non-UTF-8 input stays intact. */
    rawBody: bytea('raw_body'),
    processed: boolean('processed').notNull().default(false),
    error: text('error'),
  },
  (t) => [
    index('keitaro_events_profile_created_idx').on(t.profileId, t.createdAt),
    index('keitaro_events_created_idx').on(t.createdAt),
    // No index may name `processed` or `error`: marking an event processed then rewrites
    // only the heap row (a HOT update), not every index of the table.
    check(
      'keitaro_events_outcome_check',
      sql`${t.outcome} IN ('queued', 'duplicate', 'filtered', 'no_route')`,
    ),
  ],
);

/**
 * Atomic dedup across processes: one row per (profile, key); a new event claims the key
 * with INSERT … ON CONFLICT, and takes it over once `expires_at` has passed.
 */
export const dedupKeys = pgTable(
  'keitaro_dedup_keys',
  {
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    dedupKey: text('dedup_key').notNull(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.profileId, t.dedupKey] }),
    index('keitaro_dedup_keys_expires_idx').on(t.expiresAt),
  ],
);

/**
 * The outbox: one row per (event, target chat/topic), drained by the dispatcher. Besides
 * event notifications it carries digests (one message for many events of a flooded chat)
 * notices to a profile owner and daily summaries; those have their text stored and no event.
 */
export const deliveries = pgTable(
  'keitaro_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** event | digest | notice | summary | edit (a line added to a message sent before) */
    kind: text('kind').notNull().default('event'),
    eventId: bigint('event_id', { mode: 'number' }).references(() => events.id, {
      onDelete: 'cascade',
    }),
    profileId: integer('profile_id').notNull(),
    routeId: integer('route_id'),
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    topicId: integer('topic_id'),
    language: text('language').notNull(),
    /** Lower goes first when a chat has a backlog: deposits and rebills before the rest. */
    priority: smallint('priority').notNull(),
    /**
     * pending → sent | dead; held while the chat is unreachable; digested while the digest
     * it was folded into waits (then sent, with `digest_id` saying how); paused or quiet
     * while a pause or the chat's quiet hours last (then pending, or in one digest).
     */
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    messageId: bigint('message_id', { mode: 'number' }),
    /** The digest this delivery went out in, instead of a message of its own. */
    digestId: bigint('digest_id', { mode: 'number' }),
    /** A route with a topic per value: the value whose topic this goes to (made if new). */
    topicValue: text('topic_value'),
    /** Text of a digest or notice, rendered when it was made. */
    body: text('body'),
    /**
     * A digest's counts (messages/render.ts DigestSummary), so new conversions can join it; a
     * notice's subject (render.ts Notice), so diagnostics can say it again.
     */
    summary: jsonb('summary'),
    /** A summary's chart (PNG): sent as a photo with the text as its caption; dropped once sent. */
    photo: bytea('photo'),
    /** After Telegram refused the HTML once, the message goes as plain text. */
    plainText: boolean('plain_text').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('keitaro_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    index('keitaro_deliveries_event_idx').on(t.eventId),
    index('keitaro_deliveries_chat_idx').on(t.chatId, t.state),
    index('keitaro_deliveries_digest_idx').on(t.digestId),
    // Retention finds old digests and notices without reading every event's delivery.
    index('keitaro_deliveries_unattached_created_idx')
      .on(t.createdAt)
      .where(sql`${t.eventId} IS NULL`),
    // Waiting out a pause or quiet hours (delivery/calm.ts): found without reading the rest.
    index('keitaro_deliveries_calm_idx').on(t.chatId).where(sql`${t.state} IN ('paused', 'quiet')`),
    // What is not sent is a sliver of the table: /metrics and `status` count it at every
    // scrape without reading the rest. Digest members keep 'digested' for good (outbox.ts
    // markSent), so they stay out: the digests not sent lead to the members still owed.
    index('keitaro_deliveries_open_idx')
      .on(t.state, t.createdAt)
      .where(sql`${t.state} NOT IN ('sent', 'digested')`),
    check(
      'keitaro_deliveries_state_check',
      sql`${t.state} IN ('pending', 'sent', 'dead', 'held', 'digested', 'paused', 'quiet')`,
    ),
    check(
      'keitaro_deliveries_kind_check',
      sql`${t.kind} IN ('event', 'digest', 'notice', 'summary', 'edit')`,
    ),
  ],
);

/** What the dispatcher knows of each chat, including the pacing state it needs after a restart. */
export const chats = pgTable('keitaro_chats', {
  chatId: bigint('chat_id', { mode: 'number' }).primaryKey(),
  /** private | group (groups, supergroups and channels share Telegram's limits) */
  type: text('type').notNull(),
  title: text('title'),
  isForum: boolean('is_forum').notNull().default(false),
  reachable: boolean('reachable').notNull().default(true),
  unreachableReason: text('unreachable_reason'),
  migratedTo: bigint('migrated_to', { mode: 'number' }),
  /** Send times within the last minute: the rolling window of the per-chat limits. */
  recentSends: timestamp('recent_sends', { withTimezone: true })
    .array()
    .notNull()
    .default(sql`'{}'`),
  /** Telegram's retry_after for this chat. */
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
  ownerNotifiedAt: timestamp('owner_notified_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What the bot remembers of a person between messages (and restarts). */
export const botUsers = pgTable('keitaro_bot_users', {
  userId: bigint('user_id', { mode: 'number' }).primaryKey(),
  /** Chosen with /language; null: follow the Telegram app's language. */
  language: text('language'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A person's unfinished wizard (grammY conversations), keyed by Telegram user id, so a restart
 * or another instance picks it up where it was.
 */
export const botSessions = pgTable('keitaro_bot_sessions', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Forum topic names the bot has seen, so screens say "topic Deposits", not "topic 7". */
export const topics = pgTable(
  'keitaro_topics',
  {
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    topicId: integer('topic_id').notNull(),
    name: text('name').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.topicId] })],
);

/**
 * Postbacks refused by a profile's rate limit. They are not stored (the sender retries), so
 * diagnostics learn of them only from these counts, added up by each instance every few seconds.
 */
export const refusals = pgTable('keitaro_refusals', {
  profileId: integer('profile_id')
    .primaryKey()
    .references(() => profiles.id, { onDelete: 'cascade' }),
  rateLimited: bigint('rate_limited', { mode: 'number' }).notNull().default(0),
  lastRateLimitedAt: timestamp('last_rate_limited_at', { withTimezone: true }),
  /** The limit in force at the last refusal: the screen says what refused, not today's limit. */
  lastRateLimitRps: integer('last_rate_limit_rps'),
});

/**
 * One row that `/ready` rewrites: a database that answers reads but cannot commit a write
 * (a full disk, a standby) is not ready to take postbacks.
 */
export const writeProbe = pgTable('keitaro_write_probe', {
  id: integer('id').primaryKey(),
  writtenAt: timestamp('written_at', { withTimezone: true }).notNull(),
});

/**
 * Leases that elect one instance for a job (the dispatcher and the update poller): the holder
 * renews `expires_at` every few seconds; once it passes (by the database's clock) another
 * instance may take it. See delivery/leader.ts.
 */
export const leases = pgTable('keitaro_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * Events not yet counted into the statistics (stats/fold.ts); the ingest statement adds
 * every event that is not a duplicate. No foreign key, so storing a postback costs one small
 * insert more and nothing else: the fold skips an event that is gone.
 */
export const statsPending = pgTable('keitaro_stats_pending', {
  eventId: bigint('event_id', { mode: 'number' }).primaryKey(),
});

/** Every dimension a figure is broken down by; '' (or 0) where the postback had none. */
const statsDimensions = {
  campaign: text('campaign').notNull().default(''),
  country: text('country').notNull().default(''),
  buyer: text('buyer').notNull().default(''),
  source: text('source').notNull().default(''),
  offer: text('offer').notNull().default(''),
  currency: text('currency').notNull().default(''),
  /** The chat and topic the event was sent to: a group sees only its own figures. */
  chatId: bigint('chat_id', { mode: 'number' }).notNull().default(0),
  topicId: integer('topic_id').notNull().default(0),
};

/**
 * Conversions and revenue per profile-local day and dimensions, so that a month of figures
 * never reads raw events. Kept when retention deletes the events themselves.
 */
export const statsDaily = pgTable(
  'keitaro_stats_daily',
  {
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    /** A normalized status; for `other`, `status_word` keeps the word. */
    status: text('status').notNull(),
    statusWord: text('status_word').notNull().default(''),
    ...statsDimensions,
    conversions: integer('conversions').notNull().default(0),
    revenue: numeric('revenue', { precision: 20, scale: 6 }).notNull().default('0'),
  },
  (t) => [
    primaryKey({
      name: 'keitaro_stats_daily_pkey',
      columns: [
        t.profileId,
        t.day,
        t.status,
        t.statusWord,
        t.campaign,
        t.country,
        t.buyer,
        t.source,
        t.offer,
        t.currency,
        t.chatId,
        t.topicId,
      ],
    }),
  ],
);

/**
 * One row per click (`subid`) that registered or deposited: registration → first deposit
 * conversion and the time it took.
 */
export const statsClicks = pgTable(
  'keitaro_stats_clicks',
  {
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    subid: text('subid').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
    registeredDay: date('registered_day', { mode: 'string' }),
    firstDepositAt: timestamp('first_deposit_at', { withTimezone: true }),
    firstDepositDay: date('first_deposit_day', { mode: 'string' }),
    /** The registration's chat and topic (the first deposit's, without one). */
    chatId: bigint('chat_id', { mode: 'number' }).notNull().default(0),
    topicId: integer('topic_id').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'keitaro_stats_clicks_pkey', columns: [t.profileId, t.subid] }),
    index('keitaro_stats_clicks_registered_idx').on(t.profileId, t.registeredDay),
    index('keitaro_stats_clicks_deposited_idx').on(t.profileId, t.firstDepositDay),
  ],
);

/**
 * Each counted deposit by its transaction id, as it was counted: a rejection with the same
 * `tid` (Keitaro's sale→rejected) takes it back out of its day.
 */
export const statsDeposits = pgTable(
  'keitaro_stats_deposits',
  {
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    tid: text('tid').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    ...statsDimensions,
    revenue: numeric('revenue', { precision: 20, scale: 6 }).notNull().default('0'),
    subid: text('subid'),
    reversed: boolean('reversed').notNull().default(false),
  },
  (t) => [primaryKey({ name: 'keitaro_stats_deposits_pkey', columns: [t.profileId, t.tid] })],
);

/**
 * Quiet hours of a chat (or topic) a profile sends to: from `from_min` to `to_min` (minutes
 * after the profile's local midnight; across midnight when `from_min` > `to_min`) its
 * notifications wait, and come as one digest when the hours end. Deposits may come through.
 */
export const quietHours = pgTable(
  'keitaro_quiet_hours',
  {
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    /** 0: the chat itself, not a topic. */
    topicId: integer('topic_id').notNull().default(0),
    fromMin: smallint('from_min').notNull(),
    toMin: smallint('to_min').notNull(),
    depositsThrough: boolean('deposits_through').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'keitaro_quiet_hours_pkey', columns: [t.profileId, t.chatId, t.topicId] }),
    check(
      'keitaro_quiet_hours_minutes_check',
      sql`${t.fromMin} BETWEEN 0 AND 1439 AND ${t.toMin} BETWEEN 0 AND 1439 AND ${t.fromMin} <> ${t.toMin}`,
    ),
  ],
);

/**
 * A campaign paused in one chat (the 🔕 button under a notification, bot/campaign-pause.ts):
 * its notifications there wait until `paused_until` and come as one digest after, as for any
 * pause (delivery/calm-rule.ts). Rows past their end are deleted once what waited is released.
 */
export const campaignPauses = pgTable(
  'keitaro_campaign_pauses',
  {
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    /** As the postback carried it (`campaign_id`). */
    campaignId: text('campaign_id').notNull(),
    pausedUntil: timestamp('paused_until', { withTimezone: true }).notNull(),
    /** Who pressed the button (a Telegram user id). */
    pausedBy: bigint('paused_by', { mode: 'number' }),
    ...timestamps,
  },
  (t) => [
    primaryKey({
      name: 'keitaro_campaign_pauses_pkey',
      columns: [t.profileId, t.chatId, t.campaignId],
    }),
  ],
);

/**
 * A daily summary to a chat (or topic) of a profile, at a local time in the profile's zone.
 * `last_day` is the last day whose summary was queued: a conditional update of it claims the
 * day, in the transaction that queues the summary, so it goes out once per chat and day
 * across restarts and instances.
 */
export const summaries = pgTable(
  'keitaro_summaries',
  {
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    /** 0: the chat itself, not a topic. */
    topicId: integer('topic_id').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    /** Minutes after local midnight: 540 is 09:00. */
    sendAt: smallint('send_at').notNull().default(540),
    /** The chat's language (a route's); null: the profile's. */
    language: text('language'),
    lastDay: date('last_day', { mode: 'string' }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'keitaro_summaries_pkey', columns: [t.profileId, t.chatId, t.topicId] }),
    check('keitaro_summaries_send_at_check', sql`${t.sendAt} BETWEEN 0 AND 1439`),
  ],
);

/** What a team calls a buyer whose value in the buyer field is `value`. */
export const buyerNames = pgTable(
  'keitaro_buyer_names',
  {
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    value: text('value').notNull(),
    name: text('name').notNull(),
    /** Who is mentioned on this buyer's deposits: `@username`, or a Telegram user id. */
    mention: text('mention'),
    /** Also on registrations. */
    mentionRegistrations: boolean('mention_registrations').notNull().default(false),
  },
  (t) => [primaryKey({ name: 'keitaro_buyer_names_pkey', columns: [t.profileId, t.value] })],
);

/**
 * A player's path in one chat or topic (delivery/funnel.ts): the message of the click's
 * registration (its own, or the digest it was in), of its first deposit, and of each deposit by
 * transaction, with the running total, so what follows replies to what came before.
 */
export const threads = pgTable(
  'keitaro_threads',
  {
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    /** 0: the chat itself. */
    topicId: integer('topic_id').notNull().default(0),
    /** Keitaro's click id (`subid`). */
    click: text('click').notNull(),
    registrationMessageId: bigint('registration_message_id', { mode: 'number' }),
    /** Null when the registration came in a digest (nothing to add a line to). */
    registrationEventId: bigint('registration_event_id', { mode: 'number' }),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
    depositMessageId: bigint('deposit_message_id', { mode: 'number' }),
    depositedAt: timestamp('deposited_at', { withTimezone: true }),
    /** First and repeat deposits notified here. */
    deposits: integer('deposits').notNull().default(0),
    /** Their revenue per currency, as decimal text. */
    totals: jsonb('totals').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** Transaction id → the message that told of it (a rejection replies to its deposit). */
    messages: jsonb('messages').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({
      name: 'keitaro_threads_pkey',
      columns: [t.profileId, t.chatId, t.topicId, t.click],
    }),
    // Retention finds old threads without reading the rest.
    index('keitaro_threads_updated_idx').on(t.updatedAt),
  ],
);

/** The forum topic made for each value of a route with a topic per value. */
export const valueTopics = pgTable(
  'keitaro_value_topics',
  {
    routeId: integer('route_id')
      .notNull()
      .references(() => routes.id, { onDelete: 'cascade' }),
    value: text('value').notNull(),
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    topicId: integer('topic_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'keitaro_value_topics_pkey', columns: [t.routeId, t.value] })],
);

/**
 * A profile's link to its tracker's Admin API (optional; keitaro/connections.ts). Apart from
 * `keitaro_profiles` so that no profile read, listing or JSON dump can carry the key.
 */
export const adminConnections = pgTable(
  'keitaro_admin_connections',
  {
    profileId: integer('profile_id')
      .primaryKey()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    /** The API root, `https://tracker.example.com/admin_api/v1`. */
    url: text('url').notNull(),
    /** `enc:v1:…` (AES-256-GCM under ENCRYPTION_KEY) or, without ENCRYPTION_KEY, as given. */
    apiKey: text('api_key').notNull(),
    /** Which conversions log the tracker has: `legacy` (≤ v10) or `v11`. */
    generation: text('generation'),
    connectedAt: timestamp('connected_at', { withTimezone: true }).notNull().defaultNow(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
    /** `ok`, or the last check's problem kind (`unauthorized`, `unreachable`, …). */
    checkOutcome: text('check_outcome').notNull(),
    /** The last check as keitaro/admin-api.ts reports it (never the key). */
    checkReport: jsonb('check_report').$type<Record<string, unknown>>(),
    /** The last reconciliation that read the tracker's log to the end of its window. */
    reconciledAt: timestamp('reconciled_at', { withTimezone: true }),
    /** The last reconciliation, done or failed, as keitaro/reconcile.ts reports it. */
    reconcileReport: jsonb('reconcile_report').$type<Record<string, unknown>>(),
  },
  (t) => [
    check('keitaro_admin_connections_generation_check', sql`${t.generation} IN ('legacy', 'v11')`),
  ],
);

export type ProfileRow = typeof profiles.$inferSelect;
export type RouteRow = typeof routes.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;
export type ChatRow = typeof chats.$inferSelect;
export type SummaryRow = typeof summaries.$inferSelect;
export type AdminConnectionRow = typeof adminConnections.$inferSelect;
