import type { ProfileRow } from '../db/schema.ts';
import { LANGUAGES, t } from '../messages/i18n.ts';
import { escapeHtml } from '../messages/render.ts';
import { postbackBaseUrl, postbackUrl } from '../postback/url.ts';
import type { Language } from '../routing/route.ts';
import { chatLabel } from './diagnostics.ts';

/**
 * The bot's screens as plain values: text (HTML) and an inline keyboard. Callback data is
 * short and positional (`p:<id>:rot`), far below Telegram's 64 bytes.
 */

export interface Button {
  text: string;
  callback_data: string;
}

export interface Screen {
  text: string;
  keyboard: Button[][];
}

const LANGUAGE_NAMES: Record<Language, string> = {
  ru: '🇷🇺 Русский',
  uk: '🇺🇦 Українська',
  en: '🇬🇧 English',
};

const back = (lang: Language, to: string): Button[] => [
  { text: t(lang, 'bot-back'), callback_data: to },
];

export function mainMenu(lang: Language): Screen {
  return {
    text: t(lang, 'bot-menu'),
    keyboard: [
      [{ text: t(lang, 'bot-menu-keitaro'), callback_data: 'k' }],
      [
        { text: t(lang, 'bot-menu-language'), callback_data: 'l' },
        { text: t(lang, 'bot-menu-help'), callback_data: 'h' },
      ],
    ],
  };
}

export function helpScreen(lang: Language): Screen {
  return { text: t(lang, 'bot-help'), keyboard: [back(lang, 'm')] };
}

export function languageScreen(lang: Language): Screen {
  return {
    text: t(lang, 'bot-language'),
    keyboard: [
      LANGUAGES.map((l) => ({ text: LANGUAGE_NAMES[l], callback_data: `l:${l}` })),
      back(lang, 'm'),
    ],
  };
}

export function profilesScreen(lang: Language, profiles: readonly ProfileRow[]): Screen {
  return {
    text: t(lang, profiles.length === 0 ? 'bot-profiles-empty' : 'bot-profiles'),
    keyboard: [
      ...profiles.map((p) => [
        { text: `${p.enabled ? '✅' : '⏸'} ${p.name}`, callback_data: `p:${p.id}` },
      ]),
      [{ text: t(lang, 'bot-profile-new'), callback_data: 'pn' }],
      back(lang, 'm'),
    ],
  };
}

export function profileScreen(lang: Language, p: ProfileRow, notice?: string): Screen {
  const text = t(lang, 'bot-profile', {
    name: escapeHtml(p.name),
    state: t(lang, p.enabled ? 'bot-state-on' : 'bot-state-off'),
    target: chatLabel(
      lang,
      p,
      p.defaultChatId ?? p.ownerUserId,
      p.defaultChatId === null ? null : p.defaultTopicId,
    ),
    language: LANGUAGE_NAMES[p.language as Language],
    rps: p.rateLimitRps,
    ttl: p.dedupTtlSec,
  });
  return {
    text: notice ? `${notice}\n\n${text}` : text,
    keyboard: [
      [{ text: t(lang, 'bot-btn-url'), callback_data: `p:${p.id}:url` }],
      [
        { text: t(lang, 'bot-btn-test'), callback_data: `p:${p.id}:test` },
        { text: t(lang, 'bot-btn-diagnostics'), callback_data: `p:${p.id}:diag` },
      ],
      [
        { text: t(lang, p.enabled ? 'bot-btn-off' : 'bot-btn-on'), callback_data: `p:${p.id}:tog` },
        { text: t(lang, 'bot-btn-notify-language'), callback_data: `p:${p.id}:lang` },
      ],
      [
        { text: t(lang, 'bot-btn-rotate'), callback_data: `p:${p.id}:rot` },
        { text: t(lang, 'bot-btn-delete'), callback_data: `p:${p.id}:del` },
      ],
      back(lang, 'k'),
    ],
  };
}

/** The secret appears only here, and only in the owner's private chat. */
export function urlScreen(
  lang: Language,
  p: ProfileRow,
  publicBaseUrl: string,
  notice?: string,
): Screen {
  const text = t(lang, 'bot-url', {
    name: escapeHtml(p.name),
    get: escapeHtml(postbackUrl(publicBaseUrl, p.secret)),
    post: escapeHtml(postbackBaseUrl(publicBaseUrl, p.secret)),
  });
  return { text: notice ? `${notice}\n\n${text}` : text, keyboard: [back(lang, `p:${p.id}`)] };
}

export function confirmScreen(lang: Language, p: ProfileRow, action: 'rot' | 'del'): Screen {
  const name = escapeHtml(p.name);
  return action === 'rot'
    ? {
        text: t(lang, 'bot-rotate-confirm', { name }),
        keyboard: [
          [{ text: t(lang, 'bot-rotate-yes'), callback_data: `p:${p.id}:rot!` }],
          back(lang, `p:${p.id}`),
        ],
      }
    : {
        text: t(lang, 'bot-delete-confirm', { name }),
        keyboard: [
          [{ text: t(lang, 'bot-delete-yes'), callback_data: `p:${p.id}:del!` }],
          back(lang, `p:${p.id}`),
        ],
      };
}

export function notifyLanguageScreen(lang: Language, p: ProfileRow): Screen {
  return {
    text: t(lang, 'bot-notify-language', { name: escapeHtml(p.name) }),
    keyboard: [
      LANGUAGES.map((l) => ({
        text: `${l === p.language ? '• ' : ''}${LANGUAGE_NAMES[l]}`,
        callback_data: `p:${p.id}:lang:${l}`,
      })),
      back(lang, `p:${p.id}`),
    ],
  };
}
