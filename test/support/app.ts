import type { FastifyInstance } from 'fastify';
import type { TrustProxy } from '../../src/config.ts';
import type { DatabaseKind } from '../../src/db/client.ts';
import type { ProfileRow } from '../../src/db/schema.ts';
import { buildServer } from '../../src/http/server.ts';
import { ProfileDirectory } from '../../src/postback/profile-directory.ts';
import { POSTBACK_PATH } from '../../src/postback/url.ts';
import { createProfile, type NewProfile } from '../../src/profiles/repository.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { capturedLogger } from './logs.ts';

/** The HTTP server on a private test database, with its log lines captured. */
export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  directory: ProfileDirectory;
  logs: string[];
  profile(input?: Partial<NewProfile>): Promise<ProfileRow>;
  close(): Promise<void>;
}

export async function startTestApp(
  kind: DatabaseKind,
  options: { trustProxy?: TrustProxy } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const { logger, lines: logs } = capturedLogger();
  const directory = new ProfileDirectory(database.db);
  const app = await buildServer({ database, logger, directory, ...options });
  return {
    app,
    database,
    directory,
    logs,
    profile: (input = {}) => createProfile(database.db, { ownerUserId: 5550001, ...input }),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export function postbackPath(secret: string, query = ''): string {
  return `${POSTBACK_PATH}?secret=${encodeURIComponent(secret)}${query ? `&${query}` : ''}`;
}
