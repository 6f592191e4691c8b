// The product list: search, category, price range, sort and page, all in the URL (/?q=&category=&min_price=
// &max_price=&sort=&page=), so links, reloads and back/forward show the same list.
import { api } from '../core/api.js';
import { h, money, pager, setTitle, showProblem } from '../core/ui.js';

const PAGE_SIZE = 20;
const FILTERS = ['q', 'category', 'min_price', 'max_price', 'sort'];
const SORTS = [
  ['', 'Default order'],
  ['name', 'Name'],
  ['price', 'Price: low to high'],
  ['-price', 'Price: high to low'],
  ['newest', 'Newest'],
];

let categories = null; // fetched once per page load

export async function loadCategories() {
  if (!categories) {
    const r = await api('/categories', { auth: false });
    categories = r.ok ? r.data : [];
  }
  return categories;
}

/** The list URL for these filters and page (empty values left out). */
function listUrl(query, changes = {}) {
  const next = new URLSearchParams();
  for (const key of [...FILTERS, 'page']) {
    const value = key in changes ? changes[key] : query.get(key);
    if (value !== null && value !== undefined && String(value) !== '' && !(key === 'page' && Number(value) === 1)) {
      next.set(key, value);
    }
  }
  const text = next.toString();
  return text ? `/?${text}` : '/';
}

export async function render(view, { query, navigate }) {
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const search = new URLSearchParams({ page, page_size: PAGE_SIZE });
  for (const key of FILTERS) if (query.get(key)) search.set(key, query.get(key));

  const [cats, result] = await Promise.all([loadCategories(), api(`/products?${search}`, { auth: false })]);
  const category = cats.find((c) => c.slug === query.get('category') || c.id === query.get('category'));
  const q = query.get('q');
  const title = q ? `Results for “${q}”` : category ? category.name : 'All products';

  const filters = filterForm(query, cats, navigate);
  const side = h(
    'aside',
    { class: 'filters', 'aria-label': 'Filters' },
    h(
      'nav',
      { 'aria-labelledby': 'categories-heading' },
      h('h2', { id: 'categories-heading' }, 'Categories'),
      h(
        'ul',
        { class: 'category-list' },
        h('li', null, categoryLink(query, null, 'All categories', !category)),
        cats.map((c) => h('li', null, categoryLink(query, c.slug, c.name, category?.id === c.id))),
      ),
    ),
    filters,
  );

  let content;
  if (!result.ok) {
    content = h('p', null, 'The products could not be listed.');
    queueMicrotask(() => showProblem(filters, result.data));
  } else if (result.data.items.length === 0) {
    content = h('p', { class: 'empty' }, 'No products match. ', h('a', { href: '/' }, 'Show all products'), '.');
  } else {
    const { items, total } = result.data;
    const from = (page - 1) * PAGE_SIZE + 1;
    content = [
      h('p', { class: 'muted', id: 'result-count' }, `${from}–${from + items.length - 1} of ${total} products`),
      h('ul', { class: 'cards', 'aria-labelledby': 'page-title' }, items.map(productCard)),
      pager({ page, pageSize: PAGE_SIZE, total, href: (n) => listUrl(query, { page: n }) }),
    ];
  }

  view.append(
    h('h1', { id: 'page-title' }, title),
    h('div', { class: 'layout-sidebar' }, side, h('section', { 'aria-label': 'Products' }, content)),
  );
  setTitle(title);
}

function categoryLink(query, slug, text, current) {
  return h('a', { href: listUrl(query, { category: slug, page: 1 }), 'aria-current': current ? 'page' : null }, text);
}

function productCard(p) {
  return h(
    'li',
    { class: 'card' },
    h('h2', null, h('a', { href: `/products/${p.id}` }, p.name)),
    h('span', { class: 'muted' }, p.category?.name ?? ''),
    h('span', { class: 'price' }, money(p.price)),
    p.stock > 0 ? h('span', { class: 'badge badge-ok' }, 'In stock') : h('span', { class: 'badge badge-danger' }, 'Out of stock'),
  );
}

function field(label, control, id) {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

function filterForm(query, cats, navigate) {
  const form = h(
    'form',
    { class: 'stack panel', 'aria-labelledby': 'filter-heading', novalidate: true },
    h('h2', { id: 'filter-heading' }, 'Filter and sort'),
    h('input', { type: 'hidden', name: 'q', value: query.get('q') ?? '' }),
    field(
      'Category',
      h('select', { name: 'category' }, h('option', { value: '' }, 'All categories'), cats.map((c) => h('option', { value: c.slug, selected: c.slug === query.get('category') }, c.name))),
      'filter-category',
    ),
    field('Minimum price (€)', h('input', { name: 'min_price', type: 'number', min: '0', step: '0.01', inputmode: 'decimal', value: query.get('min_price') ?? '' }), 'filter-min'),
    field('Maximum price (€)', h('input', { name: 'max_price', type: 'number', min: '0', step: '0.01', inputmode: 'decimal', value: query.get('max_price') ?? '' }), 'filter-max'),
    field('Sort by', h('select', { name: 'sort' }, SORTS.map(([value, text]) => h('option', { value, selected: value === (query.get('sort') ?? '') }, text))), 'filter-sort'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Apply'), h('a', { href: '/' }, 'Clear')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const changes = { page: 1 };
    for (const key of FILTERS) changes[key] = (data.get(key) ?? '').toString().trim();
    navigate(listUrl(new URLSearchParams(), changes));
  });
  return form;
}
