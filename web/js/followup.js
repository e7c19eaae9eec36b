// followup.js — what the follow-up screens (tasks, documents, budgets,
// findings, inspections, models, activities) share: their coded values and
// badges, money in VND, today's date in Vietnam, who may write, the list
// screen with its filters kept in the address, and the record form built from
// a list of fields.
import { h, clear, debounce, uid } from './dom.js';
import { t, label } from './i18n.js';
import { api, isAbort, errorText } from './api.js';
import { formatInteger, formatDate, sortVi } from './format.js';
import { replaceQuery, navigate } from './router.js';
import { orgPicker } from './picker.js';
import { submitWith, changes } from './forms.js';
import {
  setTitle, pageHeader, field, select, loading, errorBox, pager, badge, takeFlash, setFlash, childController, toInt,
  dateInput, readDate, setFieldError,
} from './ui.js';
import { listPlans } from './reporting.js';

export const TASK_STATUSES = ['in_progress', 'overdue', 'done_on_time', 'done_late'];
export const SLOT_KINDS = ['month', 'quarter', 'year'];
export const DOCUMENT_KINDS = ['nghi_quyet', 'chi_thi', 'ke_hoach', 'quyet_dinh', 'huong_dan', 'bao_cao', 'cong_van', 'ket_luan', 'thong_bao', 'other'];
export const BUDGET_SOURCES = ['provincial', 'district', 'commune', 'socialized', 'other'];
export const FINDING_KINDS = ['limitation', 'problem', 'recommendation'];
export const FINDING_STATUSES = ['open', 'answered', 'resolved', 'declined'];
export const SEVERITIES = ['low', 'medium', 'high'];
export const INSPECTION_KINDS = ['kiem_tra', 'giam_sat'];
export const ACTIVITY_KINDS = ['propaganda', 'training', 'conference', 'emulation', 'other'];

// Allocation later than this many days is shown as a problem.
export const LATE_ALLOCATION_DAYS = 90;

const TASK_VARIANT = { done_on_time: 'ok', done_late: 'warn', in_progress: 'primary', overdue: 'error' };
const FINDING_VARIANT = { open: 'primary', answered: 'accent', resolved: 'ok', declined: 'muted' };
const SEVERITY_VARIANT = { low: 'muted', medium: 'warn', high: 'error' };

export function taskStatusBadge(status) {
  return badge(label('task_status', status), TASK_VARIANT[status] || 'neutral');
}
export function findingStatusBadge(status) {
  return badge(label('finding_status', status), FINDING_VARIANT[status] || 'neutral');
}
export function severityBadge(sev) {
  return sev ? badge(label('severity', sev), SEVERITY_VARIANT[sev] || 'neutral') : null;
}
export function findingFlags(f) {
  return [
    f.overdue ? badge(Number(f.days_overdue) > 0 ? t('finding.overdue_days', { n: formatInteger(f.days_overdue) }) : t('finding.overdue'), 'error') : null,
    f.escalated ? badge(t('finding.escalated'), 'error') : null,
  ];
}

