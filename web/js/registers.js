// registers.js — the registers kept at the grassroots (boarding houses, waste-sorting
// groups, OCOP products …): the list of registers, a register's table with search
// (without diacritics), unit and field filters, Vietnamese order and paging, the
// record form generated from the register's schema, CSV/XLSX import (a dry run,
// then all rows or none) and export, and the panel of computed indicators shown
// on a plan's dashboard.
import { h, clear } from './dom.js';
import { t, getLang } from './i18n.js';
import { api, download, saveBlob } from './api.js';
import { formatNumber, formatInteger, formatDate } from './format.js';
import { navigate } from './router.js';
import { submitWith } from './forms.js';
import { setTitle, pageHeader, field, select, loading, errorBox, setFlash, takeFlash, dateInput, readDate, setFieldError, messageBox } from './ui.js';
import { writes, planLink, listScreen, unitFilter, unitPicker, loadRecord } from './followup.js';

const TYPES = '/api/v1/register-types';
const recordsUrl = (code) => `/api/v1/registers/${encodeURIComponent(code)}/records`;

function fieldLabel(f) {
  return getLang() === 'en' && f.label_en ? f.label_en : f.label;
}
function typeName(ty) {
  return getLang() === 'en' && ty.name_en ? ty.name_en : ty.name;
}

// A value as the table shows it: numbers 1.234,5, dates dd/mm/yyyy, yes/no.
export function showValue(f, v) {
  if (v === null || v === undefined || v === '') return h('span', { class: 'muted' }, t('common.none'));
  switch (f.type) {
    case 'integer': return formatInteger(v);
    case 'decimal': return formatNumber(v);
    case 'yesno': return v ? t('registers.yes') : t('registers.no');
    case 'date': return formatDate(v);
    default: return String(v);
  }
}

// Numbers typed the Vietnamese way ("1.234,5") or plainly ("1234.5").
export function parseNumber(text, integer) {
  let s = String(text).trim().replace(/\s/g, '');
  if (!s) return null;
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (integer) s = s.replace(/\./g, '');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return NaN;
  return Number(s);
}

// ---------- the registers ----------

export async function registerListView({ main, signal, user }) {
  setTitle(t('registers.title'));
  const actions = [];
  if (writes(user)) actions.push(h('a', { class: 'btn btn-secondary', href: '#/register-types/new' }, t('registers.new_type')));
  main.append(pageHeader(t('registers.title'), { intro: t('registers.intro'), actions }), takeFlash() || '', loading());
  const data = await api.get(TYPES, { signal });
  const items = data.items || [];
  main.lastChild.remove();
  if (!items.length) { main.append(messageBox(t('registers.none'), 'info')); return; }
  main.append(h('ul', { class: 'register-cards' }, items.map((ty) => h('li', { class: 'panel register-card' },
    h('h2', null, h('a', { href: `#/registers/${encodeURIComponent(ty.code)}` }, typeName(ty))),
    h('p', { class: 'muted small' }, planLink(ty.plan), ' · ', t('registers.records_n', { n: formatInteger(ty.records) })),
    h('p', { class: 'small' }, ty.fields.slice(0, 6).map(fieldLabel).join(', '), ty.fields.length > 6 ? '…' : '')))));
}

// Columns of the table: the first fields of the schema, then the derived ones.
function tableColumns(ty, code) {
  const shown = ty.fields.filter((f) => f.type !== 'unit').slice(0, 4);
  const cols = shown.map((f, i) => ({
    label: fieldLabel(f),
    className: f.type === 'integer' || f.type === 'decimal' ? 'col-num' : (i === 0 ? 'col-title' : null),
    cell: (r) => (i === 0
      ? h('a', { href: `#/registers/${encodeURIComponent(code)}/${encodeURIComponent(r.id)}` }, r.data[f.name] ?? `#${r.id}`)
      : showValue(f, r.data[f.name])),
  }));
  cols.push({ label: t('registers.unit'), cell: (r) => (r.unit && r.unit.name) || '' });
  for (const d of ty.derived || []) {
    cols.push({ label: fieldLabel(d), cell: (r) => (r.derived && r.derived[d.name] ? h('span', { class: 'badge badge-success' }, t('registers.yes')) : h('span', { class: 'badge badge-neutral' }, t('registers.no'))) });
  }
  return cols;
}

