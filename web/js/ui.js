// ui.js — the pieces screens are built from: page headings, form fields,
// tables that turn into cards on a phone, paging, badges, messages. All text
// is set as text.
import { h, uid } from './dom.js';
import { t, label } from './i18n.js';
import { errorText } from './api.js';
import { formatInteger } from './format.js';

export const SYSTEMS = ['mttq', 'women', 'farmers', 'veterans', 'youth', 'labor', 'party', 'people_committee', 'department'];
export const ROLES = ['admin', 'leader', 'officer', 'viewer', 'inspector'];
export const PLAN_KINDS = ['ke_hoach', 'de_an'];
export const PLAN_STATUSES = ['draft', 'active', 'closed'];

export function setTitle(text) {
  document.title = text ? `${text} — ${t('app.name')}` : t('app.name');
}

// The top of a screen: optional breadcrumb links, the h1, an intro line, actions.
export function pageHeader(title, { crumbs = [], intro, actions = [] } = {}) {
  const head = h('div', { class: 'page-head' });
  if (crumbs.length) {
    head.append(h('nav', { class: 'crumbs', 'aria-label': t('nav.breadcrumb') },
      h('ol', null, crumbs.map(([text, link]) => h('li', null, link ? h('a', { href: link }, text) : text)))));
  }
  const row = h('div', { class: 'page-head-row' }, h('h1', { id: 'page-title', tabindex: '-1' }, title));
  if (actions.length) row.append(h('div', { class: 'page-actions' }, actions));
  head.append(row);
  if (intro) head.append(h('p', { class: 'page-intro' }, intro));
  return head;
}

// A labelled control: field({label, control, hint, required}) -> wrapper. The
// control gets an id when it has none; the hint is tied by aria-describedby.
export function field({ label: text, control, hint, required, className }) {
  if (!control.id) control.id = uid('f');
  const wrap = h('div', { class: `field${className ? ` ${className}` : ''}` });
  const lab = h('label', { for: control.id }, text);
  if (required) {
    lab.append(h('span', { class: 'req', 'aria-hidden': 'true' }, ' *'));
    control.required = true;
  }
  wrap.append(lab, control);
  const described = [];
  if (hint) {
    const hintId = `${control.id}-hint`;
    wrap.append(h('p', { class: 'hint', id: hintId }, hint));
    described.push(hintId);
  }
  const errId = `${control.id}-err`;
  wrap.append(h('p', { class: 'field-error', id: errId, hidden: true }));
  described.push(errId);
  control.setAttribute('aria-describedby', described.join(' '));
  return wrap;
}

// Marks a control invalid with a message under it (empty message clears).
export function setFieldError(control, message) {
  const err = document.getElementById(`${control.id}-err`);
  if (message) {
    control.setAttribute('aria-invalid', 'true');
    if (err) { err.textContent = message; err.hidden = false; }
  } else {
    control.removeAttribute('aria-invalid');
    if (err) { err.textContent = ''; err.hidden = true; }
  }
}

// <select> from [[value, text], ...].
export function select(choices, { value, ...props } = {}) {
  return h('select', { ...props, value: value ?? '' }, choices.map(([v, text]) => h('option', { value: v }, text)));
}

// Choices of a coded group with an optional leading "all"/"none" entry.
export function codeChoices(group, codes, first) {
  const list = codes.map((c) => [c, label(group, c)]);
  return first ? [['', first], ...list] : list;
}

// "In": the browser's print dialog (app.css has the A4 print layout).
export function printButton() {
  return h('button', { type: 'button', class: 'btn btn-secondary print-button', onclick: () => window.print() }, t('common.print'));
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('common.loading'));
}

export function errorBox(err, { retry } = {}) {
  const box = h('div', { class: 'alert alert-error', role: 'alert' }, h('p', null, errorText(err)));
  if (retry) box.append(h('button', { type: 'button', class: 'btn btn-secondary', onclick: retry }, t('common.retry')));
  return box;
}

export function messageBox(text, kind = 'info') {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('p', null, text));
}

export function badge(text, variant = 'neutral') {
  return h('span', { class: `badge badge-${variant}` }, text);
}