// Today's calendar day in Vietnam as YYYY-MM-DD (the server's "today" too).
export function todayIso(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

// 1234567 -> '1.234.567 ₫'; '' for nothing.
export function formatVnd(n) {
  if (n === null || n === undefined || n === '' || !Number.isFinite(Number(n))) return '';
  return t('money.vnd', { n: formatInteger(Number(n)) });
}

// Money as typed: digits with any grouping ('1.500.000', '1 500 000 ₫').
// -> {value: integer|null} or {error}
export function parseMoney(text) {
  const s = String(text ?? '').replace(/[\s\u00a0\u202f₫]/g, '').replace(/đ$/i, '');
  if (s === '') return { value: null };
  if (!/^\d{1,3}([.,]\d{3})*$/.test(s) && !/^\d+$/.test(s)) return { error: t('money.invalid') };
  const v = Number(s.replace(/[.,]/g, ''));
  return Number.isSafeInteger(v) ? { value: v } : { error: t('money.invalid') };
}

// The name of an organisation or unit reference, whatever its shape.
export function refName(o) {
  if (!o) return '';
  if (typeof o === 'object') return o.name || o.full_name || o.code || '';
  return String(o);
}
export function unitText(rec) {
  return rec.unit_name || refName(rec.unit) || '';
}

export function planLink(plan) {
  if (!plan || !plan.id) return h('span', { class: 'muted' }, t('followup.no_plan'));
  return h('a', { href: `#/plans/${encodeURIComponent(plan.id)}`, title: plan.title || '' }, plan.code || plan.title || `#${plan.id}`);
}

// Who may create follow-up records at all (viewers and inspectors read).
export function writes(user) {
  return !!user && ['admin', 'leader', 'officer'].includes(user.role);
}
export function myOrgId(user) {
  return (user && user.organization && user.organization.id) || null;
}
// A leader/officer of the record's organisation or of the plan's owner, or an
// admin: the server decides, this only hides buttons that would be refused.
export function manages(user, orgId, plan) {
  if (!user) return false;
  if (user.role === 'admin') return true;
  if (user.role !== 'leader' && user.role !== 'officer') return false;
  const mine = myOrgId(user);
  const owner = plan && plan.owner ? plan.owner.id : null;
  return mine !== null && (mine === orgId || (owner !== null && mine === owner));
}

// The plans the user sees, once per screen.
export async function plansOf(signal) {
  const plans = await listPlans(signal);
  return sortVi(plans, (p) => p.code || p.title);
}
export function planChoices(plans, first) {
  const list = plans.map((p) => [String(p.id), `${p.code} — ${p.title}`]);
  return first === undefined ? list : [['', first], ...list];
}
export function yearChoices(plans, first) {
  const now = Number(todayIso().slice(0, 4));
  const from = Math.min(now, ...plans.map((p) => p.start_year || now));
  const to = Math.max(now, ...plans.map((p) => p.end_year || now));
  const years = [];
  for (let y = to; y >= from; y -= 1) years.push([String(y), String(y)]);
  return first === undefined ? years : [['', first], ...years];
}

// Links between the views of one family, the current one marked.
export function tabs(items, active, labelText) {
  return h('nav', { class: 'tabs', 'aria-label': labelText },
    h('ul', null, items.map(([key, href, text]) => h('li', null,
      h('a', { href, 'aria-current': key === active ? 'page' : null }, text)))));
}

// Summary tiles: [[label, value, note, variant], ...].
export function tiles(list) {
  return h('div', { class: 'tiles' }, list.filter(Boolean).map(([name, value, note, variant, href]) => {
    const inner = [h('span', { class: 'tile-label' }, name), h('span', { class: 'tile-value' }, value),
      note ? h('span', { class: 'tile-note' }, note) : null];
    return href
      ? h('a', { class: `tile tile-link${variant ? ` tile-${variant}` : ''}`, href }, inner)
      : h('div', { class: `tile${variant ? ` tile-${variant}` : ''}` }, inner);
  }));
}

// A section panel with its heading.
export function panel(title, ...content) {
  const id = uid('sec');
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), content);
}

// ---------- choosing a unit ----------

// The units a filter offers: the user's own unit, the units below it, and
// (from a province) the communes grouped under their district. Read once.
let unitTree = null;
let unitTreeFor = null;
async function loadUnitTree(user, signal) {
  const scope = user && user.scope_unit ? user.scope_unit : null;
  if (!scope) return { scope: null, children: [], below: new Map() };
  const [kids, communes] = await Promise.all([
    api.get('/api/v1/org-units', { query: { parent: scope.code, limit: 1000 }, signal }),
    api.get('/api/v1/org-units', { query: { level: 'commune', limit: 1000 }, signal }),
  ]);
  const children = sortVi(kids.items || [], (u) => u.name);
  const below = new Map();
  const childCodes = new Set(children.map((u) => u.code));
  for (const u of communes.items || []) {
    if (!childCodes.has(u.parent_code) || childCodes.has(u.code)) continue;
    if (!below.has(u.parent_code)) below.set(u.parent_code, []);
    below.get(u.parent_code).push(u);
  }
  for (const [k, list] of below) below.set(k, sortVi(list, (u) => u.name));
  return { scope, children, below };
}

