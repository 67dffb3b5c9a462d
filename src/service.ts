import type { Server } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createBot, UpdatePoller } from './bot/membership.ts';
import { registerSetup } from './bot/setup.ts';
import { BotWebhook } from './bot/webhook.ts';
import { serveAdminSocket } from './cli/admin-socket.ts';
import { runCommand } from './cli/commands.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { RetentionJob, type RetentionJobOptions } from './db/retention.ts';
import { CalmJob, type CalmJobOptions } from './delivery/calm.ts';
import { Dispatcher, type DispatcherOptions } from './delivery/dispatcher.ts';
import { type Leadership, LeaseLeader, leaseTiming, SoleLeader } from './delivery/leader.ts';
import { DEFAULT_RETRY } from './delivery/retry.ts';
import { BotApiSender, createApi } from './delivery/telegram.ts';
import { OutboxWaker } from './delivery/wake.ts';
import { buildServer } from './http/server.ts';
import type { AdminApiOptions, CheckOptions } from './keitaro/admin-api.ts';
import { TrackerNames, type TrackerNamesOptions } from './keitaro/names.ts';
import { ReconcileJob, type ReconcileJobOptions } from './keitaro/reconcile-job.ts';
import type { Logger } from './log.ts';
import { Metrics } from './monitoring/metrics.ts';
import { describeDatabase } from './monitoring/status.ts';
import { ProfileDirectory } from './postback/profile-directory.ts';
import { RefusalCounter } from './postback/refusals.ts';
import { renderChartApart } from './stats/chart.ts';
import { StatsFolder } from './stats/fold.ts';
import { SummaryJob, type SummaryJobOptions } from './stats/schedule.ts';

/**
 * The whole product in one process: ingest (HTTP), the dispatcher and the bot's update
 * poller (while this instance leads) or its webhook route (BOT_WEBHOOK=true, on every
 * instance), and, on the embedded database, the CLI's socket.
 */

export interface Service {
  app: FastifyInstance;
  dispatcher: Dispatcher;
  directory: ProfileDirectory;
  /** Counts stored conversions into the statistics (on the leader). */
  stats: StatsFolder;
  /** Queues the daily summaries when they are due (on the leader). */
  summaries: SummaryJob;
  /** Releases what waited out a pause or quiet hours (on the leader). */
  calm: CalmJob;
  /** Recovers what Keitaro's log holds and no postback brought (on the leader). */
  reconcile: ReconcileJob;
  /** Writes the rate-limit refusals counted so far (the service does it every few seconds). */
  flushRefusals(): Promise<void>;
  /**
   * Stops taking requests, lets what is in flight finish, and gives up on what has not by
   * `deadline` (epoch ms; `config.shutdownTimeoutMs` from now by default), so a stop never
   * waits on an unreachable Bot API or database. The database stays open: its owner closes it.
   */
  stop(deadline?: number): Promise<void>;
}

export interface ServiceOptions {
  config: Config & { botToken: string };
  database: Database;
  logger: Logger;
  dispatcher?: Partial<DispatcherOptions>;
  /** Serve the CLI socket in DATA_DIR (embedded database only). */
  adminSocket?: boolean;
  /** The retention job's schedule and clock (tests); RETENTION_DAYS comes from `config`. */
  retention?: RetentionJobOptions;
  /** The daily summaries' clock and schedule (tests). */
  summaries?: Partial<SummaryJobOptions>;
  /** How often the end of a pause or quiet hours is looked for (tests). */
  calm?: CalmJobOptions;
  /** Reconciliation's schedule and clock, and how the Admin API is called (tests). */
  reconcile?: Partial<ReconcileJobOptions> & { api?: AdminApiOptions };
  /** How long a notification waits for a tracker's names, and the clock (tests). */
  names?: Partial<TrackerNamesOptions>;
  /** The bot's Admin API checks: fetch, timeouts and clock (tests). */
  keitaro?: CheckOptions;
  /** The bot's clock: what its statistics and pauses take for now (tests). */
  botClock?: () => number;
}

const BOT_CHECK_TIMEOUT_MS = 10_000;

