import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';

const problems = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('configuration', () => {
  it('has defaults that run on a fresh machine with the embedded database', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      botToken: undefined,
      telegramApiRoot: 'https://api.telegram.org',
      databaseUrl: undefined,
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'info',
      deliveryMaxAttempts: 10,
      publicBaseUrl: 'http://localhost:8080',
      publicBaseUrlConfigured: false,
      botWebhook: false,
      adminUserIds: [],
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('takes WEBHOOK_DOMAIN with or without a scheme', () => {
    expect(parseConfig({ WEBHOOK_DOMAIN: 'notify.example.com' }).publicBaseUrl).toBe(
      'https://notify.example.com',
    );
    expect(parseConfig({ WEBHOOK_DOMAIN: 'http://10.0.0.5:8080/' }).publicBaseUrl).toBe(
      'http://10.0.0.5:8080',
    );
  });

  it('explains each problem in one sentence, all at once', () => {
    const found = problems({
      BOT_TOKEN: 'not-a-token',
      KEITARO_WEBHOOK_PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      DELIVERY_MAX_ATTEMPTS: '0',
    });
    expect(found).toHaveLength(5);
    expect(found).toContain('DELIVERY_MAX_ATTEMPTS must be a whole number from 1 to 100.');
    expect(found).toContain('KEITARO_WEBHOOK_PORT must be a whole number from 1 to 65535.');
    expect(found.join('\n')).toMatch(/BOT_TOKEN does not look like a token/);
    expect(found.join('\n')).toMatch(/DATABASE_URL must start with postgres:\/\//);
    expect(found.join('\n')).toMatch(/LOG_LEVEL must be one of/);
  });

  it('takes BOT_WEBHOOK as true or false, 1 or 0, yes or no', () => {
    const webhook = (value: string) =>
      parseConfig({ BOT_WEBHOOK: value, WEBHOOK_DOMAIN: 'notify.example.com' }).botWebhook;
    expect(['true', '1', 'yes', 'YES', ' True '].map(webhook)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['false', '0', 'no', ''].map(webhook)).toEqual([false, false, false, false]);
    expect(problems({ BOT_WEBHOOK: 'maybe' })).toEqual(['BOT_WEBHOOK must be true or false.']);
  });

  it('trusts no proxy by default, and TRUST_PROXY as true, a hop count or addresses', () => {
    const trust = (value: string) => parseConfig({ TRUST_PROXY: value }).trustProxy;
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(['', 'false', 'no'].map(trust)).toEqual([false, false, false]);
    expect(trust('true')).toBe(true);
    expect(trust('2')).toBe(2);
    expect(trust('127.0.0.1, 10.0.0.0/8,::1')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(problems({ TRUST_PROXY: 'my-proxy' })).toEqual([
      'TRUST_PROXY must be true, false, a number of proxies, or proxy addresses such as 127.0.0.1,10.0.0.0/8.',
    ]);
  });

  it('refuses BOT_WEBHOOK=true without WEBHOOK_DOMAIN, in one sentence among the others', () => {
    const sentence =
      'BOT_WEBHOOK=true needs WEBHOOK_DOMAIN: Telegram must reach this server at a public HTTPS address.';
    expect(problems({ BOT_WEBHOOK: 'true' })).toEqual([sentence]);
    expect(problems({ BOT_WEBHOOK: 'yes', WEBHOOK_DOMAIN: ' ', LOG_LEVEL: 'loud' })).toEqual([
      expect.stringMatching(/^LOG_LEVEL must be one of/),
      sentence,
    ]);
    expect(problems({ BOT_WEBHOOK: 'false' })).toEqual([]);
  });

  it('reads ADMIN_USER_IDS as a list of Telegram user ids', () => {
    expect(parseConfig({ ADMIN_USER_IDS: '12345' }).adminUserIds).toEqual([12345]);
    expect(parseConfig({ ADMIN_USER_IDS: ' 12345 , 67890, ' }).adminUserIds).toEqual([
      12345, 67890,
    ]);
    expect(parseConfig({ ADMIN_USER_IDS: '12345,12345' }).adminUserIds).toEqual([12345]);
    expect(parseConfig({ ADMIN_USER_IDS: '' }).adminUserIds).toEqual([]);
  });

  it('explains a bad ADMIN_USER_IDS entry in one sentence', () => {
    const sentence =
      'ADMIN_USER_IDS must list Telegram user ids separated by commas, such as 12345,67890.';
    for (const bad of ['12345;67890', '@ann', '0', '-100123', '12.5', '99999999999999999']) {
      expect(problems({ ADMIN_USER_IDS: bad })).toEqual([sentence]);
    }
  });

  it("takes the README's example BOT_TOKEN, in both languages", () => {
    for (const readme of ['../README.md', '../README.ru.md']) {
      const text = readFileSync(new URL(readme, import.meta.url), 'utf8');
      const example = /BOT_TOKEN=(\S+) npm start/.exec(text)?.[1];
      expect(example, readme).toBeDefined();
      expect(problems({ BOT_TOKEN: example as string }), readme).toEqual([]);
    }
  });

  it('says what a BOT_TOKEN from @BotFather looks like when it refuses one', () => {
    for (const bad of [
      '123456:ABC-your-token-from-BotFather',
      'AAHtoken',
      `12:${'a'.repeat(35)}`,
    ]) {
      expect(problems({ BOT_TOKEN: bad })).toEqual([
        'BOT_TOKEN does not look like a token from @BotFather: that is the bot\'s id (5 or more digits), a colon, then 30 or more Latin letters, digits, "-" or "_", such as 123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0.',
      ]);
    }
  });

  it('lets the admin CLI read its settings whatever BOT_TOKEN holds', () => {
    const config = parseConfig(
      { BOT_TOKEN: 'not-a-token', WEBHOOK_DOMAIN: 'notify.example.com' },
      { botToken: 'ignore' },
    );
    expect(config).toMatchObject({
      botToken: undefined,
      publicBaseUrl: 'https://notify.example.com',
    });
    expect(() =>
      parseConfig({ BOT_TOKEN: 'x', LOG_LEVEL: 'loud' }, { botToken: 'ignore' }),
    ).toThrow(/LOG_LEVEL must be one of/);
  });

  it('takes ENCRYPTION_KEY as 32 bytes in hex or base64, and refuses anything else without repeating it', () => {
    const bytes = Buffer.alloc(32, 0xab);
    for (const text of [
      bytes.toString('hex'),
      bytes.toString('base64'),
      bytes.toString('base64url'),
    ])
      expect(parseConfig({ ENCRYPTION_KEY: text }).encryptionKey).toEqual(bytes);
    expect(parseConfig({ ENCRYPTION_KEY: '' }).encryptionKey).toBeUndefined();
    for (const bad of [
      'correct-horse-battery-staple-ok',
      Buffer.alloc(16).toString('hex'),
      `${bytes.toString('hex')}00`,
    ]) {
      const found = problems({ ENCRYPTION_KEY: bad });
      expect(found).toEqual([
        'ENCRYPTION_KEY must be 32 random bytes written as 64 hex characters or as base64, such as the output of: openssl rand -base64 32',
      ]);
      expect(found.join('\n')).not.toContain(bad);
    }
  });

  it('never repeats the bot token in its complaint', () => {
    const found = problems({ BOT_TOKEN: '123:short-secret-value' });
    expect(found.join('\n')).not.toContain('short-secret-value');
  });

  it('starts from a copied .env.example left empty', () => {
    const example = parseEnv(readFileSync(new URL('../.env.example', import.meta.url), 'utf8'));
    expect(Object.keys(example)).toEqual(expect.arrayContaining(['BOT_WEBHOOK', 'ADMIN_USER_IDS']));
    expect(parseConfig(example)).toMatchObject({ botWebhook: false, adminUserIds: [] });
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    expect(parseConfig({ BOT_TOKEN: '', DATABASE_URL: '', KEITARO_WEBHOOK_PORT: '' }).port).toBe(
      8080,
    );
  });

  it('gives a stop ten seconds unless SHUTDOWN_TIMEOUT_SECONDS says otherwise', () => {
    expect(parseConfig({}).shutdownTimeoutMs).toBe(10_000);
    expect(parseConfig({ SHUTDOWN_TIMEOUT_SECONDS: '2.5' }).shutdownTimeoutMs).toBe(2_500);
    expect(problems({ SHUTDOWN_TIMEOUT_SECONDS: 'soon' })).toEqual([
      'SHUTDOWN_TIMEOUT_SECONDS must be a number of seconds from 1 to 300.',
    ]);
  });

  it('bounds a PostgreSQL wait by five seconds unless DATABASE_TIMEOUT_SECONDS says otherwise', () => {
    expect(parseConfig({}).databaseTimeoutMs).toBe(5_000);
    expect(parseConfig({ DATABASE_TIMEOUT_SECONDS: '1' }).databaseTimeoutMs).toBe(1_000);
    expect(problems({ DATABASE_TIMEOUT_SECONDS: '0' })).toEqual([
      'DATABASE_TIMEOUT_SECONDS must be a number of seconds from 0.1 to 300.',
    ]);
  });

  it('serves /metrics to loopback only unless METRICS_TOKEN is set, and never repeats a bad token', () => {
    expect(parseConfig({}).metricsToken).toBeUndefined();
    expect(parseConfig({ METRICS_TOKEN: ' ' }).metricsToken).toBeUndefined();
    const token = 'c9f4a1e07b3d52f8a6e1c0d94b7f3a25';
    expect(parseConfig({ METRICS_TOKEN: ` ${token} ` }).metricsToken).toBe(token);
    const sentence =
      'METRICS_TOKEN must be 16 to 256 visible characters without spaces, such as the output of: openssl rand -hex 32';
    expect(problems({ METRICS_TOKEN: 'short-secret' })).toEqual([sentence]);
    expect(problems({ METRICS_TOKEN: 'two words are not one token' })).toEqual([sentence]);
  });

  it('leases the dispatcher for ten seconds unless LEADER_LEASE_SECONDS says otherwise', () => {
    expect(parseConfig({}).leaderLeaseMs).toBe(10_000);
    expect(parseConfig({ LEADER_LEASE_SECONDS: '3' }).leaderLeaseMs).toBe(3_000);
    expect(problems({ LEADER_LEASE_SECONDS: '-1' })).toEqual([
      'LEADER_LEASE_SECONDS must be a number of seconds from 1 to 300.',
    ]);
  });

  it('keeps raw events for 90 days unless RETENTION_DAYS says otherwise', () => {
    expect(parseConfig({}).retentionDays).toBe(90);
    expect(parseConfig({ RETENTION_DAYS: '30' }).retentionDays).toBe(30);
    for (const bad of ['0', '1.5', 'forever', '5000']) {
      expect(problems({ RETENTION_DAYS: bad })).toEqual([
        'RETENTION_DAYS must be a whole number of days from 1 to 3650.',
      ]);
    }
  });

  it("reads Keitaro's log every 5 minutes over 48 h, or never with RECONCILE_INTERVAL_SEC=0", () => {
    expect(parseConfig({})).toMatchObject({
      reconcileIntervalMs: 300_000,
      reconcileWindowMs: 48 * 3_600_000,
    });
    expect(parseConfig({ RECONCILE_INTERVAL_SEC: '0' }).reconcileIntervalMs).toBe(0);
    expect(parseConfig({ RECONCILE_WINDOW_HOURS: '72' }).reconcileWindowMs).toBe(72 * 3_600_000);
    for (const bad of ['5', '-1', 'often', '100000'])
      expect(problems({ RECONCILE_INTERVAL_SEC: bad })).toEqual([
        'RECONCILE_INTERVAL_SEC must be 0 (reconciliation off) or a whole number of seconds from 60 to 86400.',
      ]);
    expect(problems({ RECONCILE_WINDOW_HOURS: '0' })).toEqual([
      'RECONCILE_WINDOW_HOURS must be a whole number of hours from 1 to 720.',
    ]);
  });

  it('runs the embedded database in a worker thread unless EMBEDDED_DB_THREAD=main', () => {
    expect(parseConfig({}).embeddedDbThread).toBe('worker');
    expect(parseConfig({ EMBEDDED_DB_THREAD: '' }).embeddedDbThread).toBe('worker');
    expect(parseConfig({ EMBEDDED_DB_THREAD: 'main' }).embeddedDbThread).toBe('main');
    expect(problems({ EMBEDDED_DB_THREAD: 'thread' })).toEqual([
      'EMBEDDED_DB_THREAD must be main or worker.',
    ]);
  });
});
