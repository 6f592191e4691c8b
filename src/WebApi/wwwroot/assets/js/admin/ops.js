// The ops console (admin and ops): find a user; their sessions with revoke one / revoke all; lock and unlock;
// revoke a leaked token (always "done", RFC 7009 style); the kill switch behind a typed confirmation.
import { h, showProblem, clearProblem, announce, dateTime, pager, dialog } from '../core/ui.js';
import {
  load, request, field, table, pageHeader, formAlert, withQuery, pageNumber, navigate, busy, localToIso, isoToLocal,
} from './common.js';

const PAGE_SIZE = 20;
const KILL_SWITCH_TEXT = 'REVOKE ALL';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function opsPage({ query }) {
  const sections = [pageHeader('Ops console')];
  sections.push(await findUserSection(query));
  sections.push(revokeTokenSection());
  sections.push(killSwitchSection());
  return h('div', { class: 'ops' }, ...sections);
}

async function findUserSection(query) {
  const section = h('section', { class: 'card', 'aria-labelledby': 'find-user-heading' }, h('h2', { id: 'find-user-heading' }, 'Find a user'));

  const idInput = h('input', { name: 'user_id', autocomplete: 'off', spellcheck: 'false', placeholder: '0190a5b2-…' });
  const byId = h('form', { class: 'inline-form filters', novalidate: true, 'aria-label': 'Open a user by id' },
    formAlert(),
    field('User id', idInput, 'The id from the audit log, an order or a support request.'),
    h('button', { type: 'submit', class: 'btn' }, 'Open'));
  byId.addEventListener('submit', (event) => {
    event.preventDefault();
    clearProblem(byId);
    const id = idInput.value.trim();
    if (!uuid.test(id)) {
      showProblem(byId, { title: 'Not a user id.', errors: { user_id: ['Enter a user id such as 0190a5b2-7c1d-7e2f-9a3b-4c5d6e7f8091.'] } });
      return;
    }
    navigate(`/admin/ops/users/${id}`);
  });

  const q = query.user_q ?? '';
  const search = h('input', { name: 'user_q', type: 'search', value: q, autocomplete: 'off' });
  const byEmail = h('form', { role: 'search', class: 'inline-form filters', 'aria-label': 'Search users' },
    field('Email or name', search), h('button', { type: 'submit', class: 'btn' }, 'Search'));
  byEmail.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(withQuery('/admin/ops', { user_q: search.value.trim() }));
  });
  section.append(byEmail);
  if (q) {
    const res = await load(withQuery('/admin/security/users', { q, page: 1, page_size: 10 }));
    section.append(table(`Users matching “${q}” (${res.data.total}${res.data.total > 10 ? ', first 10 shown' : ''})`,
      ['Email', 'Name', 'Role', 'Account'],
      res.data.items.map((u) => [
        h('a', { href: `/admin/ops/users/${u.id}?email=${encodeURIComponent(u.email)}` }, u.email),
        u.full_name,
        u.role,
        u.locked_until && new Date(u.locked_until) > new Date() ? `Locked until ${dateTime(u.locked_until)}` : 'Active',
      ]), 'No user matches this search.'));
  }
  section.append(byId);
  return section;
}

function revokeTokenSection() {
  const token = h('textarea', { name: 'token', rows: '3', spellcheck: 'false', autocomplete: 'off' });
  const result = h('p', { class: 'result', role: 'status' });
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'revoke-token-heading' },
    h('h2', { id: 'revoke-token-heading' }, 'Revoke a leaked token'),
    h('p', {}, 'Paste a refresh token (or an access token) found in a log, a ticket or a paste site. A known refresh token ends its whole session.'),
    formAlert(),
    field('Token', token),
    h('button', { type: 'submit', class: 'btn btn-danger' }, 'Revoke token'),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(form);
    result.textContent = '';
    const r = await busy(form, () => request('/admin/security/revoke-token', { method: 'POST', body: { token: token.value.trim() } }));
    if (!r.ok) {
      showProblem(form, r.data ?? { title: `The server answered ${r.status}.` });
      return;
    }
    token.value = '';
    // RFC 7009: the answer is the same whether or not the token was known, so the page cannot say more.
    result.textContent = 'Done. If the token was one of ours, it no longer works (a refresh token ends its session).';
    announce('Token revoked.');
  });
  return form;
}

