/**
 * A profile's days: statistics count by the calendar day in the profile's time zone, so
 * "today" in Kyiv starts at Kyiv's midnight, whatever the server's zone and across DST
 * changes. Days are ISO dates (`2026-11-29`); their arithmetic is on the calendar, not on
 * 24-hour steps.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA writes dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `zone` is an IANA time zone this runtime knows (`Europe/Kyiv`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    dayFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar day `instant` falls on in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  return dayFormatter(timeZone).format(instant);
}

const clocks = new Map<string, Intl.DateTimeFormat>();
/** The last answer per zone: every postback asks, and it only changes once a minute. */
const lastClock = new Map<string, { minute: number; clock: { day: string; minutes: number } }>();

/** The day and the minutes since its midnight that `instant` shows on a clock in `timeZone`. */
export function localClock(instant: Date, timeZone: string): { day: string; minutes: number } {
  // Every zone's offset is whole minutes, so a clock turns over only on a UTC minute.
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastClock.get(timeZone);
  if (last?.minute === minute) return last.clock;
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    clocks.set(timeZone, clock);
  }
  const [hours, minutes] = clock.format(instant).split(':').map(Number) as [number, number];
  const answer = { day: localDay(instant, timeZone), minutes: hours * 60 + minutes };
  lastClock.set(timeZone, { minute, clock: answer });
  return answer;
}

/** The day `days` calendar days after `day` (before, when negative). */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** Whether `text` is a real calendar date written as YYYY-MM-DD. */
export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && addDays(text, 0) === text;
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The periods a user picks from: each ends today or yesterday, in the profile's zone. */
export const PERIODS = ['today', 'yesterday', '7d', '30d'] as const;
export type Period = (typeof PERIODS)[number];

export interface DayRange {
  from: string;
  to: string;
}

export function periodRange(period: Period, now: Date, timeZone: string): DayRange {
  const today = localDay(now, timeZone);
  switch (period) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const yesterday = addDays(today, -1);
      return { from: yesterday, to: yesterday };
    }
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
  }
}
