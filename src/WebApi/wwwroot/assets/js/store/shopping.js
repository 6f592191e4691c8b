// The cart (quantities, live totals, checkout) and my orders (list, detail, cancel).
import { api, newIdempotencyKey } from '../core/api.js';
import { h, money, dateTime, pager, setTitle, announce, dialog } from '../core/ui.js';

export function render(view, ctx) {
  if (ctx.page === 'cart') return cart(view, ctx);
  if (ctx.page === 'orders') return orders(view, ctx);
  return order(view, ctx);
}

// ---- cart ----

async function cart(view, { navigate }) {
  const r = await api('/cart');
  view.append(h('h1', null, 'Your cart'));
  setTitle('Your cart');
  if (!r.ok) return view.append(h('p', { role: 'alert' }, 'Your cart could not be loaded. Please try again.'));
  if (r.data.items.length === 0) {
    return view.append(h('p', null, 'Your cart is empty. ', h('a', { href: '/' }, 'Browse the products'), '.'));
  }

  const rows = new Map(); // product_id -> { item, row, quantity, lineTotal, note }
  const total = h('td', { class: 'num price', id: 'cart-total' }, money(r.data.total));
  const summary = h('div', { class: 'form-alert', role: 'alert', tabindex: '-1', hidden: true });

  const show = (data) => {
    let typedAhead = false; // a line shows a quantity the server has not answered for yet
    for (const item of data.items) {
      const entry = rows.get(item.product_id);
      if (!entry) continue;
      entry.item = item;
      if (entry.saving !== null) {
        // its own save is on its way: that answer counts
        if (Number.parseInt(entry.quantity.value, 10) === item.quantity) entry.lineTotal.textContent = money(item.line_total);
        else typedAhead = true;
        continue;
      }
      entry.saved = item.quantity;
      entry.lineTotal.textContent = money(item.line_total);
      if (document.activeElement !== entry.quantity) entry.quantity.value = item.quantity;
    }
    for (const [id, entry] of rows) {
      if (!data.items.some((i) => i.product_id === id)) {
        entry.row.remove();
        rows.delete(id);
      }
    }
    if (typedAhead) localTotals();
    else total.textContent = money(data.total);
    if (rows.size === 0) navigate('/cart', { replace: true });
  };

  // Totals follow the typed quantity at once; the server's answer (debounced) then confirms them.
  const localTotals = () => {
    let sum = 0;
    for (const entry of rows.values()) {
      const q = Number.parseInt(entry.quantity.value, 10);
      const line = Number.isFinite(q) && q > 0 ? q * Number(entry.item.unit_price ?? 0) : 0;
      entry.lineTotal.textContent = money(line);
      sum += line;
    }
    total.textContent = money(sum);
  };

  // A line's saves go one at a time and each sends the quantity shown when it starts, so a slow answer for an
  // older quantity can overwrite neither a newer one on the server nor the field. Resolves true when the server
  // has the quantity shown.
  const save = (entry) => {
    clearTimeout(entry.timer);
    const run = (entry.saving ?? Promise.resolve(true)).then(() => send(entry));
    entry.saving = run;
    run.then(() => {
      if (entry.saving === run) entry.saving = null;
    });
    return run;
  };

  const send = async (entry) => {
    const q = Number.parseInt(entry.quantity.value, 10);
    entry.note.textContent = '';
    entry.quantity.removeAttribute('aria-invalid');
    if (q === entry.saved) return true;
    if (!(q >= 1 && q <= 100)) {
      entry.quantity.setAttribute('aria-invalid', 'true');
      entry.note.textContent = 'Choose a quantity between 1 and 100.';
      return false;
    }
    try {
      const put = await api(`/cart/items/${entry.item.product_id}`, { method: 'PUT', body: { quantity: q } });
      if (!put.ok) {
        entry.note.textContent = put.data?.detail ?? put.data?.title ?? 'The quantity could not be changed.';
        return false;
      }
      entry.saved = q;
      show(put.data);
      return true;
    } catch {
      entry.note.textContent = 'The quantity could not be saved: the shop could not be reached.';
      return false;
    }
  };

  const tbody = h('tbody');
  for (const item of r.data.items) {
    const label = `Quantity of ${item.name ?? 'this product'}`;
    const entry = {
      item,
      quantity: h('input', { type: 'number', min: '1', max: '100', value: String(item.quantity), 'aria-label': label, class: 'qty', inputmode: 'numeric', name: `quantity-${item.product_id}` }),
      lineTotal: h('td', { class: 'num' }, money(item.line_total)),
      note: h('p', { class: 'field-error', 'aria-live': 'polite', id: `note-${item.product_id}` }),
      saved: item.quantity, // what the server has
      saving: null, // the last save started, until it settles
      timer: 0,
    };
    entry.quantity.setAttribute('aria-describedby', entry.note.id);
    entry.quantity.addEventListener('input', () => {
      localTotals();
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => save(entry), 400);
    });
    entry.quantity.addEventListener('change', () => save(entry));
    const remove = h('button', { type: 'button', class: 'btn btn-danger', 'aria-label': `Remove ${item.name ?? 'this product'}` }, 'Remove');
    remove.addEventListener('click', async () => {
      clearTimeout(entry.timer); // a quantity typed just before would otherwise put the line back
      await entry.saving;
      const del = await api(`/cart/items/${item.product_id}`, { method: 'DELETE' });
      if (del.ok) {
        announce(`Removed ${item.name ?? 'the product'} from your cart.`);
        show(del.data);
      }
    });
    entry.row = h(
      'tr',
      { dataset: { productId: item.product_id } },
      h('th', { scope: 'row' }, item.name ? h('a', { href: `/products/${item.product_id}` }, item.name) : 'No longer available', entry.note),
      h('td', { class: 'num' }, item.unit_price === null ? '—' : money(item.unit_price)),
      h('td', null, entry.quantity),
      entry.lineTotal,
      h('td', null, remove),
    );
    rows.set(item.product_id, entry);
    tbody.append(entry.row);
  }

  // Checkout: one Idempotency-Key per attempt, so a double click or a retried request never orders twice.
  // The key is kept when the answer was lost (network failure) so that trying again is the same attempt.
  const checkout = h('button', { type: 'button', class: 'btn btn-primary', id: 'checkout' }, 'Place order');
  let attemptKey = null;
  checkout.addEventListener('click', async () => {
    if (checkout.disabled) return;
    checkout.disabled = true;
    checkout.textContent = 'Placing order…';
    summary.hidden = true;
    try {
      // The order is made of the server's cart: every quantity shown is saved first (a typed one may still be on its way).
      const saved = await Promise.all([...rows.values()].map(save));
      if (!saved.every(Boolean)) {
        summary.replaceChildren(h('p', null, 'Some quantities could not be saved; nothing was ordered. See the marked lines.'));
        summary.hidden = false;
        summary.focus();
        return;
      }
      attemptKey ??= newIdempotencyKey();
      const placed = await api('/orders', { method: 'POST', idempotencyKey: attemptKey });
      attemptKey = null;
      if (placed.ok) {
        announce('Thank you! Your order is placed.', { kind: 'success' });
        return navigate(`/orders/${placed.data.id}`);
      }
      problemOnCheckout(placed, rows, summary);
    } catch {
      summary.replaceChildren(h('p', null, 'The shop could not be reached. Check your connection and try again.'));
      summary.hidden = false;
      summary.focus();
    } finally {
      checkout.disabled = false;
      checkout.textContent = 'Place order';
    }
  });

  view.append(
    summary,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'cart' },
        h('caption', { class: 'visually-hidden' }, 'Products in your cart'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Product'), h('th', { scope: 'col', class: 'num' }, 'Price'), h('th', { scope: 'col' }, 'Quantity'), h('th', { scope: 'col', class: 'num' }, 'Total'), h('td'))),
        tbody,
        h('tfoot', null, h('tr', null, h('th', { scope: 'row', colspan: '3' }, 'Order total'), total, h('td'))),
      ),
    ),
    h('div', { class: 'actions' }, checkout, h('a', { href: '/' }, 'Continue shopping')),
  );
}

