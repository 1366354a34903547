// A tiny hash router: #/ dashboard, #/create (?from=<id> to start from a campaign), #/campaigns/<id>, #/brands.
export type Route =
  | { page: 'dashboard' }
  | { page: 'create'; from: string | null }
  | { page: 'campaign'; id: string }
  | { page: 'brands' }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '') return { page: 'dashboard' };
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
  const update = (event?: HashChangeEvent) => {
    router.route = parseRoute(location.hash);
    if (event) headingFocusPending = true;
  };
  window.addEventListener('hashchange', update);
  update();
  return () => window.removeEventListener('hashchange', update);
}

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
