// Users: search and paging; a role change warns first that it signs the user out everywhere.
import { h, announce, dateTime, pager, dialog } from '../core/ui.js';
import { load, request, field, select, table, pageHeader, withQuery, pageNumber, navigate, uid } from './common.js';

const PAGE_SIZE = 20;
const roles = [['customer', 'Customer'], ['ops', 'Ops'], ['admin', 'Admin']];

export async function usersPage({ query, rerender, user: me }) {
  const page = pageNumber(query.page);
  const q = query.q ?? '';
  const res = await load(withQuery('/admin/users', { q, page, page_size: PAGE_SIZE }));
  const { items, total } = res.data;

  const search = h('input', { name: 'q', type: 'search', value: q });
  const form = h('form', { role: 'search', class: 'inline-form filters', 'aria-label': 'Find users' },
    field('Search by email or name', search), h('button', { type: 'submit', class: 'btn' }, 'Search'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(withQuery('/admin/users', { q: search.value.trim() }));
  });

  const rows = items.map((u) => {
    const role = select('role', roles, u.role);
    role.id = uid('role');
    const button = h('button', { type: 'submit', class: 'btn' }, 'Change role');
    const change = h('form', { class: 'inline-edit', 'aria-label': `Change the role of ${u.email}` },
      h('label', { for: role.id, class: 'visually-hidden' }, `Role of ${u.email}`), role, button);
    change.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (role.value === u.role) {
        announce(`${u.email} already has the role ${u.role}.`);
        return;
      }
      const self = me && me.id === u.id;
      const ok = await dialog({
        title: `Make ${u.email} ${role.value}?`,
        body: `Changing the role signs ${self ? 'you' : u.email} out on every device at once (their tokens carried the old role); `
          + `${self ? 'you' : 'they'} must sign in again.`,
        confirmLabel: `Change role and sign ${self ? 'me' : 'them'} out`,
      });
      if (!ok) {
        role.value = u.role;
        return;
      }
      button.disabled = true;
      const r = await request(`/admin/users/${u.id}/role`, { method: 'PUT', body: { role: role.value } });
      button.disabled = false;
      if (!r.ok) {
        announce(`Role of ${u.email} not changed: ${r.data?.detail ?? r.data?.title ?? `the server answered ${r.status}`}`, { kind: 'error' });
        role.value = u.role;
        role.focus();
        return;
      }
      announce(`${u.email} is now ${r.data.role}; their sessions have ended.`);
      await rerender();
    });
    const locked = u.locked_until && new Date(u.locked_until) > new Date();
    return [
      u.email,
      u.full_name,
      change,
      locked ? `Locked until ${dateTime(u.locked_until)}` : 'Active',
      dateTime(u.created_at),
      h('a', { href: `/admin/ops/users/${u.id}?email=${encodeURIComponent(u.email)}`, 'aria-label': `Sessions and lock of ${u.email}` }, 'Sessions and lock'),
    ];
  });

  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return h('div', {},
    pageHeader('Users'),
    form,
    table(`Users, page ${page} of ${pages} (${total} in all)`, ['Email', 'Name', 'Role', 'Account', 'Registered', 'Security'], rows,
      q ? 'No user matches this search.' : 'There are no users yet.'),
    pager({ page, pageSize: PAGE_SIZE, total, href: (p) => withQuery('/admin/users', { q, page: p }) }));
}
