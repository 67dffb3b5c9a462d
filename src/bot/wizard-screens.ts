import { LANGUAGES, t } from '../messages/i18n.ts';
import { htmlToText } from '../messages/render.ts';
import { NORMALIZED_STATUSES, type NormalizedStatus } from '../postback/status.ts';
import type { Language, MatchBy } from '../routing/route.ts';
import { type Button, button, LANGUAGE_NAMES, type Screen } from './screens.ts';

/**
 * The wizards' questions as plain screens. Their buttons carry `w:` data, which only a
 * running wizard answers; `w:x` cancels and `w:k` keeps the current value when editing.
 */

const cancelRow = (lang: Language): Button[] => [button(t(lang, 'bot-wz-cancel'), 'w:x')];

/** Labels are written as HTML for messages; a button shows plain text. */
const plain = (html: string) => htmlToText(html).slice(0, 60);

/** "Keep: …" when editing something that has a value. */
const keepRow = (lang: Language, current: string | undefined): Button[][] =>
  current === undefined ? [] : [[button(t(lang, 'bot-wz-keep', { value: plain(current) }), 'w:k')]];

/** A question above, the refusal of the last answer (if any) on top. */
function ask(title: string, question: string, error?: string): string {
  return `${error ? `❗️ ${error}\n\n` : ''}${title}\n\n${question}`;
}

export interface WizardFrame {
  lang: Language;
  /** "➕ New route for «Keitaro»" or "✏️ Route 2 of «Keitaro»". */
  title: string;
}

export function matchByStep(f: WizardFrame, current?: string): Screen {
  const { lang } = f;
  return {
    text: ask(f.title, t(lang, 'bot-wz-match-by')),
    keyboard: [
      [
        button(t(lang, 'bot-wz-by-campaign'), 'w:by:c'),
        button(t(lang, 'bot-wz-by-source'), 'w:by:s'),
      ],
      [button(t(lang, 'bot-wz-by-any'), 'w:by:a')],
      ...keepRow(lang, current),
      cancelRow(lang),
    ],
  };
}

export function valuesStep(
  f: WizardFrame,
  by: Exclude<MatchBy, 'any'>,
  current?: string,
  error?: string,
): Screen {
  return {
    text: ask(
      f.title,
      t(f.lang, by === 'campaign_id' ? 'bot-wz-campaigns' : 'bot-wz-sources'),
      error,
    ),
    keyboard: [...keepRow(f.lang, current), cancelRow(f.lang)],
  };
}

export function statusesStep(f: WizardFrame, chosen: readonly NormalizedStatus[]): Screen {
  const { lang } = f;
  const toggle = (s: NormalizedStatus) =>
    button(`${chosen.includes(s) ? '✅' : '▫️'} ${t(lang, `bot-status-${s}`)}`, `w:st:${s}`);
  const [a, b, c, d, e] = NORMALIZED_STATUSES.map(toggle) as Button[];
  return {
    text: ask(f.title, t(lang, 'bot-wz-statuses')),
    keyboard: [
      [a as Button, b as Button],
      [c as Button, d as Button],
      [e as Button],
      [button(t(lang, chosen.length === 0 ? 'bot-wz-all-statuses' : 'bot-wz-next'), 'w:ok')],
      cancelRow(lang),
    ],
  };
}

export function geoStep(f: WizardFrame, current?: string, error?: string): Screen {
  return {
    text: ask(f.title, t(f.lang, 'bot-wz-geo'), error),
    keyboard: [
      [button(t(f.lang, 'bot-wz-any-geo'), 'w:geo:any')],
      ...keepRow(f.lang, current),
      cancelRow(f.lang),
    ],
  };
}

export interface TargetChoice {
  label: string;
  data: string;
}

export function targetStep(
  f: WizardFrame,
  known: readonly TargetChoice[],
  current?: string,
  error?: string,
): Screen {
  const { lang } = f;
  return {
    text: ask(f.title, t(lang, 'bot-wz-target'), error),
    keyboard: [
      [button(t(lang, 'bot-wz-to-private'), 'w:to:me')],
      ...known.map((k) => [button(plain(k.label), k.data)]),
      [
        button(t(lang, 'bot-wz-pick-group'), 'w:pick:g'),
        button(t(lang, 'bot-wz-pick-channel'), 'w:pick:c'),
      ],
      [button(t(lang, 'bot-wz-type-id'), 'w:id')],
      ...keepRow(lang, current),
      cancelRow(lang),
    ],
  };
}

