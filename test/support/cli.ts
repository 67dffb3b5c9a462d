import { type CliContext, runCommand } from '../../src/cli/commands.ts';
import type { Database } from '../../src/db/client.ts';

/**
 * The admin CLI on `database`, as a function of its arguments: exit code and what it printed.
 * `onChange` is told of changes, as the running service is when the CLI runs inside it;
 * `settings` are the rest of the context (ENCRYPTION_KEY, how the Admin API is called).
 */
export function cliOn(
  database: Database,
  onChange?: () => void,
  settings: Pick<CliContext, 'encryptionKey' | 'keitaro' | 'wake'> = {},
) {
  return async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCommand(argv, {
      database,
      publicBaseUrl: 'https://notify.example.com',
      publicBaseUrlConfigured: true,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      ...(onChange ? { onChange } : {}),
      ...settings,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
