// The history's page and filters as URL parameters: read back as written, bad values ignored.
import { describe, expect, it } from 'vitest';
import { emptyHistoryQuery, formatHistoryQuery, parseHistoryQuery } from '../../client/src/lib/history-query.js';
import { parseRoute } from '../../client/src/lib/router.svelte.js';

describe('the history query in the URL', () => {
  it('round-trips every filter and the page', () => {
    const query = { page: 3, status: 'FAILED', brandId: 'b 1&x', contentType: 'EMAIL', search: 'spring sale' } as const;
    const text = formatHistoryQuery(query);
    expect(text).toBe('?page=3&status=FAILED&brand=b+1%26x&type=EMAIL&q=spring+sale');
    expect(parseHistoryQuery(text)).toEqual(query);
    expect(parseRoute(`#/${text}`)).toEqual({ page: 'dashboard', history: query });
  });

  it('leaves out what is not set, so the plain dashboard stays #/', () => {
    expect(formatHistoryQuery(emptyHistoryQuery)).toBe('');
    expect(parseRoute('#/')).toEqual({ page: 'dashboard', history: emptyHistoryQuery });
  });

  it('ignores values that cannot be right instead of failing', () => {
    expect(parseHistoryQuery('?page=-2&status=DONE&type=POEM&q=')).toEqual(emptyHistoryQuery);
    expect(parseHistoryQuery('?page=abc').page).toBe(1);
  });

  it('reads the campaign to start from in #/create?from=', () => {
    expect(parseRoute('#/create?from=c%2F1')).toEqual({ page: 'create', from: 'c/1' });
    expect(parseRoute('#/create')).toEqual({ page: 'create', from: null });
  });
});
