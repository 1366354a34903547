// The dashboard's history view as URL parameters (#/?page=2&status=FAILED&brand=…&type=EMAIL&q=…),
// so Back returns to the same page and a reload keeps the filters.
import { type CampaignStatus, type ContentType, campaignStatuses, contentTypes } from './types.js';

export interface HistoryQuery {
  /** 1-based. */
  page: number;
  status: CampaignStatus | '';
  brandId: string;
  contentType: ContentType | '';
  search: string;
}

export const emptyHistoryQuery: HistoryQuery = { page: 1, status: '', brandId: '', contentType: '', search: '' };

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | '' =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : '';

export function parseHistoryQuery(search: string): HistoryQuery {
  const params = new URLSearchParams(search);
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, 10_000) : 1,
    status: oneOf(campaignStatuses, params.get('status')),
    brandId: params.get('brand') ?? '',
    contentType: oneOf(contentTypes, params.get('type')),
    search: (params.get('q') ?? '').slice(0, 200),
  };
}

/** "?page=2&q=spring" (empty values and page 1 left out), or "" when nothing is set. */
export function formatHistoryQuery(query: HistoryQuery): string {
  const params = new URLSearchParams();
  if (query.page > 1) params.set('page', String(query.page));
  if (query.status) params.set('status', query.status);
  if (query.brandId) params.set('brand', query.brandId);
  if (query.contentType) params.set('type', query.contentType);
  if (query.search.trim()) params.set('q', query.search.trim());
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const hasFilters = (query: HistoryQuery) => Boolean(query.status || query.brandId || query.contentType || query.search.trim());
