import type { Server } from 'node:net';
import { serveAdminSocket } from './cli/admin-socket.ts';
import { runCommand } from './cli/commands.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { buildServer } from './http/server.ts';
import { createLogger, type Logger } from './log.ts';
import { ProfileDirectory } from './postback/profile-directory.ts';
import { purgeExpiredDedupKeys } from './postback/store.ts';
import { postbackBaseUrl } from './postback/url.ts';

/** Wires everything: one process runs ingest (and, as they land, the dispatcher and the bot). */

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
  try {
    const database = await openDatabase(
      config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl }
        : { kind: 'pglite', dataDir: config.dataDir },
    );
    await database.migrate();
    logger.info(
      { database: database.kind, data_dir: config.databaseUrl ? undefined : config.dataDir },
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
      "Set BOT_TOKEN to your bot's token from @BotFather, for example: BOT_TOKEN=123456:ABC… npm start (or put it in a .env file).",
    );
  }
  const logger = createLogger(config.logLevel);
  const database = await open(config, logger);
  const directory = new ProfileDirectory(database.db);
  const app = await buildServer({ database, logger, directory });

  let adminSocket: Server | undefined;
  if (database.kind === 'pglite') {
    adminSocket = await serveAdminSocket(config.dataDir, async (argv) => {
      const stdout: string[] = [];
      const stderr: string[] = [];
      const code = await runCommand(argv, {
        database,
        publicBaseUrl: config.publicBaseUrl,
        publicBaseUrlConfigured: config.publicBaseUrlConfigured,
        out: (line) => stdout.push(line),
        err: (line) => stderr.push(line),
        onChange: () => directory.invalidate(),
      });
      return { code, stdout, stderr };
    });
  }

  const purge = setInterval(() => {
    purgeExpiredDedupKeys(database.db).catch((error: unknown) =>
      logger.error({ err: error }, 'purging expired dedup keys failed'),
    );
  }, 600_000);
  purge.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    clearInterval(purge);
    adminSocket?.close();
    await app.close();
    await database.close();
    process.exit(0);
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
