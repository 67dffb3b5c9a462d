import { describe, expect, it } from 'vitest';
import { type Card, DEFAULT_CARD, describeCard, parseCard } from '../../src/messages/card.ts';
import {
  type MessageEvent,
  renderDigest,
  renderEvent,
  summarize,
} from '../../src/messages/render.ts';
import { eventFieldsOf } from '../../src/postback/event-fields.ts';
import { parsePostback } from '../../src/postback/fields.ts';
import { leadQuery, saleForm } from '../fixtures/postbacks.ts';

/** A Keitaro postback as the outbox hands it to rendering: its fields and its payload. */
function eventOf(query: string): MessageEvent {
  const postback = parsePostback(Object.fromEntries(new URLSearchParams(query)));
  return { ...eventFieldsOf(postback), extra: postback.fields };
}

const sale = eventOf(
  `${saleForm.replace('sub_id_1=google', 'sub_id_1=buyer7')}&offer_id=42&sub_id_3=adset%3C9%3E`,
);
const lead = eventOf(leadQuery);
const card = (over: Partial<Card>): Card => ({ ...DEFAULT_CARD, ...over });

describe('a notification card', () => {
  it('by default is the seed layout, byte for byte', () => {
    expect(renderEvent(sale, 'ru', 'html', DEFAULT_CARD)).toBe(renderEvent(sale, 'ru'));
    expect(renderEvent(sale, 'ru')).toBe(
      [
        '<b>💰 Депозит</b>',
        'Кампания: Betting UA',
        'Креатив: cr_123',
        'Лендинг: Landing Page',
        'Доход: 100 USD',
        'Sub1: buyer7 | ГЕО: 🇺🇦 UA',
        'TX: <code>T-991</code>',
      ].join('\n'),
    );
  });

  it('compact puts the status and the values on one line, money first', () => {
    expect(renderEvent(sale, 'ru', 'html', card({ layout: 'compact' }))).toBe(
      '<b>💰 Депозит</b> · 100 USD · Betting UA · 🇺🇦 UA · buyer7',
    );
    expect(renderEvent(lead, 'en', 'text', card({ layout: 'compact' }))).toBe(
      '📝 Registration · Betting UA · 🇺🇦 UA · buyer7',
    );
  });

  it('hides the lines it is told to, also one of Sub1 and GEO sharing a line', () => {
    const text = renderEvent(sale, 'ru', 'html', card({ hide: ['revenue', 'geo', 'tx'] }));
    expect(text).not.toContain('100');
    expect(text).not.toContain('TX');
    expect(text.split('\n').at(-1)).toBe('Sub1: buyer7');
    const compact = renderEvent(sale, 'ru', 'html', card({ layout: 'compact', hide: ['revenue'] }));
    expect(compact).toBe('<b>💰 Депозит</b> · Betting UA · 🇺🇦 UA · buyer7');
  });

  it('shows extra lines before the TX, escaped, and none that says what a line says already', () => {
    const text = renderEvent(
      sale,
      'en',
      'html',
      card({ show: ['offer_id', 'source', 'creative_id', 'sub_id_1', 'sub_id_3', 'landing_id'] }),
    );
    expect(text.split('\n').slice(-5)).toEqual([
      'Sub1: buyer7 | GEO: 🇺🇦 UA',
      'Offer ID: 42',
      'Source: fb',
      'Sub3: adset&lt;9&gt;',
      'TX: <code>T-991</code>',
    ]);
    // A registration has no creative line: its creative comes as an extra line.
    expect(renderEvent(lead, 'en', 'html', card({ show: ['creative_id'] }))).toContain(
      'Creative: cr_123\nTX:',
    );
    expect(renderEvent(sale, 'ru', 'html', card({ layout: 'compact', show: ['sub_id_3'] }))).toBe(
      '<b>💰 Депозит</b> · 100 USD · Betting UA · 🇺🇦 UA · buyer7 · adset&lt;9&gt;',
    );
  });

  it('reads back as stored, leaving out what this version does not know', () => {
    expect(parseCard(null)).toBeNull();
    expect(
      parseCard({ layout: 'compact', hide: ['revenue', 'cost'], show: ['sub_id_31'] }),
    ).toEqual({ layout: 'compact', hide: ['revenue'], show: [] });
    expect(
      describeCard(card({ layout: 'compact', hide: ['revenue', 'tx'], show: ['offer_id'] })),
    ).toBe('compact · hide revenue, tx · show offer_id');
  });
});

describe('a digest of a chat whose card hides lines', () => {
  const events = [sale, { ...sale, tid: 'T-992', revenue: '50' }].map((e) => ({
    ...e,
    createdAt: new Date('2026-11-30T10:00:00Z'),
  }));

  it('says no amounts when revenue is hidden, and no ids when TX is', () => {
    const summary = summarize(events);
    expect(renderDigest(summary, 'ru')).toContain('Доход: 150 USD');
    const hidden = renderDigest({ ...summary, hide: ['revenue', 'tx'] }, 'ru');
    expect(hidden).toBe('<b>💰 Депозиты</b>: 2 за 1 мин — Betting UA ×2 (UA 2)');
  });

  it('counts without campaigns or countries when those are hidden', () => {
    const hidden = renderDigest(
      { ...summarize(events), hide: ['campaign', 'revenue', 'tx'] },
      'en',
    );
    expect(hidden).toBe('<b>💰 Deposits</b>: 2 in 1 min');
  });
});
