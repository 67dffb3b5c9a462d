import { parseConfig } from '../../src/config.ts';
import type { DatabaseKind } from '../../src/db/client.ts';
import type { ProfileRow } from '../../src/db/schema.ts';
import type { CalmJobOptions } from '../../src/delivery/calm.ts';
import type { DispatcherOptions } from '../../src/delivery/dispatcher.ts';
import { FakeBotApi, type FakeBotApiOptions } from '../../src/demo/fake-bot-api.ts';
import type { CheckOptions } from '../../src/keitaro/admin-api.ts';
import type { TrackerNamesOptions } from '../../src/keitaro/names.ts';
import { createProfile, type NewProfile, updateProfile } from '../../src/profiles/repository.ts';
import { type Service, type ServiceOptions, startService } from '../../src/service.ts';
import type { SummaryJobOptions } from '../../src/stats/schedule.ts';
import { postbackPath } from './app.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { capturedLogger } from './logs.ts';

/** The whole service in this process on a private database, talking to a fake Bot API. */
export interface DeliveryWorld {
  telegram: FakeBotApi;
  database: TestDatabase;
  service: Service;
  logs: string[];
  /** Stops the service and starts a new one on the same database, as a restart does. */
  restart(): Promise<void>;
  profile(input?: Partial<NewProfile>): Promise<ProfileRow>;
  /** Sends a postback through HTTP; returns the event id (or throws on a non-200). */
  post(profile: ProfileRow, query: string): Promise<number>;
  close(): Promise<void>;
}

export const FAST_RETRY: Partial<DispatcherOptions> = {
  retry: { maxAttempts: 3, baseMs: 100, capMs: 400 },
  retryPassMs: 200,
};

export async function startDeliveryWorld(
  kind: DatabaseKind,
  options: {
    telegram?: FakeBotApiOptions;
    dispatcher?: Partial<DispatcherOptions>;
    /** More environment for the service's configuration (BOT_WEBHOOK, WEBHOOK_DOMAIN, …). */
    env?: NodeJS.ProcessEnv;
    summaries?: Partial<SummaryJobOptions>;
    calm?: CalmJobOptions;
    reconcile?: ServiceOptions['reconcile'];
    names?: Partial<TrackerNamesOptions>;
    /** The bot's Admin API checks (a clock pinned to the fake tracker's conversions). */
    keitaro?: CheckOptions;
    /** The bot's clock (epoch ms), for screens that say "today". */
    botClock?: ServiceOptions['botClock'];
  } = {},
): Promise<DeliveryWorld> {
  const telegram = await new FakeBotApi(undefined, options.telegram).start();
  const database = await createTestDatabase(kind);
  const { logger, lines: logs } = capturedLogger();
  const config = parseConfig({
    BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.url,
    DATABASE_URL: database.url ?? '',
    ...options.env,
  });
  const start = () =>
    startService({
      config: { ...config, botToken: telegram.token },
      database,
      logger,
      dispatcher: { ...FAST_RETRY, ...options.dispatcher },
      ...(options.summaries ? { summaries: options.summaries } : {}),
      calm: { tickMs: 200, ...options.calm },
      // Off unless a test asks for it: on PostgreSQL leadership comes a moment after start,
      // so the job's first pass would race whatever the test does with a connection.
      reconcile: { intervalMs: 0, ...options.reconcile },
      ...(options.names ? { names: options.names } : {}),
      ...(options.keitaro ? { keitaro: options.keitaro } : {}),
      ...(options.botClock ? { botClock: options.botClock } : {}),
    });
  let service = await start();
  return {
    telegram,
    database,
    get service() {
      return service;
    },
    logs,
    async restart() {
      await service.stop();
      service = await start();
    },
    async profile(input = {}) {
      const row = await createProfile(database.db, { ownerUserId: 5550001, ...input });
      await updateProfile(database.db, row.id, { rateLimitRps: 1000 });
      return row;
    },
    async post(profile, query) {
      const res = await service.app.inject({ url: postbackPath(profile.secret, query) });
      if (res.statusCode !== 200)
        throw new Error(`postback answered ${res.statusCode}: ${res.body}`);
      return res.json().event_id as number;
    },
    async close() {
      await service.stop();
      await telegram.stop();
      await database.close();
    },
  };
}
