import { type Args, t } from '../messages/i18n.ts';
import type { Language } from '../routing/route.ts';
import {
  type AdminApiProblem,
  adminHost,
  type ConnectionReport,
  ENTITY_KINDS,
  type EntityKind,
} from './admin-api.ts';

/**
 * What a connection check means, in plain words: one Fluent message per outcome
 * (`keitaro-*` in messages/locales), so the CLI (in English) and the bot say the same.
 * Pure: a report in, message ids and arguments out.
 */

export interface Sentence {
  id: string;
  args?: Args;
}

const LIST_WORD: Record<EntityKind, string> = {
  offers: 'keitaro-list-offers',
  landings: 'keitaro-list-landings',
  traffic_sources: 'keitaro-list-traffic-sources',
  campaigns: 'keitaro-list-campaigns',
};

/** The sentence for one problem, in one language. */
export function problemText(language: Language, problem: AdminApiProblem, host: string): string {
  return sentenceText(language, problemSentence(problem, host));
}

/** The sentence for one problem; `host` as the user typed it, when there was an address. */
export function problemSentence(problem: AdminApiProblem, host: string): Sentence {
  switch (problem.kind) {
    case 'bad_url':
      return { id: 'keitaro-bad-url' };
    case 'unauthorized':
      return { id: 'keitaro-unauthorized' };
    case 'payment_required':
      return { id: 'keitaro-payment-required' };
    case 'forbidden':
      return {
        id: problem.by === 'cloudflare' ? 'keitaro-forbidden-cloudflare' : 'keitaro-forbidden',
      };
    case 'not_keitaro':
      return problem.got === 'redirect' && problem.location
        ? { id: 'keitaro-not-keitaro-redirect', args: { host, location: problem.location } }
        : { id: 'keitaro-not-keitaro', args: { host } };
    case 'unreachable':
      return { id: `keitaro-unreachable-${problem.reason}`, args: { host } };
    case 'bad_request':
      return { id: 'keitaro-bad-request', args: { message: problem.message || '—' } };
    case 'rate_limited':
      return { id: 'keitaro-rate-limited' };
    case 'server':
      return { id: 'keitaro-server', args: { status: problem.status } };
    case 'unexpected':
      return {
        id: 'keitaro-unexpected',
        args: { status: problem.status, message: problem.message || '—' },
      };
  }
}

/**
 * A check's outcome as sentences: on success which log the tracker speaks and which names
 * can be read; otherwise the one problem.
 */
export function connectionSentences(report: ConnectionReport): Sentence[] {
  if (!report.ok)
    return [problemSentence(report.problem, report.apiRoot ? adminHost(report.apiRoot) : '')];
  const first: Sentence = { id: `keitaro-ok-${report.generation}` };
  if (report.namesSummary === 'all') return [first, { id: 'keitaro-names-all' }];
  if (report.namesSummary === 'none') return [first, { id: 'keitaro-names-none' }];
  const partial = ENTITY_KINDS.filter((kind) => report.names[kind].state !== 'readable');
  return [first, { id: 'keitaro-names-partial', args: { lists: partial.join(',') } }];
}

/** The sentences in one language, one per line. */
export function connectionText(language: Language, report: ConnectionReport): string {
  return connectionSentences(report)
    .map((sentence) => sentenceText(language, sentence))
    .join('\n');
}

/** One sentence in one language. */
export function sentenceText(language: Language, sentence: Sentence): string {
  if (sentence.id !== 'keitaro-names-partial') return t(language, sentence.id, sentence.args);
  // The lists' names in the language: "offers, campaigns".
  const lists = String(sentence.args?.lists ?? '')
    .split(',')
    .map((kind) => t(language, LIST_WORD[kind as EntityKind]))
    .join(', ');
  return t(language, sentence.id, { lists });
}
