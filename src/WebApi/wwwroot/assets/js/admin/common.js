// Helpers shared by the admin panel's pages: the router, API calls that notice a missing second factor,
// labelled form controls, tables and URL query handling. The DOM builder and form helpers come from the core.
import { api } from '../core/api.js';
import { h, setTitle, announce } from '../core/ui.js';

const listeners = [];
let main = null;

/** The element every page renders into. */
export function mainElement() {
  main ??= document.getElementById('main');
  return main;
}

/** Moves to another admin URL without a page load (history API) and renders it. */
export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  announce(''); // the last page's messages do not belong to the next one
  for (const listener of listeners) listener();
}

export function onNavigate(listener) {
  listeners.push(listener);
}

/** The current URL's query as an object of non-empty strings. */
export function currentQuery() {
  return Object.fromEntries([...new URLSearchParams(location.search)].filter(([, v]) => v !== ''));
}

/** path?query with the empty values left out, so links and the address bar stay short. */
export function withQuery(path, params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** A positive whole number from the query, or the fallback. */
export function pageNumber(value, fallback = 1) {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Thrown by a page when the signed-in admin/ops has no second factor yet (the API's 403 mfa_enrollment_required). */
export class MfaEnrollmentRequired extends Error {
  constructor() {
    super('A second factor is required for this role.');
  }
}

/** Thrown by a page that cannot be shown; the router renders its message. */
export class PageError extends Error {
  constructor(title, message) {
    super(message);
    this.title = title;
  }
}

let mfaHandler = () => {};

/** The router's reaction to a 403 mfa_enrollment_required seen by an action (not a page load). */
export function onMfaEnrollmentRequired(handler) {
  mfaHandler = handler;
}

/**
 * api() for the admin routes: the same result, with the problem's field names in the form's naming
 * (snake_case, without a JSON path prefix) and a 403 mfa_enrollment_required turned into the set-up page.
 */
export async function request(path, options) {
  const res = await api(path, options);
  if (res.status === 403 && res.data && res.data.mfa_enrollment_required) {
    mfaHandler();
  }
  if (!res.ok && res.data && res.data.errors) res.data = normaliseProblem(res.data);
  return res;
}

/** A page load: the data, or a thrown MfaEnrollmentRequired / PageError the router shows. */
export async function load(path) {
  const res = await api(path);
  if (res.status === 403 && res.data && res.data.mfa_enrollment_required) throw new MfaEnrollmentRequired();
  if (res.status === 404) throw new PageError('Not found', (res.data && res.data.detail) || 'That item does not exist.');
  if (!res.ok) {
    throw new PageError('Could not load this page', (res.data && (res.data.detail || res.data.title)) || `The server answered ${res.status}.`);
  }
  return res;
}

function normaliseProblem(problem) {
  const errors = {};
  for (const [key, messages] of Object.entries(problem.errors)) {
    const name = key.replace(/^\$\.?/, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() || 'body';
    errors[name] = [...(errors[name] ?? []), ...messages];
  }
  return { ...problem, errors };
}

/** The ETag of a response, whether the core hands headers over as a Headers object or a plain one. */
export function etagOf(res) {
  const headers = res.headers;
  if (!headers) return null;
  if (typeof headers.get === 'function') return headers.get('ETag');
  return headers.etag ?? headers.ETag ?? null;
}

let nextId = 0;
/** A unique id for label/control pairs. */
export function uid(prefix) {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * A labelled control: <div class="field"><label for=id>text</label> control [hint]</div>.
 * The control must have a name (showProblem finds it by name); its id is set here.
 */
export function field(labelText, control, hint) {
  const id = control.id || uid(control.name || 'field');
  control.id = id;
  const children = [h('label', { for: id }, labelText), control];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    children.push(h('p', { class: 'hint', id: hintId }, hint));
  }
  return h('div', { class: 'field' }, ...children);
}

/** A <select> with [value, text] options and one selected. */
export function select(name, options, selected) {
  const el = h('select', { name });
  for (const [value, text] of options) {
    const option = h('option', { value }, text);
    if (value === (selected ?? '')) option.selected = true;
    el.append(option);
  }
  return el;
}

/** A table with a caption, column headers (scope=col) and rows of cells; the first cell of a row is its header. */
export function table(caption, headers, rows, emptyText = 'Nothing to show.') {
  if (rows.length === 0) return h('p', { class: 'empty' }, emptyText);
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) =>
        i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)))))));
}

let pendingTitle = null;

/** The page's h1 (and optional actions beside it); the router makes it the title and focus target once shown. */
export function pageHeader(title, ...actions) {
  pendingTitle = title;
  return h('div', { class: 'page-header' }, h('h1', { tabindex: '-1' }, title),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

/** Called by the router after a page is in the document: document.title and focus on its h1 (core setTitle). */
export function showTitle() {
  setTitle(pendingTitle ?? 'Admin', { site: 'Shop admin' });
  pendingTitle = null;
}

/** An alert region inside a form, for showProblem's messages that belong to no field. */
export function formAlert() {
  return h('div', { class: 'form-alert', role: 'alert', tabindex: '-1', hidden: true });
}

/** datetime-local value (the admin's local time) as ISO-8601 UTC, or null when empty or invalid. */
export function localToIso(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A Date as a datetime-local value in the admin's local time (minutes). */
export function isoToLocal(date) {
  const d = date instanceof Date ? date : new Date(date);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Disables a form's controls while a request runs, so a double click sends one request. */
export async function busy(form, work) {
  const controls = [...form.querySelectorAll('button, input, select, textarea')].filter((c) => !c.disabled);
  form.setAttribute('aria-busy', 'true');
  for (const c of controls) c.disabled = true;
  try {
    return await work();
  } finally {
    for (const c of controls) c.disabled = false;
    form.removeAttribute('aria-busy');
  }
}
