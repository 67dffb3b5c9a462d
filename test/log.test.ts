import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { maskInLogs, redactSecrets } from '../src/log.ts';
import { capturedLogger } from './support/logs.ts';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';

describe('secrets never reach the logs', () => {
  it('masks a profile secret in a URL and a bot token anywhere', () => {
    expect(redactSecrets('/integrations/keitaro/postback?secret=abcDEF_123-x&status=lead')).toBe(
      '/integrations/keitaro/postback?secret=***&status=lead',
    );
    expect(redactSecrets(`request to http://127.0.0.1:9/bot${TOKEN}/getUpdates failed`)).toBe(
      'request to http://127.0.0.1:9/bot***/getUpdates failed',
    );
  });

  it('masks a secret whose name is percent-encoded, as the endpoint decodes it', () => {
    expect(redactSecrets('/integrations/keitaro/postback?%73ecret=abcDEF_123-x&status=lead')).toBe(
      '/integrations/keitaro/postback?%73ecret=***&status=lead',
    );
    expect(redactSecrets('GET /p?status=lead&s%65cr%65t=abc&x=1 failed')).toBe(
      'GET /p?status=lead&s%65cr%65t=***&x=1 failed',
    );
    expect(redactSecrets('/p?secretive=kept&status=lead')).toBe('/p?secretive=kept&status=lead');
  });

  it('masks them inside nested error causes, as a failed Bot API call carries them', () => {
    const { logger, lines } = capturedLogger();
    const cause = new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`);
    const error = Object.assign(new Error("Network request for 'sendMessage' failed!"), {
      error: cause,
      url: '/integrations/keitaro/postback?secret=s3cr3t-value',
    });
    logger.error({ err: error }, 'send failed');
    const line = lines.join('');
    expect(line).toContain("Network request for 'sendMessage' failed!");
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain('s3cr3t-value');
    expect(() => JSON.parse(line)).not.toThrow();
  });

  it('logs a failed query without its parameters, in the error and in its causes', () => {
    const { logger, lines } = capturedLogger();
    const cause = Object.assign(new Error('duplicate key value violates unique constraint'), {
      severity: 'ERROR',
      code: '23505',
      detail: 'Key (name)=(raw body line one) already exists.',
    });
    const params = ['raw body line one\nline two', 4242, 'another profile check'];
    const error = new DrizzleQueryError(
      'insert into "keitaro_events" values ($1, $2, $3)',
      params,
      cause,
    );
    logger.error({ err: new Error('batch failed', { cause: error }) }, 'postback not stored');
    const line = lines.join('');
    expect(line).toContain('insert into \\"keitaro_events\\" values ($1, $2, $3)');
    expect(line).toContain('duplicate key value violates unique constraint');
    expect(line).not.toContain('params');
    expect(line).not.toContain('raw body line');
    expect(line).not.toContain('4242');
    expect(line).not.toContain('another profile check');
  });

  it('masks Admin API keys: in headers, named fields, bearer tokens and once read, anywhere', () => {
    expect(redactSecrets('Api-Key: c7f1a9e24b6d80357e2f9a1c4d6b8e03')).toBe('Api-Key: ***');
    expect(redactSecrets('{"apiKey":"abc123456","api_key":"def","x":1}')).toBe(
      '{"apiKey":"***","api_key":"***","x":1}',
    );
    expect(redactSecrets('ENCRYPTION_KEY=q83vEjRWeJq83vEjRWeJq83v')).toBe('ENCRYPTION_KEY=***');
    expect(redactSecrets('Authorization: Bearer 0123456789abcdef')).toBe(
      'Authorization: Bearer ***',
    );
    const key = 'k3y-read-from-a-file-77';
    expect(redactSecrets(`calling with ${key}`)).toContain(key);
    maskInLogs(key);
    const { logger, lines } = capturedLogger();
    logger.warn({ note: key, err: new Error(`failed for ${key}`) }, `about ${key}`);
    expect(lines.join('')).not.toContain(key);
  });

  it('masks a profile secret in any field of any line', () => {
    const { logger, lines } = capturedLogger();
    const secret = 'q1W2e3R4t5Y6u7I8o9P0a-S_d1F2g3H4j5K6l7Z8x9C';
    logger.warn({ note: `presented ${secret}`, nested: { value: secret } }, `about ${secret}`);
    expect(lines.join('')).not.toContain(secret);
    expect(lines.join('')).toContain('presented ***');
  });
});
