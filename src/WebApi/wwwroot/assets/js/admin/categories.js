// Categories: list, create, rename, delete (409 while a product is still in the category).
import { h, showProblem, clearProblem, announce, dialog } from '../core/ui.js';
import { load, request, field, table, pageHeader, formAlert, busy } from './common.js';

export async function categoriesPage({ rerender }) {
  const res = await load('/admin/categories');
  const categories = res.data;

  const name = h('input', { name: 'name', required: true, autocomplete: 'off' });
  const slug = h('input', { name: 'slug', autocomplete: 'off' });
  const create = h('form', { class: 'card inline', novalidate: true, 'aria-label': 'New category' },
    h('h2', {}, 'New category'),
    formAlert(),
    field('Name', name),
    field('Slug (optional)', slug, 'Used in shop links; made from the name when left empty.'),
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Add category'));
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblem(create);
    const r = await busy(create, () => request('/admin/categories', { method: 'POST', body: { name: name.value.trim(), slug: slug.value.trim() || null } }));
    if (!r.ok) {
      showProblem(create, r.data ?? { title: `The server answered ${r.status}.` });
      return;
    }
    announce(`Category “${r.data.name}” added.`);
    await rerender();
  });

  const rows = categories.map((c) => {
    const nameCell = h('span', {}, c.name);
    const rename = h('button', { type: 'button', class: 'btn' }, 'Rename');
    rename.setAttribute('aria-label', `Rename ${c.name}`);
    const remove = h('button', { type: 'button', class: 'btn btn-danger' }, 'Delete');
    remove.setAttribute('aria-label', `Delete ${c.name}`);
    const actions = h('div', { class: 'actions' }, rename, remove);

    rename.addEventListener('click', () => {
      const input = h('input', { name: 'name', required: true, autocomplete: 'off', value: c.name });
      const form = h('form', { class: 'inline-edit', novalidate: true, 'aria-label': `Rename ${c.name}` },
        formAlert(),
        field(`New name for ${c.name}`, input),
        h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save'),
        h('button', { type: 'button', class: 'btn cancel' }, 'Cancel'));
      form.querySelector('.cancel').addEventListener('click', () => {
        form.replaceWith(actions);
        rename.focus();
      });
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearProblem(form);
        const r = await busy(form, () => request(`/admin/categories/${c.id}`, { method: 'PUT', body: { name: input.value.trim(), slug: c.slug } }));
        if (!r.ok) {
          showProblem(form, r.data ?? { title: `The server answered ${r.status}.` });
          return;
        }
        announce(`Category renamed to “${r.data.name}”.`);
        await rerender();
      });
      actions.replaceWith(form);
      input.focus();
      input.select();
    });

    remove.addEventListener('click', async () => {
      const ok = await dialog({
        title: `Delete the category “${c.name}”?`,
        body: 'This cannot be undone. A category that still holds products (archived ones too) cannot be deleted.',
        confirmLabel: 'Delete',
      });
      if (!ok) return;
      const r = await request(`/admin/categories/${c.id}`, { method: 'DELETE' });
      if (r.status === 409) {
        announce(`“${c.name}” is still in use: ${r.data?.detail ?? 'products are in this category'}. Move or delete them first.`, { kind: 'error' });
        remove.focus();
        return;
      }
      if (!r.ok) {
        announce(r.data?.detail ?? `Could not delete “${c.name}”.`, { kind: 'error' });
        return;
      }
      announce(`Category “${c.name}” deleted.`);
      await rerender();
    });
    return [nameCell, c.slug, actions];
  });

  return h('div', {},
    pageHeader('Categories'),
    table(`Categories (${categories.length})`, ['Name', 'Slug', 'Actions'], rows, 'There are no categories yet.'),
    create);
}
