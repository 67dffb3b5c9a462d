import { runCommand } from '../../src/cli/commands.ts';
import type { Database } from '../../src/db/client.ts';

/** The admin CLI on `database`, as a function of its arguments: exit code and what it printed. */
export function cliOn(database: Database) {
  return async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCommand(argv, {
      database,
      publicBaseUrl: 'https://notify.example.com',
      publicBaseUrlConfigured: true,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
