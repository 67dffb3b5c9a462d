import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { createLogger, type Logger } from './log.ts';
import { postbackBaseUrl } from './postback/url.ts';
import { settleBy, startService } from './service.ts';

/** `npm start`: reads the configuration, opens the database, runs the service until a signal. */

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.problems.join('\n'));
    throw error;
  }
}

async function open(config: Config, logger: Logger): Promise<Database> {
  const started = Date.now();
  try {
    const database = await openDatabase(
      config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl, timeoutMs: config.databaseTimeoutMs }
        : { kind: 'pglite', dataDir: config.dataDir },
      {
        logger,
        embedded: config.embeddedDbThread === 'worker' ? 'worker' : 'in-process',
        // Every 200 was committed before it was sent: a restart loses nothing, while running
        // on without a database would answer 503 until someone noticed.
        onEmbeddedExit: (error) => {
          logger.fatal(
            { err: error },
            'the embedded database stopped unexpectedly; exiting so that the supervisor restarts the service',
          );
          process.exit(1);
        },
      },
    );
    await database.migrate();
    logger.info(
      {
        database: database.kind,
        data_dir: config.databaseUrl ? undefined : config.dataDir,
        took_ms: Date.now() - started,
      },
      'database ready',
    );
    return database;
  } catch (error) {
    if (error instanceof DataDirLockedError) fail(error.message);
    fail(`Cannot open the database: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  if (!config.botToken) {
    fail(
      "Set BOT_TOKEN to your bot's token from @BotFather, for example: BOT_TOKEN=123456789:AAH… npm start (or put it in a .env file).",
    );
  }
  const logger = createLogger(config.logLevel);
  const database = await open(config, logger);
  const service = await startService({
    config: { ...config, botToken: config.botToken },
    database,
    logger,
    adminSocket: true,
  });
  const { app } = service;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // The process ends by the deadline whatever is unreachable; the last part of it is kept
    // for closing the database, which releases the embedded database's lock file.
    const deadline = Date.now() + config.shutdownTimeoutMs;
    const closeReserveMs = Math.min(2_000, config.shutdownTimeoutMs / 4);
    logger.info({ signal, deadline_ms: config.shutdownTimeoutMs }, 'stopping');
    let code = 0;
    try {
      await service.stop(deadline - closeReserveMs);
    } catch (error) {
      logger.error({ err: error }, 'stopping the service failed');
      code = 1;
    }
    let closeFailed = false;
    const closed = await settleBy(
      database.close().catch((error: unknown) => {
        closeFailed = true;
        logger.error({ err: error }, 'closing the database failed');
      }),
      deadline,
    );
    if (!closed) logger.error('closing the database did not finish by the deadline');
    if (!closed || closeFailed) code = 1;
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await database.close();
    fail(`Cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }
  logger.info(
    { postback_url: postbackBaseUrl(config.publicBaseUrl, '<secret>') },
    'ready for postbacks',
  );
  if (!config.publicBaseUrlConfigured) {
    logger.warn(
      'WEBHOOK_DOMAIN is not set: postback URLs point at localhost, which Keitaro cannot reach',
    );
  }
}

await main();
