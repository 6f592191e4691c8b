// Products: the list (search, status filter, paging in the URL), create, and edit with If-Match.
// An edit carries the ETag read when the form opened; a 412 never overwrites: the admin sees
// "changed by someone else since you opened it" and may reload the fresh values and ETag.
import { h, showProblem, clearProblem, announce, money, dateTime, pager, dialog } from '../core/ui.js';
import {
  load, request, etagOf, field, select, table, pageHeader, formAlert, withQuery, pageNumber, navigate, busy,
} from './common.js';

const PAGE_SIZE = 20;
const statuses = [['', 'All statuses'], ['draft', 'Draft'], ['published', 'Published'], ['archived', 'Archived']];
const statusText = { draft: 'Draft', published: 'Published', archived: 'Archived' };

export async function productsPage({ query }) {
  const page = pageNumber(query.page);
  const filters = { q: query.q ?? '', status: query.status ?? '' };
  const res = await load(withQuery('/admin/products', { ...filters, page, page_size: PAGE_SIZE }));
  const { items, total } = res.data;

  const search = h('input', { name: 'q', type: 'search', value: filters.q });
  const status = select('status', statuses, filters.status);
  const form = h('form', { role: 'search', class: 'inline-form filters', 'aria-label': 'Find products' },
    field('Search by name', search), field('Status', status), h('button', { type: 'submit', class: 'btn' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(withQuery('/admin/products', { q: search.value.trim(), status: status.value }));
  });

  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return h('div', {},
    pageHeader('Products', h('a', { href: '/admin/products/new', class: 'btn btn-primary' }, 'New product')),
    form,
    table(`Products, page ${page} of ${pages} (${total} in all)`,
      ['Name', 'Category', 'Price', 'Stock', 'Status', 'Updated'],
      items.map((p) => [
        h('a', { href: `/admin/products/${p.id}` }, p.name),
        p.category ? p.category.name : '',
        money(p.price),
        String(p.stock),
        h('span', { class: `badge status-${p.status}` }, statusText[p.status] ?? p.status),
        dateTime(p.updated_at),
      ]),
      filters.q || filters.status ? 'No product matches these filters.' : 'There are no products yet.'),
    pager({ page, pageSize: PAGE_SIZE, total, href: (p) => withQuery('/admin/products', { ...filters, page: p }) }));
}

async function loadCategories() {
  const res = await load('/admin/categories');
  return res.data;
}

function detailFields(categories, product) {
  const name = h('input', { name: 'name', required: true, autocomplete: 'off', value: product?.name ?? '' });
  const description = h('textarea', { name: 'description', rows: '4' });
  description.value = product?.description ?? '';
  const price = h('input', { name: 'price', type: 'number', inputmode: 'decimal', step: '0.01', min: '0', required: true, value: product ? String(product.price) : '' });
  const category = select('category_id', [['', 'Choose a category'], ...categories.map((c) => [c.id, c.name])], product?.category?.id ?? '');
  category.required = true;
  return { name, description, price, category };
}

// An empty number or choice is left out of the body (not sent as null, which cannot be read into the request at all),
// so the server validates every field and each error shows next to its own field.
function detailsBody(f) {
  return {
    name: f.name.value.trim(),
    description: f.description.value,
    price: f.price.value === '' ? undefined : Number(f.price.value),
    category_id: f.category.value === '' ? undefined : f.category.value,
  };
}

export async function newProductPage() {
  const categories = await loadCategories();
  const f = detailFields(categories, null);
  const stock = h('input', { name: 'stock', type: 'number', inputmode: 'numeric', step: '1', min: '0', value: '0' });
  const publish = h('input', { name: 'publish', type: 'checkbox' });
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': 'New product' },
    formAlert(),
    field('Name', f.name),
    field('Description', f.description),
    field('Price (€)', f.price),
    field('Category', f.category),
    field('Stock', stock),
    h('div', { class: 'field checkbox' }, h('label', {}, publish, ' Publish at once (visible in the shop)')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create product'), h('a', { href: '/admin/products' }, 'Cancel')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(form);
    const body = { ...detailsBody(f), stock: stock.value === '' ? undefined : Number(stock.value), publish: publish.checked };
    const res = await busy(form, () => request('/admin/products', { method: 'POST', body }));
    if (!res.ok) {
      showProblem(form, res.data ?? { title: `The server answered ${res.status}.` });
      return;
    }
    navigate(`/admin/products/${res.data.id}`);
    announce(`Product “${res.data.name}” created.`);
  });
  return h('div', {}, pageHeader('New product'), form);
}

