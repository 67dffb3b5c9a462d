import { describe, expect, it } from 'vitest';
import { localClock } from '../../src/stats/days.ts';

/** What a wall clock in `timeZone` shows, asked of Intl afresh every time. */
function wallClock(instant: Date, timeZone: string): { day: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

describe('the local clock quiet hours and statistics read', () => {
  it('turns over at the right moment in every zone, however often it is asked', () => {
    // Kyiv's spring-forward (01:00 UTC), New York's, and zones with odd offsets, around
    // midnight and minute boundaries, asked in time order as postbacks ask.
    const moments = [
      '2026-03-29T00:58:59.999Z',
      '2026-03-29T00:59:00.000Z',
      '2026-03-29T00:59:59.999Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:00:30.000Z',
      '2026-11-30T18:14:59.999Z',
      '2026-11-30T18:15:00.000Z',
      '2026-11-30T21:59:59.999Z',
      '2026-11-30T22:00:00.000Z',
      '2026-11-30T22:00:00.001Z',
    ].map((iso) => new Date(iso));
    const zones = ['Europe/Kyiv', 'America/New_York', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'];
    for (const instant of moments) {
      for (const zone of zones) {
        expect(localClock(instant, zone), `${instant.toISOString()} in ${zone}`).toEqual(
          wallClock(instant, zone),
        );
        // Asked again at once (the next postback of the same minute): the same answer.
        expect(localClock(instant, zone)).toEqual(wallClock(instant, zone));
      }
    }
  });
});
