import { describe, expect, it } from 'vitest';
import { isUnreplacedMacro, parseAmount, parsePostback } from '../../src/postback/fields.ts';
import { fieldsFromQuery } from '../../src/postback/request.ts';
import { FIELD_TEMPLATE } from '../../src/postback/url.ts';
import { leadQuery, rebillLegacyNames, saleForm } from '../fixtures/postbacks.ts';

describe('parsing a postback', () => {
  it('reads a Keitaro lead with its canonical field names', () => {
    const p = parsePostback(fieldsFromQuery(leadQuery));
    expect(p).toMatchObject({
      status: 'registration',
      statusWord: 'lead',
      tid: null,
      subid: '3kq1a9x7',
      campaignId: '12',
      campaignName: 'Betting UA',
      landing: 'Landing Page',
      country: 'UA',
      source: 'fb',
      creativeId: 'cr_123',
      subIds: { 1: 'buyer7', 2: 'adset_44' },
    });
  });

  it("the URL handed out uses only Keitaro's own placeholders, and what it fills in is read", () => {
    // Keitaro's built-in S2S placeholders (its docs, "S2S postback placeholders").
    const keitaro = new Set(
      (
        'subid external_id status tid revenue cost profit campaign_id campaign_name offer_id ' +
        'landing_id ts_id traffic_source_name source creative_id ad_campaign_id keyword country ' +
        'region city language os browser device_type isp ip conversion_revenue currency'
      )
        .split(' ')
        .concat(Array.from({ length: 30 }, (_, i) => `sub_id_${i + 1}`)),
    );
    const placeholders = [...FIELD_TEMPLATE.matchAll(/=\{([^}]+)\}/g)].map((m) => m[1]);
    expect(placeholders.filter((name) => !keitaro.has(name as string))).toEqual([]);
    expect(placeholders).toEqual(expect.arrayContaining(['offer_id', 'landing_id', 'ts_id']));

    // A deposit as Keitaro fills the template in: ids for the offer and the landing.
    const filled: Record<string, string> = {
      status: 'sale',
      tid: 'T-991',
      subid: '3kq1a9x7',
      campaign_id: '12',
      campaign_name: 'Betting UA',
      offer_id: '42',
      landing_id: '7',
      conversion_revenue: '100',
      currency: 'usd',
      country: 'UA',
      source: 'fb_feed',
      traffic_source_name: 'Facebook',
      ts_id: '3',
      creative_id: 'cr_123',
      sub_id_1: 'buyer7',
      sub_id_2: '',
    };
    const query = FIELD_TEMPLATE.slice(1).replace(/\{([^}]+)\}/g, (_, name: string) =>
      encodeURIComponent(filled[name] ?? ''),
    );
    const p = parsePostback(fieldsFromQuery(query));
    expect(p).toMatchObject({
      status: 'deposit',
      offer: '42',
      landing: '7',
      source: 'fb_feed',
      revenue: '100',
      currency: 'USD',
      subIds: { 1: 'buyer7' },
    });
    expect(p.fields).toMatchObject({ traffic_source_name: 'Facebook', ts_id: '3' });
  });

  it('treats an unreplaced macro such as {offer_name} as empty', () => {
    const p = parsePostback(fieldsFromQuery(leadQuery));
    expect(p.offer).toBeNull();
    expect(isUnreplacedMacro('{offer_name}')).toBe(true);
    expect(isUnreplacedMacro('{status:lead=reg sale=dep}')).toBe(true);
    expect(isUnreplacedMacro('Offer {1}')).toBe(false);
  });

  it('accepts the names older guides used: transaction_id, click_id, payout, geo', () => {
    const p = parsePostback(fieldsFromQuery(rebillLegacyNames));
    expect(p).toMatchObject({
      status: 'rebill',
      tid: 'T-1200',
      subid: '9zz1',
      campaignId: '15',
      campaignName: 'Casino KZ',
      revenue: '25.5',
      currency: 'EUR',
      country: 'KZ',
      source: 'tiktok',
    });
  });

  it('prefers the canonical name when both it and an alias carry a value', () => {
    const p = parsePostback({ tid: 'T-1', transaction_id: 'T-2', subid: 'a', click_id: 'b' });
    expect(p.tid).toBe('T-1');
    expect(p.subid).toBe('a');
  });

  it('falls through to an alias when the canonical field is empty', () => {
    const p = parsePostback({ tid: '', transaction_id: 'T-7', revenue: '', payout: '12.40' });
    expect(p.tid).toBe('T-7');
    expect(p.revenue).toBe('12.40');
  });

  it('reads every revenue name: conversion_revenue, revenue, payout', () => {
    expect(parsePostback({ conversion_revenue: '100' }).revenue).toBe('100');
    expect(parsePostback({ revenue: '7.5' }).revenue).toBe('7.5');
    expect(parsePostback({ payout: '3' }).revenue).toBe('3');
  });

  it('takes a deposit from a form body with its money fields', () => {
    const p = parsePostback(Object.fromEntries(new URLSearchParams(saleForm)));
    expect(p).toMatchObject({ status: 'deposit', tid: 'T-991', revenue: '100', currency: 'USD' });
  });

  it('keeps the original_status a network passes next to the normalized one', () => {
    const p = parsePostback({ status: 'sale', original_status: 'Approved (manual)' });
    expect(p.status).toBe('deposit');
    expect(p.originalStatus).toBe('Approved (manual)');
  });

  it('keeps every field it does not know in the raw fields', () => {
    const p = parsePostback({ status: 'lead', sub_id_9: 'x', promo: 'BONUS100' });
    expect(p.fields.promo).toBe('BONUS100');
    expect(p.subIds[9]).toBe('x');
  });
});

describe('amounts', () => {
  it.each([
    ['100', '100'],
    ['100.50', '100.50'],
    ['1,5', '1.5'],
    [' 12 ', '12'],
    ['-3.25', '-3.25'],
  ])('"%s" is the amount %s', (input, expected) => {
    expect(parseAmount(input)).toBe(expected);
  });

  it.each(['abc', '1.2.3', '1e9', '{conversion_revenue}', '12 USD'])(
    '"%s" is not an amount and is left out',
    (input) => {
      expect(parseAmount(input)).toBeNull();
    },
  );
});