// <select> of units for a list filter (value: a unit code; '' = all).
export async function unitFilter(user, signal) {
  if (unitTreeFor !== (user && user.id)) { unitTree = null; unitTreeFor = user && user.id; }
  if (!unitTree) unitTree = loadUnitTree(user, signal).catch((err) => { unitTree = null; throw err; });
  const { scope, children, below } = await unitTree;
  const el = h('select', { name: 'unit' }, h('option', { value: '' }, t('filter.all')));
  if (!scope) return el;
  el.append(h('option', { value: scope.code }, scope.name || scope.code));
  for (const c of children) {
    const sub = below.get(c.code);
    if (!sub) { el.append(h('option', { value: c.code }, `${c.full_name || c.name}`)); continue; }
    el.append(h('optgroup', { label: c.full_name || c.name },
      h('option', { value: c.code }, t('unitfilter.whole', { name: c.full_name || c.name })),
      sub.map((u) => h('option', { value: u.code }, u.full_name || u.name))));
  }
  return el;
}

// unitPicker({label, value: {code, name}|null, required, hint, signal}) ->
// {element, control, value() -> code|''}: a search among the units the user
// sees, the current choice kept.
export function unitPicker({ label: text, value, required, hint, signal }) {
  const selectId = uid('unit');
  const search = h('input', {
    type: 'search', class: 'picker-search', placeholder: t('unitpicker.search_placeholder'),
    'aria-label': t('picker.search_label', { field: text }), autocomplete: 'off',
  });
  const control = h('select', { id: selectId, name: selectId });
  const status = h('p', { class: 'hint', 'aria-live': 'polite' });
  let chosen = value && value.code ? { code: value.code, name: value.name || value.code } : null;
  function fill(items) {
    const keep = control.value || (chosen ? chosen.code : '');
    const opts = [h('option', { value: '' }, required ? t('picker.choose') : t('unitpicker.default'))];
    const codes = new Set(items.map((u) => u.code));
    if (chosen && !codes.has(chosen.code)) opts.push(h('option', { value: chosen.code }, chosen.name));
    for (const u of items) opts.push(h('option', { value: u.code }, `${u.full_name || u.name} (${u.code})`));
    control.replaceChildren(...opts);
    control.value = keep;
  }
  control.addEventListener('change', () => {
    const opt = control.selectedOptions[0];
    chosen = control.value ? { code: control.value, name: opt ? opt.textContent : control.value } : null;
  });
  let current = null;
  async function load() {
    if (current) current.abort();
    current = childController(signal);
    const mine = current;
    const q = search.value.trim();
    try {
      const data = await api.get('/api/v1/org-units', { query: { q, limit: 30 }, signal: mine.signal });
      if (mine !== current) return;
      const items = data.items || [];
      fill(items);
      status.textContent = q ? t('picker.matches', { n: items.length, total: data.total ?? items.length }) : '';
    } catch (err) {
      if (!isAbort(err)) status.textContent = t('picker.failed');
    }
  }
  search.addEventListener('input', debounce(load, 300));
  search.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); load(); } });
  fill([]);
  load();
  const labelEl = h('label', { for: selectId }, text);
  if (required) {
    labelEl.append(h('span', { class: 'req', 'aria-hidden': 'true' }, ' *'));
    control.required = true;
  }
  control.setAttribute('aria-describedby', hint ? `${selectId}-hint ${selectId}-err` : `${selectId}-err`);
  const element = h('div', { class: 'field picker' }, labelEl, search, control,
    hint ? h('p', { class: 'hint', id: `${selectId}-hint` }, hint) : null, status,
    h('p', { class: 'field-error', id: `${selectId}-err`, hidden: true }));
  return { element, control, value: () => control.value };
}

