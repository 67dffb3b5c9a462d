import { isAbsolute } from 'node:path';
import { BackupRefused, POSTGRES_BACKUP_HINT, writeBackup } from '../db/backup.ts';
import type { ProfileRow, RouteRow } from '../db/schema.ts';
import { activePause, FOREVER } from '../delivery/calm-rule.ts';
import { getConnection } from '../keitaro/connections.ts';
import {
  type Card,
  type CardChange,
  cardInForce,
  changeCard,
  describeCard,
  profileCard,
} from '../messages/card.ts';
import { readStatus, statusJson, statusLines } from '../monitoring/status.ts';
import { postbackUrl } from '../postback/url.ts';
import {
  addRoute,
  createProfile,
  deleteProfile,
  getProfile,
  getRoute,
  latestEvents,
  listProfiles,
  listRoutes,
  type ProfilePatch,
  removeRoute,
  rotateSecret,
  updateProfile,
  updateRoute,
} from '../profiles/repository.ts';
import { secretFingerprint } from '../profiles/secret.ts';
import * as settings from '../profiles/settings.ts';
import { describeCondition } from '../routing/conditions.ts';
import { changeStatsSettings, type StatsSettings } from '../stats/settings.ts';
import {
  booleanOption,
  type CliContext,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  idArgument,
  json,
  NotFoundError,
  type Options,
  parse,
  parseCommandLine,
  RefusedError,
  requireProfile,
  UsageError,
} from './arguments.ts';
import { pauseCommand, quietCommand, resumeCommand } from './calm.ts';
import { connectionJson, describeConnection, hasKeitaroOptions, keitaroChange } from './keitaro.ts';
import { reconcileCommand } from './reconcile.ts';
import { buyerCommand, statsCommand, summaryCommand } from './stats.ts';

export {
  type CliContext,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  type ParsedCommand,
  parseCommandLine,
  UsageError,
} from './arguments.ts';

/**
 * The admin CLI's commands, independent of how they are reached: straight on the database,
 * or forwarded to a running server that holds the embedded database. Exit codes: 0 done,
 * 1 could not be done (no such profile, database unreachable), 2 the command line is wrong.
 */

