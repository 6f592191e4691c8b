// One product: its details and, for a signed-in customer, "add to cart" with a quantity.
import { api, currentUser } from '../core/api.js';
import { h, money, setTitle, showProblem, clearProblem, announce } from '../core/ui.js';

export async function render(view, { params, session }) {
  const [r] = await Promise.all([api(`/products/${encodeURIComponent(params.id)}`, { auth: false }), session]);
  if (!r.ok) {
    view.append(h('h1', null, 'Product not found'), h('p', null, 'This product does not exist or is no longer sold. ', h('a', { href: '/' }, 'Browse the products'), '.'));
    setTitle('Product not found');
    return;
  }
  const p = r.data;
  view.append(
    h('nav', { 'aria-label': 'Breadcrumb', class: 'muted' }, h('a', { href: '/' }, 'Products'), ' › ', h('a', { href: `/?category=${encodeURIComponent(p.category.slug)}` }, p.category.name)),
    h(
      'article',
      { class: 'product' },
      h('h1', null, p.name),
      h('p', { class: 'price' }, money(p.price)),
      h('p', null, p.description),
      h('p', null, p.stock > 0 ? `${p.stock} in stock` : 'Out of stock'),
      buyForm(p),
    ),
  );
  setTitle(p.name);
}

function buyForm(p) {
  if (p.stock <= 0) return null;
  if (!currentUser()) {
    return h('p', null, h('a', { href: `/sign-in?return=${encodeURIComponent(location.pathname)}` }, 'Sign in to buy'), ' or ', h('a', { href: '/sign-up' }, 'create an account'), '.');
  }
  const max = Math.min(100, p.stock);
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Add to cart');
  const form = h(
    'form',
    { class: 'inline-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'quantity' }, 'Quantity'), h('input', { id: 'quantity', name: 'quantity', type: 'number', min: '1', max: String(max), value: '1', inputmode: 'numeric' })),
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(form);
    const wanted = Number.parseInt(form.quantity.value, 10);
    if (!(wanted >= 1 && wanted <= max)) {
      showProblem(form, { errors: { quantity: [`Choose between 1 and ${max}.`] } });
      return;
    }
    button.disabled = true;
    try {
      // The cart holds a quantity per product: adding puts the sum there.
      const cart = await api('/cart');
      const inCart = cart.ok ? cart.data.items.find((i) => i.product_id === p.id)?.quantity ?? 0 : 0;
      const put = await api(`/cart/items/${p.id}`, { method: 'PUT', body: { quantity: Math.min(100, inCart + wanted) } });
      if (!put.ok) return showProblem(form, put.data);
      announce(`Added ${wanted} × ${p.name} to your cart.`, { kind: 'success' });
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