const STATUS_VARIANT = { active: 'ok', draft: 'muted', closed: 'neutral' };
export function statusBadge(status) { return badge(label('plan_status', status), STATUS_VARIANT[status] || 'neutral'); }
export function kindBadge(kind) { return badge(label('kind', kind), kind === 'de_an' ? 'accent' : 'primary'); }

// A table that becomes a list of cards on narrow screens: each cell carries its
// column's name (data-label) for the card layout.
// columns: [{label, cell(row) -> Node|string, className}]
export function dataTable({ columns, rows, caption, empty, rowClass }) {
  if (!rows.length) return h('p', { class: 'empty' }, empty || t('common.empty'));
  // Explicit roles: the card layout changes `display`, which would otherwise
  // make some screen readers stop treating this as a table.
  const table = h('table', { class: 'data-table', role: 'table' },
    caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
    h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' },
      columns.map((c) => h('th', { scope: 'col', role: 'columnheader', class: c.className }, c.label)))),
    h('tbody', { role: 'rowgroup' }, rows.map((row) => h('tr', { role: 'row', class: rowClass ? rowClass(row) : null },
      columns.map((c) => h('td', { role: 'cell', class: c.className, 'data-label': c.label }, h('div', { class: 'cell' }, c.cell(row))))))));
  return h('div', { class: 'table-wrap' }, table);
}

// "Showing 1–20 of 164" with previous/next buttons; onChange(newOffset).
export function pager({ total, limit, offset, count, onChange }) {
  const from = total === 0 ? 0 : offset + 1;
  const to = offset + count;
  const nav = h('nav', { class: 'pager', 'aria-label': t('pager.label') },
    h('p', { class: 'pager-status' }, t('pager.status', { from: formatInteger(from), to: formatInteger(to), total: formatInteger(total) })));
  if (total > limit) {
    const page = Math.floor(offset / limit) + 1;
    const pages = Math.ceil(total / limit);
    nav.append(h('div', { class: 'pager-buttons' },
      h('button', { type: 'button', class: 'btn btn-secondary', disabled: offset <= 0, onclick: () => onChange(Math.max(0, offset - limit)) }, t('pager.prev')),
      h('span', { class: 'pager-page' }, t('pager.page', { page: formatInteger(page), pages: formatInteger(pages) })),
      h('button', { type: 'button', class: 'btn btn-secondary', disabled: to >= total, onclick: () => onChange(offset + limit) }, t('pager.next'))));
  }
  return nav;
}

// A description list from [[term, value], ...]; empty values show a dash.
export function details(pairs) {
  return h('dl', { class: 'details' }, pairs.map(([term, value]) => [
    h('dt', null, term),
    h('dd', null, value === '' || value === null || value === undefined ? h('span', { class: 'muted' }, t('common.none')) : value),
  ]));
}

// One message shown once on the next screen (e.g. "Saved" after a form).
let flash = null;
export function setFlash(text) { flash = text; }
export function takeFlash() {
  const f = flash;
  flash = null;
  return f ? messageBox(f, 'success') : null;
}

// Combines the screen's abort signal with a fresh controller for one load;
// aborting either cancels the request.
export function childController(parentSignal) {
  const c = new AbortController();
  if (parentSignal) {
    if (parentSignal.aborted) c.abort();
    else parentSignal.addEventListener('abort', () => c.abort(), { once: true });
  }
  return c;
}

export function toInt(v, def = 0) {
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? n : def;
}

// A date typed as dd/mm/yyyy whatever the browser's own locale (a native date
// input would follow the operating system, e.g. mm/dd/yyyy).
// dateInput(iso) -> <input>; readDate(input) -> {iso} | {error} ('' is {iso: ''}).
export function dateInput(iso, props = {}) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  return h('input', {
    type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: t('form.date_placeholder'),
    class: 'input-short', ...props, value: m ? `${m[3]}/${m[2]}/${m[1]}` : '',
  });
}

export function readDate(input) {
  const s = input.value.trim();
  if (!s) return { iso: '' };
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return { error: t('form.date_invalid') };
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return { error: t('form.date_invalid') };
  return { iso: `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}
