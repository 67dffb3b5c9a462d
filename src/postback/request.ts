import { maskSecretInQuery } from '../profiles/secret.ts';
import type { RawFields } from './fields.ts';

/**
 * The HTTP request → raw fields. Keitaro's POST body format is not documented precisely, so
 * the query string, form and JSON bodies are all accepted and merged: the body wins over the
 * query for the same field; the secret only ever comes from the query string and is never
 * kept among the fields.
 */

export class BodyError extends Error {
  constructor(
    readonly statusCode: 400 | 415,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'BodyError';
  }
}

// PostgreSQL text cannot hold NUL, nor JSON a lone surrogate (a JSON body can carry
// "\ud800"); both become U+FFFD. Everything else is kept exactly as sent.
const clean = (text: string) => text.replaceAll('\u0000', '\uFFFD').toWellFormed();

function fromSearchParams(params: URLSearchParams): RawFields {
  const fields: RawFields = {};
  for (const [name, value] of params) {
    const key = clean(name);
    if (key === 'secret' || key in fields) continue;
    fields[key] = clean(value);
  }
  return fields;
}

export function queryString(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at + 1);
}

export function fieldsFromQuery(query: string): RawFields {
  return fromSearchParams(new URLSearchParams(query));
}

export function secretFromQuery(query: string): string | null {
  return new URLSearchParams(query).get('secret');
}

/** The query string with the secret's value masked, as stored for forensics. */
export function maskSecret(query: string): string {
  return maskSecretInQuery(query);
}

function scalar(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return clean(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return clean(JSON.stringify(value));
}

/** Nesting deeper than this is refused: a flat postback needs one level, a few spare. */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of objects and arrays in JSON text, stopping once past `limit`. */
function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

function fromJson(text: string): RawFields {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new BodyError(400, `JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BodyError(400, `body is not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BodyError(400, 'JSON body must be an object of postback fields');
  }
  const fields: RawFields = {};
  for (const [name, value] of Object.entries(parsed)) {
    const text = scalar(value);
    if (name !== 'secret' && text !== null) fields[clean(name)] = text;
  }
  return fields;
}

export function fieldsFromBody(
  body: Buffer | undefined,
  contentType: string | undefined,
): RawFields {
  if (!body || body.length === 0) return {};
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = body.toString('utf8');
  if (type.startsWith('multipart/')) {
    throw new BodyError(415, 'multipart bodies are not accepted; send form-urlencoded or JSON');
  }
  if (type === 'application/json' || type.endsWith('+json')) return fromJson(text);
  if (type === 'application/x-www-form-urlencoded')
    return fromSearchParams(new URLSearchParams(text));
  // No or another content type: recognise the body by its shape rather than lose it.
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return fromJson(text);
  return fromSearchParams(new URLSearchParams(text.trim()));
}

export function mergeFields(query: RawFields, body: RawFields): RawFields {
  return { ...query, ...body };
}
