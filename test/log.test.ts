import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../src/log.ts';
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
});