function problemOnCheckout(placed, rows, summary) {
  const lines = [];
  if (placed.status === 409 && Array.isArray(placed.data?.short_product_ids)) {
    for (const id of placed.data.short_product_ids) {
      const entry = rows.get(id);
      if (entry) {
        entry.note.textContent = 'Not enough in stock for this quantity. Lower it or remove the product.';
        entry.quantity.setAttribute('aria-invalid', 'true');
      }
    }
    lines.push('Some products are not available in the quantity you chose; nothing was ordered. See the marked lines.');
  } else if (placed.status === 403 && placed.data?.email_confirmation_required) {
    lines.push('Please confirm your email address before ordering. ', h('a', { href: '/account' }, 'Resend the confirmation email'));
  } else {
    lines.push(placed.data?.detail ?? placed.data?.title ?? `The order could not be placed (${placed.status}).`);
  }
  summary.replaceChildren(h('p', null, lines));
  summary.hidden = false;
  summary.focus();
}

// ---- orders ----

const STATUS = { pending: 'Pending', paid: 'Paid', shipped: 'Shipped', delivered: 'Delivered', cancelled: 'Cancelled' };

async function orders(view, { query }) {
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const r = await api(`/orders?page=${page}&page_size=20`);
  view.append(h('h1', null, 'My orders'));
  setTitle('My orders');
  if (!r.ok) return view.append(h('p', { role: 'alert' }, 'Your orders could not be loaded.'));
  if (r.data.items.length === 0) return view.append(h('p', null, 'You have not ordered anything yet. ', h('a', { href: '/' }, 'Browse the products'), '.'));
  view.append(
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        null,
        h('caption', { class: 'visually-hidden' }, 'Your orders, newest first'),
        h('thead', null, h('tr', null, ['Order', 'Placed', 'Status', 'Items'].map((t) => h('th', { scope: 'col' }, t)), h('th', { scope: 'col', class: 'num' }, 'Total'))),
        h(
          'tbody',
          null,
          r.data.items.map((o) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, h('a', { href: `/orders/${o.id}` }, `Order ${shortId(o.id)}`)),
              h('td', null, dateTime(o.created_at)),
              h('td', null, statusBadge(o.status)),
              h('td', null, String(o.items.reduce((n, i) => n + i.quantity, 0))),
              h('td', { class: 'num' }, money(o.total)),
            ),
          ),
        ),
      ),
    ),
    pager({ page, pageSize: 20, total: r.data.total, href: (n) => (n === 1 ? '/orders' : `/orders?page=${n}`) }),
  );
}

