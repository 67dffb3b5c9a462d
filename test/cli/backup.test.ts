import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeBotApi } from '../../src/demo/fake-bot-api.ts';
import { leadQuery } from '../fixtures/postbacks.ts';
import { runNode, startService, waitFor } from '../support/processes.ts';

/** A Bot API that takes connections and never answers: messages stay waiting. */
async function silentTelegram(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// Real processes (tsx, PGlite's WASM), created and restored several times: minutes on a busy
// 2-core machine.
describe('backup and restore of the embedded database, as processes', { timeout: 480_000 }, () => {
  it('backs up while the service runs, and a restore into a wiped DATA_DIR brings back profiles, routes and the message still to send', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'keitaro-backup-')), 'data');
    const backupFile = join(mkdtempSync(join(tmpdir(), 'keitaro-backups-')), 'keitaro.tar.gz');
    const env = { DATA_DIR: dataDir, WEBHOOK_DOMAIN: 'notify.example.com', BOT_TOKEN: '' };
    const cli = (...args: string[]) => runNode('dist/cli.js', args, env);

    const created = await cli('profile', 'create', '--owner', '777000', '--json');
    expect(created.code, created.stderr).toBe(0);
    const { id, secret } = JSON.parse(created.stdout) as { id: number; secret: string };
    const route = await cli(
      'route',
      'add',
      String(id),
      '--match-by',
      'campaign_id',
      '--value',
      '12',
      '--statuses',
      'deposit',
      '--chat',
      '-1001234567890',
      '--topic',
      '7',
    );
    expect(route.code, route.stderr).toBe(0);

    // Telegram does not answer: the registration waits in the outbox.
    const silent = await silentTelegram();
    const service = await startService({
      DATA_DIR: dataDir,
      TELEGRAM_API_ROOT: silent.url,
      SHUTDOWN_TIMEOUT_SECONDS: '3',
    });
    try {
      const res = await fetch(
        `${service.baseUrl}/integrations/keitaro/postback?secret=${secret}&${leadQuery}`,
      );
      expect(res.status).toBe(200);

      const backup = await cli('backup', backupFile);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/^Backup written to .*keitaro\.tar\.gz \(\d+\.\d MB\)\.\n$/);
      expect(statSync(backupFile).mode & 0o777).toBe(0o600);

      const again = await cli('backup', backupFile);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists; choose another name or add --force.');

      const whileRunning = await cli('restore', backupFile);
      expect(whileRunning.code).toBe(1);
      expect(whileRunning.stderr).toContain('stop it before restoring');
    } finally {
      await service.stop('SIGTERM');
      await silent.close();
    }

    rmSync(dataDir, { recursive: true, force: true });
    const restored = await cli('restore', backupFile);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(
      'Restored: 1 profiles, 1 routes, 1 messages waiting to be sent',
    );

    const overwrite = await cli('restore', backupFile);
    expect(overwrite.code).toBe(1);
    expect(overwrite.stderr).toContain('is not empty; restore into an empty or new folder');

    const routes = await cli('route', 'list', String(id));
    expect(routes.stdout).toContain('campaign_id = 12 → chat -1001234567890, topic 7 · deposit');

    // The service starts on the restored database and the waiting registration goes out.
    const telegram = await new FakeBotApi().start();
    const restarted = await startService({
      DATA_DIR: dataDir,
      BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
    });
    try {
      await waitFor(() => telegram.messagesTo(777000).length === 1);
      expect(telegram.messagesTo(777000)[0]?.text).toContain('<b>📝 Регистрация</b>');
      // The profile's secret came back too: Keitaro's postback URL keeps working.
      const res = await fetch(
        `${restarted.baseUrl}/integrations/keitaro/postback?secret=${secret}&${leadQuery.replace('3kq1a9x7', 'zz9')}`,
      );
      expect(res.status).toBe(200);
    } finally {
      const code = await restarted.stop('SIGTERM');
      await telegram.stop();
      expect(code, restarted.output()).toBe(0);
    }
  });

  it('backs up with the service stopped, refuses a file that is not a backup, and restores over a database with --force, keeping the old one aside', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'keitaro-backup-')), 'data');
    const files = mkdtempSync(join(tmpdir(), 'keitaro-backups-'));
    const env = { DATA_DIR: dataDir, BOT_TOKEN: '' };
    const cli = (...args: string[]) => runNode('dist/cli.js', args, env);
    expect((await cli('profile', 'create', '--owner', '777000', '--name', 'Team A')).code).toBe(0);
    const backup = await cli('backup', join(files, 'a.tar.gz'));
    expect(backup.code, backup.stderr).toBe(0);
    expect((await cli('profile', 'create', '--owner', '777001', '--name', 'Team B')).code).toBe(0);

    const notABackup = join(files, 'notes.txt');
    writeFileSync(notABackup, 'status=lead&subid=3kq1a9x7\n');
    const refused = await cli('restore', notABackup, '--force');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not a backup this program can read');
    const untouched = await cli('profile', 'list');
    expect(untouched.stdout).toContain('Team A');
    expect(untouched.stdout).toContain('Team B');

    const forced = await cli('restore', join(files, 'a.tar.gz'), '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(
      /The database that was there is kept in .*pglite\.before-restore-/,
    );
    const restored = await cli('profile', 'list');
    expect(restored.stdout).toContain('Team A');
    expect(restored.stdout).not.toContain('Team B');
  });

  it('points to pg_dump on PostgreSQL', async () => {
    for (const command of ['backup', 'restore']) {
      const res = await runNode('dist/cli.js', [command, 'keitaro.dump'], {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('pg_dump --format=custom');
      expect(res.stderr).toContain('keitaro_deliveries');
    }
    expect(existsSync(join(process.cwd(), 'keitaro.dump'))).toBe(false);
  });
});
