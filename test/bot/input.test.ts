import { describe, expect, it } from 'vitest';
import {
  parseChatId,
  parseConditions,
  parseDedupWindow,
  parseGeo,
  parseMatchValue,
  parseName,
  parsePriority,
  parseRateLimit,
  parseTopic,
} from '../../src/bot/input.ts';

const FORUM = -1001234567890;

describe('what people type into the bot', () => {
  it('takes a chat id as Telegram writes it, and names what is wrong otherwise', () => {
    expect(parseChatId(' -1001234567890 ')).toEqual({ ok: true, value: -1001234567890 });
    // A minus sign pasted from a web page is a dash.
    expect(parseChatId('−1001234567890')).toEqual({ ok: true, value: -1001234567890 });
    expect(parseChatId('team chat')).toMatchObject({ ok: false, error: 'bot-bad-chat-id' });
    expect(parseChatId('-100.5')).toMatchObject({ ok: false, error: 'bot-bad-chat-id' });
    expect(parseChatId('-99999999999999999999')).toMatchObject({
      ok: false,
      error: 'bot-bad-chat-id-range',
    });
    expect(parseChatId('0')).toMatchObject({ ok: false, error: 'bot-bad-chat-id-range' });
  });

  it('takes a topic as a number or a link into it, and refuses a link to another chat', () => {
    expect(parseTopic('7', FORUM)).toEqual({ ok: true, value: 7 });
    expect(parseTopic('https://t.me/c/1234567890/7', FORUM)).toEqual({ ok: true, value: 7 });
    expect(parseTopic('https://t.me/c/1234567890/7/1045', FORUM)).toEqual({ ok: true, value: 7 });
    expect(parseTopic('t.me/teamchat/12/300', FORUM)).toEqual({ ok: true, value: 12 });
    expect(parseTopic('https://t.me/c/999/7', FORUM)).toMatchObject({
      ok: false,
      error: 'bot-bad-topic-chat',
    });
    expect(parseTopic('deposits', FORUM)).toMatchObject({ ok: false, error: 'bot-bad-topic' });
    expect(parseTopic('0', FORUM)).toMatchObject({ ok: false, error: 'bot-bad-topic' });
    expect(parseTopic('99999999999', FORUM)).toMatchObject({ ok: false, error: 'bot-bad-topic' });
  });

  it('reads route conditions one a line, all of which must hold, and names a bad line', () => {
    expect(
      parseConditions('sub_id_1 = buyer7, buyer8\n\n  Country=UA,KZ \noffer_id = /^1[0-9]$/'),
    ).toEqual({
      ok: true,
      value: [
        { field: 'sub_id_1', values: ['buyer7', 'buyer8'] },
        { field: 'country', values: ['UA', 'KZ'] },
        { field: 'offer_id', pattern: '^1[0-9]$' },
      ],
    });
    expect(parseConditions('sub_id_31 = x')).toMatchObject({
      ok: false,
      error: 'bot-bad-condition',
      args: { got: 'sub_id_31 = x' },
    });
    expect(parseConditions('buyer7')).toMatchObject({ ok: false, error: 'bot-bad-condition' });
    expect(parseConditions('country = , ')).toMatchObject({
      ok: false,
      error: 'bot-bad-condition-values',
      args: { field: 'country' },
    });
    expect(parseConditions('source = /(?=fb)/')).toMatchObject({
      ok: false,
      error: 'bot-bad-pattern-unsafe',
    });
    const eleven = Array.from({ length: 11 }, (_, i) => `sub_id_${i + 1} = x`).join('\n');
    expect(parseConditions(eleven)).toMatchObject({ ok: false, error: 'bot-bad-conditions-many' });
  });

  it('reads campaign ids and sources, or a pattern between slashes', () => {
    expect(parseMatchValue('12, 15,12', 'campaign_id')).toEqual({
      ok: true,
      value: { value: '12, 15', isPattern: false },
    });
    expect(parseMatchValue('Betting UA', 'campaign_id')).toMatchObject({
      ok: false,
      error: 'bot-bad-campaigns',
    });
    expect(parseMatchValue('facebook, TikTok', 'source')).toEqual({
      ok: true,
      value: { value: 'facebook, TikTok', isPattern: false },
    });
    expect(parseMatchValue(' , ', 'source')).toMatchObject({ ok: false, error: 'bot-bad-sources' });
    expect(parseMatchValue('/^1[0-9]$/', 'campaign_id')).toEqual({
      ok: true,
      value: { value: '^1[0-9]$', isPattern: true },
    });
    expect(parseMatchValue('/(a)\\1/', 'source')).toMatchObject({
      ok: false,
      error: 'bot-bad-pattern-unsafe',
    });
    expect(parseMatchValue('/(?:a?){999}a{999}/', 'source')).toMatchObject({
      ok: false,
      error: 'bot-bad-pattern-repeat',
      args: { found: 999, max: 50 },
    });
    expect(parseMatchValue('//', 'source')).toMatchObject({
      ok: false,
      error: 'bot-bad-pattern-empty',
    });
    expect(parseMatchValue(`/${'a'.repeat(201)}/`, 'source')).toMatchObject({
      ok: false,
      error: 'bot-bad-pattern-long',
      args: { max: 200 },
    });
    expect(
      parseMatchValue(
        Array(51)
          .fill('x')
          .map((x, i) => x + i)
          .join(','),
        'source',
      ),
    ).toMatchObject({
      ok: false,
      error: 'bot-bad-values-long',
    });
  });

  it('reads limits, windows with units, priorities, countries and names', () => {
    expect(parseRateLimit('100')).toEqual({ ok: true, value: 100 });
    expect(parseRateLimit('0')).toMatchObject({ ok: false, error: 'bot-bad-rps' });
    expect(parseRateLimit('1001')).toMatchObject({ ok: false, error: 'bot-bad-rps' });
    expect(parseRateLimit('1e3')).toMatchObject({ ok: false, error: 'bot-bad-rps' });
    expect(parseDedupWindow('3600')).toEqual({ ok: true, value: 3600 });
    expect(parseDedupWindow('30m')).toEqual({ ok: true, value: 1800 });
    expect(parseDedupWindow('2 H')).toEqual({ ok: true, value: 7200 });
    expect(parseDedupWindow('7d')).toEqual({ ok: true, value: 604_800 });
    expect(parseDedupWindow('0')).toEqual({ ok: true, value: 0 });
    expect(parseDedupWindow('8d')).toMatchObject({ ok: false, error: 'bot-bad-ttl' });
    expect(parseDedupWindow('an hour')).toMatchObject({ ok: false, error: 'bot-bad-ttl' });
  });

  it('reads a window with its unit in any language of the bot', () => {
    const seconds = (text: string) => parseDedupWindow(text);
    expect(seconds('30 мин')).toEqual({ ok: true, value: 1800 });
    expect(seconds('30 хв')).toEqual({ ok: true, value: 1800 });
    expect(seconds('30 min')).toEqual({ ok: true, value: 1800 });
    expect(seconds('2ч')).toEqual({ ok: true, value: 7200 });
    expect(seconds('2 год')).toEqual({ ok: true, value: 7200 });
    expect(seconds('2 hours')).toEqual({ ok: true, value: 7200 });
    expect(seconds('1 ч')).toEqual({ ok: true, value: 3600 });
    expect(seconds('7д')).toEqual({ ok: true, value: 604_800 });
    expect(seconds('7 днів')).toEqual({ ok: true, value: 604_800 });
    expect(seconds('7 дней')).toEqual({ ok: true, value: 604_800 });
    expect(seconds('1 день')).toEqual({ ok: true, value: 86_400 });
    expect(seconds('90 с')).toEqual({ ok: true, value: 90 });
    expect(seconds('90 сек')).toEqual({ ok: true, value: 90 });
    expect(seconds('2 года')).toMatchObject({ ok: false, error: 'bot-bad-ttl' });
    expect(seconds('8 днів')).toMatchObject({ ok: false, error: 'bot-bad-ttl' });
    expect(parsePriority('-20')).toEqual({ ok: true, value: -20 });
    expect(parsePriority('first')).toMatchObject({ ok: false, error: 'bot-bad-priority' });
    expect(parseGeo('ua, kz, UA')).toEqual({ ok: true, value: ['UA', 'KZ'] });
    expect(parseGeo('Ukraine')).toMatchObject({ ok: false, error: 'bot-bad-geo' });
    expect(parseName('  Team A  ')).toEqual({ ok: true, value: 'Team A' });
    expect(parseName('')).toMatchObject({ ok: false, error: 'bot-bad-name-empty' });
    expect(parseName('x'.repeat(65))).toMatchObject({ ok: false, error: 'bot-bad-name-long' });
  });
});
