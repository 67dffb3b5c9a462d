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
  return query.replace(/(^|&)secret=[^&]*/g, '$1secret=***');
}

function scalar(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return clean(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return clean(JSON.stringify(value));
}

function fromJson(text: string): RawFields {
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
