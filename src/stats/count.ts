import type { NormalizedStatus } from '../postback/status.ts';
import { localDay } from './days.ts';

/**
 * What one stored event changes in the statistics, as a pure function of the event and of
 * what was counted before it (the deposits by transaction id, the clicks by subid):
 *
 * - every event that is not a duplicate counts once, on its day in the profile's zone;
 * - a deposit or repeat deposit whose `tid` was counted already is not counted again;
 * - a rejection whose `tid` is a counted deposit (Keitaro's sale→rejected) takes that
 *   deposit and its revenue back out of the deposit's day, and counts as a rejection;
 * - a click's first registration and first deposit give registration → deposit conversion
 *   and the time between them; a first deposit taken back leaves the click undeposited.
 */

/** The dimensions every figure can be broken down by; '' or 0 where there was none. */
export interface Dimensions {
  campaign: string;
  country: string;
  buyer: string;
  source: string;
  offer: string;
  currency: string;
  chatId: number;
  topicId: number;
}

export interface CountableEvent extends Dimensions {
  profileId: number;
  createdAt: Date;
  timeZone: string;
  status: NormalizedStatus;
  statusWord: string;
  tid: string | null;
  subid: string | null;
  /** Exact decimal text, or null. */
  revenue: string | null;
}

export interface DailyDelta extends Dimensions {
  profileId: number;
  day: string;
  status: NormalizedStatus;
  statusWord: string;
  conversions: number;
  revenue: string;
}

export interface CountedDeposit extends Dimensions {
  profileId: number;
  tid: string;
  day: string;
  status: 'deposit' | 'rebill';
  revenue: string;
  subid: string | null;
  reversed: boolean;
}

export interface CountedClick {
  profileId: number;
  subid: string;
  registeredAt: Date | null;
  firstDepositAt: Date | null;
  /** Days in the profile's zone, kept beside the instants so ranges need no time-zone math. */
  registeredDay: string | null;
  firstDepositDay: string | null;
  chatId: number;
  topicId: number;
}

export interface Counted {
  daily: DailyDelta[];
  /** Deposits new or changed by these events, as they now stand. */
  deposits: CountedDeposit[];
  /** Clicks new or changed by these events, as they now stand. */
  clicks: CountedClick[];
}

const keyOf = (profileId: number, id: string) => `${profileId}\u0000${id}`;

export const negate = (amount: string): string =>
  amount.startsWith('-') ? amount.slice(1) : `-${amount}`;

function dimensionsOf(source: Dimensions): Dimensions {
  const {
    campaign,
    country,
    buyer,
    source: trafficSource,
    offer,
    currency,
    chatId,
    topicId,
  } = source;
  return { campaign, country, buyer, source: trafficSource, offer, currency, chatId, topicId };
}

/**
 * Counts `events` (in the order they were stored) over what was counted before:
 * `deposits` and `clicks` hold, by profile and `tid` or `subid`, the rows the events may
 * touch (the caller loads them).
 */
export function countEvents(
  events: readonly CountableEvent[],
  known: { deposits: readonly CountedDeposit[]; clicks: readonly CountedClick[] },
): Counted {
  const deposits = new Map(known.deposits.map((d) => [keyOf(d.profileId, d.tid), d]));
  const clicks = new Map(known.clicks.map((c) => [keyOf(c.profileId, c.subid), c]));
  const changedDeposits = new Set<string>();
  const changedClicks = new Set<string>();
  const daily: DailyDelta[] = [];

  const click = (event: CountableEvent, subid: string): CountedClick => {
    const key = keyOf(event.profileId, subid);
    let row = clicks.get(key);
    if (!row) {
      row = {
        profileId: event.profileId,
        subid,
        registeredAt: null,
        firstDepositAt: null,
        registeredDay: null,
        firstDepositDay: null,
        chatId: event.chatId,
        topicId: event.topicId,
      };
      clicks.set(key, row);
    }
    changedClicks.add(key);
    return row;
  };

  for (const event of events) {
    const day = localDay(event.createdAt, event.timeZone);
    const dims = dimensionsOf(event);
    const tidKey = event.tid ? keyOf(event.profileId, event.tid) : undefined;
    const { status } = event;

    if ((status === 'deposit' || status === 'rebill') && tidKey && deposits.has(tidKey)) {
      continue; // the same transaction, counted already
    }
    daily.push({
      profileId: event.profileId,
      day,
      status,
      statusWord: status === 'other' ? event.statusWord.trim().toLowerCase() : '',
      conversions: 1,
      revenue: event.revenue ?? '0',
      ...dims,
    });

    if (status === 'registration' && event.subid) {
      const row = click(event, event.subid);
      if (!row.registeredAt || event.createdAt < row.registeredAt) {
        row.registeredAt = event.createdAt;
        row.registeredDay = day;
        row.chatId = event.chatId;
        row.topicId = event.topicId;
      }
    }
    if ((status === 'deposit' || status === 'rebill') && event.tid && tidKey) {
      deposits.set(tidKey, {
        profileId: event.profileId,
        tid: event.tid,
        day,
        status,
        revenue: event.revenue ?? '0',
        subid: event.subid,
        reversed: false,
        ...dims,
      });
      changedDeposits.add(tidKey);
    }
    if (status === 'deposit' && event.subid) {
      const row = click(event, event.subid);
      if (!row.firstDepositAt) {
        row.firstDepositAt = event.createdAt;
        row.firstDepositDay = day;
      }
    }
    if (status === 'rejected' && tidKey) {
      const deposit = deposits.get(tidKey);
      if (deposit && !deposit.reversed) {
        deposit.reversed = true;
        changedDeposits.add(tidKey);
        daily.push({
          profileId: deposit.profileId,
          day: deposit.day,
          status: deposit.status,
          statusWord: '',
          conversions: -1,
          revenue: negate(deposit.revenue),
          ...dimensionsOf(deposit),
        });
        if (deposit.status === 'deposit' && deposit.subid) {
          const row = click(event, deposit.subid);
          row.firstDepositAt = null;
          row.firstDepositDay = null;
        }
      }
    }
  }
  return {
    daily,
    deposits: [...changedDeposits].map((key) => deposits.get(key) as CountedDeposit),
    clicks: [...changedClicks].map((key) => clicks.get(key) as CountedClick),
  };
}
