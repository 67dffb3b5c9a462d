import { createHash } from 'node:crypto';
import type { Postback } from './fields.ts';

/**
 * The same conversion sent again has the same transaction (tid, else the click's subid)
 * and the same normalized status. Keying on the click alone would swallow the deposit that
 * follows a registration of the same click. Unknown statuses keep their word, so `hold`
 * and `pending` on one transaction stay two events.
 */
export function dedupKey(postback: Postback): string {
  const status =
    postback.status === 'other' ? `other:${postback.statusWord.toLowerCase()}` : postback.status;
  const key = postback.tid
    ? `tid:${postback.tid}|${status}`
    : postback.subid
      ? `subid:${postback.subid}|${status}`
      : `hash:${hashOfFields(postback)}|${status}`;
  // Keys live in a btree index; a long tid must not exceed its row size.
  return key.length <= 200 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** Neither tid nor subid: the conversion is identified by everything it says. */
function hashOfFields(postback: Postback): string {
  const { fields: _raw, ...normalized } = postback;
  const canonical = JSON.stringify(normalized, Object.keys(normalized).sort());
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