// Several organisations: the ones chosen as removable chips, a picker to add one.
function orgsPicker({ label: text, value, hint, signal }) {
  let chosen = (value || []).map((o) => ({ id: o.id, name: o.name || `#${o.id}` }));
  const list = h('ul', { class: 'chips', 'aria-label': text });
  const picker = orgPicker({ label: t('orgspicker.add_label', { field: text }), signal, hint });
  const add = h('button', { type: 'button', class: 'btn btn-secondary' }, t('orgspicker.add'));
  function draw() {
    clear(list, chosen.length ? chosen.map((o) => h('li', { class: 'chip' }, h('span', null, o.name),
      h('button', {
        type: 'button', class: 'chip-remove', 'aria-label': t('orgspicker.remove', { name: o.name }),
        onclick: () => { chosen = chosen.filter((x) => x.id !== o.id); draw(); add.focus(); },
      }, '×'))) : h('li', { class: 'muted small' }, t('orgspicker.none')));
  }
  add.addEventListener('click', () => {
    const id = picker.value();
    if (!id || chosen.some((o) => o.id === id)) return;
    const opt = picker.control.selectedOptions[0];
    chosen.push({ id, name: opt ? opt.textContent : `#${id}` });
    draw();
  });
  draw();
  const element = h('fieldset', { class: 'field orgs-picker' }, h('legend', null, text), list,
    picker.element, h('div', { class: 'form-actions' }, add));
  return { element, control: picker.control, value: () => chosen.map((o) => o.id) };
}

// ---------- the record form ----------

