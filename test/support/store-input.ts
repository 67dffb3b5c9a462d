import { dedupKey } from '../../src/postback/dedup-key.ts';
import { parsePostback } from '../../src/postback/fields.ts';
import { fieldsFromQuery } from '../../src/postback/request.ts';
import type { StoreInput } from '../../src/postback/store.ts';
import type { Target } from '../../src/routing/route.ts';

/**
 * A Keitaro postback as the service hands it to storePostback(s): the query parsed, its
 * dedup key, the profile's id and secret. The one place tests and benchmarks build it, so
 * a field added to StoreInput is added here once. `target` overrides the default target
 * (chat 1, no topic, English, no route) field by field.
 */
export function storeInput(
  profile: { id: number; secret: string },
  query: string,
  options: { target?: Partial<Target>; dedupTtlSec?: number } = {},
): StoreInput {
  const postback = parsePostback(fieldsFromQuery(query));
  return {
    profileId: profile.id,
    secret: profile.secret,
    dedupTtlSec: options.dedupTtlSec ?? 3600,
    dedupKey: dedupKey(postback),
    postback,
    target: { chatId: 1, topicId: null, language: 'en', routeId: null, ...options.target },
    rawQuery: query,
    rawBody: null,
  };
}
