// Orders: every customer's orders with a status filter and paging; status changes offer only the
// transitions the state machine allows (pending → paid/cancelled, paid → shipped/cancelled, shipped → delivered).
import { h, announce, money, dateTime, pager, dialog } from '../core/ui.js';
import { load, request, field, select, table, pageHeader, withQuery, pageNumber, navigate, uid } from './common.js';

const PAGE_SIZE = 20;
const statusText = { pending: 'Pending', paid: 'Paid', shipped: 'Shipped', delivered: 'Delivered', cancelled: 'Cancelled' };
export const transitions = { pending: ['paid', 'cancelled'], paid: ['shipped', 'cancelled'], shipped: ['delivered'], delivered: [], cancelled: [] };

export async function ordersPage({ query, rerender }) {
  const page = pageNumber(query.page);
  const status = query.status ?? '';
  const res = await load(withQuery('/admin/orders', { status, page, page_size: PAGE_SIZE }));
  const { items, total } = res.data;

  const filter = select('status', [['', 'All statuses'], ...Object.entries(statusText)], status);
  const form = h('form', { class: 'inline-form filters', 'aria-label': 'Filter orders' }, field('Status', filter), h('button', { type: 'submit', class: 'btn' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(withQuery('/admin/orders', { status: filter.value }));
  });

  const rows = items.map((o) => {
    const short = o.id.slice(-8);
    const next = transitions[o.status] ?? [];
    let change = h('span', { class: 'muted' }, 'Final');
    if (next.length) {
      const to = select('status', next.map((s) => [s, statusText[s]]), next[0]);
      to.id = uid('order-status');
      const button = h('button', { type: 'submit', class: 'btn' }, 'Change');
      change = h('form', { class: 'inline-edit', 'aria-label': `Change status of order …${short}` },
        h('label', { for: to.id, class: 'visually-hidden' }, `New status for order …${short}`), to, button);
      change.addEventListener('submit', async (event) => {
        event.preventDefault();
        if (to.value === 'cancelled') {
          const ok = await dialog({
            title: `Cancel order …${short}?`,
            body: 'The order is cancelled and its items go back into stock. This cannot be undone.',
            confirmLabel: 'Cancel the order',
            cancelLabel: 'Keep the order',
          });
          if (!ok) return;
        }
        button.disabled = true;
        const r = await request(`/admin/orders/${o.id}/status`, { method: 'POST', body: { status: to.value } });
        button.disabled = false;
        if (!r.ok) {
          announce(`Order …${short} not changed: ${r.data?.detail ?? r.data?.title ?? `the server answered ${r.status}`}`, { kind: 'error' });
          to.focus();
          return;
        }
        announce(`Order …${short} is now ${statusText[r.data.status] ?? r.data.status}.`);
        await rerender();
      });
    }
    const itemCount = o.items.reduce((n, i) => n + i.quantity, 0);
    return [
      h('span', { title: o.id }, `…${short}`),
      dateTime(o.created_at),
      h('span', { title: o.user_id }, `…${o.user_id.slice(-8)}`),
      `${itemCount} item${itemCount === 1 ? '' : 's'}`,
      money(o.total),
      h('span', { class: `badge status-${o.status}` }, statusText[o.status] ?? o.status),
      change,
    ];
  });

  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return h('div', {},
    pageHeader('Orders'),
    form,
    table(`Orders, newest first, page ${page} of ${pages} (${total} in all)`,
      ['Order', 'Placed', 'Customer', 'Items', 'Total', 'Status', 'Change status'], rows,
      status ? 'No order has this status.' : 'There are no orders yet.'),
    pager({ page, pageSize: PAGE_SIZE, total, href: (p) => withQuery('/admin/orders', { status, page: p }) }));
}
