import { LANGUAGES, t } from '../messages/i18n.ts';
import { htmlToText } from '../messages/render.ts';
import { NORMALIZED_STATUSES, type NormalizedStatus } from '../postback/status.ts';
import type { Language, MatchBy } from '../routing/route.ts';
import type { WizardAnswer } from './callback.ts';
import { type Button, button, LANGUAGE_NAMES, type Screen } from './screens.ts';

/**
 * The wizards' questions as plain screens. Their buttons carry the step's token (callback.ts),
 * so only the question on screen now can be answered by them.
 */

/** A button answering the question of this frame's step. */
const answer = (f: WizardFrame, text: string, a: WizardAnswer): Button =>
  button(text, { kind: 'wizard', step: f.step, answer: a });

/** Every step: back to the step before, or leave. */
const cancelRow = (f: WizardFrame): Button[] => [
  answer(f, t(f.lang, 'bot-back'), { a: 'back' }),
  answer(f, t(f.lang, 'bot-wz-cancel'), { a: 'cancel' }),
];

/** Labels are written as HTML for messages; a button shows plain text. */
const plain = (html: string) => htmlToText(html).slice(0, 60);

/** "Keep: …" when editing something that has a value. */
const keepRow = (f: WizardFrame, current: string | undefined): Button[][] =>
  current === undefined
    ? []
    : [[answer(f, t(f.lang, 'bot-wz-keep', { value: plain(current) }), { a: 'keep' })]];

/** A question above, the refusal of the last answer (if any) on top. */
function ask(title: string, question: string, error?: string): string {
  return `${error ? `❗️ ${error}\n\n` : ''}${title}\n\n${question}`;
}

export interface WizardFrame {
  lang: Language;
  /** "➕ New route for «Keitaro»" or "✏️ Route 2 of «Keitaro»". */
  title: string;
  /** The token of the step on screen: its buttons carry it. */
  step: string;
}

export function matchByStep(f: WizardFrame, current?: string, error?: string): Screen {
  const { lang } = f;
  return {
    text: ask(f.title, t(lang, 'bot-wz-match-by'), error),
    keyboard: [
      [
        answer(f, t(lang, 'bot-wz-by-campaign'), { a: 'match', by: 'campaign_id' }),
        answer(f, t(lang, 'bot-wz-by-source'), { a: 'match', by: 'source' }),
      ],
      [answer(f, t(lang, 'bot-wz-by-any'), { a: 'match', by: 'any' })],
      [answer(f, t(lang, 'bot-wz-by-fields'), { a: 'fields' })],
      [answer(f, t(lang, 'bot-wz-by-buyer'), { a: 'buyer' })],
      ...keepRow(f, current),
      cancelRow(f),
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
    keyboard: [...keepRow(f, current), cancelRow(f)],
  };
}

/** Conditions on any field, typed one a line; all must hold. */
export function conditionsStep(f: WizardFrame, current?: string, error?: string): Screen {
  return {
    text: ask(f.title, t(f.lang, 'bot-wz-conditions'), error),
    keyboard: [...keepRow(f, current), cancelRow(f)],
  };
}

export function statusesStep(
  f: WizardFrame,
  chosen: readonly NormalizedStatus[],
  error?: string,
): Screen {
  const { lang } = f;
  const toggle = (s: NormalizedStatus) =>
    answer(f, `${chosen.includes(s) ? '✅' : '▫️'} ${t(lang, `bot-status-${s}`)}`, {
      a: 'status',
      status: s,
    });
  const [a, b, c, d, e] = NORMALIZED_STATUSES.map(toggle) as Button[];
  return {
    text: ask(f.title, t(lang, 'bot-wz-statuses'), error),
    keyboard: [
      [a as Button, b as Button],
      [c as Button, d as Button],
      [e as Button],
      [
        answer(f, t(lang, chosen.length === 0 ? 'bot-wz-all-statuses' : 'bot-wz-next'), {
          a: 'ok',
        }),
      ],
      cancelRow(f),
    ],
  };
}

export function geoStep(f: WizardFrame, current?: string, error?: string): Screen {
  return {
    text: ask(f.title, t(f.lang, 'bot-wz-geo'), error),
    keyboard: [
      [answer(f, t(f.lang, 'bot-wz-any-geo'), { a: 'any-geo' })],
      ...keepRow(f, current),
      cancelRow(f),
    ],
  };
}

export interface TargetChoice {
  label: string;
  answer: WizardAnswer;
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
      [answer(f, t(lang, 'bot-wz-to-private'), { a: 'to-me' })],
      ...known.map((k) => [answer(f, plain(k.label), k.answer)]),
      [
        answer(f, t(lang, 'bot-wz-pick-group'), { a: 'pick', kind: 'g' }),
        answer(f, t(lang, 'bot-wz-pick-channel'), { a: 'pick', kind: 'c' }),
      ],
      [answer(f, t(lang, 'bot-wz-type-id'), { a: 'type-id' })],
      ...keepRow(f, current),
      cancelRow(f),
    ],
  };
}

