import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeBotApi } from '../../src/demo/fake-bot-api.ts';
import { leadQuery } from '../fixtures/postbacks.ts';
import { runNode, startService, waitFor } from '../support/processes.ts';

// Each test starts real processes (PGlite's WASM); on a busy 2-core machine one takes
// well over the default 30 s.
describe("the README's quick start, as processes", { timeout: 240_000 }, () => {
  it('create a profile, start, send a postback, see it with the CLI beside the running server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keitaro-quick-'));
    const env = { DATA_DIR: dataDir, WEBHOOK_DOMAIN: 'notify.example.com', BOT_TOKEN: '' };

    const created = await runNode(
      'bin/keitaro-notify.mjs',
      ['profile', 'create', '--owner', '777000', '--json'],
      env,
    );
    expect(created.code).toBe(0);
    const { id, secret, postback_url } = JSON.parse(created.stdout);
    expect(postback_url).toMatch(
      /^https:\/\/notify\.example\.com\/integrations\/keitaro\/postback\?secret=/,
    );

    const telegram = await new FakeBotApi().start();
    const service = await startService({
      DATA_DIR: dataDir,
      BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
    });
    try {
      const res = await fetch(
        `${service.baseUrl}/integrations/keitaro/postback?secret=${secret}&${leadQuery}`,
      );
      expect(res.status).toBe(200);
      const { event_id } = (await res.json()) as { event_id: number };

      // The notification reaches the owner's private chat…
      await waitFor(() => telegram.messagesTo(777000).length === 1);
      expect(telegram.messagesTo(777000)[0]?.text).toContain('<b>📝 Регистрация</b>');

      // …and the CLI, beside the server that holds the embedded database, shows it sent.
      // (Telegram's answer is recorded a moment after the message arrives.)
      let events = await runNode('dist/cli.js', ['events', String(id)], env);
      for (let i = 0; i < 5 && !events.stdout.includes('delivery:sent'); i++) {
        events = await runNode('dist/cli.js', ['events', String(id)], env);
      }
      expect(events.code).toBe(0);
      expect(events.stdout).toContain(`#${event_id} `);
      expect(events.stdout).toContain(
        'registration(lead) queued delivery:sent tx=3kq1a9x7 campaign="Betting UA"',
      );

      // One screen on how it runs, from the server that holds the database; the counters for
      // Prometheus, from this machine.
      const status = await runNode('dist/cli.js', ['status'], env);
      expect(status.code).toBe(0);
      expect(status.stdout).toContain(`database:        embedded (PGlite) in ${dataDir}`);
      expect(status.stdout).toContain('dispatcher:      this server');
      expect(status.stdout).toContain('dead:            0');
      const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
      expect(metrics).toContain('keitaro_notify_postbacks_total{outcome="stored"} 1');
      expect(metrics).toContain('keitaro_notify_leader 1');

      const rotated = await runNode('dist/cli.js', ['profile', 'rotate-secret', String(id)], env);
      expect(rotated.code).toBe(0);
      const old = await fetch(
        `${service.baseUrl}/integrations/keitaro/postback?secret=${secret}&${leadQuery}`,
      );
      expect(old.status).toBe(403);

      const second = await runNode('dist/main.js', [], {
        ...env,
        BOT_TOKEN: '123456789:AAHtestTokenForTestsOnly_abcdefghijk',
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('is already using the embedded database');

      expect(service.output()).not.toContain(secret);
    } finally {
      const code = await service.stop('SIGTERM');
      await telegram.stop();
      expect(code, service.output()).toBe(0);
    }
    expect(existsSync(join(dataDir, 'keitaro-notify.lock'))).toBe(false);
  });

  it('stops at start with a sentence when BOT_TOKEN is missing', async () => {
    const res = await runNode('dist/main.js', [], {
      BOT_TOKEN: '',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'keitaro-')),
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^Set BOT_TOKEN to your bot's token from @BotFather/);
  });

  it('stops at start naming each bad setting', async () => {
    const res = await runNode('dist/main.js', [], {
      KEITARO_WEBHOOK_PORT: '99999',
      LOG_LEVEL: 'chatty',
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('KEITARO_WEBHOOK_PORT must be a whole number from 1 to 65535.');
    expect(res.stderr).toContain('LOG_LEVEL must be one of');
  });

  it('runs the admin CLI whatever BOT_TOKEN holds: the CLI never talks to Telegram', async () => {
    const res = await runNode('dist/cli.js', ['profile', 'create', '--owner', '777000'], {
      BOT_TOKEN: '123456:ABC-your-token-from-BotFather',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'keitaro-')),
      WEBHOOK_DOMAIN: 'notify.example.com',
    });
    expect(res.stderr).not.toContain('BOT_TOKEN');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Profile 1 "Keitaro" created.');
  });

  it('says there is no database in a DATA_DIR that holds none, and leaves it as it was', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'keitaro-')), 'typo');
    const res = await runNode('dist/cli.js', ['profile', 'list'], { DATA_DIR: dataDir });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      `There is no database in ${dataDir} (DATA_DIR). Check DATA_DIR (or DATABASE_URL), or create the first profile there: npm run cli -- profile create --owner <telegram_user_id>\n`,
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it('ends quietly with exit code 0 when its reader stops early, as `help | head -1` does', async () => {
    const res = await runNode('dist/cli.js', ['help'], {}, { closeStdout: true });
    expect(res.stderr).not.toContain('EPIPE');
    expect(res.code).toBe(0);
  });

  it('answers a wrong command line with exit code 2 before touching any database', async () => {
    const res = await runNode('dist/cli.js', ['profile', 'create', '--owner'], {
      DATA_DIR: '/nonexistent/dir',
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("Option '--owner <value>' argument missing");
  });
});
