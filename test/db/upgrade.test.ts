import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { cardInForce, DEFAULT_CARD } from '../../src/messages/card.ts';
import { parsePostback } from '../../src/postback/fields.ts';
import { listRoutes, toRoute } from '../../src/profiles/repository.ts';
import { resolveTarget } from '../../src/routing/route.ts';
import { statsReport } from '../../src/stats/report.ts';
import { createEmptyDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

/**
 * Upgrades from every earlier schema: a database left at migration k (any release, any
 * deployment between releases) holds realistic rows written by that version; migrating it to
 * this build's schema keeps every one of them as it was.
 */

const migrationsFolder = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));
interface JournalEntry {
  idx: number;
  tag: string;
}
const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
  entries: JournalEntry[];
};
const latest = journal.entries.length - 1;

/** A migrations folder holding only migrations 0..k, as an older build shipped them. */
function foldersUpTo(k: number): string {
  const dir = mkdtempSync(join(tmpdir(), `keitaro-migrations-${k}-`));
  mkdirSync(join(dir, 'meta'));
  const entries = journal.entries.slice(0, k + 1);
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const entry of entries) {
    copyFileSync(join(migrationsFolder, `${entry.tag}.sql`), join(dir, `${entry.tag}.sql`));
  }
  return dir;
}

async function migrateUpTo(database: TestDatabase, k: number): Promise<void> {
  const folder = foldersUpTo(k);
  if (database.kind === 'pglite')
    await migratePglite(database.db as never, { migrationsFolder: folder });
  else await migratePg(database.db as never, { migrationsFolder: folder });
}

/** What version k wrote: the tables and columns it had, filled as the product fills them. */
function rowsOfVersion(k: number): string[] {
  const rows = [
    `INSERT INTO keitaro_profiles (id, owner_user_id, name, secret, default_chat_id, default_topic_id, language, rate_limit_rps, dedup_ttl_sec)
     VALUES (1, 777000, 'Betting UA', 'q8Xo3nW1bT0v2kZy5LrA9sFjH4cPdGmE7uQiN6eKxYw', -1001234567890, 7, 'uk', 40, 7200)`,
    `INSERT INTO keitaro_routes (id, profile_id, match_by, match_value, statuses, geo, priority, chat_id, topic_id, language)
     VALUES (1, 1, 'campaign_id', '12,15', '{deposit,rebill}', '{UA,KZ}', 10, -1009876543210, 3, 'ru')`,
    `INSERT INTO keitaro_events (id, profile_id, created_at, status, status_word, tid, subid, campaign_id, campaign_name,
       revenue, currency, country, source, sub_id_1, dedup_key, outcome, route_id, payload, raw_query, raw_body, processed)
     VALUES (1, 1, '2026-11-20T10:00:00Z', 'deposit', 'sale', 'T-991', '3kq1a9x7', '12', 'Betting UA',
       100, 'USD', 'UA', 'fb', 'google', 'tid:T-991', 'queued', 1,
       '{"status":"sale","tid":"T-991","subid":"3kq1a9x7","campaign_name":"Betting UA","conversion_revenue":"100"}',
       'status=sale&tid=T-991&secret=***', '\\x7374617475733d73616c6526636f6d6d656e743dd0d0', true)`,
    `INSERT INTO keitaro_events (id, profile_id, created_at, status, status_word, subid, dedup_key, outcome, payload, processed, error)
     VALUES (2, 1, '2026-11-20T10:05:00Z', 'registration', 'lead', 'zz9', 'subid:zz9:lead', 'queued',
       '{"status":"lead","subid":"zz9"}', false, 'Forbidden: bot was blocked by the user')`,
    `INSERT INTO keitaro_deliveries (id, event_id, profile_id, route_id, chat_id, topic_id, language, priority, state, attempts, message_id, sent_at, created_at)
     VALUES (1, 1, 1, 1, -1009876543210, 3, 'ru', 0, 'sent', 1, 4242, '2026-11-20T10:00:01Z', '2026-11-20T10:00:00Z')`,
    `INSERT INTO keitaro_deliveries (id, event_id, profile_id, chat_id, language, priority, state, attempts, last_error, created_at)
     VALUES (2, 2, 1, 777000, 'uk', 1, 'pending', 3, 'Bad Gateway', '2026-11-20T10:05:00Z')`,
    `INSERT INTO keitaro_dedup_keys (profile_id, dedup_key, event_id, expires_at)
     VALUES (1, 'tid:T-991', 1, '2026-11-20T12:00:00Z')`,
  ];
  if (k >= 1) {
    rows.push(
      `INSERT INTO keitaro_chats (chat_id, type, title, is_forum, reachable, recent_sends)
       VALUES (-1009876543210, 'group', 'Deposits UA', true, true, '{2026-11-20T10:00:01Z}')`,
      `INSERT INTO keitaro_deliveries (id, kind, profile_id, chat_id, language, priority, state, body, created_at)
       VALUES (3, 'digest', 1, -1009876543210, 'ru', 0, 'held', '<b>💰 Депозиты</b>: 48 за 2 мин', '2026-11-20T10:10:00Z')`,
    );
  }
  if (k >= 2) {
    rows.push(
      `UPDATE keitaro_deliveries SET summary = '{"counts":{"deposit":48},"minutes":2}' WHERE id = 3`,
    );
  }
  if (k >= 3) {
    rows.push(`INSERT INTO keitaro_bot_users (user_id, language) VALUES (777000, 'uk')`);
  }
  if (k >= 4) {
    rows.push(
      `INSERT INTO keitaro_bot_sessions (key, value) VALUES ('777000', '{"wizard":"route","step":"chat","answers":{"matchBy":"campaign_id"}}')`,
      `INSERT INTO keitaro_refusals (profile_id, rate_limited, last_rate_limited_at) VALUES (1, 17, '2026-11-20T10:00:00Z')`,
      `INSERT INTO keitaro_topics (chat_id, topic_id, name) VALUES (-1009876543210, 3, 'Deposits')`,
    );
  }
  if (k >= 5)
    rows.push(`UPDATE keitaro_refusals SET last_rate_limit_rps = 40 WHERE profile_id = 1`);
  if (k >= 6) {
    rows.push(
      `INSERT INTO keitaro_write_probe (id, written_at) VALUES (1, '2026-11-20T10:00:00Z')`,
    );
  }
  if (k >= 7) {
    rows.push(
      `INSERT INTO keitaro_leases (name, holder, expires_at) VALUES ('dispatcher', 'vps-1:4242:abcd1234', '2026-11-20T10:00:10Z')`,
    );
  }
  if (k >= 11) {
    // Ingest lists each stored event for the statistics, and the leader counts it.
    rows.push(`INSERT INTO keitaro_stats_pending (event_id) VALUES (1), (2)`);
  }
  if (k >= 20) {
    // A profile connected to its tracker's Admin API, its key sealed under ENCRYPTION_KEY.
    rows.push(
      `INSERT INTO keitaro_admin_connections (profile_id, url, api_key, generation, check_outcome, check_report)
       VALUES (1, 'https://tracker.example.com/admin_api/v1', 'enc:v1:1a2b3c4d:AAAA:BBBB:CCCC', 'v11', 'ok',
         '{"ok":true,"generation":"v11","namesSummary":"all"}')`,
    );
  }
  return rows;
}

