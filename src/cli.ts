import { adminSocketPath, forwardCommand } from './cli/admin-socket.ts';
import {
  EXIT_FAILED,
  EXIT_USAGE,
  parseCommandLine,
  runCommand,
  USAGE,
  UsageError,
} from './cli/commands.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';

/** `npm run cli -- …`: the admin CLI, on PostgreSQL or the embedded database. */

async function main(argv: string[]): Promise<number> {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return EXIT_USAGE;
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
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(
      config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl, poolSize: 2 }
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
    if (argv[0] !== 'migrate') await database.migrate();
    return await runCommand(argv, {
      database,
      publicBaseUrl: config.publicBaseUrl,
      publicBaseUrlConfigured: config.publicBaseUrlConfigured,
      out,
      err,
    });
  } catch (error) {
    err(`Failed: ${(error as Error).message}`);
    return EXIT_FAILED;
  } finally {
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