// "field=value" choices for the yes/no and choice fields.
function fieldFilterChoices(ty) {
  const out = [['', t('filter.all')]];
  for (const f of ty.fields) {
    if (f.type === 'yesno') {
      out.push([`${f.name}=true`, `${fieldLabel(f)}: ${t('registers.yes')}`], [`${f.name}=false`, `${fieldLabel(f)}: ${t('registers.no')}`]);
    } else if (f.type === 'choice') {
      for (const c of f.choices || []) out.push([`${f.name}=${c}`, `${fieldLabel(f)}: ${c}`]);
    }
  }
  return out;
}

export async function registerView({ main, params, query, signal, user }) {
  const code = params.code;
  const ty = await loadRecord(main, `${TYPES}/${encodeURIComponent(code)}`, signal,
    { notFound: t('registers.not_found'), crumbs: [[t('registers.title'), '#/registers']] });
  if (!ty) return;
  main.replaceChildren();
  const actions = [];
  if (writes(user)) {
    actions.push(h('a', { class: 'btn btn-primary', href: `#/registers/${encodeURIComponent(code)}/new` }, t('registers.new')));
    actions.push(h('a', { class: 'btn btn-secondary', href: `#/registers/${encodeURIComponent(code)}/import` }, t('registers.import')));
    actions.push(h('a', { class: 'btn btn-secondary', href: `#/registers/${encodeURIComponent(code)}/schema` }, t('registers.schema')));
  }
  const state = {};
  const exportBtn = (fmt) => h('button', {
    type: 'button', class: 'btn btn-secondary',
    onclick: async () => {
      try {
        const { blob, filename } = await download('GET', `/api/v1/registers/${encodeURIComponent(code)}/export.${fmt}`, { query: { unit: state.unit, q: state.q } });
        saveBlob(blob, filename || `${code}.${fmt}`);
      } catch (err) { main.prepend(errorBox(err)); }
    },
  }, t(`registers.export_${fmt}`));
  actions.push(exportBtn('csv'), exportBtn('xlsx'));
  const list = await listScreen({
    main, query, signal, path: `/registers/${encodeURIComponent(code)}`, title: typeName(ty),
    intro: h('span', null, planLink(ty.plan), ' · ', t('registers.schema_version', { n: ty.schema_version })),
    crumbs: [[t('registers.title'), '#/registers'], [typeName(ty)]],
    actions,
    filters: [
      { key: 'q', label: t('registers.search'), control: h('input', { type: 'search', name: 'q', autocomplete: 'off' }), grow: true },
      { key: 'unit', label: t('registers.unit'), control: await unitFilter(user, signal) },
      { key: 'fv', label: t('registers.filter'), control: select(fieldFilterChoices(ty), { name: 'fv', class: 'select-long' }) },
    ],
    count: (n) => t('registers.count', { n }),
    fetch: (s, sig) => {
      Object.assign(state, s);
      const q = { q: s.q, unit: s.unit, limit: s.limit, offset: s.offset };
      if (s.fv) { const i = s.fv.indexOf('='); q.field = s.fv.slice(0, i); q.value = s.fv.slice(i + 1); }
      return api.get(recordsUrl(code), { query: q, signal: sig });
    },
    render: (items) => {
      const cols = tableColumns(ty, code);
      if (!items.length) return h('p', { class: 'empty' }, t('registers.empty'));
      return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table register-table' },
        h('caption', { class: 'visually-hidden' }, typeName(ty)),
        h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col', class: c.className }, c.label)))),
        h('tbody', null, items.map((r) => h('tr', { dataset: { id: r.id } }, cols.map((c) => h('td', { class: c.className, 'data-label': c.label }, c.cell(r))))))));
    },
  });
  return list;
}

// ---------- the record form, built from the schema ----------

function controlFor(f, value, signal) {
  switch (f.type) {
    case 'yesno': return h('input', { type: 'checkbox', name: f.name, checked: !!value });
    case 'date': return dateInput(value || '', { name: f.name });
    case 'choice': return select([['', t('picker.choose')], ...(f.choices || []).map((c) => [c, c])], { name: f.name, value: value || '' });
    case 'integer':
    case 'decimal':
      return h('input', { type: 'text', inputmode: f.type === 'integer' ? 'numeric' : 'decimal', name: f.name, value: value === null || value === undefined ? '' : formatNumber(value, { maxFractionDigits: 6 }), autocomplete: 'off' });
    case 'unit': return unitPicker({ label: fieldLabel(f), value: value ? { code: value, name: value } : null, required: f.required, signal });
    default: return h('input', { type: 'text', name: f.name, value: value || '', maxlength: 2000, autocomplete: 'off' });
  }
}