type Snapshot = Record<string, Record<string, unknown>[]>;

/** Every row of every product table, as JSON (bytea as hex), in key order. */
async function snapshot(database: TestDatabase): Promise<Snapshot> {
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' ORDER BY table_name`,
  );
  const result: Snapshot = {};
  for (const { name } of tables) {
    const rows = await queryRows<{ row: Record<string, unknown> }>(
      database.db,
      sql.raw(`SELECT to_jsonb(t) AS row FROM ${name} t`),
    );
    result[name] = rows.map((r) => r.row);
  }
  return result;
}

/**
 * Each table's rows with only the columns the older version had (new columns may be added
 * with their defaults), in one order.
 */
function asBefore(before: Snapshot, after: Snapshot): Snapshot {
  const out: Snapshot = {};
  for (const [table, rows] of Object.entries(before)) {
    const columns = Object.keys(rows[0] ?? {}).sort();
    out[table] = (after[table] ?? [])
      .map((row) => Object.fromEntries(columns.map((column) => [column, row[column]])))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}

describe.each(databaseKinds)('upgrading from every earlier schema on %s', (kind) => {
  it.each(journal.entries.slice(0, latest).map((entry) => [entry.tag, entry.idx] as const))(
    'rows written at %s are intact after migrating to the latest',
    { timeout: 120_000 },
    async (_tag, k) => {
      const database = await createEmptyDatabase(kind);
      try {
        await migrateUpTo(database, k);
        for (const statement of rowsOfVersion(k)) await database.db.execute(sql.raw(statement));
        const before = await snapshot(database);
        expect(before.keitaro_events).toHaveLength(2);

        await database.migrate();

        expect(asBefore(before, await snapshot(database))).toEqual(asBefore(before, before));
        expect(await database.ready()).toBe(true);
        // The message still to send is still to send, and the raw body kept every byte.
        const [raw] = await queryRows<{ hex: string }>(
          database.db,
          sql`SELECT encode(raw_body, 'hex') AS hex FROM keitaro_events WHERE id = 1`,
        );
        expect(raw?.hex).toBe('7374617475733d73616c6526636f6d6d656e743dd0d0');
        const waiting = await queryRows<{ id: number }>(
          database.db,
          sql`SELECT id FROM keitaro_deliveries WHERE state = 'pending'`,
        );
        expect(waiting.map((r) => Number(r.id))).toEqual([2]);
        // A route saved before conditions existed matches as it did.
        const routes = (await listRoutes(database.db, 1)).map(toRoute);
        expect(routes).toMatchObject([{ matchBy: 'campaign_id', conditions: [] }]);
        const profile = {
          ownerUserId: 777000,
          defaultChatId: -1001234567890,
          defaultTopicId: 7,
          language: 'uk' as const,
        };
        const routeOf = (fields: Record<string, string>) =>
          resolveTarget(profile, routes, parsePostback(fields)).routeId;
        expect(routeOf({ status: 'sale', campaign_id: '15', country: 'kz' })).toBe(1);
        expect(routeOf({ status: 'lead', campaign_id: '15', country: 'KZ' })).toBeNull();
        expect(routeOf({ status: 'sale', campaign_id: '16', country: 'KZ' })).toBeNull();
        // Profiles and routes saved before cards existed render as they did: no card of their own.
        expect(routes).toHaveLength(1);
        const [cards] = await queryRows<{ profile: unknown; route: unknown }>(
          database.db,
          sql`SELECT p.card AS profile, r.card AS route
              FROM keitaro_profiles p JOIN keitaro_routes r ON r.profile_id = p.id`,
        );
        expect(cardInForce(cards?.route, cards?.profile)).toEqual(DEFAULT_CARD);
        // Conversions stored before statistics existed are counted in them.
        const stats = await statsReport(
          database.db,
          { profileId: 1 },
          { from: '2026-11-20', to: '2026-11-20' },
        );
        expect(stats.totals).toMatchObject({
          deposits: 1,
          registrations: 1,
          revenue: { USD: '100.00' },
        });
      } finally {
        await database.close();
      }
    },
  );
});
