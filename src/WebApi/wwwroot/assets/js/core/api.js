// Tokens and HTTP for the storefront and the admin panel.
//
// The access token lives in this module's memory only (never localStorage/sessionStorage); the refresh token is
// the HttpOnly cookie shop_refresh, which this script never sees. Tabs of the same browser share one session:
// - one refresh at a time across tabs: the Web Lock 'shop-refresh' serialises them, and the tab that refreshed
//   sends the new access token on the BroadcastChannel 'shop-auth', so a tab that waited takes it instead of
//   refreshing again (a second refresh would rotate the cookie once more for nothing);
// - a sign-out, or a session the server no longer knows, signs every tab out.

const BASE = '/api/v1';
const EARLY_REFRESH_MS = 60_000; // refresh this long before the access token expires
const ASK_TIMEOUT_MS = 150; // how long a tab waits for another tab's newer token before refreshing itself
const ASK_ON_LOAD_MS = 50; // on page load only a saving (one refresh fewer), so a shorter wait
// Not a secret, only a hint that this browser has a session, so a first visit makes no refresh that must fail.
const HINT = 'shop-has-session';

let signInPath = '/sign-in';
let navigate = (url) => location.assign(url);
let accessToken = null;
let expiresAt = 0; // epoch ms, this browser's clock
let user = null;
let refreshTimer = 0;
let restoring = null; // the promise of restore(), awaited by the first requests of a page
let endingQuietly = false; // while signing out: a refused refresh just ends the session, no "revoked" page
const listeners = new Set();

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('shop-auth') : null;
channel?.addEventListener('message', ({ data }) => {
  switch (data?.type) {
    case 'token': // another tab refreshed or signed in; only ever move to a newer token
      if (data.expiresAt > expiresAt) adopt(data);
      break;
    case 'ask': // a tab that just loaded, or is about to refresh, wants a valid token
      if (accessToken && expiresAt - Date.now() > EARLY_REFRESH_MS) {
        channel.postMessage({ type: 'token', accessToken, expiresAt, user });
      }
      break;
    case 'user':
      if (accessToken && !sameUser(data.user, user)) setUser(data.user);
      break;
    case 'signed-out':
      clearSession(data.reason ?? 'signed-out', { broadcast: false });
      break;
  }
});

/** Where a page lands when the session ends, and (optionally) how the page navigates (a client-side router). */
export function configure(options = {}) {
  if (options.signInPath) signInPath = options.signInPath;
  if (options.navigate) navigate = options.navigate;
}

export function currentUser() {
  return user;
}

/** callback(user | null, { reason }) on sign-in, sign-out and revocation, in this tab or any other. */
export function onUserChange(callback) {
  listeners.add(callback);
  return () => listeners.delete(callback);
}

export function newIdempotencyKey() {
  return crypto.randomUUID();
}

/**
 * Calls the API. Resolves { ok, status, data, headers }; throws only on network failure.
 * A 401 on a request that carried a token gets one refresh (shared by all tabs) and one retry.
 */
export async function api(path, { method = 'GET', body, headers = {}, ifMatch, idempotencyKey, auth = true } = {}) {
  if (auth && restoring) await restoring;
  if (auth && accessToken && expiresAt - Date.now() < 5_000) await refresh(accessToken); // about to expire: skip the 401

  const send = () => {
    const h = { 'X-Requested-With': 'fetch', Accept: 'application/json', ...headers };
    if (body !== undefined) h['Content-Type'] = 'application/json';
    if (ifMatch) h['If-Match'] = ifMatch;
    if (idempotencyKey) h['Idempotency-Key'] = idempotencyKey;
    const token = auth ? accessToken : null;
    if (token) h.Authorization = `Bearer ${token}`;
    return request(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) }, token);
  };

  let response = await send();
  if (response.status === 401 && response.sentToken) {
    if (await refresh(response.sentToken)) response = await send();
  }
  return response;
}

/** On page load: take a token from another tab, or refresh silently through the cookie; then GET /auth/me. */
export function restore() {
  restoring ??= (async () => {
    try {
      if (!hasHint()) return null;
      if (!(await askOtherTabs(null, ASK_ON_LOAD_MS)) && !(await refresh(null, { silent: true }))) return null;
      const me = await request('/auth/me', { headers: authHeaders() }, accessToken);
      if (!me.ok) return null;
      setUser(me.data);
      return user;
    } catch {
      return null; // offline: the page works signed out
    } finally {
      restoring = null;
    }
  })();
  return restoring;
}

/** Resolves { user } | { mfaToken } | { problem }. */
export async function signIn(email, password) {
  const r = await api('/auth/login?use_cookie=true', { method: 'POST', body: { email, password }, auth: false });
  if (!r.ok) return { problem: r.data ?? { title: `Sign-in failed (${r.status}).` } };
  if (r.data?.mfa_required) return { mfaToken: r.data.mfa_token };
  return signedIn(r.data);
}

/** The second step: a code from the authenticator app, or one of the recovery codes. */
export async function signInMfa(mfaToken, { code, recoveryCode } = {}) {
  const body = { mfa_token: mfaToken };
  if (code) body.code = code;
  if (recoveryCode) body.recovery_code = recoveryCode;
  const r = await api('/auth/login/mfa?use_cookie=true', { method: 'POST', body, auth: false });
  if (!r.ok) return { problem: r.data ?? { title: `Sign-in failed (${r.status}).` } };
  return signedIn(r.data);
}