function readControl(f, c) {
  if (f.type === 'yesno') return { value: c.checked };
  if (f.type === 'unit') return { value: c.value() || null };
  if (f.type === 'date') { const v = readDate(c); return { value: v || null }; }
  const raw = c.value.trim();
  if (f.type === 'integer' || f.type === 'decimal') {
    if (!raw) return { value: null };
    const n = parseNumber(raw, f.type === 'integer');
    if (Number.isNaN(n) || (f.type === 'integer' && !Number.isInteger(n))) return { error: t(f.type === 'integer' ? 'registers.not_integer' : 'registers.not_number') };
    if ((f.min !== null && f.min !== undefined && n < f.min) || (f.max !== null && f.max !== undefined && n > f.max)) {
      return { error: t('registers.out_of_range', { min: f.min ?? '…', max: f.max ?? '…' }) };
    }
    return { value: n };
  }
  return { value: raw || null };
}

export async function registerRecordView({ main, params, signal, user }) {
  const code = params.code;
  const isNew = !params.id;
  const ty = await loadRecord(main, `${TYPES}/${encodeURIComponent(code)}`, signal,
    { notFound: t('registers.not_found'), crumbs: [[t('registers.title'), '#/registers']] });
  if (!ty) return;
  main.replaceChildren();
  let rec = { data: {}, unit: user.scope_unit };
  if (!isNew) {
    rec = await loadRecord(main, `${recordsUrl(code)}/${encodeURIComponent(params.id)}`, signal,
      { notFound: t('registers.record_not_found'), crumbs: [[typeName(ty), `#/registers/${encodeURIComponent(code)}`]] });
    if (!rec) return;
    main.replaceChildren();
  }
  const title = isNew ? t('registers.new_in', { name: typeName(ty) }) : (rec.title || `#${rec.id}`);
  setTitle(title);
  const back = `#/registers/${encodeURIComponent(code)}`;
  main.append(pageHeader(title, { crumbs: [[t('registers.title'), '#/registers'], [typeName(ty), back], [isNew ? t('registers.new') : title]] }), takeFlash() || '');
  const may = writes(user);
  const area = h('div', { class: 'form-messages' });
  const unitCtl = unitPicker({ label: t('registers.unit'), value: rec.unit, required: true, signal });
  const controls = { unit: unitCtl.control };
  const rows = [unitCtl.element];
  const ctl = {};
  for (const f of ty.fields) {
    const c = controlFor(f, rec.data[f.name], signal);
    ctl[f.name] = c;
    if (f.type === 'unit') {
      controls[`data.${f.name}`] = c.control;
      rows.push(c.element);
    } else if (f.type === 'yesno') {
      c.id = `reg-${f.name}`;
      controls[`data.${f.name}`] = c;
      rows.push(h('div', { class: 'field field-check' }, c, h('label', { for: c.id }, fieldLabel(f)), h('p', { class: 'field-error', id: `${c.id}-err`, hidden: true })));
    } else {
      controls[`data.${f.name}`] = c;
      rows.push(field({ label: fieldLabel(f), control: c, required: f.required,
        hint: f.type === 'integer' || f.type === 'decimal' ? (f.min !== null || f.max !== null ? t('registers.range', { min: f.min ?? '…', max: f.max ?? '…' }) : null) : null }));
    }
    if (!may) (f.type === 'unit' ? c.control : c).disabled = true;
  }
  if (!may) unitCtl.control.disabled = true;
  const derived = !isNew && (ty.derived || []).length
    ? h('section', { class: 'panel' }, h('h2', null, t('registers.derived')),
      h('ul', null, ty.derived.map((d) => h('li', null, `${fieldLabel(d)}: `, h('strong', null, rec.derived && rec.derived[d.name] ? t('registers.yes') : t('registers.no')),
        ' ', h('code', { class: 'formula' }, d.formula)))))
    : '';
  const files = !isNew && rec.files && rec.files.length
    ? h('section', { class: 'panel' }, h('h2', null, t('registers.files')), h('ul', null, rec.files.map((f) => h('li', null, f.name))))
    : '';
  const form = h('form', { class: 'record-form', novalidate: true },
    area, h('fieldset', null, h('legend', null, typeName(ty)), rows),
    may ? h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, isNew ? t('registers.create') : t('registers.save')),
      h('a', { class: 'btn btn-link', href: back }, t('registers.cancel'))) : '');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = {};
    let first = null;
    for (const f of ty.fields) {
      const target = controls[`data.${f.name}`];
      const got = readControl(f, ctl[f.name]);
      let err = got.error || '';
      if (!err && f.required && (got.value === null || got.value === '')) err = t('form.required');
      setFieldError(target, err);
      if (err && !first) first = target;
      if (!err) data[f.name] = got.value;
    }
    const unit = unitCtl.value();
    setFieldError(unitCtl.control, unit ? '' : t('form.required'));
    if (!unit && !first) first = unitCtl.control;
    if (first) { first.focus(); return; }
    const saved = await submitWith({
      form, area, controls,
      send: () => (isNew
        ? api.post(recordsUrl(code), { unit, data })
        : api.patch(`${recordsUrl(code)}/${encodeURIComponent(rec.id)}`, { version: rec.version, unit, data })),
      onConflict: () => registerRecordView({ main: clear(main), params, signal, user }),
    });
    if (!saved) return;
    setFlash(t(isNew ? 'registers.created' : 'registers.saved', { title: saved.title || `#${saved.id}` }));
    navigate(back.slice(1));
  });
  main.append(form, derived, files);
  if (may && !isNew) {
    const delArea = h('div');
    main.append(h('div', { class: 'form-actions' }, h('button', {
      type: 'button', class: 'btn btn-danger',
      onclick: async () => {
        if (!window.confirm(t('registers.delete_confirm'))) return; // eslint-disable-line no-alert
        try {
          await api.del(`${recordsUrl(code)}/${encodeURIComponent(rec.id)}`, { query: { version: rec.version } });
          setFlash(t('registers.deleted'));
          navigate(back.slice(1));
        } catch (err) { clear(delArea, errorBox(err)); }
      },
    }, t('registers.delete')), delArea));
  }
}

