// The security audit log: filters (user, type, from, to) and paging, all in the URL.
import { h, showProblem, dateTime, pager } from '../core/ui.js';
import { request, field, select, table, pageHeader, formAlert, withQuery, pageNumber, navigate, localToIso, isoToLocal, MfaEnrollmentRequired, PageError } from './common.js';

const PAGE_SIZE = 25;
const types = [
  'login_succeeded', 'login_failed', 'refresh_reuse_detected', 'session_revoked', 'sessions_revoked_all', 'global_revoke',
  'user_locked', 'user_unlocked', 'role_changed', 'password_changed', 'password_change_failed', 'password_reset_requested',
  'password_reset', 'email_confirmed', 'mfa_enabled', 'mfa_disabled', 'mfa_failed', 'mfa_reset_by_ops',
];
const label = (type) => type.replaceAll('_', ' ');

export async function auditPage({ query }) {
  const page = pageNumber(query.page);
  const filters = { user_id: query.user_id ?? '', type: query.type ?? '', from: query.from ?? '', to: query.to ?? '' };

  const userId = h('input', { name: 'user_id', autocomplete: 'off', spellcheck: 'false', value: filters.user_id });
  const type = select('type', [['', 'All types'], ...types.map((t) => [t, label(t)])], filters.type);
  const from = h('input', { name: 'from', type: 'datetime-local', value: filters.from ? isoToLocal(filters.from) : '' });
  const to = h('input', { name: 'to', type: 'datetime-local', value: filters.to ? isoToLocal(filters.to) : '' });
  const form = h('form', { class: 'inline-form filters', novalidate: true, 'aria-label': 'Filter the audit log' },
    formAlert(),
    field('User id', userId), field('Type', type), field('From (your local time)', from), field('To (your local time)', to),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, 'Apply'), h('a', { href: '/admin/audit' }, 'Clear filters')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(withQuery('/admin/audit', {
      user_id: userId.value.trim(), type: type.value, from: localToIso(from.value), to: localToIso(to.value),
    }));
  });

  // Invalid filters typed into the URL come back as a 400 with field errors: shown next to the filters.
  const res = await request(withQuery('/admin/security/audit', { ...filters, page, page_size: PAGE_SIZE }));
  if (res.status === 403 && res.data?.mfa_enrollment_required) throw new MfaEnrollmentRequired();
  let results;
  if (res.ok) {
    const { items, total } = res.data;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    results = h('div', {},
      table(`Security events, newest first, page ${page} of ${pages} (${total} in all)`,
        ['When', 'Type', 'User', 'By', 'IP address', 'Details'],
        items.map((e) => [
          dateTime(e.at),
          label(e.type),
          e.user_id ? h('a', { href: `/admin/ops/users/${e.user_id}`, title: e.user_id }, `…${e.user_id.slice(-8)}`) : '',
          e.actor_id ? h('span', { title: e.actor_id }, e.actor_id === e.user_id ? 'self' : `…${e.actor_id.slice(-8)}`) : '',
          e.ip ?? '',
          e.details ?? '',
        ]), 'No security event matches these filters.'),
      pager({ page, pageSize: PAGE_SIZE, total, href: (p) => withQuery('/admin/audit', { ...filters, page: p }) }));
  } else if (res.status === 400) {
    results = h('p', { class: 'empty' }, 'Correct the filters to see the log.');
    setTimeout(() => showProblem(form, res.data), 0); // once the page is in the document
  } else {
    throw new PageError('Could not load the audit log', res.data?.detail ?? `The server answered ${res.status}.`);
  }

  return h('div', {}, pageHeader('Audit log'), form, results);
}