export const USAGE = `Usage: npm run cli -- <command> [options]

  profile create --owner <telegram_user_id> [--name N] [--chat <chat_id>] [--topic <thread_id>]
                 [--lang ru|uk|en] [--json]
  profile list [--owner <telegram_user_id>] [--json]
  profile show <id> [--json]
  profile set <id> [--name N] [--enabled true|false] [--rate-limit-rps N] [--dedup-ttl-sec N]
                   [--chat <chat_id>|owner] [--topic <thread_id>|none] [--lang ru|uk|en]
                   [--timezone Europe/Kyiv] [--buyer-field sub_id_1..sub_id_30|source|none]
                   [--pause-button on|off]
                               --pause-button: notifications in groups carry "🔕 pause this
                               campaign for 1 h", for the chat's administrators and the owner
                   [--card full|compact] [--card-hide revenue,tx,…|none]
                   [--card-show offer_id,sub_id_3,…|none]
                               what a notification shows: --card-hide among revenue, campaign,
                               offer, geo, sub1, creative, landing, tx, reason, original_status;
                               --card-show among offer_id, landing_id, source, campaign_id,
                               creative_id, sub_id_1 … sub_id_30 (lines of their own)
                   [--keitaro-url URL --keitaro-api-key-file FILE | --keitaro-off]
                               connects Keitaro's Admin API (optional): the panel's address and a
                               file holding the key (kept out of shell history); it is checked
                               first and the outcome said; with one of the two alone, the other
                               stays; --keitaro-off deletes the stored key
  profile rotate-secret <id> [--json]
  profile delete <id>
  profile pause <id> [--for 1h | --until 09:00]
                               🔕 notifications wait (postbacks are still taken) and come as one
                               digest when the pause ends; without --for/--until, until resumed
  profile resume <id>
  route add <profile_id> [--match field=V1,V2|/pattern/]… [--match-by campaign_id|source|any
            [--value V] [--pattern]] --chat <chat_id> [--topic N] [--statuses deposit,registration]
            [--geo US,UA] [--priority N] [--lang ru|uk|en] [--topic-per-value]
            [--card full|compact] [--card-hide …] [--card-show …]
                               --match, repeated, must all hold; a field is campaign_id, source,
                               traffic_source_name, offer_id, landing_id, creative_id, country
                               or sub_id_1 … sub_id_30; --topic-per-value: a forum topic per
                               value of the first --match field (or the buyer field), made by
                               the bot when the value first comes (it needs the right to manage
                               topics)
  route set <route_id> [--card full|compact|profile] [--card-hide …] [--card-show …]
                               the route's own card, starting from the profile's; --card
                               profile: the profile's card again
  route list <profile_id> [--json]
  route remove <route_id>
  route pause <route_id> [--for 1h | --until 09:00]
  route resume <route_id>
  quiet <profile_id> 01:00-08:00|off [--chat <chat_id> [--topic N]] [--deposits-through false]
                               a chat's quiet hours on the profile's clock (default chat: the
                               profile's); deposits come through unless told otherwise
  events <profile_id> [--limit N] [--json]
  stats <profile_id> [--from YYYY-MM-DD] [--to YYYY-MM-DD]
        [--by day|campaign|country|buyer|source|offer] [--json]
                               figures for days in the profile's time zone (default: today)
  summary <profile_id> [--date YYYY-MM-DD] [--png FILE] [--json] [--chat <chat_id> [--topic N]]
          [--lang ru|uk|en]    the daily summary as it is sent (default: yesterday)
  summary <profile_id> --at 09:00|off [--chat <chat_id> [--topic N]] [--lang ru|uk|en]
                               send it every day at that time (profile's zone; default chat:
                               the profile's)
  buyer name <profile_id> <value> <name>   how a buyer's value is shown
  buyer unname <profile_id> <value>
  buyer mention <profile_id> <value> @username|<user_id>|off [--registrations]
                               that buyer's deposits mention this Telegram user
  buyer list <profile_id> [--json]
  reconcile <profile_id> [--since 24h] [--dry-run] [--json]
                               reads Keitaro's conversions log now (default: the last 48 h) and
                               notifies what no postback brought; --dry-run only says what
  backup <file> [--force]      the embedded database, also while the service runs
  restore <file> [--force]     into an empty DATA_DIR, with the service stopped
  status [--json]              version, database, dispatcher, queue, last postback and send
  migrate
  help

Exit codes: 0 done, 1 could not be done, 2 the command line is wrong.`;

function describeTarget(chatId: number | null, topicId: number | null): string {
  const chat = chatId === null ? "owner's private chat" : `chat ${chatId}`;
  return topicId === null ? chat : `${chat}, topic ${topicId}`;
}

/** `--topic-per-value`: per value of the route's first condition, else of the buyer field. */
function topicFieldOf(o: Options, profile: ProfileRow): string {
  const first = o.match?.[0];
  const field = first
    ? first.slice(0, first.indexOf('=')).trim().toLowerCase()
    : profile.buyerField;
  if (!field)
    throw new UsageError(
      "--topic-per-value needs a field: give --match sub_id_1=… (its field names the topics) or set the profile's --buyer-field.",
    );
  return field;
}

function describeRoute(route: RouteRow): string {
  const main =
    route.matchBy === 'any'
      ? []
      : [
          `${route.matchBy} ${route.isPattern ? `~ /${route.matchValue}/` : `= ${route.matchValue}`}`,
        ];
  const all = [...main, ...route.conditions.map(describeCondition)];
  const match = all.length === 0 ? 'any' : all.join(' & ');
  const perValue = route.topicField ? ` · a topic per ${route.topicField}` : '';
  const filters = [
    route.statuses.length > 0 ? route.statuses.join(',') : null,
    route.geo.length > 0 ? route.geo.join(',') : null,
    route.language ? `lang ${route.language}` : null,
    route.card ? `card ${describeCard(cardInForce(route.card, null))}` : null,
    route.enabled ? null : 'disabled',
  ].filter((part) => part !== null);
  return `#${route.id} [priority ${route.priority}] ${match} → ${describeTarget(route.chatId, route.topicId)}${perValue}${filters.length > 0 ? ` · ${filters.join(' · ')}` : ''}`;
}

/**
 * --card, --card-hide, --card-show: what they change of a card (the rest stays); null when
 * none is given, 'profile' for a route's `--card profile`.
 */