export function chatIdStep(f: WizardFrame, error?: string): Screen {
  return {
    text: ask(f.title, t(f.lang, 'bot-wz-chat-id'), error),
    keyboard: [[button(t(f.lang, 'bot-back'), 'w:back')], cancelRow(f.lang)],
  };
}

export function topicStep(
  f: WizardFrame,
  chat: string,
  known: readonly TargetChoice[],
  current?: string,
  error?: string,
): Screen {
  return {
    text: ask(f.title, t(f.lang, 'bot-wz-topic', { chat }), error),
    keyboard: [
      [button(t(f.lang, 'bot-wz-main-thread'), 'w:tp:main')],
      ...known.map((k) => [button(plain(k.label), k.data)]),
      ...keepRow(f.lang, current),
      cancelRow(f.lang),
    ],
  };
}

export function priorityStep(
  f: WizardFrame,
  first: number,
  last: number,
  current?: number,
  error?: string,
): Screen {
  return {
    text: ask(
      f.title,
      t(f.lang, 'bot-wz-priority', { first: String(first), last: String(last) }),
      error,
    ),
    keyboard: [
      [
        button(t(f.lang, 'bot-wz-first'), 'w:pr:first'),
        button(t(f.lang, 'bot-wz-last'), 'w:pr:last'),
      ],
      ...keepRow(f.lang, current === undefined ? undefined : String(current)),
      cancelRow(f.lang),
    ],
  };
}

export function languageStep(
  f: WizardFrame,
  profileLanguage: Language,
  current?: Language | null,
): Screen {
  const { lang } = f;
  const mark = (value: Language | null) => (current !== undefined && current === value ? '• ' : '');
  return {
    text: ask(f.title, t(lang, 'bot-wz-language')),
    keyboard: [
      [
        button(
          `${mark(null)}${t(lang, 'bot-wz-profile-language', { language: LANGUAGE_NAMES[profileLanguage] })}`,
          'w:lg:p',
        ),
      ],
      LANGUAGES.map((l) => button(`${mark(l)}${LANGUAGE_NAMES[l]}`, `w:lg:${l}`)),
      cancelRow(lang),
    ],
  };
}

export function confirmStep(f: WizardFrame, summary: string, priority: number): Screen {
  return {
    text: ask(f.title, t(f.lang, 'bot-wz-confirm', { summary, priority: String(priority) })),
    keyboard: [[button(t(f.lang, 'bot-wz-save'), 'w:ok')], cancelRow(f.lang)],
  };
}

/** One value typed as text: a name, a limit. */
export function textStep(
  f: WizardFrame,
  question: string,
  current?: string,
  error?: string,
): Screen {
  return {
    text: ask(f.title, question, error),
    keyboard: [...keepRow(f.lang, current), cancelRow(f.lang)],
  };
}

/** The reply keyboard that opens Telegram's chat picker. */
export function pickerKeyboard(lang: Language, kind: 'g' | 'c') {
  const request =
    kind === 'g'
      ? // Groups the person administers, with the bot in them (Telegram offers to add it).
        {
          request_id: 1,
          chat_is_channel: false,
          user_administrator_rights: noRights,
          bot_is_member: true,
          request_title: true,
        }
      : // A channel takes posts only from administrators with the right to post.
        {
          request_id: 2,
          chat_is_channel: true,
          user_administrator_rights: postRights,
          bot_administrator_rights: postRights,
          request_title: true,
        };
  return {
    keyboard: [
      [
        {
          text: t(lang, kind === 'g' ? 'bot-wz-pick-group' : 'bot-wz-pick-channel'),
          request_chat: request,
        },
      ],
      [{ text: t(lang, 'bot-wz-cancel') }],
    ],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}

/** An administrator with no particular right: any administrator. */
const noRights = {
  is_anonymous: false,
  can_manage_chat: false,
  can_delete_messages: false,
  can_manage_video_chats: false,
  can_restrict_members: false,
  can_promote_members: false,
  can_change_info: false,
  can_invite_users: false,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
};
const postRights = { ...noRights, can_post_messages: true };
