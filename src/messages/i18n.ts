import { readFileSync } from 'node:fs';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import { sourcePath } from '../package-root.ts';
import type { Language } from '../routing/route.ts';

/**
 * One Fluent file per language (`locales/<lang>.ftl`), shared by notifications and the bot.
 * Isolation marks are off: Telegram would show them as stray characters.
 */

export const LANGUAGES: readonly Language[] = ['ru', 'uk', 'en'];

const bundles = new Map<Language, FluentBundle>();

function bundle(language: Language): FluentBundle {
  let found = bundles.get(language);
  if (!found) {
    found = new FluentBundle(language, { useIsolating: false });
    const source = readFileSync(sourcePath(`messages/locales/${language}.ftl`), 'utf8');
    const errors = found.addResource(new FluentResource(source));
    if (errors.length > 0) throw new Error(`locales/${language}.ftl: ${errors[0]?.message}`);
    bundles.set(language, found);
  }
  return found;
}

export type Args = Record<string, string | number>;

/** The message `id` in `language`; a missing message is a bug, so it fails loudly. */
export function t(language: Language, id: string, args?: Args): string {
  const b = bundle(language);
  const message = b.getMessage(id);
  if (!message?.value) throw new Error(`No message "${id}" in ${language}.ftl`);
  return b.formatPattern(message.value, args);
}
