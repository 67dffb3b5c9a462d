/**
 * npm run bench:disk [-- --db pglite|postgres|all] [--events 30000]
 *
 * How much disk a month of conversions takes: sends `--events` realistic Keitaro postbacks
 * (1,000 a day for 30 days by default) through the real ingest route into a fresh database,
 * marks every delivery sent and its event processed as the dispatcher does, vacuums as the
 * embedded database's own vacuum does, and prints the size of each table
 * (pg_total_relation_size: heap, TOAST and indexes), the database, and, for the embedded
 * database, `du` of DATA_DIR.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import type { ProfileRow } from '../src/db/schema.ts';
import { buildServer } from '../src/http/server.ts';
import { createLogger } from '../src/log.ts';
import { ProfileDirectory } from '../src/postback/profile-directory.ts';
import { POSTBACK_PATH } from '../src/postback/url.ts';
import { addRoute, createProfile, updateProfile } from '../src/profiles/repository.ts';
import { depositQuery, leadQuery } from '../test/fixtures/postbacks.ts';
import { benchDatabase } from './databases.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'all' },
    events: { type: 'string', default: '30000' },
  },
});
const total = Number(values.events);
const PROFILES = 5;
const PARALLEL = 32;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A click's registration (GET), its deposit (form POST), or a rejection: unique per `n`. */
function request(n: number): { method: 'GET' | 'POST'; query: string; body?: string } {
  const kind = n % 10;
  if (kind < 6) {
    return { method: 'GET', query: leadQuery.replace('subid=3kq1a9x7', `subid=click${n}`) };
  }
  if (kind < 9) return { method: 'POST', query: '', body: depositQuery(n) };
  return {
    method: 'GET',
    query: `status=rejected&subid=click${n}&tid=T-${n}&campaign_name=Betting%20UA&reason=invalid_geo`,
  };
}

async function measure(kind: 'pglite' | 'postgres') {
  const bench = await benchDatabase(kind);
  const database = await openDatabase(bench.target);
  let closed = false;
  const close = async () => {
    if (!closed) await database.close();
    closed = true;
  };
  try {
    await database.migrate();
    const logger = createLogger('silent');
    const app = await buildServer({
      database,
      logger,
      directory: new ProfileDirectory(database.db),
    });
    const profiles: ProfileRow[] = [];
    for (let i = 0; i < PROFILES; i++) {
      const profile = await createProfile(database.db, {
        ownerUserId: 5550001 + i,
        defaultChatId: -1001234567890 - i,
      });
      await updateProfile(database.db, profile.id, { rateLimitRps: 1000 });
      await addRoute(database.db, profile.id, {
        matchBy: 'campaign_id',
        matchValue: '12',
        isPattern: false,
        statuses: ['deposit'],
        geo: [],
        priority: 10,
        chatId: -1009876543210 - i,
        topicId: 7,
        language: null,
      });
      profiles.push(profile);
    }
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      for (let n = next++; n < total; n = next++) {
        const profile = profiles[n % PROFILES];
        if (!profile) throw new Error('no profile');
        const r = request(n);
        const url = `${POSTBACK_PATH}?secret=${profile.secret}${r.query ? `&${r.query}` : ''}`;
        const res = await app.inject({
          method: r.method,
          url,
          payload: r.body,
          headers: r.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
        });
        if (res.statusCode !== 200) throw new Error(`postback answered ${res.statusCode}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    const ingestS = (Date.now() - started) / 1000;
    // What the dispatcher leaves behind once everything is sent.
    await database.db.execute(
      sql`UPDATE keitaro_deliveries SET state = 'sent', attempts = 1, sent_at = now(),
            message_id = 100000 + id WHERE state = 'pending'`,
    );
    await database.db.execute(sql`UPDATE keitaro_events SET processed = true`);
    for (const table of ['keitaro_events', 'keitaro_deliveries', 'keitaro_dedup_keys']) {
      await database.db.execute(sql.raw(`VACUUM (ANALYZE) ${table}`));
    }
    await database.db.execute(sql`CHECKPOINT`);
    const tables = await queryRows<{ name: string; rows: number; bytes: number }>(
      database.db,
      sql`SELECT c.relname AS name, c.reltuples::bigint::int AS rows,
                 pg_total_relation_size(c.oid)::bigint AS bytes
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r'
          ORDER BY pg_total_relation_size(c.oid) DESC`,
    );
    const [db] = await queryRows<{ bytes: number }>(
      database.db,
      sql`SELECT pg_database_size(current_database())::bigint AS bytes`,
    );
    const [wal] = await queryRows<{ max_wal_size: string }>(database.db, sql`SHOW max_wal_size`);
    await app.close();
    console.log(`\n${kind}: ${total} postbacks stored in ${ingestS.toFixed(0)} s`);
    for (const t of tables.slice(0, 6)) {
      console.log(
        `  ${t.name.padEnd(24)} ${String(t.rows < 0 ? '-' : t.rows).padStart(7)} rows  ${mb(Number(t.bytes))}`,
      );
    }
    console.log(`  database (pg_database_size)        ${mb(Number(db?.bytes))}`);
    console.log(`  max_wal_size                       ${wal?.max_wal_size}`);
    await close();
    if (bench.target.kind === 'pglite' && 'dataDir' in bench.target) {
      const du = (path: string) =>
        execFileSync('du', ['-sh', path], { encoding: 'utf8' }).split('\t')[0];
      console.log(`  du DATA_DIR                        ${du(bench.target.dataDir)}`);
      console.log(
        `  du DATA_DIR/pglite/pg_wal          ${du(`${bench.target.dataDir}/pglite/pg_wal`)}`,
      );
    }
  } finally {
    await close();
    await bench.cleanup();
  }
}

const kinds = values.db === 'all' ? (['pglite', 'postgres'] as const) : [values.db as 'pglite'];
for (const kind of kinds) await measure(kind);