function killSwitchSection() {
  const issuedBefore = h('input', { name: 'issued_before', type: 'datetime-local' });
  const result = h('p', { class: 'result', role: 'status' });
  const form = h('form', { class: 'card danger-zone', novalidate: true, 'aria-labelledby': 'kill-switch-heading' },
    h('h2', { id: 'kill-switch-heading' }, 'Kill switch: revoke every session'),
    h('p', {}, 'Every session and access token of every user issued before the time below stops working at once: customers, admins, ops, and your own session. Everyone must sign in again.'),
    formAlert(),
    field('Issued before (your local time)', issuedBefore, 'Leave empty for now.'),
    h('button', { type: 'submit', class: 'btn btn-danger' }, 'Revoke all sessions…'),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(form);
    result.textContent = '';
    const at = issuedBefore.value ? localToIso(issuedBefore.value) : new Date().toISOString();
    if (!at) {
      showProblem(form, { title: 'Not a time.', errors: { issued_before: ['Enter a date and time, or leave it empty for now.'] } });
      return;
    }
    const ok = await dialog({
      title: 'Revoke every session of every user?',
      body: `Every session issued before ${issuedBefore.value ? dateTime(at) : 'now'} ends, yours included. `
        + `This cannot be undone. Type ${KILL_SWITCH_TEXT} to confirm.`,
      confirmLabel: 'Revoke all sessions',
      requireText: KILL_SWITCH_TEXT,
    });
    if (!ok) return;
    const r = await busy(form, () => request('/admin/security/revoke-all', { method: 'POST', body: { issued_before: at } }));
    if (!r.ok) {
      showProblem(form, r.data ?? { title: `The server answered ${r.status}.` });
      return;
    }
    result.textContent = `${r.data.revoked} session${r.data.revoked === 1 ? '' : 's'} revoked. Your own session has ended too: your next action asks you to sign in again.`;
    announce(`Kill switch done: ${r.data.revoked} sessions revoked.`);
  });
  return form;
}

/** "Chrome 131 on Windows" from a user agent; the full text stays in the cell's title. */
function device(userAgent) {
  if (!userAgent) return '';
  const browser = /(Edg|OPR|Firefox|HeadlessChrome|Chrome|Version)\/(\d+)/.exec(userAgent);
  const os = /(Windows|Android|iPhone|iPad|Mac OS X|CrOS|Linux)/.exec(userAgent);
  const names = { Edg: 'Edge', OPR: 'Opera', Version: 'Safari', 'Mac OS X': 'macOS', CrOS: 'ChromeOS' };
  if (!browser) return h('span', { title: userAgent }, userAgent.slice(0, 40));
  const text = `${names[browser[1]] ?? browser[1]} ${browser[2]}${os ? ` on ${names[os[1]] ?? os[1]}` : ''}`;
  return h('span', { title: userAgent }, text);
}

const revokedReasons = {
  logout: 'signed out',
  logout_all: 'signed out everywhere',
  session_deleted: 'device signed out',
  password_changed: 'password changed',
  refresh_token_reuse: 'refresh token reused: possible theft',
  ops: 'revoked by ops',
  token_revoked: 'leaked token revoked',
  user_locked: 'account locked',
  role_changed: 'role changed',
  global_revoke: 'kill switch',
  session_limit: 'too many sessions',
  password_reset: 'password reset',
  mfa_reset: 'second factor reset',
};

function sessionState(s) {
  if (s.revoked_at) {
    const reason = s.revoked_reason ? ` (${revokedReasons[s.revoked_reason] ?? s.revoked_reason.replaceAll('_', ' ')})` : '';
    return `Revoked ${dateTime(s.revoked_at)}${reason}`;
  }
  if (new Date(s.expires_at) <= new Date()) return 'Expired';
  return 'Active';
}