export async function startService(options: ServiceOptions): Promise<Service> {
  const { config, database, logger } = options;
  const directory = new ProfileDirectory(database.db);
  const api = createApi(config.botToken, config.telegramApiRoot);
  const metrics = new Metrics(database.db, logger);
  // The dispatcher never polls: whatever queues a delivery tells it, through the waker, since
  // another instance may be the one that leads.
  // What wakes the dispatcher also wakes the statistics: both follow what was stored.
  const statsFolder = new StatsFolder(database.db, logger);
  const waker = new OutboxWaker(
    database,
    {
      wake: (chatId) => {
        dispatcher.wake(chatId);
        statsFolder.wake();
      },
    },
    logger,
  );
  const names = new TrackerNames({
    db: database.db,
    logger,
    encryptionKey: config.encryptionKey,
    options: options.names,
  });
  const dispatcher = new Dispatcher({
    db: database.db,
    names,
    metrics,
    sender: new BotApiSender(api),
    logger,
    onTargetsChanged: () => directory.invalidate(),
    onQueued: (chatId) => waker.queued(chatId),
    options: {
      retry: { ...DEFAULT_RETRY, maxAttempts: config.deliveryMaxAttempts },
      ...options.dispatcher,
    },
  });
  const calm = new CalmJob(database.db, (chatId) => waker.queued(chatId), logger, options.calm);
  const summaries = new SummaryJob(database.db, (chatId) => waker.queued(chatId), logger, {
    draw: (spec) => renderChartApart(spec),
    ...options.summaries,
  });
  const bot = createBot(config.botToken, config.telegramApiRoot, dispatcher, logger);
  registerSetup(bot, {
    db: database.db,
    publicBaseUrl: config.publicBaseUrl,
    logger,
    admins: config.adminUserIds,
    onProfilesChanged: () => {
      directory.invalidate();
      names.invalidate();
      summaries.invalidate();
      calm.invalidate();
    },
    wake: (chatId) => waker.queued(chatId),
    chatReachable: (chatId) => dispatcher.chatReachable(chatId),
    encryptionKey: config.encryptionKey,
    // The check runs while the bot handles the update, and polling handles one at a time:
    // a tracker that never answers holds every screen this long at most, not the default 30 s.
    keitaro: options.keitaro ?? { timeoutMs: BOT_CHECK_TIMEOUT_MS },
    ...(options.botClock ? { now: options.botClock } : {}),
  });
  const webhook = config.botWebhook
    ? new BotWebhook(bot, api, config.publicBaseUrl, logger)
    : undefined;
  const poller = webhook ? undefined : new UpdatePoller(bot, logger);
  const leadership: Leadership =
    database.kind === 'postgres' && config.databaseUrl
      ? new LeaseLeader(config.databaseUrl, logger, leaseTiming(config.leaderLeaseMs))
      : new SoleLeader();

  const refusals = new RefusalCounter();
  const flushRefusals = () =>
    refusals
      .flush(database.db)
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'recording rate-limit refusals failed; kept for the next try'),
      );
  const flushing = setInterval(flushRefusals, 5_000);
  flushing.unref();
  const app = await buildServer({
    database,
    logger,
    directory,
    onQueued: (chatId) => waker.queued(chatId),
    refusals,
    botWebhook: webhook,
    trustProxy: config.trustProxy,
    metrics,
    metricsToken: config.metricsToken,
  });

  let adminSocket: Server | undefined;
  if (options.adminSocket && database.kind === 'pglite') {
    adminSocket = await serveAdminSocket(config.dataDir, async (argv) => {
      const stdout: string[] = [];
      const stderr: string[] = [];
      const code = await runCommand(argv, {
        database,
        publicBaseUrl: config.publicBaseUrl,
        publicBaseUrlConfigured: config.publicBaseUrlConfigured,
        out: (line) => stdout.push(line),
        err: (line) => stderr.push(line),
        onChange: () => {
          directory.invalidate();
          names.invalidate();
          summaries.invalidate();
          calm.invalidate();
        },
        databaseName: describeDatabase(config),
        inServer: true,
        encryptionKey: config.encryptionKey,
        wake: (chatId) => waker.queued(chatId),
      });
      return { code, stdout, stderr };
    });
  }

  const reconcile = new ReconcileJob(
    {
      db: database.db,
      encryptionKey: config.encryptionKey,
      lookup: (secret) => directory.lookup(secret),
      logger,
      wake: (chatId) => waker.queued(chatId),
      ...(options.reconcile?.api ? { api: options.reconcile.api } : {}),
    },
    logger,
    {
      intervalMs: config.reconcileIntervalMs,
      windowMs: config.reconcileWindowMs,
      metrics,
      ...options.reconcile,
    },
  );

  const retention = new RetentionJob(database.db, logger, {
    ...options.retention,
    policy: { retentionDays: config.retentionDays, ...options.retention?.policy },
  });

  dispatcher.start();
  const registering = webhook?.register();
  leadership.start(
    (leader) => {
      metrics.setLeader(leader);
      dispatcher.setLeader(leader);
      poller?.setLeader(leader);
      waker.setLeader(leader);
      retention.setLeader(leader);
      statsFolder.setLeader(leader);
      summaries.setLeader(leader);
      calm.setLeader(leader);
      reconcile.setLeader(leader);
    },
    (chatIds) => {
      statsFolder.wake();
      if (chatIds.length === 0) dispatcher.wake();
      for (const chatId of chatIds) dispatcher.wake(chatId);
    },
  );

  // Deliveries committed just before an earlier process of this instance crashed may never
  // have been announced: the leader looks at every chat once when an instance starts.
  waker.queued();

  return {
    app,
    dispatcher,
    stats: statsFolder,
    summaries,
    calm,
    reconcile,
    directory,
    flushRefusals,
    async stop(deadline = Date.now() + config.shutdownTimeoutMs) {
      const by = (what: string, work: Promise<unknown>) =>
        settleBy(work, deadline).then((settled) => {
          if (!settled)
            logger.warn({ waiting_for: what }, 'stopping: gave up waiting at the deadline');
        });
      clearInterval(flushing);
      adminSocket?.close();
      // New requests get 503 from here on; those in flight are answered.
      await by('requests in flight', app.close());
      webhook?.stop();
      await Promise.all([
        by('the update poller', poller?.stop() ?? Promise.resolve()),
        by('registering the webhook', registering ?? Promise.resolve()),
        by('sends in flight', dispatcher.stop()),
        by("loading a tracker's names", names.stop()),
        by('deleting old rows', retention.stop()),
        by('counting statistics', statsFolder.stop()),
        by('queueing daily summaries', summaries.stop()),
        by('releasing paused notifications', calm.stop()),
        by('reconciling with Keitaro', reconcile.stop()),
      ]);
      await by('recording refusals', flushRefusals());
      // After everything that may queue a delivery has stopped.
      await by('telling the dispatcher of new deliveries', waker.stop());
      await by('giving up leadership', leadership.stop());
    },
  };
}

/** Whether `work` settled (either way) before `deadline`; it is not waited for after that. */
export async function settleBy(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