// buildForm(fields, record, {signal, plans}) -> {nodes, controls, read()}.
// A field: {key, label, type, required, hint, choices, get(record), min, max,
// rows, readonly}. Types: text, textarea, date, select, plan, money, int,
// range (0–100 with its value shown), check, org, orgs, unit, custom
// (build(initial, controls so far) -> {element, control, read() -> {value}|{error}}). read() checks
// what the browser can and returns the values by key, or null (the first bad
// field has the focus and its message).
export function buildForm(fields, record, { signal, plans = [] } = {}) {
  const controls = {};
  const readers = {};
  const nodes = fields.map((f) => {
    if (f.type === 'section') return h('h3', { class: 'form-section' }, f.label);
    const initial = f.get ? f.get(record) : record[f.key];
    let node;
    let control;
    switch (f.type) {
      case 'textarea':
        control = h('textarea', { name: f.key, rows: f.rows || 4, value: initial ?? '' });
        readers[f.key] = () => ({ value: control.value.trim() });
        break;
      case 'date':
        control = dateInput(initial || '', { name: f.key });
        readers[f.key] = () => {
          const d = readDate(control);
          return d.error ? { error: d.error } : { value: d.iso || null };
        };
        break;
      case 'select':
      case 'plan': {
        const choices = f.type === 'plan' ? planChoices(plans, f.required ? t('picker.choose') : t('followup.no_plan')) : f.choices;
        control = select(choices, { name: f.key, value: initial === null || initial === undefined ? '' : String(initial), class: f.type === 'plan' ? 'select-long' : null });
        readers[f.key] = () => ({ value: control.value === '' ? null : (f.type === 'plan' || f.numeric ? Number(control.value) : control.value) });
        break;
      }
      case 'money':
        control = h('input', { type: 'text', name: f.key, inputmode: 'numeric', autocomplete: 'off', class: 'input-short input-money', value: initial === null || initial === undefined ? '' : formatInteger(initial) });
        readers[f.key] = () => {
          const p = parseMoney(control.value);
          return p.error ? { error: p.error } : { value: p.value };
        };
        break;
      case 'int':
        control = h('input', { type: 'text', name: f.key, inputmode: 'numeric', autocomplete: 'off', class: 'input-short', value: initial ?? '' });
        readers[f.key] = () => {
          const s = control.value.replace(/[\s.]/g, '');
          if (s === '') return { value: null };
          if (!/^\d+$/.test(s)) return { error: t('form.int_invalid') };
          return { value: Number(s) };
        };
        break;
      case 'range': {
        control = h('input', { type: 'range', name: f.key, min: 0, max: 100, step: 5, value: initial ?? 0, class: 'input-range' });
        const out = h('output', { for: null, class: 'range-value', 'aria-hidden': 'true' }, `${control.value}%`);
        control.addEventListener('input', () => { out.textContent = `${control.value}%`; control.setAttribute('aria-valuetext', `${control.value}%`); });
        control.setAttribute('aria-valuetext', `${control.value}%`);
        readers[f.key] = () => ({ value: Number(control.value) });
        node = field({ label: f.label, control, hint: f.hint });
        node.classList.add('field-range');
        control.after(out);
        break;
      }
      case 'check':
        control = h('input', { type: 'checkbox', name: f.key, checked: !!initial, id: uid('f') });
        readers[f.key] = () => ({ value: control.checked });
        node = h('div', { class: 'field field-check' }, control, h('label', { for: control.id }, f.label));
        break;
      case 'org': {
        const p = orgPicker({ label: f.label, value: initial, required: f.required, signal, hint: f.hint });
        control = p.control;
        node = p.element;
        readers[f.key] = () => ({ value: p.value() });
        break;
      }
      case 'orgs': {
        const p = orgsPicker({ label: f.label, value: initial, signal, hint: f.hint });
        control = p.control;
        node = p.element;
        readers[f.key] = () => ({ value: p.value() });
        break;
      }
      case 'unit': {
        const p = unitPicker({ label: f.label, value: initial, required: f.required, signal, hint: f.hint });
        control = p.control;
        node = p.element;
        readers[f.key] = () => ({ value: p.value() || null });
        break;
      }
      case 'custom': {
        const c = f.build(initial, controls);
        control = c.control;
        node = c.element;
        readers[f.key] = c.read;
        break;
      }
      default:
        control = h('input', { type: 'text', name: f.key, autocomplete: 'off', value: initial ?? '', class: f.short ? 'input-short' : null });
        readers[f.key] = () => ({ value: control.value.trim() });
    }
    if (f.readonly) control.disabled = true;
    controls[f.key] = control;
    for (const alias of f.aliases || []) controls[alias] = control;
    if (!node) node = field({ label: f.label, control, hint: f.hint || (f.type === 'date' ? t('form.date_hint') : null), required: f.required });
    if (f.wrap) node.classList.add(f.wrap);
    return node;
  });

  function read() {
    const out = {};
    let first = null;
    for (const f of fields) {
      if (f.type === 'section' || f.readonly) continue;
      const c = controls[f.key];
      const r = readers[f.key]();
      let msg = r.error || '';
      if (!msg && f.required && (r.value === null || r.value === '' || (Array.isArray(r.value) && !r.value.length))) msg = t('form.required');
      if (!msg && f.check) msg = f.check(r.value, out) || '';
      setFieldError(c, msg);
      if (msg && !first) first = c;
      out[f.key] = r.value;
    }
    if (first) { first.focus(); return null; }
    return out;
  }
  return { nodes, controls, read };
}

// A whole form screen's submit: create (POST) or change (PATCH with only what
// changed and the version). -> the saved record, or undefined.
export async function saveRecord({ form, area, controls, base, record, values, before, onConflict, extra }) {
  return submitWith({
    form, area, controls: { ...controls, version: null }, onConflict,
    send: async () => {
      if (!record || !record.id) return api.post(base, { ...values, ...(extra || {}) });
      const body = changes(before, values);
      if (!Object.keys(body).length) return record;
      return api.patch(`${base}/${encodeURIComponent(record.id)}`, { ...body, version: record.version });
    },
  });
}

