import { resolve } from 'node:path';
import { adminSocketPath, forwardCommand } from './cli/admin-socket.ts';
import {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  type ParsedCommand,
  parseCommandLine,
  runCommand,
  USAGE,
  UsageError,
} from './cli/commands.ts';
import { ConfigError, loadConfig } from './config.ts';
import { BackupRefused, POSTGRES_BACKUP_HINT, restoreBackup } from './db/backup.ts';
import { openDatabase } from './db/client.ts';
import { embeddedDatabaseExists } from './db/data-dir.ts';
import { DataDirLockedError, isDataDirLocked } from './db/data-dir-lock.ts';
import { describeDatabase } from './monitoring/status.ts';

/** `npm run cli -- …`: the admin CLI, on PostgreSQL or the embedded database. */

/**
 * Commands that read or change what is already there. On a DATA_DIR without a database they
 * would only create an empty one (a typo in DATA_DIR would look like "No profiles yet").
 * `profile create` and `migrate` may create it: that is how a fresh install begins.
 */
function needsExistingDatabase(command: ParsedCommand): boolean {
  const [first, second] = command.words;
  if (first === 'profile') return second !== 'create';
  return first === 'route' || first === 'events' || first === 'backup' || first === 'status';
}

/** `restore FILE`: never forwarded, since it needs a DATA_DIR that no process holds. */
async function restore(
  command: ParsedCommand,
  config: ReturnType<typeof loadConfig>,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const file = command.words[1];
  if (file === undefined) {
    err('restore needs a file name: restore <file>.');
    return EXIT_USAGE;
  }
  if (config.databaseUrl) {
    for (const line of POSTGRES_BACKUP_HINT) err(line);
    return EXIT_FAILED;
  }
  err(`Restoring ${resolve(file)} into ${config.dataDir} (DATA_DIR)…`);
  try {
    const restored = await restoreBackup(
      config.dataDir,
      resolve(file),
      command.options.force ?? false,
    );
    if (restored.movedAside) out(`The database that was there is kept in ${restored.movedAside}.`);
    out(
      `Restored: ${restored.profiles} profiles, ${restored.routes} routes, ${restored.waiting} messages waiting to be sent (they go out once the service starts).`,
    );
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof BackupRefused)) throw error;
    err(error.message);
    return EXIT_FAILED;
  }
}

async function main(argv: string[]): Promise<number> {
  let command: ParsedCommand;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const [first] = command.words;
  if (command.options.help || first === undefined || first === 'help') {
    // Needs no database: a fresh DATA_DIR is not created just to print the commands.
    process.stdout.write(`${USAGE}\n`);
    return first === undefined && !command.options.help ? EXIT_USAGE : EXIT_OK;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ botToken: 'ignore' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.problems.join('\n')}\n`);
    return EXIT_USAGE;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  if (first === 'restore') return restore(command, config, out, err);
  if (first === 'backup') {
    if (config.databaseUrl) {
      for (const line of POSTGRES_BACKUP_HINT) err(line);
      return EXIT_FAILED;
    }
    // Absolute, for a running service whose folder may not be this one.
    const file = command.words[1];
    if (file !== undefined) {
      argv = ['backup', resolve(file), ...(command.options.force ? ['--force'] : [])];
    }
  }
  // The chart's file and the key file too: a running service reads and writes them from its
  // own folder.
  const fileOptions = ['--png', '--keitaro-api-key-file'];
  argv = argv.map((arg, i) => {
    if (fileOptions.includes(argv[i - 1] ?? '')) return resolve(arg);
    const option = fileOptions.find((name) => arg.startsWith(`${name}=`));
    return option ? `${option}=${resolve(arg.slice(option.length + 1))}` : arg;
  });
  const noDatabaseYet =
    !config.databaseUrl &&
    !embeddedDatabaseExists(config.dataDir) &&
    !isDataDirLocked(config.dataDir);
  if (noDatabaseYet && needsExistingDatabase(command)) {
    err(
      `There is no database in ${config.dataDir} (DATA_DIR). Check DATA_DIR (or DATABASE_URL), or create the first profile there: npm run cli -- profile create --owner <telegram_user_id>`,
    );
    return EXIT_FAILED;
  }
  if (noDatabaseYet) {
    err(
      `Creating the embedded database in ${config.dataDir} (first use; this can take a minute on a small machine)…`,
    );
  }
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(
      config.databaseUrl
        ? {
            kind: 'postgres',
            url: config.databaseUrl,
            poolSize: 2,
            timeoutMs: config.databaseTimeoutMs,
          }
        : { kind: 'pglite', dataDir: config.dataDir },
    );
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      // The server holds the embedded database: let it run the command.
      try {
        const result = await forwardCommand(config.dataDir, argv);
        for (const line of result.stdout) out(line);
        for (const line of result.stderr) err(line);
        return result.code;
      } catch {
        err(`${error.message} (and it does not answer on ${adminSocketPath(config.dataDir)}).`);
        return EXIT_FAILED;
      }
    }
    err(`Cannot open the database: ${(error as Error).message}`);
    return EXIT_FAILED;
  }
  try {
    // A backup copies the database as it is; other commands need this build's schema.
    if (first !== 'migrate' && first !== 'backup') await database.migrate();
    return await runCommand(argv, {
      database,
      publicBaseUrl: config.publicBaseUrl,
      publicBaseUrlConfigured: config.publicBaseUrlConfigured,
      out,
      err,
      databaseName: describeDatabase(config),
      encryptionKey: config.encryptionKey,
    });
  } catch (error) {
    err(`Failed: ${(error as Error).message}`);
    return EXIT_FAILED;
  } finally {
    await database.close();
  }
}

// `status | head -1`: the reader has what it wanted and closed the pipe; not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
