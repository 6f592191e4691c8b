// DOM and form helpers shared by the storefront and the admin panel. No inline styles or handlers anywhere
// (the Content-Security-Policy forbids them): listeners are attached here, looks come from app.css classes.

/**
 * h('button', { class: 'btn', type: 'submit', onClick: fn }, 'Save')
 * props: attributes, except `on` + Event keys (listeners) and a few properties (value, checked, ...).
 * children: nodes, strings, numbers, arrays of them; null/undefined/false are skipped.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') {
      el[key] = value; // properties, so that they reflect the current state, not just the initial one
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;

/** The form's alert region (role=alert), created at its top when the form has none. */
function alertRegion(form) {
  let region = form.querySelector('.form-alert');
  if (!region) {
    region = h('div', { class: 'form-alert', role: 'alert', tabindex: '-1', hidden: true });
    form.prepend(region);
  }
  return region;
}

/**
 * Shows a problem-details answer on a form: each errors[field] next to the control named `field`
 * (aria-invalid, aria-describedby), everything else in the form's alert region. Focus goes to the first
 * invalid control, or to the alert.
 */
export function showProblem(form, problem) {
  clearProblem(form);
  problem ??= { title: 'Something went wrong. Please try again.' };
  const loose = [];
  let first = null;
  for (const [field, messages] of Object.entries(problem.errors ?? {})) {
    const control = form.querySelector(`[name="${CSS.escape(field)}"]`);
    const text = [].concat(messages).join(' ');
    if (!control) {
      loose.push(text);
      continue;
    }
    const message = h('p', { class: 'field-error', id: nextId('error') }, text);
    control.setAttribute('aria-invalid', 'true');
    const described = control.getAttribute('aria-describedby');
    control.dataset.describedBy = described ?? '';
    control.setAttribute('aria-describedby', [described, message.id].filter(Boolean).join(' '));
    (control.closest('.field') ?? control.parentElement).append(message);
    first ??= control;
  }
  const summary = first && loose.length === 0 ? null : [problem.detail ?? problem.title, ...loose].filter(Boolean);
  if (summary?.length) {
    const region = alertRegion(form);
    region.replaceChildren(...summary.map((line) => h('p', null, line)));
    region.hidden = false;
  }
  (first ?? alertRegion(form)).focus();
}

export function clearProblem(form) {
  form.querySelectorAll('.field-error').forEach((el) => el.remove());
  form.querySelectorAll('[aria-invalid]').forEach((control) => {
    control.removeAttribute('aria-invalid');
    const before = control.dataset.describedBy;
    if (before) control.setAttribute('aria-describedby', before);
    else control.removeAttribute('aria-describedby');
    delete control.dataset.describedBy;
  });
  const region = form.querySelector('.form-alert');
  if (region) {
    region.replaceChildren();
    region.hidden = true;
  }
}

/** A status banner at the top of the page, read out by screen readers (role=alert for errors). */
export function announce(message, { kind = 'info' } = {}) {
  const id = kind === 'error' ? 'announce-alert' : 'announce-status';
  let region = document.getElementById(id);
  if (!region) {
    region = h('div', { id, class: 'banner-region', role: kind === 'error' ? 'alert' : 'status' });
    const main = document.querySelector('main');
    main ? main.before(region) : document.body.prepend(region);
  }
  document.querySelectorAll('.banner-region').forEach((r) => r.replaceChildren());
  if (!message) return;
  const close = h('button', { type: 'button', class: 'banner-close', 'aria-label': 'Dismiss', onClick: () => banner.remove() }, '×');
  const banner = h('div', { class: `banner banner-${kind}` }, h('span', null, message), close);
  region.append(banner);
}

const euros = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });
export function money(value) {
  return euros.format(Number(value));
}

const dates = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export function dateTime(iso) {
  return iso ? dates.format(new Date(iso)) : '';
}

/**
 * An accessible modal <dialog>. Focus moves into it and returns where it was afterwards. Resolves true when
 * confirmed, false when cancelled (Cancel, Escape). With requireText the user must type that text first.
 */
export function dialog({ title, body, confirmLabel = 'OK', cancelLabel = 'Cancel', requireText }) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const titleId = nextId('dialog-title');
    const confirm = h('button', { type: 'submit', class: 'btn btn-primary', value: 'confirm' }, confirmLabel);
    let typed = null;
    if (requireText) {
      const inputId = nextId('confirm-text');
      const input = h('input', { id: inputId, name: 'confirm_text', autocomplete: 'off', required: true });
      input.addEventListener('input', () => (confirm.disabled = input.value !== requireText));
      confirm.disabled = true;
      typed = h('div', { class: 'field' }, h('label', { for: inputId }, `Type ${requireText} to confirm`), input);
    }
    const el = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': titleId },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: titleId }, title),
        typeof body === 'string' ? h('p', null, body) : body,
        typed,
        h('div', { class: 'actions' }, confirm, cancelLabel ? h('button', { type: 'submit', class: 'btn', value: 'cancel', formnovalidate: true }, cancelLabel) : null),
      ),
    );
    el.addEventListener('close', () => {
      const ok = el.returnValue === 'confirm' && (!requireText || el.querySelector('input[name=confirm_text]').value === requireText);
      el.remove();
      if (before instanceof HTMLElement) before.focus();
      resolve(ok);
    });
    document.body.append(el);
    el.showModal();
    (el.querySelector('input') ?? confirm).focus();
  });
}

/** A pager: previous, a few page numbers around the current one, next. href(page) builds each link. */
export function pager({ page, pageSize, total, href }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const link = (n, label, rel) =>
    n === page
      ? h('a', { href: href(n), 'aria-current': 'page', class: 'current' }, label)
      : h('a', { href: href(n), rel, 'aria-label': typeof label === 'number' ? `Page ${n}` : null }, String(label));
  const items = [];
  if (page > 1) items.push(link(page - 1, 'Previous', 'prev'));
  const from = Math.max(1, page - 2);
  const to = Math.min(pages, page + 2);
  if (from > 1) items.push(link(1, 1), from > 2 ? h('span', { class: 'gap' }, '…') : null);
  for (let n = from; n <= to; n++) items.push(link(n, n));
  if (to < pages) items.push(to < pages - 1 ? h('span', { class: 'gap' }, '…') : null, link(pages, pages));
  if (page < pages) items.push(link(page + 1, 'Next', 'next'));
  return h('nav', { class: 'pager', 'aria-label': 'Pages' }, items);
}

/**
 * Sets document.title and moves focus to the page's h1 (the route-change focus target, so screen readers
 * announce the new page and keyboard users start at its top).
 */
export function setTitle(text, { site = 'Shop' } = {}) {
  document.title = text ? `${text} · ${site}` : site;
  const heading = document.querySelector('main h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: false });
  }
}
