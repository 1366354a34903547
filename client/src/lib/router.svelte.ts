import { type HistoryQuery, parseHistoryQuery } from './history-query.js';

// A tiny hash router: #/ dashboard (?page=&status=&brand=&type=&q= for its history), #/create (?from=<id> to start from a campaign), #/campaigns/<id>, #/brands.
export type Route =
  | { page: 'dashboard'; history: HistoryQuery }
  | { page: 'create'; from: string | null }
  | { page: 'campaign'; id: string }
  | { page: 'brands' }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '' || path.startsWith('/?')) return { page: 'dashboard', history: parseHistoryQuery(path.slice(1)) };
  if (path === '/create' || path.startsWith('/create?')) {
    return { page: 'create', from: new URLSearchParams(path.slice('/create'.length)).get('from') };
  }
  if (path === '/brands') return { page: 'brands' };
  const campaign = path.match(/^\/campaigns\/([^/]+)$/);
  if (campaign?.[1]) return { page: 'campaign', id: decodeURIComponent(campaign[1]) };
  return { page: 'not-found', path };
}

export const router = $state({ route: parseRoute(typeof location === 'undefined' ? '' : location.hash) });

// Set by a navigation (not the first load), taken by the next page heading to appear.
let headingFocusPending = false;

export function startRouter(): () => void {
  // Compared without reading router.route: startRouter runs in an effect, which must not depend on the route it sets.
  let previous = parseRoute(location.hash);
  const update = (event?: HashChangeEvent) => {
    const next = parseRoute(location.hash);
    router.route = next;
    // Another page, not the same page with other filters: its heading takes the focus.
    if (event && !samePage(previous, next)) headingFocusPending = true;
    previous = next;
  };
  window.addEventListener('hashchange', update);
  update();
  return () => window.removeEventListener('hashchange', update);
}

const samePage = (a: Route, b: Route) => a.page === b.page && (a.page !== 'campaign' || b.page !== 'campaign' || a.id === b.id);

export function navigate(path: string): void {
  location.hash = `#${path}`;
}

export const campaignPath = (id: string) => `/campaigns/${encodeURIComponent(id)}`;

/** The form, filled in from an earlier campaign. */
export const rerunPath = (id: string) => `/create?from=${encodeURIComponent(id)}`;

/** True once after each navigation: the page whose heading asks first moves focus there. */
export function takeHeadingFocus(): boolean {
  const pending = headingFocusPending;
  headingFocusPending = false;
  return pending;
}