// formScreen({main, params, signal, user, base, path, names, fields, body,
// may, view, creates}): the create form (params.id undefined; for whom
// `creates(user)`, by default the writers) or one record, as its form when
// `may(record, plan, plans)` allows changing it, else as `view(record)`.
// fields(record, isNew) -> buildForm fields; body(values, record, isNew) ->
// {values, before} (before: the record's values to compare with). names:
// {list, new, edit(record), notFound, created(record), saved(record)}.
export async function formScreen({ main, params, signal, user, base, path, names, fields, body, may, view, blank = {}, legend, next, cancel, creates = writes }) {
  const isNew = params.id === undefined;
  const crumbs = [[names.list, `#${path}`]];
  let record = { ...blank };
  if (!isNew) {
    record = await loadRecord(main, `${base}/${encodeURIComponent(params.id)}`, signal, { notFound: names.notFound, crumbs });
    if (!record) return;
  }
  const plans = await plansOf(signal);
  const plan = plans.find((p) => p.id === record.plan_id) || record.plan;
  const editable = isNew ? creates(user) : may(record, plan, plans);
  const title = isNew ? names.new : names.edit(record);
  setTitle(title);
  if (!editable) {
    main.replaceChildren(pageHeader(title, { crumbs: [...crumbs, [title]] }), takeFlash() || '', view(record, plan));
    return;
  }
  const built = buildForm(fields(record, isNew, plans, plan), record, { signal, plans });
  const area = h('div', { class: 'form-messages' });
  const form = h('form', { class: 'form', novalidate: true },
    h('fieldset', null, h('legend', null, legend || title), built.nodes),
    area,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, isNew ? t('form.create') : t('form.save')),
      h('a', { class: 'btn btn-secondary', href: cancel ? cancel(record, isNew) : `#${path}` }, t('form.cancel'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = built.read();
    if (!v) return;
    const { values, before, extra } = body(v, record, isNew);
    const saved = await saveRecord({
      form, area, controls: built.controls, base, record: isNew ? null : record, values, before, extra,
      onConflict: () => navigate(`${path}/${record.id}`),
    });
    if (saved) {
      setFlash(isNew ? names.created(saved) : names.saved(saved));
      navigate(next ? next(saved) : path);
    }
  });
  main.replaceChildren(pageHeader(title, { crumbs: [...crumbs, [title]] }), takeFlash() || '', !isNew ? view(record, plan, true) : '', form);
  const first = form.querySelector('input:not([type=hidden]):not(:disabled), select:not(:disabled), textarea');
  if (isNew && first) first.focus();
}

// ---------- the list screen ----------

