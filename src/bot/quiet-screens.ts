import type { Db } from '../db/client.ts';
import type { ProfileRow } from '../db/schema.ts';
import { type QuietHours, quietHoursOf } from '../delivery/calm.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml } from '../messages/render.ts';
import type { Language } from '../routing/route.ts';
import { localClock } from '../stats/days.ts';
import { formatClock } from '../stats/schedule.ts';
import type { Callback, QuietChange } from './callback.ts';
import { lineOf, targetLines } from './insights-screens.ts';
import { backRow, button, mark, plainLabel, rows, type Screen } from './screens.ts';

/**
 * 🌙 Quiet hours in the bot: each chat and topic the profile sends to, with its hours, and for
 * one of them a few common windows, typed hours, whether deposits come through, or off. The
 * rule itself is delivery/calm-rule.ts; times are on the profile's clock.
 */

/** Windows offered as buttons (minutes after the profile's midnight); any other can be typed. */
export const QUIET_WINDOWS = [
  { from: 23 * 60, to: 8 * 60 },
  { from: 22 * 60, to: 7 * 60 },
  { from: 60, to: 8 * 60 },
  { from: 0, to: 9 * 60 },
] as const;

type Target = { chatId: number; topicId: number };

const quietCb = (id: number, target?: Target, set?: QuietChange): Callback => ({
  kind: 'quiet',
  id,
  ...(target ? { target } : {}),
  ...(set ? { set } : {}),
});

/** "23:00–08:00". */
export const windowText = (lang: Language, fromMin: number, toMin: number) =>
  t(lang, 'bot-quiet-window', { from: formatClock(fromMin), to: formatClock(toMin) });

/** "23:00–08:00 · 💰 deposits come through", or "off". */
function stateText(lang: Language, hours: QuietHours | null): string {
  if (!hours) return t(lang, 'bot-quiet-off');
  const window = windowText(lang, hours.fromMin, hours.toMin);
  return hours.depositsThrough ? `${window} · ${t(lang, 'bot-quiet-deposits')}` : window;
}

async function quietLines(db: Db, lang: Language, profile: ProfileRow) {
  const lines = await targetLines(db, lang, profile, await quietHoursOf(db, profile.id));
  return lines.map((line) => ({ ...line, hours: line.setting }));
}

export async function quietView(
  db: Db,
  lang: Language,
  profile: ProfileRow,
  now: Date,
): Promise<Screen> {
  const id = profile.id;
  const lines = await quietLines(db, lang, profile);
  return {
    text: [
      t(lang, 'bot-quiet', {
        name: escapeHtml(profile.name),
        zone: escapeHtml(profile.timezone),
        time: formatClock(localClock(now, profile.timezone).minutes),
      }),
      ...lines.map((line) => `• ${line.label}: ${stateText(lang, line.hours)}`),
    ].join('\n'),
    keyboard: [
      ...lines.map((line) => [
        button(
          `🌙 ${plainLabel(line.label)} · ${line.hours ? windowText(lang, line.hours.fromMin, line.hours.toMin) : t(lang, 'bot-quiet-off')}`,
          quietCb(id, line.target),
        ),
      ]),
      backRow(lang, { kind: 'profile', id }),
    ],
  };
}

/** One chat or topic's quiet hours; undefined when the profile does not send there. */
export async function quietTargetView(
  db: Db,
  lang: Language,
  profile: ProfileRow,
  target: Target,
): Promise<{ screen: Screen; hours: QuietHours | null; label: string } | undefined> {
  const line = lineOf(await quietLines(db, lang, profile), target);
  if (!line) return undefined;
  const { hours } = line;
  const id = profile.id;
  const set = (change: QuietChange, label: string) => button(label, quietCb(id, target, change));
  const chosen = (w: { from: number; to: number }) =>
    hours !== null && hours.fromMin === w.from && hours.toMin === w.to;
  const screen: Screen = {
    text: [
      t(lang, 'bot-quiet-target', {
        target: line.label,
        state: hours ? windowText(lang, hours.fromMin, hours.toMin) : t(lang, 'bot-quiet-off'),
        zone: escapeHtml(profile.timezone),
      }),
      ...(hours
        ? [
            t(
              lang,
              hours.depositsThrough ? 'bot-quiet-target-deposits' : 'bot-quiet-target-everything',
            ),
          ]
        : []),
    ].join('\n'),
    keyboard: [
      ...rows(
        QUIET_WINDOWS.map((w) => set(w, mark(chosen(w), windowText(lang, w.from, w.to)))),
        2,
      ),
      [set('type', t(lang, 'bot-quiet-btn-type'))],
      ...(hours
        ? [
            [
              set(
                { deposits: !hours.depositsThrough },
                t(lang, `bot-quiet-btn-deposits-${hours.depositsThrough ? 'on' : 'off'}`),
              ),
            ],
            [set('off', t(lang, 'bot-quiet-btn-off'))],
          ]
        : []),
      backRow(lang, quietCb(id)),
    ],
  };
  return { screen, hours, label: line.label };
}
