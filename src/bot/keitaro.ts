import type { Bot } from 'grammy';
import type { Db } from '../db/client.ts';
import {
  adminHost,
  type CheckOptions,
  type ConnectionReport,
  checkConnection,
  problemSummary,
} from '../keitaro/admin-api.ts';
import {
  connectionCredentials,
  getConnection,
  recordCheck,
  removeConnection,
  saveConnection,
} from '../keitaro/connections.ts';
import { KeyEncryptionError } from '../keitaro/key-encryption.ts';
import type { Logger } from '../log.ts';
import { t } from '../messages/i18n.ts';
import type { Language } from '../routing/route.ts';
import { type BotContext, type Presses, show } from './context.ts';
import { checkingScreen, disconnectScreen, keitaroView, reportText } from './keitaro-screens.ts';
import { withNotice } from './screens.ts';
import { pressedProfile, profileFor, type Viewer } from './views.ts';
import type { KeitaroWizardArgs } from './wizards.ts';

/**
 * 🔌 Keitaro API in the private chat: its screen, check now, disconnect. Connecting, a new
 * key and a new address are the keitaro wizard's (wizards.ts), where the key is typed. Every
 * press re-checks that the profile is the person's; the key never leaves the functions here
 * that use it, and no screen, answer or log line carries it.
 */

/** What checking a profile's tracker needs. */
export interface ConnectionDeps {
  db: Db;
  logger: Logger;
  /** ENCRYPTION_KEY: keys are sealed with it; without it they are stored as given. */
  encryptionKey?: Buffer;
  /** The checks' fetch, timeouts and clock (tests). */
  keitaro?: CheckOptions;
}

/** What a check came to. */
export type CheckOutcome =
  | { kind: 'checked'; report: ConnectionReport }
  /** The stored key does not open with this server's ENCRYPTION_KEY. */
  | { kind: 'unopenable' }
  /** The profile is not the person's, or not connected, any more. */
  | { kind: 'gone' };

/** The stored address and key, or why there are none to use. */
async function storedKey(deps: ConnectionDeps, profileId: number) {
  try {
    return (
      (await connectionCredentials(deps.db, profileId, deps.encryptionKey)) ??
      ({ kind: 'gone' } as const)
    );
  } catch (error) {
    if (!(error instanceof KeyEncryptionError)) throw error;
    deps.logger.warn(
      { profile_id: profileId, err: error },
      'bot: the stored Admin API key cannot be opened',
    );
    return { kind: 'unopenable' } as const;
  }
}

/** What a log line says of a check: where, and what works or what went wrong (never the key). */
function checkFields(profileId: number, report: ConnectionReport) {
  return {
    profile_id: profileId,
    host: report.apiRoot ? adminHost(report.apiRoot) : null,
    ...(report.ok
      ? { generation: report.generation, names: report.namesSummary }
      : { problem: problemSummary(report.problem) }),
  };
}

/**
 * Checks an address with a typed key (or the stored one) and, when they work, connects the
 * profile with them. Only the outcome comes out, which a wizard keeps in its stored state.
 */
export async function connectWith(
  deps: ConnectionDeps,
  viewer: Viewer,
  profileId: number,
  url: string,
  typedKey: string | undefined,
): Promise<CheckOutcome> {
  let apiKey = typedKey;
  if (apiKey === undefined) {
    const stored = await storedKey(deps, profileId);
    if ('kind' in stored) return stored;
    apiKey = stored.apiKey;
  }
  const report = await checkConnection(url, apiKey, deps.keitaro);
  if (!report.ok) {
    deps.logger.info(checkFields(profileId, report), 'bot: Keitaro Admin API not connected');
    return { kind: 'checked', report };
  }
  // Checked again right before writing: the profile may have changed hands meanwhile.
  const profile = await profileFor(deps.db, viewer, profileId);
  if (!profile) return { kind: 'gone' };
  await saveConnection(deps.db, profile.id, { apiKey, report }, deps.encryptionKey);
  deps.logger.info(checkFields(profileId, report), 'Keitaro Admin API connected in the bot');
  return { kind: 'checked', report };
}

/** 🔄 Check now: the stored address and key, and the outcome kept. */
async function checkNow(deps: ConnectionDeps, profileId: number): Promise<CheckOutcome> {
  const stored = await storedKey(deps, profileId);
  if ('kind' in stored) return stored;
  const report = await checkConnection(stored.url, stored.apiKey, deps.keitaro);
  await recordCheck(deps.db, profileId, report);
  deps.logger.info(checkFields(profileId, report), 'Keitaro Admin API checked in the bot');
  return { kind: 'checked', report };
}

/** The outcome in sentences, for above a screen; nothing when there is nothing to say. */
export function outcomeText(lang: Language, outcome: CheckOutcome): string | undefined {
  if (outcome.kind === 'checked') return reportText(lang, outcome.report);
  if (outcome.kind === 'unopenable') return t(lang, 'bot-keitaro-key-unopenable');
  return undefined;
}

export interface KeitaroDeps extends ConnectionDeps {
  viewerOf: (ctx: BotContext) => Viewer;
  /** Opens the keitaro wizard. */
  connect: (ctx: BotContext, args: KeitaroWizardArgs) => Promise<void>;
}

export function registerKeitaro(bot: Bot<BotContext>, pressed: Presses, deps: KeitaroDeps): void {
  const { db, logger } = deps;
  const encrypting = deps.encryptionKey !== undefined;

  bot.filter(pressed('keitaro'), async (ctx) => {
    const lang = ctx.lang;
    const { id, action } = ctx.pressed;
    const profile = await pressedProfile(db, ctx, deps.viewerOf(ctx), id, logger);
    if (!profile) return;
    await ctx.answerCallbackQuery();
    const view = () => keitaroView(db, lang, profile, encrypting);
    switch (action) {
      case undefined:
        return show(ctx, await view());
      case 'go':
        return deps.connect(ctx, { profileId: id });
      case 'key':
      case 'url':
        return deps.connect(ctx, { profileId: id, change: action });
      case 'chk': {
        const connection = await getConnection(db, id);
        if (!connection) return show(ctx, await view());
        await show(ctx, checkingScreen(lang, profile.name, adminHost(connection.url)));
        const outcome = await checkNow(deps, id);
        return show(ctx, withNotice(await view(), outcomeText(lang, outcome)));
      }
      case 'off':
        return show(ctx, disconnectScreen(lang, profile));
      case 'off!': {
        const removed = await removeConnection(db, id);
        if (removed) logger.info({ profile_id: id }, 'Keitaro Admin API disconnected in the bot');
        const notice = removed ? t(lang, 'bot-keitaro-disconnected') : undefined;
        return show(ctx, withNotice(await view(), notice));
      }
    }
  });
}
