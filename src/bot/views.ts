import type { Db } from '../db/client.ts';
import type { ProfileRow, RouteRow } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { t } from '../messages/i18n.ts';
import { getProfile, getRoute, listProfiles, listRoutes } from '../profiles/repository.ts';
import { type Language, profileTarget } from '../routing/route.ts';
import type { BotContext } from './context.ts';
import * as screens from './screens.ts';
import { loadNames } from './targets.ts';

/**
 * Screens with what they show loaded from the database, and who may see what: a profile is
 * its owner's, and the service's administrators (ADMIN_USER_IDS) see every profile.
 */

export interface Viewer {
  userId: number;
  admin: boolean;
}

export function mayManage(viewer: Viewer, profile: ProfileRow): boolean {
  return viewer.admin || profile.ownerUserId === viewer.userId;
}

/** The profile, when it exists and this person may manage it. */
export async function profileFor(
  db: Db,
  viewer: Viewer,
  profileId: number,
): Promise<ProfileRow | undefined> {
  const profile = await getProfile(db, profileId);
  return profile && mayManage(viewer, profile) ? profile : undefined;
}

/** The route and its profile, when this person may manage them. */
export async function routeFor(
  db: Db,
  viewer: Viewer,
  routeId: number,
): Promise<{ profile: ProfileRow; route: RouteRow } | undefined> {
  const route = await getRoute(db, routeId);
  const profile = route && (await profileFor(db, viewer, route.profileId));
  return route && profile ? { profile, route } : undefined;
}

/**
 * The profile a pressed button names, when this person may manage it; otherwise the button's
 * answer says it is gone or not theirs (and the attempt is logged).
 */
export async function pressedProfile(
  db: Db,
  ctx: BotContext,
  viewer: Viewer,
  profileId: number,
  logger: Logger,
): Promise<ProfileRow | undefined> {
  const profile = await profileFor(db, viewer, profileId);
  if (!profile) {
    logger.warn(
      { user: viewer.userId, profile_id: profileId },
      'bot: a profile that is not theirs',
    );
    await ctx.answerCallbackQuery({ text: t(ctx.lang, 'bot-not-found'), show_alert: true });
  }
  return profile;
}

export async function profilesView(db: Db, lang: Language, viewer: Viewer) {
  const profiles = await listProfiles(db, viewer.admin ? {} : { ownerUserId: viewer.userId });
  return screens.profilesScreen(lang, profiles, viewer.admin ? viewer.userId : undefined);
}

export async function profileView(db: Db, lang: Language, profile: ProfileRow) {
  const routes = await listRoutes(db, profile.id);
  const names = await loadNames(db, [profileTarget(profile).chatId]);
  return screens.profileScreen(lang, profile, names, routes.length);
}

export async function routesView(db: Db, lang: Language, profile: ProfileRow) {
  const routes = await listRoutes(db, profile.id);
  const names = await loadNames(db, [
    profileTarget(profile).chatId,
    ...routes.map((r) => r.chatId),
  ]);
  return screens.routesScreen(lang, profile, routes, names);
}

export async function routeView(db: Db, lang: Language, profile: ProfileRow, route: RouteRow) {
  const routes = await listRoutes(db, profile.id);
  const position = routes.findIndex((r) => r.id === route.id);
  const names = await loadNames(db, [route.chatId]);
  return screens.routeScreen(lang, profile, route, position, routes.length, names);
}

export const limitsView = (lang: Language, profile: ProfileRow) =>
  screens.limitsScreen(lang, profile);
