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

  it('never repeats the bot token in its complaint', () => {
    const found = problems({ BOT_TOKEN: '123:short-secret-value' });
    expect(found.join('\n')).not.toContain('short-secret-value');
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    expect(parseConfig({ BOT_TOKEN: '', DATABASE_URL: '', KEITARO_WEBHOOK_PORT: '' }).port).toBe(
      8080,
    );
  });
});