// ---------- import ----------

export async function registerImportView({ main, params, signal }) {
  const code = params.code;
  const ty = await loadRecord(main, `${TYPES}/${encodeURIComponent(code)}`, signal,
    { notFound: t('registers.not_found'), crumbs: [[t('registers.title'), '#/registers']] });
  if (!ty) return;
  main.replaceChildren();
  const back = `#/registers/${encodeURIComponent(code)}`;
  const title = t('registers.import_title', { name: typeName(ty) });
  setTitle(title);
  const file = h('input', { type: 'file', accept: '.csv,.xlsx,text/csv', name: 'file' });
  const progress = h('progress', { max: 100, value: 0, hidden: true, class: 'import-progress' });
  const out = h('div', { 'aria-live': 'polite' });
  const columns = ['unit', ...ty.fields.map((f) => f.name)].join(',');
  const run = async (dryRun) => {
    const f = file.files && file.files[0];
    if (!f) { clear(out, messageBox(t('registers.import_choose'), 'info')); return; }
    progress.hidden = false;
    progress.value = 10;
    const bytes = await f.arrayBuffer();
    progress.value = 40;
    const xlsx = /\.xlsx$/i.test(f.name);
    let res;
    try {
      res = await fetchImport(code, bytes, xlsx, dryRun);
    } catch (err) {
      clear(out, errorBox(err));
      return;
    } finally { progress.value = 100; }
    clear(out, importReport(res, dryRun, () => run(false)));
  };
  main.append(pageHeader(title, { crumbs: [[t('registers.title'), '#/registers'], [typeName(ty), back], [t('registers.import')]], intro: t('registers.import_intro') }),
    h('p', { class: 'small' }, t('registers.import_columns'), ' ', h('code', null, columns)),
    h('form', { class: 'filters' }, field({ label: t('registers.import_file'), control: file }),
      h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'btn btn-primary', onclick: () => run(true) }, t('registers.import_check')))),
    progress, out);
}

// The dry run answers 200 with the rows' errors; the real run is only offered
// after a clean dry run (and refused as a whole, 422, should the data have changed).
function fetchImport(code, bytes, xlsx, dryRun) {
  const type = xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  return api.upload(`/api/v1/registers/${encodeURIComponent(code)}/import`, new Blob([bytes], { type }),
    { query: dryRun ? { dry_run: 1 } : {} });
}

