import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, type DatabaseKind, openDatabase, queryRows } from '../../src/db/client.ts';

/**
 * Every database test runs on PGlite, and on PostgreSQL too when TEST_DATABASE_URL is set
 * (CI sets it). Each test database is new and private: runs never see each other's rows.
 */

export const databaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

export interface TestDatabase extends Database {
  /** The PostgreSQL URL of this private database; undefined on PGlite. */
  url: string | undefined;
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database (not migrated). */
export async function createEmptyDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', memory: true });
    return { ...database, url: undefined };
  }
  const name = `keitaro_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = withDatabaseName(process.env.TEST_DATABASE_URL as string, name);
  const database = await openDatabase({ kind: 'postgres', url });
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A fresh database with every migration applied. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const database = await createEmptyDatabase(kind);
  await database.migrate();
  return database;
}

/** Every value in every table of the database, as text: to show a secret is stored nowhere. */
export async function everythingStored(database: Database): Promise<string> {
  const tables = await queryRows<{ name: string }>(
    database.db,
    sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  const dump: unknown[] = [];
  for (const { name } of tables)
    dump.push(await queryRows(database.db, sql.raw(`SELECT to_jsonb(t) AS row FROM ${name} t`)));
  return JSON.stringify(dump);
}
