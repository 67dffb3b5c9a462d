import { describe, expect, it } from 'vitest';
import { runNode } from './support/processes.ts';

describe('npm run demo', () => {
  it('shows a newcomer the product end to end, labelled as a demo, with nothing lost', {
    timeout: 60_000,
  }, async () => {
    const { code, stdout } = await runNode('dist/demo/demo.js', [], {});
    expect(code).toBe(0);
    expect(stdout).toMatch(/^DEMO — /);
    expect(stdout).toContain('Telegram → group «Team A», topic «Deposits»\n  │ 💰 Депозит');
    expect(stdout).toContain('HTTP 200 {"ok":true,"event_id":3,"duplicate":true}');
    expect(stdout).toContain('  │ ⛔️ Отказ\n  │ Кампания: Casino KZ\n  │ Причина: invalid_geo');
    // How the burst splits between digests depends on how far the dispatcher got while the
    // 60 were stored (the database works beside the event loop): a digest counts all three.
    expect(stdout).toMatch(
      /📝 Регистрации: \d+ за 1 мин — Betting UA ×\d+ \((KZ|PL|UA) \d+, (KZ|PL|UA) \d+, (KZ|PL|UA) \d+\)/,
    );
    expect(stdout).toMatch(
      /Done\. 65 postbacks stored \(64 to notify, the rest duplicates\), \d+ Telegram messages, none lost, 429s from Telegram: 0\./,
    );
  });
});
