import { describe, expect, it } from 'vitest';
import {
  type DigestEvent,
  formatAmount,
  formatCountry,
  htmlToText,
  type MessageEvent,
  mergeSummaries,
  renderDigest,
  renderEvent,
  renderNotice,
  summarize,
  TELEGRAM_TEXT_LIMIT,
} from '../../src/messages/render.ts';
import type { Language } from '../../src/routing/route.ts';

const none = {
  originalStatus: null,
  tid: null,
  subid: null,
  campaignId: null,
  campaignName: null,
  offer: null,
  landing: null,
  revenue: null,
  currency: null,
  country: null,
  source: null,
  creativeId: null,
  subId1: null,
  subId2: null,
  externalId: null,
  reason: null,
};

/** The examples of the product's original specification. */
const registration: MessageEvent = {
  ...none,
  status: 'registration',
  statusWord: 'lead',
  subid: 'abc123def456',
  campaignId: '12',
  campaignName: 'Campaign Name',
  offer: 'Offer Name',
  country: 'US',
  subId1: 'utm_source',
};
const deposit: MessageEvent = {
  ...none,
  status: 'deposit',
  statusWord: 'sale',
  tid: 'xyz789ghi012',
  subid: 'c-1',
  campaignName: 'Campaign Name',
  creativeId: 'cr_123',
  landing: 'Landing Page',
  revenue: '100',
  currency: 'USD',
  country: 'UK',
  subId1: 'google',
};
const rebill: MessageEvent = {
  ...deposit,
  status: 'rebill',
  statusWord: 'rebill',
  tid: 'T-1200',
  revenue: '1250.5',
  currency: 'EUR',
};
const rejected: MessageEvent = {
  ...none,
  status: 'rejected',
  statusWord: 'rejected',
  tid: 'qwe456rty789',
  campaignName: 'Campaign Name',
  reason: 'invalid_geo',
};
const other: MessageEvent = {
  ...none,
  status: 'other',
  statusWord: 'hold',
  tid: 'T-77',
  campaignName: 'Campaign Name',
  revenue: '50',
  currency: 'USD',
  country: 'DE',
};

const all = { registration, deposit, rebill, rejected, other };
const render = (language: Language) =>
  Object.fromEntries(
    Object.entries(all).map(([name, event]) => [name, renderEvent(event, language)]),
  );

