import { describe, expect, it } from 'vitest';
import type { AdminApiProblem, ConnectionReport } from '../../src/keitaro/admin-api.ts';
import { connectionSentences, connectionText } from '../../src/keitaro/connection-text.ts';
import { LANGUAGES } from '../../src/messages/i18n.ts';

const ROOT = 'https://tracker.example.com/admin_api/v1';

const PROBLEMS: AdminApiProblem[] = [
  { kind: 'bad_url', status: null, reason: 'not http or https' },
  { kind: 'unauthorized', status: 401 },
  { kind: 'payment_required', status: 402 },
  { kind: 'forbidden', status: 403, by: 'keitaro' },
  { kind: 'forbidden', status: 403, by: 'cloudflare' },
  { kind: 'not_keitaro', status: 200, got: 'html' },
  {
    kind: 'not_keitaro',
    status: 301,
    got: 'redirect',
    location: 'https://tracker.example.com/admin_api/v1',
  },
  ...(['dns', 'refused', 'timeout', 'tls', 'network'] as const).map(
    (reason): AdminApiProblem => ({ kind: 'unreachable', status: null, reason }),
  ),
  { kind: 'bad_request', status: 400, message: 'Unknown column "payout"' },
  { kind: 'rate_limited', status: 429, retryAfterMs: 60_000 },
  { kind: 'server', status: 502 },
  { kind: 'unexpected', status: 422, message: '' },
];

const readable = { state: 'readable', count: 2 } as const;

describe('what a connection check says, in every language', () => {
  it.each(LANGUAGES)(
    'has a sentence for every problem in %s, naming the host where there is one',
    (lang) => {
      const texts = PROBLEMS.map((problem) =>
        connectionText(lang, { ok: false, apiRoot: ROOT, problem }),
      );
      expect(new Set(texts).size).toBe(texts.length);
      for (const text of texts) expect(text).toMatch(/^❌ /);
      expect(
        texts.filter((text) => text.includes('tracker.example.com')).length,
      ).toBeGreaterThanOrEqual(7);
    },
  );

  it.each(LANGUAGES)('says the generation and the names in %s', (lang) => {
    const report = (
      generation: 'legacy' | 'v11',
      namesSummary: 'all' | 'partial' | 'none',
    ): ConnectionReport => ({
      ok: true,
      apiRoot: ROOT,
      generation,
      names: {
        offers: namesSummary === 'all' ? readable : { state: 'partial', count: 1, missing: 1 },
        landings: readable,
        traffic_sources: readable,
        campaigns: readable,
      },
      namesSummary,
    });
    const legacy = connectionText(lang, report('legacy', 'all'));
    const v11 = connectionText(lang, report('v11', 'partial'));
    expect(legacy).toMatch(/^✅ .+\n.+/);
    expect(v11).not.toBe(legacy);
    expect(connectionText(lang, report('v11', 'none'))).toMatch(/^✅ /);
  });

  it('names only the lists a restricted key cannot fully read', () => {
    const sentences = connectionSentences({
      ok: true,
      apiRoot: ROOT,
      generation: 'v11',
      names: {
        offers: { state: 'partial', count: 1, missing: 1 },
        landings: readable,
        traffic_sources: readable,
        campaigns: { state: 'denied', problem: { kind: 'forbidden', status: 403, by: 'keitaro' } },
      },
      namesSummary: 'partial',
    });
    expect(sentences).toEqual([
      { id: 'keitaro-ok-v11' },
      { id: 'keitaro-names-partial', args: { lists: 'offers,campaigns' } },
    ]);
    expect(
      connectionText('en', {
        ok: true,
        apiRoot: ROOT,
        generation: 'v11',
        names: {
          offers: { state: 'partial', count: 1, missing: 1 },
          landings: readable,
          traffic_sources: readable,
          campaigns: readable,
        },
        namesSummary: 'partial',
      }),
    ).toContain('every one of the offers (');
  });
});