function cardChangeOf(o: Options, forRoute: boolean): CardChange | 'profile' | null {
  if (o.card === undefined && o['card-hide'] === undefined && o['card-show'] === undefined)
    return null;
  if (forRoute && o.card === 'profile') {
    if (o['card-hide'] !== undefined || o['card-show'] !== undefined)
      throw new UsageError(
        "--card profile takes the profile's card whole: no --card-hide or --card-show with it.",
      );
    return 'profile';
  }
  return {
    ...(o.card === undefined
      ? {}
      : {
          layout: parse(
            settings.cardLayout,
            o.card,
            forRoute ? '--card (full, compact or profile)' : '--card',
          ),
        }),
    ...(o['card-hide'] === undefined
      ? {}
      : { hide: parse(settings.cardHide, o['card-hide'], '--card-hide') }),
    ...(o['card-show'] === undefined
      ? {}
      : { show: parse(settings.cardShow, o['card-show'], '--card-show') }),
  };
}

/** A route's card after the change: its own card, or the profile's, changed; null: the profile's. */
function routeCard(
  change: CardChange | 'profile',
  route: { card: Card | null },
  profile: ProfileRow,
): Card | null {
  if (change === 'profile') return null;
  return changeCard(cardInForce(route.card, profile.card), change);
}

async function showProfile(ctx: CliContext, row: ProfileRow, withUrl: boolean): Promise<void> {
  ctx.out(`Profile ${row.id} "${row.name}"${row.enabled ? '' : ' (disabled)'}`);
  ctx.out(`  owner:           ${row.ownerUserId}`);
  ctx.out(`  notifications:   ${describeTarget(row.defaultChatId, row.defaultTopicId)}`);
  ctx.out(`  language:        ${row.language}`);
  ctx.out(`  time zone:       ${row.timezone}`);
  ctx.out(`  buyer field:     ${row.buyerField ?? 'none'}`);
  ctx.out(`  card:            ${describeCard(cardInForce(row.card, null))}`);
  const paused = activePause(row.pausedUntil);
  if (paused)
    ctx.out(
      `  paused:          ${paused.getTime() >= FOREVER.getTime() ? 'until resumed' : `until ${paused.toISOString()}`}`,
    );
  ctx.out(`  pause button:    ${row.pauseButton ? 'on (in groups)' : 'off'}`);
  ctx.out(`  rate limit:      ${row.rateLimitRps} postbacks/s`);
  ctx.out(`  dedup window:    ${row.dedupTtlSec} s`);
  ctx.out(`  secret:          …${secretFingerprint(row.secret)} (fingerprint)`);
  ctx.out(`  keitaro api:     ${describeConnection(await getConnection(ctx.database.db, row.id))}`);
  if (withUrl) printUrl(ctx, row);
}

function printUrl(ctx: CliContext, row: ProfileRow): void {
  ctx.out('Postback URL (Keitaro → campaign → S2S postback, GET or POST):');
  ctx.out(postbackUrl(ctx.publicBaseUrl, row.secret));
  if (!ctx.publicBaseUrlConfigured) {
    ctx.err(
      `Note: WEBHOOK_DOMAIN is not set, so this URL uses ${ctx.publicBaseUrl}; set WEBHOOK_DOMAIN to this server's public host so Keitaro can reach it.`,
    );
  }
}

function profileJson(ctx: CliContext, row: ProfileRow) {
  return {
    id: row.id,
    secret: row.secret,
    postback_url: postbackUrl(ctx.publicBaseUrl, row.secret),
  };
}

