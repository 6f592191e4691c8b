// The admin panel's shell: restores the session, routes /admin/... URLs (history API) to pages,
// builds the navigation by role (admin: everything; ops: the ops console) and guards every page.
import { configure, restore, currentUser, onUserChange, signOut } from '../core/api.js';
import { h, announce } from '../core/ui.js';
import {
  mainElement, navigate, onNavigate, currentQuery, pageHeader, showTitle, MfaEnrollmentRequired, PageError, onMfaEnrollmentRequired,
} from './common.js';
import { signInPage } from './sign-in.js';
import { productsPage, productPage, newProductPage } from './products.js';
import { categoriesPage } from './categories.js';
import { ordersPage } from './orders.js';
import { usersPage } from './users.js';
import { opsPage, opsUserPage } from './ops.js';
import { auditPage } from './audit.js';

const ADMIN = ['admin'];
const SECURITY = ['admin', 'ops'];

const routes = [
  { path: /^\/admin\/products$/, roles: ADMIN, page: productsPage },
  { path: /^\/admin\/products\/new$/, roles: ADMIN, page: newProductPage },
  { path: /^\/admin\/products\/([0-9a-f-]{36})$/i, roles: ADMIN, page: productPage },
  { path: /^\/admin\/categories$/, roles: ADMIN, page: categoriesPage },
  { path: /^\/admin\/orders$/, roles: ADMIN, page: ordersPage },
  { path: /^\/admin\/users$/, roles: ADMIN, page: usersPage },
  { path: /^\/admin\/ops$/, roles: SECURITY, page: opsPage },
  { path: /^\/admin\/ops\/users\/([0-9a-f-]{36})$/i, roles: SECURITY, page: opsUserPage },
  { path: /^\/admin\/audit$/, roles: SECURITY, page: auditPage },
];

const sections = [
  { href: '/admin/products', text: 'Products', roles: ADMIN },
  { href: '/admin/categories', text: 'Categories', roles: ADMIN },
  { href: '/admin/orders', text: 'Orders', roles: ADMIN },
  { href: '/admin/users', text: 'Users', roles: ADMIN },
  { href: '/admin/ops', text: 'Ops console', roles: SECURITY },
  { href: '/admin/audit', text: 'Audit log', roles: SECURITY },
];

let renderCount = 0;

function homeFor(user) {
  return user.role === 'admin' ? '/admin/products' : '/admin/ops';
}

function renderChrome(user) {
  const nav = document.getElementById('admin-nav');
  const account = document.getElementById('admin-account');
  nav.replaceChildren();
  account.replaceChildren();
  if (!user) {
    nav.hidden = true;
    return;
  }
  const visible = sections.filter((s) => s.roles.includes(user.role));
  nav.hidden = visible.length === 0;
  nav.append(h('ul', {}, visible.map((s) => {
    const current = location.pathname === s.href || location.pathname.startsWith(`${s.href}/`);
    const link = h('a', { href: s.href }, s.text);
    if (current) link.setAttribute('aria-current', 'page');
    return h('li', {}, link);
  })));
  const out = h('button', { type: 'button', class: 'btn-link' }, 'Sign out');
  out.addEventListener('click', async () => {
    await signOut();
    navigate('/admin/sign-in?reason=signed-out', { replace: true });
  });
  account.append(h('span', { class: 'who' }, `${user.email} (${user.role})`), out);
}

function mfaPage(user) {
  return h('div', {},
    pageHeader('Set up a second factor first'),
    h('div', { class: 'notice warning', role: 'alert' },
      h('p', {}, `The ${user ? user.role : 'admin'} role needs a second factor (an authenticator app) before the admin panel and the ops console open.`),
      h('p', {}, 'Set it up on your account page in the shop (Account, then Two-factor sign-in), then come back here.')),
    h('p', {}, h('a', { href: '/account/two-factor', class: 'btn btn-primary', 'data-external': 'true' }, 'Set up a second factor on my account page')));
}

