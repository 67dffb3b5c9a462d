import { describe, expect, it } from 'vitest';
import { type Diagnosis, diagnosisScreen } from '../../src/bot/diagnostics.ts';
import type { ProfileRow } from '../../src/db/schema.ts';
import type { ReconcileReport } from '../../src/keitaro/reconcile.ts';
import type { EventSummary } from '../../src/profiles/repository.ts';

const OWNER = 7_500_001;
const GROUP = -1003000000061;
const NOW = Date.parse('2026-11-30T14:30:00Z');

const profile: ProfileRow = {
  id: 5,
  ownerUserId: OWNER,
  name: 'Keitaro',
  secret: 'S'.repeat(43),
  enabled: true,
  defaultChatId: null,
  defaultTopicId: null,
  language: 'ru',
  timezone: 'Europe/Kyiv',
  buyerField: null,
  pausedUntil: null,
  pauseButton: false,
  card: null,
  rateLimitRps: 27,
  dedupTtlSec: 3600,
  createdAt: new Date(),
  updatedAt: new Date(),
};

const event = (over: Partial<EventSummary>): EventSummary => ({
  id: 41,
  createdAt: new Date('2026-11-30T14:05:00Z'),
  status: 'deposit',
  statusWord: 'sale',
  tid: 'T-41',
  subid: null,
  campaignId: '12',
  campaignName: 'FB UA',
  revenue: '100',
  currency: 'USD',
  outcome: 'queued',
  processed: true,
  error: null,
  deliveryStates: ['sent'],
  deliveryError: null,
  routeId: null,
  chatId: OWNER,
  topicId: null,
  recovered: false,
  ...over,
});

const diagnosis = (over: Partial<Diagnosis>): Diagnosis => ({
  profile,
  routes: [],
  names: { chats: new Map([[GROUP, 'Team A']]), topics: new Map() },
  chats: [{ chatId: OWNER, topicId: null, problem: null, detail: null }],
  droppedTopics: [],
  lastPostbackAt: new Date(NOW - 60_000),
  rateLimited: null,
  waiting: 0,
  dead: 0,
  events: [],
  keitaro: undefined,
  ...over,
});

/** A tracker connected yesterday whose log was read `report` (an ok one by default). */
const connected = (report: Partial<ReconcileReport>, reconciledAt: Date | null = null) => ({
  profileId: profile.id,
  url: 'https://tracker.example.com/admin_api/v1',
  generation: 'v11' as const,
  connectedAt: new Date(NOW - 86_400_000),
  checkedAt: new Date(NOW - 86_400_000),
  checkOutcome: 'ok',
  checkReport: null,
  keyEncrypted: true,
  reconciledAt,
  reconcileReport: {
    profileId: profile.id,
    at: new Date(NOW - 120_000).toISOString(),
    from: new Date(NOW - 120_000 - 48 * 3600_000).toISOString(),
    to: new Date(NOW - 120_000).toISOString(),
    dryRun: false,
    ok: true,
    seen: 152,
    stored: 149,
    recovered: 3,
    changes: 1,
    history: 0,
    raced: 0,
    complete: true,
    pages: 1,
    found: [],
    ...report,
  },
});

describe('🩺 in plain words', () => {
  it("shows the last read of Keitaro's log, or its problem in plain words, or offers it after refusals", () => {
    const ok = diagnosisScreen('en', diagnosis({ keitaro: connected({}) }), NOW).text;
    expect(ok).toContain(
      "🛟 Keitaro's conversions log read 2 min ago: 152 conversions in the last 48 h, 3 recovered that no postback brought.",
    );
    const failed = diagnosisScreen(
      'ru',
      diagnosis({
        keitaro: connected(
          { ok: false, problem: { kind: 'unauthorized', status: 401 } },
          new Date(NOW - 3 * 3600_000),
        ),
      }),
      NOW,
    ).text;
    expect(failed).toContain('⚠️ Журнал конверсий Keitaro не удалось прочитать 2 мин назад: ');
    expect(failed).toMatch(/ключ/i);
    expect(failed).toContain('Последнее удачное чтение: 3 ч назад.');
    const refused = { count: 12, lastAt: new Date(NOW - 60_000), limitRps: 5 };
    expect(diagnosisScreen('en', diagnosis({ rateLimited: refused }), NOW).text).toContain(
      '🔌 Connect Keitaro',
    );
    expect(diagnosisScreen('en', diagnosis({}), NOW).text).not.toContain('🔌');
    // An event the log brought is marked so in the list.
    const listed = diagnosisScreen('en', diagnosis({ events: [event({ recovered: true })] }), NOW);
    expect(listed.text).toContain('#41 16:05 🛟 · deposit');
  });

  it('names each event by its status in the reader’s language, with its campaign and time', () => {
    const text = diagnosisScreen(
      'ru',
      diagnosis({
        events: [
          event({}),
          event({ id: 42, status: 'rebill', statusWord: 'rebill', campaignName: null }),
          event({
            id: 43,
            status: 'other',
            statusWord: 'trial',
            campaignName: null,
            campaignId: null,
          }),
        ],
      }),
      NOW,
    ).text;
    expect(text).toContain(
      '#41 16:05 · депозит · кампания FB UA · T-41 — доставлено → этот личный чат',
    );
    expect(text).toContain('#42 16:05 · повторный депозит · кампания 12 · T-41 — доставлено');
    expect(text).toContain('#43 16:05 · trial · T-41 — доставлено');
    expect(text).not.toMatch(/\bdeposit\b|\brebill\b|\(sale\)/);
  });

  it("says why a chat or a delivery failed in its own words, never Telegram's", () => {
    const text = diagnosisScreen(
      'uk',
      diagnosis({
        chats: [
          {
            chatId: GROUP,
            topicId: null,
            problem: 'not_found',
            detail: 'Bad Request: chat not found',
          },
        ],
        events: [
          event({
            deliveryStates: ['dead'],
            deliveryError: 'Bad Request: message is too long',
            chatId: GROUP,
          }),
        ],
      }),
      NOW,
    ).text;
    expect(text).toContain('❌ чат «Team A»: Telegram не знає цей чат, або мене там немає.');
    expect(text).toContain('помилка: Telegram відхилив повідомлення');
    expect(text).not.toContain('Bad Request');
  });

  it('says that a deleted topic was replaced by the main thread, quoted as the reader quotes', () => {
    const d = diagnosis({
      chats: [{ chatId: GROUP, topicId: null, problem: null, detail: null }],
      droppedTopics: [{ chatId: GROUP, topicId: 9 }],
    });
    expect(diagnosisScreen('en', d, NOW).text).toContain(
      `ℹ️ Topic 9 of "Team A" was deleted: its notifications now go to the chat's main thread.`,
    );
    d.names.topics.set(`${GROUP}:9`, 'Deposits <FB>');
    expect(diagnosisScreen('uk', d, NOW).text).toContain(
      'ℹ️ Топік «Deposits &lt;FB&gt;» чату «Team A» видалено: його сповіщення тепер ідуть в основний потік чату.',
    );
  });

  it('gives the rate limit that refused the postbacks, not today’s', () => {
    const text = diagnosisScreen(
      'ru',
      diagnosis({
        rateLimited: { count: 3, lastAt: new Date(NOW - 120_000), limitRps: 1 },
      }),
      NOW,
    ).text;
    expect(text).toContain('⚠️ 3 постбэка отклонено лимитом частоты (1/с), последний 2 мин назад.');
  });
});