async function profileCommand(ctx: CliContext, words: string[], o: Options): Promise<void> {
  const { db } = ctx.database;
  const [, action, idText] = words;
  switch (action) {
    case 'create': {
      if (o.owner === undefined)
        throw new UsageError('profile create needs --owner <telegram_user_id>.');
      const row = await createProfile(db, {
        ownerUserId: parse(settings.userId, o.owner, '--owner'),
        name: o.name === undefined ? undefined : parse(settings.profileName, o.name, '--name'),
        defaultChatId: o.chat === undefined ? null : parse(settings.chatId, o.chat, '--chat'),
        defaultTopicId: o.topic === undefined ? null : parse(settings.topicId, o.topic, '--topic'),
        language: o.lang === undefined ? undefined : parse(settings.language, o.lang, '--lang'),
      });
      ctx.onChange?.();
      if (o.json) return json(ctx, profileJson(ctx, row));
      ctx.out(`Profile ${row.id} "${row.name}" created.`);
      return printUrl(ctx, row);
    }
    case 'list': {
      const owner = o.owner === undefined ? undefined : parse(settings.userId, o.owner, '--owner');
      const rows = await listProfiles(db, { ownerUserId: owner });
      if (o.json) {
        return json(
          ctx,
          rows.map(({ secret: _secret, ...row }) => row),
        );
      }
      if (rows.length === 0)
        return ctx.out(
          'No profiles yet. Create one with: npm run cli -- profile create --owner <telegram_user_id>',
        );
      for (const row of rows) {
        ctx.out(
          `${row.id}\t${row.enabled ? 'enabled ' : 'disabled'}\towner ${row.ownerUserId}\t${row.language}\t${describeTarget(row.defaultChatId, row.defaultTopicId)}\t${row.name}`,
        );
      }
      return;
    }
    case 'show': {
      const id = idArgument(idText, 'profile id');
      const row = requireProfile(await getProfile(db, id), id);
      if (o.json)
        return json(ctx, {
          ...row,
          postback_url: postbackUrl(ctx.publicBaseUrl, row.secret),
          keitaro_admin_api: connectionJson(await getConnection(db, id)),
        });
      return showProfile(ctx, row, true);
    }
    case 'set': {
      const id = idArgument(idText, 'profile id');
      const patch: ProfilePatch = {};
      if (o.name !== undefined) patch.name = parse(settings.profileName, o.name, '--name');
      if (o.enabled !== undefined) patch.enabled = booleanOption(o.enabled, '--enabled');
      if (o['rate-limit-rps'] !== undefined) {
        patch.rateLimitRps = parse(settings.rateLimitRps, o['rate-limit-rps'], '--rate-limit-rps');
      }
      if (o['dedup-ttl-sec'] !== undefined) {
        patch.dedupTtlSec = parse(settings.dedupTtlSec, o['dedup-ttl-sec'], '--dedup-ttl-sec');
      }
      if (o.chat !== undefined) {
        patch.defaultChatId = o.chat === 'owner' ? null : parse(settings.chatId, o.chat, '--chat');
      }
      if (o.topic !== undefined) {
        patch.defaultTopicId =
          o.topic === 'none' ? null : parse(settings.topicId, o.topic, '--topic');
      }
      if (o.lang !== undefined) patch.language = parse(settings.language, o.lang, '--lang');
      if (o['pause-button'] !== undefined)
        patch.pauseButton = booleanOption(o['pause-button'], '--pause-button');
      const statsChange: StatsSettings = {};
      if (o.timezone !== undefined)
        statsChange.timezone = parse(settings.timeZone, o.timezone, '--timezone');
      if (o['buyer-field'] !== undefined) {
        statsChange.buyerField =
          o['buyer-field'] === 'none'
            ? null
            : parse(settings.buyerField, o['buyer-field'], '--buyer-field');
      }
      const cardChange = cardChangeOf(o, false);
      if (
        Object.keys(patch).length === 0 &&
        Object.keys(statsChange).length === 0 &&
        cardChange === null &&
        !hasKeitaroOptions(o)
      )
        throw new UsageError('profile set needs at least one setting to change.');
      const before = requireProfile(await getProfile(db, id), id);
      if (cardChange !== null && cardChange !== 'profile') {
        patch.card = profileCard(changeCard(cardInForce(null, before.card), cardChange));
      }
      // Checked with the tracker before anything changes: a refused key changes nothing.
      const keitaro = hasKeitaroOptions(o) ? await keitaroChange(ctx, id, o) : undefined;
      // Either counts the profile's conversions again (stats/settings.ts).
      if (Object.keys(statsChange).length > 0) await changeStatsSettings(db, id, statsChange);
      const row = requireProfile(
        Object.keys(patch).length > 0
          ? await updateProfile(db, id, patch)
          : await getProfile(db, id),
        id,
      );
      await keitaro?.apply();
      ctx.onChange?.();
      return showProfile(ctx, row, false);
    }
    case 'pause':
      return pauseCommand(ctx, 'profile', idText, o);
    case 'resume':
      return resumeCommand(ctx, 'profile', idText);
    case 'rotate-secret': {
      const id = idArgument(idText, 'profile id');
      const row = requireProfile(await rotateSecret(db, id), id);
      ctx.onChange?.();
      if (o.json) return json(ctx, profileJson(ctx, row));
      ctx.out(`Profile ${row.id}: new secret issued; the old postback URL stops working now.`);
      return printUrl(ctx, row);
    }
    case 'delete': {
      const id = idArgument(idText, 'profile id');
      if (!(await deleteProfile(db, id))) throw new NotFoundError(`No profile with id ${id}.`);
      ctx.onChange?.();
      return ctx.out(`Profile ${id} deleted, with its routes and events.`);
    }
    default:
      throw new UsageError(
        action
          ? `Unknown profile command "${action}".`
          : 'profile needs a command: create, list, show, set, rotate-secret, delete.',
      );
  }
}