describe('notifications', () => {
  it('render every status in Russian as the original specification shows', () => {
    expect(render('ru')).toMatchInlineSnapshot(`
      {
        "deposit": "<b>💰 Депозит</b>
      Кампания: Campaign Name
      Креатив: cr_123
      Лендинг: Landing Page
      Доход: 100 USD
      Sub1: google | ГЕО: 🇬🇧 UK
      TX: <code>xyz789ghi012</code>",
        "other": "<b>ℹ️ hold</b>
      Кампания: Campaign Name
      Доход: 50 USD
      ГЕО: 🇩🇪 DE
      TX: <code>T-77</code>",
        "rebill": "<b>🔁 Повторный депозит</b>
      Кампания: Campaign Name
      Креатив: cr_123
      Лендинг: Landing Page
      Доход: 1 250,5 EUR
      Sub1: google | ГЕО: 🇬🇧 UK
      TX: <code>T-1200</code>",
        "registration": "<b>📝 Регистрация</b>
      Кампания: Campaign Name
      Оффер: Offer Name
      ГЕО: 🇺🇸 US
      Sub1: utm_source
      TX: <code>abc123def456</code>",
        "rejected": "<b>⛔️ Отказ</b>
      Кампания: Campaign Name
      Причина: invalid_geo
      TX: <code>qwe456rty789</code>",
      }
    `);
  });

  it('render every status in Ukrainian', () => {
    expect(render('uk')).toMatchInlineSnapshot(`
      {
        "deposit": "<b>💰 Депозит</b>
      Кампанія: Campaign Name
      Креатив: cr_123
      Лендінг: Landing Page
      Дохід: 100 USD
      Sub1: google | ГЕО: 🇬🇧 UK
      TX: <code>xyz789ghi012</code>",
        "other": "<b>ℹ️ hold</b>
      Кампанія: Campaign Name
      Дохід: 50 USD
      ГЕО: 🇩🇪 DE
      TX: <code>T-77</code>",
        "rebill": "<b>🔁 Повторний депозит</b>
      Кампанія: Campaign Name
      Креатив: cr_123
      Лендінг: Landing Page
      Дохід: 1 250,5 EUR
      Sub1: google | ГЕО: 🇬🇧 UK
      TX: <code>T-1200</code>",
        "registration": "<b>📝 Реєстрація</b>
      Кампанія: Campaign Name
      Офер: Offer Name
      ГЕО: 🇺🇸 US
      Sub1: utm_source
      TX: <code>abc123def456</code>",
        "rejected": "<b>⛔️ Відмова</b>
      Кампанія: Campaign Name
      Причина: invalid_geo
      TX: <code>qwe456rty789</code>",
      }
    `);
  });

  it('render every status in English', () => {
    expect(render('en')).toMatchInlineSnapshot(`
      {
        "deposit": "<b>💰 Deposit</b>
      Campaign: Campaign Name
      Creative: cr_123
      Landing: Landing Page
      Revenue: 100 USD
      Sub1: google | GEO: 🇬🇧 UK
      TX: <code>xyz789ghi012</code>",
        "other": "<b>ℹ️ hold</b>
      Campaign: Campaign Name
      Revenue: 50 USD
      GEO: 🇩🇪 DE
      TX: <code>T-77</code>",
        "rebill": "<b>🔁 Repeat deposit</b>
      Campaign: Campaign Name
      Creative: cr_123
      Landing: Landing Page
      Revenue: 1,250.5 EUR
      Sub1: google | GEO: 🇬🇧 UK
      TX: <code>T-1200</code>",
        "registration": "<b>📝 Registration</b>
      Campaign: Campaign Name
      Offer: Offer Name
      GEO: 🇺🇸 US
      Sub1: utm_source
      TX: <code>abc123def456</code>",
        "rejected": "<b>⛔️ Rejected</b>
      Campaign: Campaign Name
      Reason: invalid_geo
      TX: <code>qwe456rty789</code>",
      }
    `);
  });

  it('leave out lines whose value is empty, never printing None or a blank', () => {
    const text = renderEvent(
      { ...deposit, creativeId: null, landing: '', subId1: null, revenue: null },
      'ru',
    );
    expect(text).toBe(
      '<b>💰 Депозит</b>\nКампания: Campaign Name\nГЕО: 🇬🇧 UK\nTX: <code>xyz789ghi012</code>',
    );
    expect(text).not.toMatch(/None|null|undefined|: \n/);
  });

  it('show the click id as TX when there is no transaction id', () => {
    expect(renderEvent(registration, 'en')).toContain('TX: <code>abc123def456</code>');
  });

  it('show the original status when the network sent one', () => {
    expect(renderEvent({ ...deposit, originalStatus: 'Approved (manual)' }, 'en')).toContain(
      'Original status: Approved (manual)',
    );
  });

  it('escape every value from a postback, so HTML in a campaign name is shown, not obeyed', () => {
    const text = renderEvent(
      { ...deposit, campaignName: '<b>VIP</b> & <a href="x">go</a>', subId1: '</code>' },
      'en',
    );
    expect(text).toContain('Campaign: &lt;b&gt;VIP&lt;/b&gt; &amp; &lt;a href="x"&gt;go&lt;/a&gt;');
    expect(text).toContain('Sub1: &lt;/code&gt;');
    expect(htmlToText(text)).toContain('Campaign: <b>VIP</b> & <a href="x">go</a>');
  });

  it('stay within 4096 visible characters, shortening long values with … and never cutting a tag or entity', () => {
    const text = renderEvent(
      {
        ...deposit,
        campaignName: '<&>'.repeat(3000),
        landing: 'L'.repeat(5000),
        reason: 'r'.repeat(9000),
        subId1: '😀'.repeat(3000),
      },
      'en',
    );
    const visible = htmlToText(text);
    expect(visible.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(visible).toContain('…');
    expect(text).toMatch(/^<b>💰 Deposit<\/b>\n/);
    expect(text).toContain('TX: <code>xyz789ghi012</code>');
    // Every & starts a whole entity; every tag is one of ours and closed.
    expect(text.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    expect(text.match(/<[^>]*>/g)?.every((tag) => /^<\/?(b|code)>$/.test(tag))).toBe(true);
    expect(text.isWellFormed()).toBe(true);
  });

  it('render a plain-text version for chats that refuse the HTML', () => {
    expect(renderEvent(rejected, 'ru', 'text')).toBe(
      '⛔️ Отказ\nКампания: Campaign Name\nПричина: invalid_geo\nTX: qwe456rty789',
    );
  });

  it('keep the status word of an unknown status as the title', () => {
    expect(renderEvent(other, 'ru').split('\n')[0]).toBe('<b>ℹ️ hold</b>');
  });
});

describe('amounts and countries', () => {
  it.each([
    ['100', 'USD', 'ru', '100 USD'],
    ['100.00', 'USD', 'en', '100 USD'],
    ['1250.5', 'EUR', 'ru', '1\u00a0250,5 EUR'],
    ['1250.5', 'EUR', 'uk', '1\u00a0250,5 EUR'],
    ['1250.5', 'EUR', 'en', '1,250.5 EUR'],
    ['0.125', 'USD', 'en', '0.13 USD'],
  ] as const)('%s %s in %s is "%s"', (amount, currency, language, expected) => {
    expect(formatAmount(amount, currency, language)).toBe(expected);
  });

  it('puts the flag before the country code', () => {
    expect(formatCountry('US')).toBe('🇺🇸 US');
    expect(formatCountry('ua')).toBe('🇺🇦 UA');
    expect(formatCountry('UK')).toBe('🇬🇧 UK');
    expect(formatCountry('Germany')).toBe('Germany');
  });
});

describe('digests', () => {
  const start = new Date('2026-11-25T10:00:00Z').getTime();
  const burst: DigestEvent[] = [
    ...Array.from({ length: 30 }, (_, i) => ({
      ...registration,
      subid: `reg-a-${i}`,
      campaignName: 'Campaign A',
      country: i < 20 ? 'US' : 'UK',
      createdAt: new Date(start + i * 3_000),
    })),
    ...Array.from({ length: 18 }, (_, i) => ({
      ...registration,
      subid: `reg-b-${i}`,
      campaignName: 'Campaign B',
      country: null,
      createdAt: new Date(start + i * 2_000),
    })),
    {
      ...deposit,
      tid: 'D-1',
      campaignName: 'Campaign A',
      country: 'US',
      createdAt: new Date(start + 5_000),
    },
    {
      ...rebill,
      tid: 'D-2',
      campaignName: 'Campaign A',
      country: 'US',
      revenue: '50',
      currency: 'EUR',
      createdAt: new Date(start + 6_000),
    },
  ];

  it('count conversions per status and campaign with GEO, sum revenue per currency, and list the first TX ids', () => {
    expect(renderDigest(summarize(burst), 'ru')).toMatchInlineSnapshot(`
      "<b>💰 Депозиты</b>: 1 за 2 мин — Campaign A ×1 (US 1)
      <b>🔁 Повторные депозиты</b>: 1 за 2 мин — Campaign A ×1 (US 1)
      <b>📝 Регистрации</b>: 48 за 2 мин — Campaign A ×30 (US 20, UK 10), Campaign B ×18
      Доход: 100 USD, 50 EUR
      TX: <code>D-1</code>, <code>D-2</code>, <code>reg-a-0</code>, <code>reg-a-1</code>, <code>reg-a-2</code> и ещё 45"
    `);
  });

  it('render in English and Ukrainian too', () => {
    expect(renderDigest(summarize(burst), 'en').split('\n')[2]).toBe(
      '<b>📝 Registrations</b>: 48 in 2 min — Campaign A ×30 (US 20, UK 10), Campaign B ×18',
    );
    expect(renderDigest(summarize(burst), 'uk').split('\n')[2]).toBe(
      '<b>📝 Реєстрації</b>: 48 за 2 хв — Campaign A ×30 (US 20, UK 10), Campaign B ×18',
    );
  });

  it('grow as conversions join a waiting digest, saying what one digest of them all would say', () => {
    const joined = mergeSummaries(summarize(burst.slice(0, 20)), summarize(burst.slice(20)));
    expect(renderDigest(joined, 'ru')).toBe(renderDigest(summarize(burst), 'ru'));
    expect(joined.total).toBe(50);
  });

  it('escape campaign names in a digest', () => {
    const text = renderDigest(
      summarize([
        { ...registration, campaignName: '<script>', createdAt: new Date(start) },
        { ...registration, campaignName: '<script>', createdAt: new Date(start) },
      ]),
      'en',
    );
    expect(text).toContain('&lt;script&gt; ×2');
  });
});

describe('notices to the owner', () => {
  it('say which chat is unreachable and why in plain words, quoted as the owner language quotes', () => {
    const notice = {
      kind: 'chat-unreachable',
      chatId: -1001,
      title: 'Team <A>',
      why: 'kicked',
    } as const;
    expect(renderNotice(notice, 'en')).toBe(
      '⚠️ I can no longer post to "Team &lt;A&gt;" (-1001): I was removed from there. Notifications for it are kept and will be delivered when I am added back.',
    );
    expect(renderNotice(notice, 'ru')).toBe(
      '⚠️ Я больше не могу писать в «Team &lt;A&gt;» (-1001): меня оттуда удалили. Уведомления для него сохранены и придут, когда меня добавят обратно.',
    );
    expect(
      renderNotice({ kind: 'topic-missing', chatId: -1001, title: null, topic: 42 }, 'ru'),
    ).toContain('Топика 42 в -1001 больше нет');
  });
});