async function order(view, { params, navigate }) {
  const r = await api(`/orders/${encodeURIComponent(params.id)}`);
  if (!r.ok) {
    view.append(h('h1', null, 'Order not found'), h('p', null, h('a', { href: '/orders' }, 'Back to my orders')));
    return setTitle('Order not found');
  }
  const o = r.data;
  const title = `Order ${shortId(o.id)}`;
  const cancel = o.status === 'pending' ? h('button', { type: 'button', class: 'btn btn-danger' }, 'Cancel order') : null;
  cancel?.addEventListener('click', async () => {
    const sure = await dialog({ title: 'Cancel this order?', body: 'The order is cancelled and nothing is charged. This cannot be undone.', confirmLabel: 'Cancel order', cancelLabel: 'Keep order' });
    if (!sure) return;
    cancel.disabled = true;
    const done = await api(`/orders/${o.id}/cancel`, { method: 'POST' });
    if (done.ok) announce('Your order is cancelled.', { kind: 'success' });
    else announce(done.data?.detail ?? 'This order can no longer be cancelled.', { kind: 'error' });
    navigate(`/orders/${o.id}`, { replace: true });
  });
  view.append(
    h('nav', { 'aria-label': 'Breadcrumb', class: 'muted' }, h('a', { href: '/orders' }, 'My orders'), ' › ', title),
    h('h1', null, title),
    h('p', null, 'Placed ', dateTime(o.created_at), ' · Status: ', statusBadge(o.status)),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        null,
        h('caption', { class: 'visually-hidden' }, 'Products in this order'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Product'), h('th', { scope: 'col', class: 'num' }, 'Price'), h('th', { scope: 'col', class: 'num' }, 'Quantity'), h('th', { scope: 'col', class: 'num' }, 'Total'))),
        h('tbody', null, o.items.map((i) => h('tr', null, h('th', { scope: 'row' }, i.name), h('td', { class: 'num' }, money(i.unit_price)), h('td', { class: 'num' }, String(i.quantity)), h('td', { class: 'num' }, money(i.line_total))))),
        h('tfoot', null, h('tr', null, h('th', { scope: 'row', colspan: '3' }, 'Order total'), h('td', { class: 'num price' }, money(o.total)))),
      ),
    ),
    h('div', { class: 'actions' }, cancel, h('a', { href: '/orders' }, 'All my orders')),
  );
  setTitle(title);
}

function statusBadge(status) {
  const kind = status === 'cancelled' ? 'badge-danger' : status === 'delivered' ? 'badge-ok' : '';
  return h('span', { class: `badge ${kind}`, 'data-status': status }, STATUS[status] ?? status);
}

function shortId(id) {
  return id.slice(-8).toUpperCase();
}