async function routeCommand(ctx: CliContext, words: string[], o: Options): Promise<void> {
  const { db } = ctx.database;
  const [, action, idText] = words;
  switch (action) {
    case 'add': {
      const profileId = idArgument(idText, 'profile id');
      // --match alone: the conditions are the whole match.
      const matchBy = o['match-by'] ?? (o.match?.length ? 'any' : undefined);
      if (matchBy === undefined)
        throw new UsageError(
          'route add needs --match field=values (any of them) or --match-by campaign_id|source|any.',
        );
      if (o.chat === undefined) throw new UsageError('route add needs --chat <chat_id>.');
      const profile = requireProfile(await getProfile(db, profileId), profileId);
      const input = parse(
        settings.routeInput,
        {
          matchBy,
          matchValue: o.value,
          isPattern: o.pattern ?? false,
          statuses: o.statuses,
          geo: o.geo,
          conditions: o.match ?? [],
          topicField: o['topic-per-value'] ? topicFieldOf(o, profile) : null,
          priority: o.priority,
          chatId: o.chat,
          topicId: o.topic,
          language: o.lang,
        },
        'route add',
      );
      const cardChange = cardChangeOf(o, true);
      const card = cardChange === null ? null : routeCard(cardChange, { card: null }, profile);
      const row = await addRoute(db, profileId, { ...input, card });
      ctx.onChange?.();
      ctx.out(`Route added: ${describeRoute(row)}`);
      if (row.topicField)
        ctx.out(
          `The bot makes a topic per ${row.topicField} value in chat ${row.chatId}: it must be an administrator there with the right to manage topics (otherwise messages go to the main thread, and the profile's owner is told).`,
        );
      return;
    }
    case 'set': {
      const routeId = idArgument(idText, 'route id');
      const cardChange = cardChangeOf(o, true);
      if (cardChange === null)
        throw new UsageError(
          'route set needs a setting to change: --card, --card-hide or --card-show.',
        );
      const route = await getRoute(db, routeId);
      if (!route) throw new NotFoundError(`No route with id ${routeId}.`);
      const profile = requireProfile(await getProfile(db, route.profileId), route.profileId);
      const card = routeCard(cardChange, route, profile);
      const row = (await updateRoute(db, routeId, { card })) ?? route;
      ctx.onChange?.();
      ctx.out(`Route updated: ${describeRoute(row)}`);
      if (row.card === null)
        ctx.out(`Its card is the profile's: ${describeCard(cardInForce(null, profile.card))}.`);
      return;
    }
    case 'list': {
      const profileId = idArgument(idText, 'profile id');
      const profile = requireProfile(await getProfile(db, profileId), profileId);
      const rows = await listRoutes(db, profileId);
      if (o.json) return json(ctx, rows);
      for (const row of rows) ctx.out(describeRoute(row));
      return ctx.out(
        `${rows.length === 0 ? 'No routes: every' : 'Otherwise every'} postback goes to ${describeTarget(profile.defaultChatId, profile.defaultTopicId)}.`,
      );
    }
    case 'pause':
      return pauseCommand(ctx, 'route', idText, o);
    case 'resume':
      return resumeCommand(ctx, 'route', idText);
    case 'remove': {
      const routeId = idArgument(idText, 'route id');
      if (!(await removeRoute(db, routeId)))
        throw new NotFoundError(`No route with id ${routeId}.`);
      ctx.onChange?.();
      return ctx.out(`Route ${routeId} removed.`);
    }
    default:
      throw new UsageError(
        action
          ? `Unknown route command "${action}".`
          : 'route needs a command: add, set, list, remove.',
      );
  }
}

