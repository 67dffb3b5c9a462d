import { type PauseLength, pause, resume, setQuietHours } from '../delivery/calm.ts';
import { FOREVER, parseQuietWindow } from '../delivery/calm-rule.ts';
import { getProfile, getRoute } from '../profiles/repository.ts';
import * as settings from '../profiles/settings.ts';
import { profileTarget } from '../routing/route.ts';
import { formatClock, parseClock } from '../stats/schedule.ts';
import {
  booleanOption,
  type CliContext,
  idArgument,
  NotFoundError,
  type Options,
  parse,
  requireProfile,
  UsageError,
} from './arguments.ts';

/**
 * `profile pause|resume`, `route pause|resume` and `quiet`: calm without loss. Postbacks are
 * still stored and answered 200; the notifications wait and come as one digest at the end.
 */

const UNITS: Record<string, number> = { m: 60, min: 60, h: 3600, d: 86_400 };

/** `90m`, `1h`, `2d` in seconds; null for anything else. */
export function lengthInSeconds(text: string): number | null {
  const match = /^(\d{1,5})\s*(m|min|h|d)$/.exec(text.trim());
  return match ? Number(match[1]) * (UNITS[match[2] as string] as number) : null;
}

/** `--for 90m|1h|2d` or `--until 09:00`, else until resumed. */
function lengthOf(o: Options): PauseLength {
  if (o.for !== undefined && o.until !== undefined)
    throw new UsageError('Give --for or --until, not both.');
  if (o.for !== undefined) {
    const seconds = lengthInSeconds(o.for) ?? 0;
    if (seconds <= 0 || seconds > 366 * 86_400)
      throw new UsageError(
        `--for is a length such as 30m, 1h or 2d (at most a year); got "${o.for}".`,
      );
    return { seconds };
  }
  if (o.until !== undefined) {
    const untilLocal = parseClock(o.until);
    if (untilLocal === undefined)
      throw new UsageError(`--until is a time of day such as 09:00; got "${o.until}".`);
    return { untilLocal };
  }
  return 'until-resumed';
}

const describeEnd = (until: Date, timeZone: string) =>
  until.getTime() >= FOREVER.getTime()
    ? 'until resumed'
    : `until ${until.toISOString().replace('T', ' ').slice(0, 16)} UTC (${new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(until)} ${timeZone})`;

export async function pauseCommand(
  ctx: CliContext,
  what: 'profile' | 'route',
  idText: string | undefined,
  o: Options,
): Promise<void> {
  const db = ctx.database.db;
  const id = idArgument(idText, `${what} id`);
  const length = lengthOf(o);
  const profileId = what === 'profile' ? id : (await getRoute(db, id))?.profileId;
  const profile = profileId === undefined ? undefined : await getProfile(db, profileId);
  if (!profile) throw new NotFoundError(`No ${what} with id ${id}.`);
  const until = await pause(db, what, id, length);
  if (!until) throw new NotFoundError(`No ${what} with id ${id}.`);
  ctx.onChange?.();
  ctx.out(
    `${what === 'profile' ? 'Profile' : 'Route'} ${id} paused ${describeEnd(until, profile.timezone)}: postbacks are still taken; their notifications wait and come as one digest per chat when the pause ends.`,
  );
}

export async function resumeCommand(
  ctx: CliContext,
  what: 'profile' | 'route',
  idText: string | undefined,
): Promise<void> {
  const id = idArgument(idText, `${what} id`);
  if (!(await resume(ctx.database.db, what, id)))
    throw new NotFoundError(`No ${what} with id ${id}.`);
  ctx.onChange?.();
  ctx.out(
    `${what === 'profile' ? 'Profile' : 'Route'} ${id} resumed: what waited comes as one digest per chat.`,
  );
}

/** `quiet <profile_id> 01:00-08:00|off [--chat <chat_id> [--topic N]] [--deposits-through false]` */
export async function quietCommand(ctx: CliContext, words: string[], o: Options): Promise<void> {
  const db = ctx.database.db;
  const [, idText, hours] = words;
  const id = idArgument(idText, 'profile id');
  const profile = requireProfile(await getProfile(db, id), id);
  const fallback = profileTarget(profile);
  const chatId = o.chat === undefined ? fallback.chatId : parse(settings.chatId, o.chat, '--chat');
  const topicId =
    o.chat === undefined
      ? (fallback.topicId ?? 0)
      : o.topic === undefined
        ? 0
        : parse(settings.topicId, o.topic, '--topic');
  const where = `chat ${chatId}${topicId ? `, topic ${topicId}` : ''}`;
  if (hours === 'off') {
    await setQuietHours(db, { profileId: id, chatId, topicId }, null);
    ctx.onChange?.();
    return ctx.out(`Quiet hours of profile ${id} in ${where}: off.`);
  }
  const window = parseQuietWindow(hours ?? '');
  if (!window)
    throw new UsageError(
      `quiet needs hours such as 01:00-08:00 (on the profile's clock, ${profile.timezone}), or off; got "${hours ?? ''}".`,
    );
  const { fromMin: from, toMin: to } = window;
  const depositsThrough =
    o['deposits-through'] === undefined
      ? true
      : booleanOption(o['deposits-through'], '--deposits-through');
  await setQuietHours(
    db,
    { profileId: id, chatId, topicId },
    { fromMin: from, toMin: to, depositsThrough },
  );
  ctx.onChange?.();
  ctx.out(
    `Quiet hours of profile ${id} in ${where}: ${formatClock(from)}–${formatClock(to)} ${profile.timezone}${depositsThrough ? ', deposits still come through' : ''}; what waits comes as one digest when they end.`,
  );
}