/** Ends this session on the server (which clears the cookie) and signs every tab out. */
export async function signOut() {
  endingQuietly = true;
  try {
    if (accessToken) await api('/auth/logout?use_cookie=true', { method: 'POST' });
  } catch {
    // offline: this tab forgets the session all the same
  } finally {
    endingQuietly = false;
    clearSession('signed-out');
  }
}

/** Reads /auth/me again (after confirming the email or turning on the second factor) and tells every tab. */
export async function reloadUser() {
  const me = await api('/auth/me');
  if (me.ok) {
    setUser(me.data);
    channel?.postMessage({ type: 'user', user: me.data });
  }
  return user;
}

// ---- internals ----

async function request(path, init, sentToken = null) {
  const res = await fetch(BASE + path, { credentials: 'same-origin', ...init });
  let data = null;
  if (res.status !== 204 && (res.headers.get('Content-Type') ?? '').includes('json')) {
    data = await res.json().catch(() => null);
  }
  return { ok: res.ok, status: res.status, data, headers: res.headers, sentToken };
}

function authHeaders() {
  return { 'X-Requested-With': 'fetch', Accept: 'application/json', Authorization: `Bearer ${accessToken}` };
}

async function signedIn(tokens) {
  setHint(true);
  setToken(tokens.access_token, Date.now() + tokens.expires_in * 1000);
  const me = await request('/auth/me', { headers: authHeaders() }, accessToken);
  setUser(me.ok ? me.data : null);
  channel?.postMessage({ type: 'token', accessToken, expiresAt, user });
  return { user };
}

function setToken(token, expiry) {
  accessToken = token;
  expiresAt = expiry;
  clearTimeout(refreshTimer);
  if (token) {
    // Each tab keeps a timer; the lock and the "did someone else already?" check make it one refresh in all.
    const due = Math.max(expiry - Date.now() - EARLY_REFRESH_MS, 1_000);
    refreshTimer = setTimeout(() => refresh(token), due);
  }
}

function setUser(next, reason) {
  user = next;
  for (const callback of listeners) callback(user, { reason });
}

function hasHint() {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true; // storage blocked: try the cookie
  }
}

function setHint(on) {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    // storage blocked: every page load tries the cookie
  }
}

function adopt({ accessToken: token, expiresAt: expiry, user: next }) {
  setToken(token, expiry);
  if (next !== undefined && !sameUser(next, user)) setUser(next);
}

function sameUser(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function clearSession(reason, { broadcast = true } = {}) {
  const wasSignedIn = accessToken !== null || user !== null;
  setToken(null, 0);
  setHint(false);
  if (broadcast) channel?.postMessage({ type: 'signed-out', reason });
  if (wasSignedIn) setUser(null, reason);
}

/**
 * Replaces `failed` (the token a request was refused with, or null when there is none yet) with a new one.
 * Resolves true when this tab has a usable token afterwards. Only one tab refreshes at a time; the others
 * take its result. A refresh the server refuses (401) means the session is gone: every tab is signed out
 * and this one goes to the sign-in page (unless `silent`, as on a page load without a session).
 */
async function refresh(failed, { silent = false } = {}) {
  const run = async () => {
    if (accessToken && accessToken !== failed) return true; // another tab's token arrived while we waited
    if (await askOtherTabs(failed)) return true;

    const r = await request('/auth/refresh?use_cookie=true', {
      method: 'POST',
      headers: { 'X-Requested-With': 'fetch', Accept: 'application/json' },
    });
    if (r.ok) {
      setToken(r.data.access_token, Date.now() + r.data.expires_in * 1000);
      channel?.postMessage({ type: 'token', accessToken, expiresAt });
      return true;
    }
    if (r.status === 401 || r.status === 400) {
      if (silent || endingQuietly) clearSession('signed-out'); // a page load without a session is simply signed out
      else sessionEnded();
      return false;
    }
    return false; // 429, 503...: keep the session, let this request fail
  };
  try {
    return navigator.locks ? await navigator.locks.request('shop-refresh', run) : await run();
  } catch {
    return false; // network failure
  }
}

/** The session is gone (revoked, expired, signed out elsewhere): every tab signs out, this one goes to sign-in. */
function sessionEnded() {
  clearSession('revoked');
  const here = location.pathname + location.search;
  if (location.pathname !== signInPath) {
    navigate(`${signInPath}?reason=revoked&return=${encodeURIComponent(here)}`);
  }
}

/** Asks the other tabs for a valid token other than `failed`; resolves true if one answered in time. */
function askOtherTabs(failed, timeout = ASK_TIMEOUT_MS) {
  if (!channel) return Promise.resolve(false);
  return new Promise((resolve) => {
    const listen = new BroadcastChannel('shop-auth'); // a second handle: a channel does not hear itself
    const done = (found) => {
      clearTimeout(timer);
      listen.close();
      resolve(found);
    };
    const timer = setTimeout(() => done(false), timeout);
    listen.onmessage = ({ data }) => {
      const usable = data?.type === 'token' && data.accessToken !== failed && data.expiresAt > Date.now();
      if (usable && (data.expiresAt > expiresAt || accessToken === data.accessToken)) {
        adopt(data);
        done(true);
      }
    };
    listen.postMessage({ type: 'ask' });
  });
}