async function eventsCommand(ctx: CliContext, words: string[], o: Options): Promise<void> {
  const profileId = idArgument(words[1], 'profile id');
  const limit = o.limit === undefined ? 20 : idArgument(o.limit, '--limit');
  if (limit < 1 || limit > 1000) throw new UsageError('--limit must be from 1 to 1000.');
  requireProfile(await getProfile(ctx.database.db, profileId), profileId);
  const rows = await latestEvents(ctx.database.db, profileId, limit);
  if (o.json) return json(ctx, rows);
  if (rows.length === 0) return ctx.out(`No events for profile ${profileId} yet.`);
  for (const e of rows) {
    const money = e.revenue === null ? '' : ` ${Number(e.revenue)} ${e.currency ?? ''}`.trimEnd();
    const deliveries = e.deliveryStates.length > 0 ? ` delivery:${e.deliveryStates.join(',')}` : '';
    ctx.out(
      `#${e.id} ${e.createdAt.toISOString()} ${e.status}${e.statusWord && e.statusWord !== e.status ? `(${e.statusWord})` : ''} ${e.outcome}${deliveries} tx=${e.tid ?? e.subid ?? '-'}${e.campaignName ? ` campaign="${e.campaignName}"` : ''}${money}${e.error ? ` error="${e.error}"` : ''}${e.recovered ? ' recovered-from-keitaro-log' : ''}`,
    );
  }
}

async function statusCommand(ctx: CliContext, o: Options): Promise<void> {
  const status = await readStatus(ctx.database.db, {
    kind: ctx.database.kind,
    database: ctx.databaseName ?? ctx.database.kind,
    serverRunning: ctx.inServer ?? false,
  });
  if (o.json) return json(ctx, statusJson(status));
  for (const line of statusLines(status)) ctx.out(line);
}

/** Runs one command line; returns the exit code. Never throws for the user's mistakes. */
export async function runCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  try {
    const { words, options } = parseCommandLine(argv);
    const [command] = words;
    if (options.help || command === undefined || command === 'help') {
      ctx.out(USAGE);
      return command === undefined && !options.help ? EXIT_USAGE : EXIT_OK;
    }
    switch (command) {
      case 'profile':
        await profileCommand(ctx, words, options);
        break;
      case 'route':
        await routeCommand(ctx, words, options);
        break;
      case 'events':
        await eventsCommand(ctx, words, options);
        break;
      case 'stats':
        await statsCommand(ctx, words, options);
        break;
      case 'summary':
        await summaryCommand(ctx, words, options);
        break;
      case 'buyer':
        await buyerCommand(ctx, words, options);
        break;
      case 'quiet':
        await quietCommand(ctx, words, options);
        break;
      case 'backup': {
        const file = words[1];
        if (file === undefined) throw new UsageError('backup needs a file name: backup <file>.');
        // The CLI passes an absolute path: a forwarded command runs in the service's folder.
        if (!isAbsolute(file))
          throw new UsageError(`backup needs an absolute path, got "${file}".`);
        const bytes = await writeBackup(ctx.database, file, options.force ?? false);
        ctx.out(`Backup written to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB).`);
        break;
      }
      case 'restore':
        // Only the CLI restores, on a DATA_DIR no process holds; here the service holds it.
        throw new BackupRefused(
          ctx.database.kind === 'postgres'
            ? POSTGRES_BACKUP_HINT.join('\n')
            : 'The service is running on this DATA_DIR; stop it before restoring, then start it again.',
        );
      case 'status':
        await statusCommand(ctx, options);
        break;
      case 'reconcile':
        await reconcileCommand(ctx, words, options);
        break;
      case 'migrate':
        await ctx.database.migrate();
        ctx.out('Migrations applied.');
        break;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.err(error.message);
      ctx.err('Run "npm run cli -- help" for the commands.');
      return EXIT_USAGE;
    }
    if (
      error instanceof NotFoundError ||
      error instanceof BackupRefused ||
      error instanceof RefusedError
    ) {
      ctx.err(error.message);
      return EXIT_FAILED;
    }
    ctx.err(`Failed: ${(error as Error).message}`);
    return EXIT_FAILED;
  }
}