export async function productPage({ params }) {
  const id = params[0];
  const [res, categories] = await Promise.all([load(`/admin/products/${id}`), loadCategories()]);
  let product = res.data;
  let etag = etagOf(res);
  // The editable values as read with that ETag; a status or stock change of our own keeps them and may take its
  // new ETag, but only while they are unchanged (anyone else's edit must still surface as a conflict).
  let base = product;

  const f = detailFields(categories, product);
  const conflict = h('div', { class: 'notice warning conflict', role: 'alert', tabindex: '-1', hidden: true });
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': 'Product details' },
    formAlert(),
    field('Name', f.name),
    field('Description', f.description),
    field('Price (€)', f.price),
    field('Category', f.category),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save changes'), h('a', { href: '/admin/products' }, 'Back to products')));

  const statusLine = h('p', { class: 'status-line' });
  const statusActions = h('div', { class: 'actions' });
  const stockLine = h('p', { class: 'status-line' });
  const delta = h('input', { name: 'delta', type: 'number', inputmode: 'numeric', step: '1' });
  const stockForm = h('form', { class: 'card inline', novalidate: true, 'aria-label': 'Adjust stock' },
    stockLine,
    formAlert(),
    field('Change stock by', delta, 'A positive number adds stock, a negative one removes it (never below zero).'),
    h('button', { type: 'submit', class: 'btn' }, 'Adjust stock'));

  function fill(p) {
    f.name.value = p.name;
    f.description.value = p.description ?? '';
    f.price.value = String(p.price);
    f.category.value = p.category?.id ?? '';
  }

  function sameDetails(a, b) {
    return a.name === b.name && (a.description ?? '') === (b.description ?? '') && Number(a.price) === Number(b.price)
      && (a.category?.id ?? '') === (b.category?.id ?? '');
  }

  const header = pageHeader(`Edit product: ${product.name}`);
  const heading = header.querySelector('h1');

  function showState(p) {
    // The heading and the tab's title name the product as saved (after a save, a reload or a status change).
    heading.textContent = `Edit product: ${p.name}`;
    document.title = `Edit product: ${p.name} · Shop admin`;
    statusLine.replaceChildren('Status: ', h('span', { class: `badge status-${p.status}` }, statusText[p.status] ?? p.status),
      ` · last changed ${dateTime(p.updated_at)}`);
    stockLine.replaceChildren(`In stock: ${p.stock}`);
    const actions = {
      draft: [['publish', 'Publish'], ['archive', 'Archive']],
      published: [['unpublish', 'Unpublish'], ['archive', 'Archive']],
      archived: [['unpublish', 'Bring back as draft']],
    }[p.status] ?? [];
    statusActions.replaceChildren(...actions.map(([action, text]) => {
      const button = h('button', { type: 'button', class: 'btn' }, text);
      button.addEventListener('click', () => changeStatus(action, text, button));
      return button;
    }));
  }

  // A response of our own status/stock change: the state shown follows it; the ETag too when nobody else
  // changed the editable details since the form read them.
  function took(res2) {
    const fresh = res2.data;
    if (sameDetails(fresh, base)) {
      etag = etagOf(res2) ?? etag;
      base = fresh;
    }
    product = fresh;
    showState(fresh);
  }

  async function changeStatus(action, text, button) {
    if (action === 'archive') {
      const ok = await dialog({
        title: 'Archive this product?',
        body: 'An archived product disappears from the shop; it stays in past orders. You can bring it back as a draft.',
        confirmLabel: 'Archive',
      });
      if (!ok) return;
    }
    button.disabled = true;
    const r = await request(`/admin/products/${id}/${action}`, { method: 'POST' });
    button.disabled = false;
    if (!r.ok) {
      announce((r.data && (r.data.detail || r.data.title)) || `Could not ${text.toLowerCase()} the product.`, { kind: 'error' });
      return;
    }
    took(r);
    announce(`Product is now ${statusText[r.data.status] ?? r.data.status}.`);
  }

  async function reload() {
    const r = await request(`/admin/products/${id}`);
    if (!r.ok) {
      announce((r.data && (r.data.detail || r.data.title)) || 'Could not reload the product.', { kind: 'error' });
      return;
    }
    product = r.data;
    base = r.data;
    etag = etagOf(r);
    fill(product);
    showState(product);
    conflict.hidden = true;
    conflict.replaceChildren();
    clearProblem(form);
    announce('Reloaded: the form shows the current values. Make your changes again and save.');
    f.name.focus();
  }

  function showConflict() {
    const reloadButton = h('button', { type: 'button', class: 'btn btn-primary' }, 'Reload the current values');
    reloadButton.addEventListener('click', reload);
    conflict.replaceChildren(
      h('h2', {}, 'Not saved: changed by someone else'),
      h('p', {}, 'This product was changed by someone else since you opened it. Your changes were not saved, so nothing of theirs was overwritten.'),
      h('p', {}, 'Reload to see the current values (your unsaved changes in this form are then replaced), then make your changes again.'),
      h('div', { class: 'actions' }, reloadButton));
    conflict.hidden = false;
    conflict.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(form);
    const res2 = await busy(form, () => request(`/admin/products/${id}`, { method: 'PUT', body: detailsBody(f), ifMatch: etag }));
    if (res2.status === 412) {
      showConflict();
      return;
    }
    if (!res2.ok) {
      showProblem(form, res2.data ?? { title: `The server answered ${res2.status}.` });
      return;
    }
    product = res2.data;
    base = res2.data;
    etag = etagOf(res2) ?? etag;
    conflict.hidden = true;
    fill(product);
    showState(product);
    announce('Changes saved.');
  });

  stockForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(stockForm);
    const value = delta.value === '' ? undefined : Number(delta.value);
    const r = await busy(stockForm, () => request(`/admin/products/${id}/stock`, { method: 'POST', body: { delta: value } }));
    if (!r.ok) {
      const problem = r.data ?? { title: `The server answered ${r.status}.` };
      showProblem(stockForm, r.status === 409 && !problem.errors
        ? { ...problem, detail: problem.detail || 'Stock cannot go below zero.' }
        : problem);
      return;
    }
    took(r);
    delta.value = '';
    announce(`Stock is now ${r.data.stock}.`);
  });

  showState(product);
  return h('div', {},
    header,
    conflict,
    form,
    h('section', { class: 'card', 'aria-labelledby': 'status-heading' },
      h('h2', { id: 'status-heading' }, 'Status'), statusLine, statusActions),
    h('section', { 'aria-labelledby': 'stock-heading' }, h('h2', { id: 'stock-heading' }, 'Stock'), stockForm));
}