function importReport(res, dryRun, confirm) {
  const errors = res.errors || [];
  const head = errors.length
    ? h('div', { class: 'alert alert-error', role: 'alert' }, h('p', null, t('registers.import_errors', { n: formatInteger(res.errors_total ?? errors.length), rows: formatInteger(res.rows ?? 0) })))
    : h('div', { class: 'alert alert-success', role: 'status' }, h('p', null, dryRun
      ? t('registers.import_ready', { n: formatInteger(res.rows ?? 0) })
      : t('registers.import_done', { n: formatInteger(res.imported ?? 0) })));
  const table = errors.length ? h('table', { class: 'data-table import-errors' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('registers.import_line')), h('th', { scope: 'col' }, t('registers.import_field')), h('th', { scope: 'col' }, t('registers.import_reason')))),
    h('tbody', null, errors.map((e) => h('tr', null, h('td', null, formatInteger(e.line)), h('td', null, e.field || ''), h('td', null, e.reason))))) : '';
  const go = dryRun && !errors.length && (res.rows ?? 0) > 0
    ? h('button', { type: 'button', class: 'btn btn-primary', onclick: confirm }, t('registers.import_run', { n: formatInteger(res.rows) }))
    : '';
  return h('div', null, head, table, go);
}

// ---------- computed indicators on a plan's dashboard ----------

export function computedPanel({ planId, unit, signal }) {
  const box = h('section', { class: 'panel computed-panel', 'aria-labelledby': 'sec-computed' });
  api.get(`/api/v1/plans/${encodeURIComponent(planId)}/computed`, { query: { unit }, signal })
    .then((data) => {
      const items = data.items || [];
      if (!items.length) { box.remove(); return; }
      clear(box, h('h2', { id: 'sec-computed' }, t('registers.computed_title')),
        h('p', { class: 'muted small' }, t('registers.computed_intro')),
        h('table', { class: 'data-table computed-table' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('registers.computed_indicator')), h('th', { scope: 'col', class: 'col-num' }, t('registers.computed_value')), h('th', { scope: 'col' }, t('registers.computed_formula')))),
          h('tbody', null, items.map((it) => h('tr', { dataset: { code: it.code } },
            h('td', null, `${it.code} — ${it.name}`),
            h('td', { class: 'col-num computed-value' }, it.value === null ? t('common.none') : `${formatNumber(it.value)} ${it.unit_label || ''}`.trim()),
            h('td', null, h('code', { class: 'formula' }, it.formula)))))));
    })
    .catch((err) => { if (err && err.name !== 'AbortError') clear(box, errorBox(err)); });
  box.append(loading());
  return box;
}

// ---------- the register's schema: created and changed as data ----------

const FIELD_TYPES = ['text', 'integer', 'decimal', 'yesno', 'date', 'choice', 'unit'];

// One row of the fields editor; existing fields keep their name and type (a record
// written under an older schema must keep meaning what it meant).
function fieldRow(f, existing) {
  const name = h('input', { type: 'text', class: 'f-name', value: f.name || '', 'aria-label': t('registers.f_name'), readonly: existing, pattern: '[a-z][a-z0-9_]*' });
  const label = h('input', { type: 'text', class: 'f-label', value: f.label || '', 'aria-label': t('registers.f_label') });
  const type = select(FIELD_TYPES.map((x) => [x, t(`registers.type_${x}`)]), { class: 'f-type', value: f.type || 'text', 'aria-label': t('registers.f_type') });
  if (existing) type.disabled = true;
  const required = h('input', { type: 'checkbox', class: 'f-required', checked: !!f.required, 'aria-label': t('registers.f_required') });
  const min = h('input', { type: 'text', class: 'f-min', inputmode: 'decimal', value: f.min ?? '', 'aria-label': 'min', size: 6 });
  const max = h('input', { type: 'text', class: 'f-max', inputmode: 'decimal', value: f.max ?? '', 'aria-label': 'max', size: 6 });
  const choices = h('input', { type: 'text', class: 'f-choices', value: (f.choices || []).join('; '), 'aria-label': t('registers.f_choices'), placeholder: t('registers.f_choices') });
  const row = h('tr', { class: 'field-row', dataset: { existing: existing ? '1' : '' } },
    h('td', null, name), h('td', null, label), h('td', null, type), h('td', null, required), h('td', null, min), h('td', null, max), h('td', null, choices),
    h('td', null, existing ? '' : h('button', { type: 'button', class: 'btn btn-link', onclick: () => row.remove() }, t('registers.f_remove'))));
  row.read = () => {
    const out = { name: name.value.trim(), label: label.value.trim(), type: type.value, required: required.checked, label_en: f.label_en ?? null };
    if (['integer', 'decimal'].includes(out.type)) {
      if (min.value.trim()) out.min = parseNumber(min.value, false);
      if (max.value.trim()) out.max = parseNumber(max.value, false);
    }
    if (out.type === 'choice') out.choices = choices.value.split(';').map((c) => c.trim()).filter(Boolean);
    return out;
  };
  return row;
}