// listScreen({main, query, signal, path, title, intro, crumbs, actions, top,
// filters, fetch, render, aside, pageSize}): a heading, optional tabs (top),
// filters kept in the address, the results and a pager. A filter:
// {key, label, control (element), grow, search}. fetch(state, signal) ->
// {items, total}; render(items, data) -> Node; aside(state, signal) -> Node
// (a summary drawn beside the list from its own request).
export async function listScreen({
  main, query, signal, path, title, intro, crumbs, actions = [], top, filters, fetch, render, aside,
  pageSize = 50, count,
}) {
  setTitle(title);
  const state = { offset: toInt(query.get('offset')) };
  for (const f of filters) state[f.key] = query.get(f.key) || (f.fixed ?? '');
  for (const f of filters) {
    if (f.control.type === 'checkbox') f.control.checked = state[f.key] === '1';
    else f.control.value = state[f.key];
    if (f.control.tagName === 'SELECT' && f.control.value !== state[f.key]) state[f.key] = f.control.value;
  }
  const visible = filters.filter((f) => !f.hidden);
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('followup.filters') },
    visible.map((f) => (f.control.type === 'checkbox'
      ? h('div', { class: 'field field-check' }, f.control, h('label', { for: f.control.id || (f.control.id = uid('f')) }, f.label))
      : field({ label: f.label, control: f.control, className: f.grow ? 'field-grow' : null }))),
    h('div', { class: 'filters-actions' }, h('button', { type: 'reset', class: 'btn btn-link' }, t('filter.reset'))));
  const asideBox = aside ? h('div', { class: 'list-aside', 'aria-live': 'polite' }) : null;
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  main.append(pageHeader(title, { intro, crumbs, actions }), top || '', takeFlash() || '', form, asideBox || '', results);

  let current = null;
  async function load() {
    if (current) current.abort();
    current = childController(signal);
    const mine = current;
    replaceQuery(path, state);
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading());
    if (aside) {
      asideBox.replaceChildren();
      aside(state, mine.signal).then((node) => { if (mine === current && node) asideBox.replaceChildren(node); })
        .catch((err) => { if (!isAbort(err) && mine === current) asideBox.replaceChildren(errorBox(err)); });
    }
    try {
      const data = await fetch({ ...state, limit: pageSize }, mine.signal);
      if (mine !== current) return;
      const items = data.items || [];
      const total = Number.isFinite(data.total) ? data.total : items.length;
      results.replaceChildren(
        h('p', { class: 'result-count' }, (count || ((n) => t('followup.count', { n })))(formatInteger(total))),
        render(items, data),
        pager({ total, limit: pageSize, offset: state.offset, count: items.length, onChange: (off) => { state.offset = off; load(); } }));
    } catch (err) {
      if (isAbort(err) || mine !== current) return;
      results.replaceChildren(errorBox(err, { retry: load }));
    } finally {
      if (mine === current) results.removeAttribute('aria-busy');
    }
  }
  const typed = debounce(() => load(), 300);
  for (const f of filters) {
    const c = f.control;
    if (c.type === 'search' || (c.tagName === 'INPUT' && c.type === 'text')) {
      c.addEventListener('input', () => { state[f.key] = c.value.trim(); state.offset = 0; typed(); });
    } else {
      c.addEventListener('change', () => { state[f.key] = c.type === 'checkbox' ? (c.checked ? '1' : '') : c.value; state.offset = 0; load(); });
    }
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); typed.cancel(); load(); });
  form.addEventListener('reset', () => {
    setTimeout(() => {
      typed.cancel();
      for (const f of filters) {
        if (f.hidden) continue;
        if (f.control.type === 'checkbox') f.control.checked = false;
        else f.control.value = '';
        state[f.key] = f.control.type === 'checkbox' ? '' : f.control.value;
      }
      state.offset = 0;
      load();
    }, 0);
  });
  signal.addEventListener('abort', () => typed.cancel(), { once: true });
  await load();
  return { reload: load, state };
}

// A labelled line of facts for a detail screen: [[term, value], ...].
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([term, value, cls]) => h('div', { class: `fact${cls ? ` ${cls}` : ''}` },
    h('dt', null, term),
    h('dd', null, value === '' || value === null || value === undefined ? h('span', { class: 'muted' }, t('common.none')) : value))));
}

// Loads one record for a detail or edit screen; a 404/403 becomes a message.
// -> the record, or null when the screen has already said it is not there.
export async function loadRecord(main, url, signal, { notFound, crumbs }) {
  main.append(loading());
  try {
    return await api.get(url, { signal });
  } catch (err) {
    if (err && (err.status === 404 || err.status === 403)) {
      setTitle(notFound);
      main.replaceChildren(pageHeader(notFound, { crumbs }), h('div', { class: 'alert alert-info', role: 'status' }, h('p', null, t('followup.not_found_text'))));
      return null;
    }
    throw err;
  }
}

// A date, or a dash.
export function dateOrDash(iso) {
  return iso ? formatDate(iso) : h('span', { class: 'muted' }, t('common.none'));
}

// Shows a failed action under a panel (the form helpers do the same for forms).
export function actionError(area, err) {
  clear(area, h('div', { class: 'alert alert-error', role: 'alert', tabindex: '-1' }, h('p', null, errorText(err))));
  area.firstChild.focus();
}