function notAllowedPage(user, route) {
  const isOps = user.role === 'ops';
  return h('div', {},
    pageHeader('Not allowed'),
    h('div', { class: 'notice warning', role: 'alert' },
      h('p', {}, isOps && route
        ? 'Your role (ops) can use the ops console and the audit log only; this page is for admins.'
        : `Your account (${user.email}, role ${user.role}) is not allowed to use the admin panel.`)),
    h('p', {}, isOps
      ? h('a', { href: '/admin/ops' }, 'Go to the ops console')
      : h('a', { href: '/', 'data-external': 'true' }, 'Back to the shop')));
}

function errorPage(title, message) {
  return h('div', {}, pageHeader(title), h('p', { class: 'notice error', role: 'alert' }, message));
}

async function render() {
  const ticket = ++renderCount;
  const user = currentUser();
  const path = location.pathname.replace(/\/+$/, '') || '/admin';
  const query = currentQuery();
  const main = mainElement();
  main.removeAttribute('aria-busy'); // a page load this navigation overtook does not finish it
  renderChrome(user);

  if (path === '/admin/sign-in') {
    if (user && !query.reason) {
      navigate(homeFor(user), { replace: true });
      return;
    }
    main.replaceChildren(signInPage({
      query,
      onSignedIn: (signedIn, target) => navigate(target === '/admin' ? homeFor(signedIn) : target, { replace: true }),
    }));
    showTitle();
    return;
  }
  if (!user) {
    navigate(`/admin/sign-in?return=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    return;
  }
  if (user.role !== 'admin' && user.role !== 'ops') {
    main.replaceChildren(notAllowedPage(user, null));
    showTitle();
    return;
  }
  if (path === '/admin') {
    navigate(homeFor(user), { replace: true });
    return;
  }
  const route = routes.find((r) => r.path.test(path));
  if (!route) {
    main.replaceChildren(errorPage('Page not found', 'There is no admin page at this address.'));
    showTitle();
    return;
  }
  if (!route.roles.includes(user.role)) {
    main.replaceChildren(notAllowedPage(user, route));
    showTitle();
    return;
  }
  const params = path.match(route.path).slice(1);
  main.setAttribute('aria-busy', 'true');
  let content;
  try {
    content = await route.page({ params, query, user, rerender: render });
  } catch (error) {
    if (error instanceof MfaEnrollmentRequired) content = mfaPage(user);
    else if (error instanceof PageError) content = errorPage(error.title, error.message);
    else content = errorPage('Something went wrong', 'The page could not be loaded; check the connection and try again.');
    if (!(error instanceof MfaEnrollmentRequired) && !(error instanceof PageError)) console.error(error);
  }
  if (ticket !== renderCount) return; // a newer navigation won
  main.removeAttribute('aria-busy');
  main.replaceChildren(content);
  showTitle();
}

function interceptLinks() {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest('a[href]');
    if (!link || link.target || link.hasAttribute('download') || link.dataset.external) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith('/admin')) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener('popstate', () => {
    announce('');
    render();
  });
}

async function start() {
  configure({ signInPath: '/admin/sign-in', navigate: (url) => navigate(url) });
  onNavigate(render);
  onMfaEnrollmentRequired(() => {
    mainElement().replaceChildren(mfaPage(currentUser()));
    showTitle();
    announce('A second factor is required for this role.', { kind: 'error' });
  });
  interceptLinks();
  let first = true;
  onUserChange((user, { reason } = {}) => {
    if (first) return;
    renderChrome(user);
    if (user) return;
    // Signed out here or in another tab, or the session was revoked. In the tab whose request found the session
    // gone, the core navigates to the sign-in page itself right after this; the other tabs follow here.
    const from = location.pathname + location.search;
    setTimeout(() => {
      if (location.pathname === '/admin/sign-in') return;
      navigate(`/admin/sign-in?reason=${reason === 'revoked' ? 'revoked' : 'signed-out'}&return=${encodeURIComponent(from)}`);
    }, 0);
  });
  await restore();
  first = false;
  await render();
}

start();