export async function registerSchemaView({ main, params, signal, user }) {
  const code = params.code;
  const isNew = !code;
  let ty = { fields: [], derived: [] };
  if (!isNew) {
    ty = await loadRecord(main, `${TYPES}/${encodeURIComponent(code)}`, signal,
      { notFound: t('registers.not_found'), crumbs: [[t('registers.title'), '#/registers']] });
    if (!ty) return;
  }
  main.replaceChildren();
  const title = isNew ? t('registers.new_type') : t('registers.schema_of', { name: typeName(ty) });
  setTitle(title);
  main.append(pageHeader(title, { crumbs: [[t('registers.title'), '#/registers'], ...(isNew ? [] : [[typeName(ty), `#/registers/${encodeURIComponent(code)}`]]), [t('registers.schema')]],
    intro: t('registers.schema_intro') }));
  const area = h('div', { class: 'form-messages' });
  const codeIn = h('input', { type: 'text', name: 'code', value: ty.code || '', readonly: !isNew, pattern: '[a-z][a-z0-9_]*' });
  const nameIn = h('input', { type: 'text', name: 'name', value: ty.name || '' });
  const planSel = select([['', t('picker.choose')]], { name: 'plan_id' });
  if (isNew) {
    const plans = await api.get('/api/v1/plans', { query: { limit: 1000 }, signal });
    for (const p of plans.items || []) planSel.append(h('option', { value: p.id }, `${p.code} — ${p.title}`));
  } else {
    planSel.append(h('option', { value: ty.plan_id }, ty.plan ? `${ty.plan.code} — ${ty.plan.title}` : ty.plan_id));
    planSel.value = String(ty.plan_id);
    planSel.disabled = true;
  }
  const body = h('tbody', null, (ty.fields || []).map((f) => fieldRow(f, !isNew)));
  const table = h('table', { class: 'data-table schema-table' },
    h('thead', null, h('tr', null, ['f_name', 'f_label', 'f_type', 'f_required'].map((k) => h('th', { scope: 'col' }, t(`registers.${k}`))),
      h('th', { scope: 'col' }, 'min'), h('th', { scope: 'col' }, 'max'), h('th', { scope: 'col' }, t('registers.f_choices')), h('th', null, ''))),
    body);
  const derivedIn = (ty.derived || []).map((d) => {
    const input = h('input', { type: 'text', class: 'derived-formula', value: d.formula, 'aria-label': fieldLabel(d) });
    return { d, input };
  });
  const controls = { code: codeIn, name: nameIn, plan_id: planSel };
  derivedIn.forEach((x, i) => { controls[`derived[${i}].formula`] = x.input; });
  const form = h('form', { class: 'record-form', novalidate: true }, area,
    h('fieldset', null, h('legend', null, t('registers.schema')),
      field({ label: t('registers.code'), control: codeIn, required: true, hint: t('registers.code_hint') }),
      field({ label: t('registers.plan'), control: planSel, required: true }),
      field({ label: t('registers.name'), control: nameIn, required: true })),
    h('fieldset', null, h('legend', null, t('registers.fields')), h('div', { class: 'table-wrap' }, table),
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => body.append(fieldRow({ type: 'text' }, false)) }, t('registers.f_add'))),
    derivedIn.length ? h('fieldset', null, h('legend', null, t('registers.derived')),
      derivedIn.map((x) => field({ label: fieldLabel(x.d), control: x.input, hint: t('registers.derived_hint') }))) : '',
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('registers.save'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const fields = [...body.querySelectorAll('tr.field-row')].map((r) => r.read());
    const derived = derivedIn.map((x) => ({ ...x.d, formula: x.input.value.trim() }));
    const saved = await submitWith({
      form, area, controls,
      send: () => (isNew
        ? api.post(TYPES, { code: codeIn.value.trim(), plan_id: Number(planSel.value), name: nameIn.value.trim(), fields })
        : api.patch(`${TYPES}/${encodeURIComponent(code)}`, { version: ty.version, name: nameIn.value.trim(), fields, derived })),
      onConflict: () => registerSchemaView({ main: clear(main), params, signal, user }),
    });
    if (!saved) return;
    setFlash(t('registers.schema_saved', { n: saved.schema_version }));
    navigate(`/registers/${encodeURIComponent(saved.code)}`);
  });
  main.append(form);
}
