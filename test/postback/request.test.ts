import { describe, expect, it } from 'vitest';
import {
  BodyError,
  fieldsFromBody,
  fieldsFromQuery,
  maskSecret,
  mergeFields,
} from '../../src/postback/request.ts';

const form = 'application/x-www-form-urlencoded';

describe('reading fields from a request', () => {
  it('merges query and body, the body winning for the same field', () => {
    const query = fieldsFromQuery('secret=S&status=lead&campaign_id=12');
    const body = fieldsFromBody(Buffer.from('status=sale&tid=T-1'), form);
    expect(mergeFields(query, body)).toEqual({ status: 'sale', campaign_id: '12', tid: 'T-1' });
  });

  it('never keeps the secret among the fields, from the query or the body', () => {
    expect(fieldsFromQuery('secret=S&status=lead')).not.toHaveProperty('secret');
    expect(fieldsFromBody(Buffer.from('secret=X&status=lead'), form)).not.toHaveProperty('secret');
    expect(fieldsFromBody(Buffer.from('{"secret":"X"}'), 'application/json')).toEqual({});
  });

  it('reads JSON numbers and booleans as text', () => {
    const fields = fieldsFromBody(
      Buffer.from('{"status":"sale","conversion_revenue":100.5,"is_test":false,"x":null}'),
      'application/json; charset=utf-8',
    );
    expect(fields).toEqual({ status: 'sale', conversion_revenue: '100.5', is_test: 'false' });
  });

  it('recognises a JSON or form body sent without a content type', () => {
    expect(fieldsFromBody(Buffer.from('{"status":"lead"}'), undefined)).toEqual({ status: 'lead' });
    expect(fieldsFromBody(Buffer.from('status=lead&tid=1'), 'text/plain')).toEqual({
      status: 'lead',
      tid: '1',
    });
  });

  it('refuses malformed JSON with the reason', () => {
    expect(() => fieldsFromBody(Buffer.from('{"status":'), 'application/json')).toThrow(BodyError);
    expect(() => fieldsFromBody(Buffer.from('[1,2]'), 'application/json')).toThrow(
      'JSON body must be an object',
    );
  });

  it('replaces NUL, which PostgreSQL text cannot hold, and keeps everything else', () => {
    expect(fieldsFromQuery('campaign_name=a%00b%3Cb%3E')).toEqual({ campaign_name: 'a\uFFFDb<b>' });
  });

  it('masks the secret in the stored query string', () => {
    expect(maskSecret('secret=abc&status=lead')).toBe('secret=***&status=lead');
    expect(maskSecret('status=lead&secret=abc')).toBe('status=lead&secret=***');
  });
});
