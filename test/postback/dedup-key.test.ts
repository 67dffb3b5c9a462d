import { describe, expect, it } from 'vitest';
import { dedupKey } from '../../src/postback/dedup-key.ts';
import { parsePostback } from '../../src/postback/fields.ts';

const key = (fields: Record<string, string>) => dedupKey(parsePostback(fields));

describe('dedup key', () => {
  it('is the same for the same transaction and status sent twice', () => {
    expect(key({ status: 'sale', tid: 'T-1', subid: 'c1' })).toBe(
      key({ status: 'dep', tid: 'T-1', subid: 'c1', conversion_revenue: '100' }),
    );
  });

  it('differs between the lead and the sale of one click', () => {
    expect(key({ status: 'lead', subid: 'c1' })).not.toBe(key({ status: 'sale', subid: 'c1' }));
  });

  it('differs between two rebills of one click (new tid each time)', () => {
    expect(key({ status: 'rebill', tid: 'T-2', subid: 'c1' })).not.toBe(
      key({ status: 'rebill', tid: 'T-3', subid: 'c1' }),
    );
  });

  it('uses the click when there is no tid', () => {
    expect(key({ status: 'lead', subid: 'c1', tid: '' })).toBe(
      key({ status: 'reg', click_id: 'c1' }),
    );
  });

  it('keeps two unknown statuses of one transaction apart', () => {
    expect(key({ status: 'hold', tid: 'T-1' })).not.toBe(key({ status: 'pending', tid: 'T-1' }));
  });

  it('hashes the fields when there is neither tid nor subid', () => {
    const a = key({ status: 'lead', campaign_id: '12', country: 'US' });
    expect(a).toBe(key({ status: 'lead', campaign_id: '12', country: 'us' }));
    expect(a).not.toBe(key({ status: 'lead', campaign_id: '13', country: 'US' }));
  });

  it('stays short enough for an index when a tid is very long', () => {
    expect(key({ status: 'sale', tid: 'x'.repeat(5000) }).length).toBeLessThanOrEqual(200);
  });
});