export async function opsUserPage({ params, query, rerender }) {
  const id = params[0];
  const page = pageNumber(query.page);
  const email = query.email ?? '';
  const who = email || `user ${id}`;
  const res = await load(withQuery(`/admin/security/users/${id}/sessions`, { page, page_size: PAGE_SIZE }));
  const { items, total } = res.data;

  const rows = items.map((s) => {
    let action = '';
    if (!s.revoked_at) {
      const button = h('button', { type: 'button', class: 'btn btn-danger' }, 'Revoke');
      button.setAttribute('aria-label', `Revoke the session started ${dateTime(s.created_at)}`);
      button.addEventListener('click', async () => {
        button.disabled = true;
        const r = await request(`/admin/security/sessions/${s.id}`, { method: 'DELETE' });
        button.disabled = false;
        if (!r.ok) {
          announce(`Session not revoked: ${r.data?.detail ?? r.data?.title ?? `the server answered ${r.status}`}`, { kind: 'error' });
          button.focus();
          return;
        }
        announce('Session revoked: its tokens stopped working.');
        await rerender();
      });
      action = button;
    }
    return [dateTime(s.created_at), dateTime(s.last_used_at), dateTime(s.expires_at), s.ip ?? '', device(s.user_agent), sessionState(s), action];
  });

  const revokeAll = h('button', { type: 'button', class: 'btn btn-danger' }, 'Revoke all sessions of this user');
  revokeAll.addEventListener('click', async () => {
    const ok = await dialog({
      title: `Sign ${who} out everywhere?`,
      body: 'Every session of this user ends at once, access tokens included. They can sign in again unless the account is locked.',
      confirmLabel: 'Revoke all sessions',
    });
    if (!ok) return;
    revokeAll.disabled = true;
    const r = await request(`/admin/security/users/${id}/revoke-sessions`, { method: 'POST' });
    revokeAll.disabled = false;
    if (!r.ok) {
      announce(`Sessions not revoked: ${r.data?.detail ?? r.data?.title ?? `the server answered ${r.status}`}`, { kind: 'error' });
      revokeAll.focus();
      return;
    }
    announce(`${r.data.revoked} session${r.data.revoked === 1 ? '' : 's'} revoked.`);
    await rerender();
  });

  const lockState = h('p', { class: 'result', role: 'status' });
  const until = h('input', { name: 'until', type: 'datetime-local', value: isoToLocal(new Date(Date.now() + 24 * 3600 * 1000)) });
  const reason = h('input', { name: 'reason', maxlength: '500', autocomplete: 'off' });
  const lockForm = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'lock-heading' },
    h('h2', { id: 'lock-heading' }, 'Lock or unlock the account'),
    h('p', {}, 'A locked user cannot sign in or refresh; locking also ends every session.'),
    formAlert(),
    field('Locked until (your local time)', until),
    field('Reason', reason, 'Kept in the audit log.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-danger' }, 'Lock account'), h('button', { type: 'button', class: 'btn unlock' }, 'Unlock account')),
    lockState);
  lockForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(lockForm);
    const body = { until: localToIso(until.value) ?? undefined, reason: reason.value.trim() };
    const r = await busy(lockForm, () => request(`/admin/security/users/${id}/lock`, { method: 'POST', body }));
    if (!r.ok) {
      showProblem(lockForm, r.data ?? { title: `The server answered ${r.status}.` });
      return;
    }
    lockState.textContent = `${r.data.email} is locked until ${dateTime(r.data.locked_until)}; ${r.data.sessions_revoked} session${r.data.sessions_revoked === 1 ? '' : 's'} ended.`;
    announce(`${r.data.email} locked.`);
    await refreshSessions();
  });
  lockForm.querySelector('.unlock').addEventListener('click', async () => {
    clearProblem(lockForm);
    const r = await busy(lockForm, () => request(`/admin/security/users/${id}/unlock`, { method: 'POST' }));
    if (!r.ok) {
      showProblem(lockForm, r.data ?? { title: `The server answered ${r.status}.` });
      return;
    }
    lockState.textContent = `${r.data.email} is unlocked and may sign in again.`;
    announce(`${r.data.email} unlocked.`);
  });

  const resetMfa = h('button', { type: 'button', class: 'btn' }, 'Reset the second factor');
  resetMfa.addEventListener('click', async () => {
    const ok = await dialog({
      title: `Reset the second factor of ${who}?`,
      body: 'For a lost phone: the authenticator and the recovery codes are removed and every session ends. Confirm the person\'s identity first.',
      confirmLabel: 'Reset the second factor',
    });
    if (!ok) return;
    const r = await request(`/admin/security/users/${id}/reset-mfa`, { method: 'POST' });
    if (!r.ok) {
      announce(`Not reset: ${r.data?.detail ?? r.data?.title ?? `the server answered ${r.status}`}`, { kind: 'error' });
      return;
    }
    announce(`Second factor removed; ${r.data.revoked} sessions ended.`);
    await rerender();
  });

  const sessionsRegion = h('div', {});
  function sessionsTable(list, count) {
    return h('div', {},
      table(`Sessions of ${who}: active and recently revoked, newest first (${count} in all)`,
        ['Started', 'Last used', 'Expires', 'IP address', 'Device', 'State', 'Action'], list, 'This user has no active or recently revoked session.'),
      pager({ page, pageSize: PAGE_SIZE, total: count, href: (p) => withQuery(`/admin/ops/users/${id}`, { email, page: p }) }));
  }
  sessionsRegion.append(sessionsTable(rows, total));
  async function refreshSessions() {
    await rerender();
  }

  return h('div', { class: 'ops' },
    pageHeader(`Security of ${who}`),
    h('p', {}, h('a', { href: '/admin/ops' }, 'Ops console'), ' · ',
      h('a', { href: withQuery('/admin/audit', { user_id: id }) }, 'Audit log of this user')),
    h('section', { class: 'card wide', 'aria-labelledby': 'sessions-heading' },
      h('h2', { id: 'sessions-heading' }, 'Sessions'),
      sessionsRegion,
      h('div', { class: 'actions' }, revokeAll)),
    lockForm,
    h('section', { class: 'card', 'aria-labelledby': 'mfa-heading' }, h('h2', { id: 'mfa-heading' }, 'Second factor'), resetMfa));
}
