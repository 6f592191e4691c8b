// A tiny client-side router on the History API. Same-origin links are followed without a page load; back and
// forward re-render from the URL, so everything a page shows (filters, sort, page) must come from the URL.

const routes = [];
let outlet = null;
let guard = async () => null;
let shared = {};
let rendering = 0;

/** route('/products/:id', () => import('./product.js'), { auth: true }) */
export function route(pattern, load, options = {}) {
  const keys = [];
  const source = pattern.replace(/:(\w+)/g, (_, key) => (keys.push(key), '([^/]+)'));
  const regex = pattern === '*' ? /$^/ : new RegExp(`^${source}/?$`); // '*': the not-found page, matched last
  routes.push({ regex, keys, load, ...options });
}

/** Starts the router: renders the current URL and follows links and back/forward from then on. */
export function start({ main, beforeEach, context = {} }) {
  outlet = main;
  shared = context; // handed to every page, e.g. the session being restored
  if (beforeEach) guard = beforeEach;
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', () => render({}));
  return render({});
}

/** Goes to `url` (a path with query) without a page load. */
export function navigate(url, { replace = false } = {}) {
  const target = new URL(url, location.origin);
  const next = target.pathname + target.search + target.hash;
  if (next !== location.pathname + location.search + location.hash || replace) {
    history[replace ? 'replaceState' : 'pushState'](null, '', next);
  }
  return render({});
}

/** Re-renders the current page (after a sign-in or sign-out, say). */
export function reload() {
  return render({ keepFocus: true });
}

export function currentPath() {
  return location.pathname + location.search;
}

function onClick(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[href]');
  if (!link || link.target || link.hasAttribute('download') || link.origin !== location.origin) return;
  if (link.pathname.startsWith('/api/') || link.pathname.startsWith('/admin')) return; // not ours
  if (link.pathname === location.pathname && link.search === location.search && link.hash) return; // in-page anchor
  event.preventDefault();
  navigate(link.href);
}

async function render({ keepFocus = false }) {
  const ticket = ++rendering;
  const path = location.pathname;
  const match = routes.map((r) => ({ r, m: r.regex.exec(path) })).find((x) => x.m);
  const entry = match?.r ?? routes.find((r) => r.notFound);
  const params = {};
  entry?.keys?.forEach((key, i) => (params[key] = decodeURIComponent(match.m[i + 1])));

  const [redirect, module] = await Promise.all([guard(entry), entry.load()]);
  if (ticket !== rendering) return;
  if (redirect) return navigate(redirect, { replace: true });

  if (ticket !== rendering) return; // a newer navigation won
  // Each page renders into its own container, so a slow, superseded page writes into a detached node.
  const view = document.createElement('div');
  view.className = 'view';
  outlet.replaceChildren(view);
  outlet.setAttribute('aria-busy', 'true');
  if (!keepFocus) window.scrollTo(0, 0);
  try {
    await module.render(view, { ...shared, page: entry.page, params, query: new URLSearchParams(location.search), navigate, isCurrent: () => ticket === rendering });
  } finally {
    if (ticket === rendering) outlet.removeAttribute('aria-busy');
  }
  document.dispatchEvent(new CustomEvent('route-change', { detail: { path } }));
}
