import type { Db } from '../db/client.ts';
import type { ProfileRow } from '../db/schema.ts';
import { adminHost, type ConnectionReport } from '../keitaro/admin-api.ts';
import { connectionText } from '../keitaro/connection-text.ts';
import { getConnection, type KeitaroConnection } from '../keitaro/connections.ts';
import { t } from '../messages/i18n.ts';
import { escapeHtml, LOCALES } from '../messages/render.ts';
import type { Language } from '../routing/route.ts';
import type { Callback, KeitaroAction } from './callback.ts';
import { backRow, button, type Screen } from './screens.ts';

/**
 * 🔌 A profile's connection to Keitaro's Admin API, as the bot shows it: what connecting
 * gives, or where it is connected, what the tracker speaks, what the key may read, how the
 * key is kept and how the last check went. The key itself is never on any screen.
 */

const keitaroCb = (id: number, action?: KeitaroAction): Callback => ({
  kind: 'keitaro',
  id,
  ...(action ? { action } : {}),
});

/** "1 Dec 2026, 10:12" on the profile's clock. */
function dateText(lang: Language, at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** A check's sentences, plain text (the CLI prints them too), made safe for HTML. */
export const reportText = (lang: Language, report: ConnectionReport) =>
  escapeHtml(connectionText(lang, report));

/** How the key is kept; `encrypting`: this server has an ENCRYPTION_KEY. */
function keyLine(lang: Language, connection: KeitaroConnection, encrypting: boolean): string {
  if (connection.keyEncrypted) return t(lang, 'bot-keitaro-key-sealed');
  return t(lang, encrypting ? 'bot-keitaro-key-plain-older' : 'bot-keitaro-key-plain');
}

function connectedLines(lang: Language, p: ProfileRow, c: KeitaroConnection, encrypting: boolean) {
  const report = c.checkReport;
  const at = dateText(lang, c.checkedAt, p.timezone);
  return [
    t(lang, 'bot-keitaro-on', {
      host: escapeHtml(adminHost(c.url)),
      since: dateText(lang, c.connectedAt, p.timezone),
    }),
    ...(c.generation ? [t(lang, `bot-keitaro-log-${c.generation}`)] : []),
    // What the key may read is known from a check that worked.
    ...(report?.ok ? [t(lang, `bot-keitaro-names-${report.namesSummary}`)] : []),
    keyLine(lang, c, encrypting),
    report && !report.ok
      ? t(lang, 'bot-keitaro-checked-bad', { at, problem: reportText(lang, report) })
      : t(lang, 'bot-keitaro-checked-ok', { at }),
  ];
}

export function keitaroScreen(
  lang: Language,
  p: ProfileRow,
  connection: KeitaroConnection | undefined,
  encrypting: boolean,
): Screen {
  const id = p.id;
  const title = t(lang, 'bot-keitaro', { name: escapeHtml(p.name) });
  if (!connection)
    return {
      text: [title, t(lang, 'bot-keitaro-off')].join('\n'),
      keyboard: [
        [button(t(lang, 'bot-keitaro-btn-connect'), keitaroCb(id, 'go'))],
        backRow(lang, { kind: 'profile', id }),
      ],
    };
  return {
    text: [title, ...connectedLines(lang, p, connection, encrypting)].join('\n'),
    keyboard: [
      [
        button(t(lang, 'bot-keitaro-btn-key'), keitaroCb(id, 'key')),
        button(t(lang, 'bot-keitaro-btn-url'), keitaroCb(id, 'url')),
      ],
      [button(t(lang, 'bot-keitaro-btn-check'), keitaroCb(id, 'chk'))],
      [button(t(lang, 'bot-keitaro-btn-off'), keitaroCb(id, 'off'))],
      backRow(lang, { kind: 'profile', id }),
    ],
  };
}

export async function keitaroView(
  db: Db,
  lang: Language,
  p: ProfileRow,
  encrypting: boolean,
): Promise<Screen> {
  return keitaroScreen(lang, p, await getConnection(db, p.id), encrypting);
}

/** While the tracker is asked: the screen's title and one line, no buttons to press twice. */
export function checkingScreen(lang: Language, name: string, host: string): Screen {
  return {
    text: [
      t(lang, 'bot-keitaro', { name: escapeHtml(name) }),
      t(lang, 'bot-keitaro-checking', { host: escapeHtml(host) }),
    ].join('\n'),
    keyboard: [],
  };
}

export function disconnectScreen(lang: Language, p: ProfileRow): Screen {
  return {
    text: t(lang, 'bot-keitaro-off-confirm', { name: escapeHtml(p.name) }),
    keyboard: [
      [button(t(lang, 'bot-keitaro-off-yes'), keitaroCb(p.id, 'off!'))],
      backRow(lang, keitaroCb(p.id)),
    ],
  };
}