export function chatIdStep(f: WizardFrame, error?: string): Screen {
  return {
    text: ask(f.title, t(f.lang, 'bot-wz-chat-id'), error),
    keyboard: [cancelRow(f)],
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
      [answer(f, t(f.lang, 'bot-wz-main-thread'), { a: 'topic', topicId: null })],
      ...known.map((k) => [answer(f, plain(k.label), k.answer)]),
      ...keepRow(f, current),
      cancelRow(f),
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
        answer(f, t(f.lang, 'bot-wz-first'), { a: 'place', where: 'first' }),
        answer(f, t(f.lang, 'bot-wz-last'), { a: 'place', where: 'last' }),
      ],
      ...keepRow(f, current === undefined ? undefined : String(current)),
      cancelRow(f),
    ],
  };
}

export function languageStep(
  f: WizardFrame,
  profileLanguage: Language,
  current?: Language | null,
  error?: string,
): Screen {
  const { lang } = f;
  const mark = (value: Language | null) => (current !== undefined && current === value ? '• ' : '');
  return {
    text: ask(f.title, t(lang, 'bot-wz-language'), error),
    keyboard: [
      [
        answer(
          f,
          `${mark(null)}${t(lang, 'bot-wz-profile-language', { language: LANGUAGE_NAMES[profileLanguage] })}`,
          { a: 'language', language: null },
        ),
      ],
      LANGUAGES.map((l) =>
        answer(f, `${mark(l)}${LANGUAGE_NAMES[l]}`, { a: 'language', language: l }),
      ),
      cancelRow(f),
    ],
  };
}

export function confirmStep(
  f: WizardFrame,
  summary: string,
  priority: number,
  error?: string,
): Screen {
  return {
    text: ask(f.title, t(f.lang, 'bot-wz-confirm', { summary, priority: String(priority) }), error),
    keyboard: [[answer(f, t(f.lang, 'bot-wz-save'), { a: 'ok' })], cancelRow(f)],
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
    keyboard: [...keepRow(f, current), cancelRow(f)],
  };
}

/** Whose conversions mention someone: a named buyer's button, or a value typed. */
export function mentionBuyerStep(
  f: WizardFrame,
  buyers: readonly { value: string; name: string }[],
  error?: string,
): Screen {
  const label = (b: { value: string; name: string }) =>
    b.name === b.value ? b.value : `${b.name} (${b.value})`;
  return {
    text: ask(f.title, t(f.lang, 'bot-wz-mention-buyer'), error),
    keyboard: [
      ...buyers.map((b, i) => [answer(f, plain(label(b)), { a: 'item', i })]),
      cancelRow(f),
    ],
  };
}

/** Who that is in Telegram: a group's administrator, the person picker, @username, or nobody. */
export function mentionWhoStep(
  f: WizardFrame,
  buyer: string,
  people: readonly { id: number; name: string }[],
  error?: string,
): Screen {
  return {
    text: ask(f.title, t(f.lang, 'bot-wz-mention-who', { buyer }), error),
    keyboard: [
      ...people.map((p) => [answer(f, `👤 ${plain(p.name)}`, { a: 'who', userId: p.id })]),
      [answer(f, t(f.lang, 'bot-wz-mention-nobody'), { a: 'nobody' })],
      cancelRow(f),
    ],
  };
}

export function mentionRegistrationsStep(f: WizardFrame, error?: string): Screen {
  return {
    text: ask(f.title, t(f.lang, 'bot-wz-mention-regs'), error),
    keyboard: [
      [answer(f, t(f.lang, 'bot-wz-mention-deposits'), { a: 'regs', on: false })],
      [answer(f, t(f.lang, 'bot-wz-mention-with-regs'), { a: 'regs', on: true })],
      cancelRow(f),
    ],
  };
}

/** The reply keyboard that opens Telegram's person picker. */
export function personPickerKeyboard(lang: Language) {
  return {
    keyboard: [
      [
        {
          text: t(lang, 'bot-wz-pick-person'),
          request_users: {
            request_id: 3,
            user_is_bot: false,
            max_quantity: 1,
            request_name: true,
            request_username: true,
          },
        },
      ],
    ],
    resize_keyboard: true,
    one_time_keyboard: true,
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
