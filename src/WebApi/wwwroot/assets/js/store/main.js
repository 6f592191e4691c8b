// The storefront's entry point: the routes, the header's account links, and what happens when the session
// changes in this tab or another one.
import { configure, restore, currentUser, onUserChange, signOut } from '../core/api.js';
import { h, announce } from '../core/ui.js';
import { route, start, navigate, reload, currentPath } from './router.js';

const catalog = () => import('./catalog.js');
const account = () => import('./account.js');
const shopping = () => import('./shopping.js');

route('/', catalog);
route('/products/:id', () => import('./product.js'));
route('/cart', shopping, { auth: true, page: 'cart' });
route('/orders', shopping, { auth: true, page: 'orders' });
route('/orders/:id', shopping, { auth: true, page: 'order' });
route('/sign-in', account, { page: 'sign-in' });
route('/sign-up', account, { page: 'sign-up' });
route('/forgot-password', account, { page: 'forgot-password' });
route('/reset-password', account, { page: 'reset-password' });
route('/confirm-email', account, { page: 'confirm-email' });
route('/account', account, { auth: true, page: 'account' });
route('/account/password', account, { auth: true, page: 'password' });
route('/account/devices', account, { auth: true, page: 'devices' });
route('/account/two-factor', account, { auth: true, page: 'two-factor' });
route('*', () => import('./not-found.js'), { notFound: true });

configure({ signInPath: '/sign-in', navigate: (url) => navigate(url, { replace: true }) });

let needsAuth = false;

function renderNav(user) {
  const nav = document.getElementById('nav');
  const link = (href, text) => h('li', null, h('a', { href }, text));
  const items = [link('/', 'Products')];
  if (user) {
    items.push(
      link('/cart', 'Cart'),
      link('/orders', 'My orders'),
      link('/account', 'Account'),
      h('li', null, h('button', { type: 'button', class: 'btn-link', onClick: onSignOut }, 'Sign out')),
    );
  } else {
    items.push(link(`/sign-in?return=${encodeURIComponent(currentPath())}`, 'Sign in'), link('/sign-up', 'Create account'));
  }
  nav.replaceChildren(...items);
  markCurrent();
}

function markCurrent() {
  for (const a of document.querySelectorAll('#nav a')) {
    const here = a.pathname === '/' ? location.pathname === '/' || location.pathname.startsWith('/products') : location.pathname.startsWith(a.pathname);
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

let leaving = false;
async function onSignOut() {
  leaving = true;
  await signOut();
  leaving = false;
  announce('You are signed out.');
  navigate('/');
}

// The header's search box goes through the router, keeping the other filters out (a new search).
document.getElementById('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = new FormData(event.target).get('q').trim();
  navigate(q ? `/?q=${encodeURIComponent(q)}` : '/');
});

document.addEventListener('route-change', () => {
  markCurrent();
  // A banner stays for the page it was shown on (or navigated to), and goes at the next change of page.
  for (const banner of document.querySelectorAll('.banner-region .banner')) {
    banner.dataset.pages = String(Number(banner.dataset.pages ?? 0) + 1);
    if (Number(banner.dataset.pages) > 1) banner.remove();
  }
  const q = new URLSearchParams(location.search).get('q');
  if (location.pathname === '/') document.getElementById('search-q').value = q ?? '';
});

onUserChange((user, { reason } = {}) => {
  renderNav(user);
  if (user || leaving) return;
  // Signed out here or in another tab, or the session was revoked: leave pages that need an account.
  if (needsAuth && location.pathname !== '/sign-in') {
    const why = reason === 'revoked' ? 'revoked' : 'signed-out';
    navigate(`/sign-in?reason=${why}&return=${encodeURIComponent(currentPath())}`, { replace: true });
  } else if (!needsAuth) {
    reload();
  }
});

// Public pages render at once; pages that need an account (and the header) wait for the session to be restored.
const session = restore();
session.then(renderNav);
start({
  main: document.getElementById('main'),
  context: { session },
  async beforeEach(entry) {
    needsAuth = Boolean(entry?.auth);
    if (!needsAuth) return null;
    await session;
    return currentUser() ? null : `/sign-in?return=${encodeURIComponent(currentPath())}`;
  },
});
