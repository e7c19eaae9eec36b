// models.js — pilot models (mô hình điểm) and their replication: each model
// at its unit, with its results; a replication points to the model it copies,
// so the spread of a model is a tree. The list with the number of replications
// below each model, the counts per unit, one model with its tree, the form that
// records a model or a replication ("Nhân rộng từ mô hình…"), and the "Dân vận
// khéo" recognition.
import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { api, isAbort } from './api.js';
import { formatDate, formatInteger } from './format.js';
import { setTitle, pageHeader, field, select, dataTable, badge, messageBox, takeFlash, loading, errorBox } from './ui.js';
import {
  planLink, refName, unitText, writes, manages, myOrgId, plansOf, planChoices, yearChoices, tabs, listScreen, formScreen,
  facts, panel, loadRecord, unitFilter, actionError, tiles,
} from './followup.js';

const BASE = '/api/v1/models';
const PATH = '/models';

export function recognizedBadge(m) {
  return m.recognized ? badge(t('models.recognized'), 'ok') : null;
}

function modelTabs(active) {
  return tabs([
    ['list', '#/models', t('models.tab_list')],
    ['summary', '#/models/summary', t('models.tab_summary')],
  ], active, t('models.views'));
}

// Who may recognise a model: an admin, the plan's owner, a Party committee
// body's leader (the server checks the unit too).
function mayRecognize(user, plan) {
  if (!user) return false;
  if (user.role === 'admin') return true;
  const sys = user.organization && user.organization.system;
  if (user.role === 'leader' && sys === 'party') return true;
  return (user.role === 'leader' || user.role === 'officer') && !!plan && !!plan.owner && plan.owner.id === myOrgId(user);
}

export async function modelListView({ main, query, signal, user }) {
  const plans = await plansOf(signal);
  await listScreen({
    main, query, signal, path: PATH, title: t('models.title'), intro: t('models.intro'),
    actions: writes(user) ? [h('a', { class: 'btn btn-primary', href: '#/models/new' }, t('models.new'))] : [],
    top: modelTabs('list'),
    filters: [
      { key: 'q', label: t('followup.search'), control: h('input', { type: 'search', name: 'q', autocomplete: 'off' }), grow: true },
      { key: 'plan', label: t('followup.plan'), control: select(planChoices(plans, t('filter.all')), { name: 'plan', class: 'select-long' }) },
      { key: 'unit', label: t('followup.unit'), control: await unitFilter(user, signal) },
      { key: 'year', label: t('followup.year'), control: select(yearChoices(plans, t('filter.all_years')), { name: 'year' }) },
      { key: 'originals', label: t('models.only_originals'), control: h('input', { type: 'checkbox', name: 'originals' }) },
      { key: 'recognized', label: t('models.only_recognized'), control: h('input', { type: 'checkbox', name: 'recognized' }) },
    ],
    count: (n) => t('models.count', { n }),
    fetch: (s, sig) => api.get(BASE, { query: s, signal: sig }),
    render: (items) => dataTable({
      caption: t('models.title'), empty: t('models.empty'), rows: items,
      columns: [
        {
          label: t('models.col_model'), className: 'col-title',
          cell: (m) => h('span', { class: 'stack' }, h('a', { href: `#/models/${encodeURIComponent(m.id)}` }, m.name),
            h('span', { class: 'muted small' }, planLink(m.plan), m.kind ? ` · ${m.kind}` : '')),
        },
        { label: t('followup.unit'), cell: (m) => h('span', { class: 'stack' }, unitText(m), h('span', { class: 'muted small' }, refName(m.organization))) },
        { label: t('models.started_on'), className: 'col-nowrap', cell: (m) => formatDate(m.started_on) },
        {
          label: t('models.origin'),
          cell: (m) => (m.replicates ? h('span', { class: 'small' }, t('models.copies'), ' ', h('a', { href: `#/models/${encodeURIComponent(m.replicates.id)}` }, m.replicates.name))
            : badge(t('models.original'), 'primary')),
        },
        { label: t('models.replications'), className: 'col-num', cell: (m) => formatInteger(m.replications || 0) },
        { label: t('models.recognition'), cell: (m) => recognizedBadge(m) || h('span', { class: 'muted' }, t('common.none')) },
      ],
    }),
  });
}

export async function modelSummaryView({ main, query, signal, user }) {
  setTitle(t('models.summary_title'));
  const plans = await plansOf(signal);
  const state = { plan: query.get('plan') || '' };
  const planSel = select(planChoices(plans, t('filter.all')), { name: 'plan', value: state.plan, class: 'select-long' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('followup.filters') }, field({ label: t('followup.plan'), control: planSel, className: 'field-grow' }));
  form.addEventListener('submit', (e) => e.preventDefault());
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  main.append(pageHeader(t('models.summary_title'), { intro: t('models.summary_intro') }), modelTabs('summary'), form, results);
  async function load() {
    results.replaceChildren(loading());
    try {
      const data = await api.get(`${BASE}/summary`, { query: { plan: state.plan }, signal });
      const tot = data.totals || {};
      const link = (unit, extra = {}) => `#/models?${new URLSearchParams(Object.entries({ plan: state.plan, unit, ...extra }).filter(([, v]) => v)).toString()}`;
      clear(results,
        tiles([
          [t('models.models'), formatInteger(tot.models || 0)],
          [t('models.originals'), formatInteger(tot.originals || 0)],
          [t('models.replications'), formatInteger(tot.replications || 0)],
          [t('models.recognized_n'), formatInteger(tot.recognized || 0), null, 'a'],
        ]),
        dataTable({
          caption: t('models.summary_title'), rows: data.items || [],
          rowClass: (r) => (r.own ? 'row-own' : null),
          columns: [
            { label: t('followup.unit'), className: 'col-title', cell: (r) => (r.own ? t('models.own_level', { name: refName(r.unit) }) : (r.models ? h('a', { href: link(r.unit && r.unit.code) }, refName(r.unit)) : refName(r.unit))) },
            { label: t('models.models'), className: 'col-num', cell: (r) => formatInteger(r.models || 0) },
            { label: t('models.originals'), className: 'col-num', cell: (r) => formatInteger(r.originals || 0) },
            { label: t('models.replications'), className: 'col-num', cell: (r) => formatInteger(r.replications || 0) },
            { label: t('models.recognized_n'), className: 'col-num', cell: (r) => formatInteger(r.recognized || 0) },
          ],
        }));
    } catch (err) {
      if (!isAbort(err)) clear(results, errorBox(err, { retry: load }));
    }
  }
  planSel.addEventListener('change', () => { state.plan = planSel.value; window.history.replaceState(window.history.state, '', state.plan ? `#/models/summary?plan=${state.plan}` : '#/models/summary'); load(); });
  await load();
}

// The model it copies: the models of the chosen plan, refreshed when the plan changes.
function replicatesField(initial, controls, selfId, signal) {
  const control = h('select', { name: 'replicates_id' });
  const element = field({ label: t('models.replicates'), control, hint: t('models.replicates_hint') });
  let want = initial ? String(initial) : '';
  async function fill() {
    const plan = controls.plan_id ? controls.plan_id.value : '';
    control.replaceChildren(h('option', { value: '' }, t('models.no_original')));
    if (!plan) return;
    try {
      const data = await api.get(BASE, { query: { plan, limit: 1000 }, signal });
      for (const m of data.items || []) if (m.id !== selfId) control.append(h('option', { value: m.id }, `${m.name} — ${m.unit_name || ''}`));
      control.value = want;
    } catch (err) {
      if (!isAbort(err)) control.append(h('option', { value: '', disabled: true }, t('picker.failed')));
    }
  }
  control.addEventListener('change', () => { want = control.value; });
  if (controls.plan_id) controls.plan_id.addEventListener('change', () => { want = ''; fill(); });
  fill();
  return { element, control, read: () => ({ value: control.value ? Number(control.value) : null }) };
}

export function modelFormView(ctx) {
  const { user, query, signal } = ctx;
  const rep = Number(query.get('replicates')) || null;
  const planId = Number(query.get('plan')) || null;
  return formScreen({
    ...ctx, base: BASE, path: PATH,
    legend: rep ? t('models.replicate_legend') : null,
    blank: { plan_id: planId, replicates_id: rep, organization: user.organization ? { id: user.organization.id, name: user.organization.name } : null },
    names: {
      list: t('models.title'), new: rep ? t('models.new_replication') : t('models.new'), edit: (m) => m.name, notFound: t('models.not_found'),
      created: (m) => t('models.created', { name: m.name }), saved: (m) => t('models.saved', { name: m.name }),
    },
    may: (m, plan) => manages(user, m.organization_id, plan),
    view: (m, plan, compact) => (compact ? '' : messageBox(t('models.not_editable'), 'info')),
    next: (m) => `${PATH}/${m.id}`,
    cancel: (m, isNew) => (isNew ? (rep ? `#${PATH}/${rep}` : `#${PATH}`) : `#${PATH}/${encodeURIComponent(m.id)}`),
    fields: (m, isNew, plans, plan) => [
      { key: 'plan_id', label: t('followup.plan'), type: 'plan', required: true, readonly: !isNew },
      { key: 'replicates_id', label: t('models.replicates'), type: 'custom', build: (initial, controls) => replicatesField(initial, controls, m.id, signal) },
      { key: 'name', label: t('models.name'), required: true },
      { key: 'kind', label: t('models.kind'), hint: t('models.kind_hint') },
      { key: 'organization_id', label: t('models.organization'), type: 'org', required: true, get: (x) => x.organization },
      { key: 'unit', label: t('followup.unit'), type: 'unit', get: (x) => (x.unit ? { code: x.unit, name: x.unit_name } : null), hint: t('models.unit_hint') },
      { key: 'started_on', label: t('models.started_on'), type: 'date', required: true },
      { key: 'results', label: t('models.results'), type: 'textarea', rows: 4 },
      mayRecognize(user, plan) || (isNew && user.role === 'admin') ? { key: 'recognized', label: t('models.recognize_check'), type: 'check' } : null,
    ].filter(Boolean),
    body: (v, m, isNew) => {
      const values = {
        name: v.name, kind: v.kind, organization_id: v.organization_id, started_on: v.started_on, results: v.results, replicates_id: v.replicates_id,
      };
      if ('recognized' in v && (v.recognized || !isNew)) values.recognized = v.recognized;
      if (v.unit) values.unit = v.unit;
      if (isNew) {
        values.plan_id = v.plan_id;
        if (values.replicates_id === null) delete values.replicates_id;
      }
      return {
        values,
        before: {
          name: m.name, kind: m.kind || '', organization_id: m.organization_id, started_on: m.started_on, results: m.results || '',
          replicates_id: m.replicates_id ?? null, recognized: !!m.recognized, unit: m.unit,
        },
      };
    },
  });
}

// The replication tree as nested lists, the model being looked at marked.
function treeList(node, focus) {
  const kids = node.children || [];
  const here = node.id === focus;
  return h('li', { class: here ? 'rep-node rep-focus' : 'rep-node' },
    h('div', { class: 'rep-line' },
      here ? h('strong', { 'aria-current': 'true' }, node.name) : h('a', { href: `#/models/${encodeURIComponent(node.id)}` }, node.name),
      h('span', { class: 'muted small' }, [node.unit_name, formatDate(node.started_on)].filter(Boolean).join(' · ')),
      recognizedBadge(node),
      node.replications ? badge(t('models.replications_n', { n: formatInteger(node.replications) }), 'primary') : null),
    kids.length ? h('ul', { class: 'rep-tree' }, kids.map((k) => treeList(k, focus))) : null);
}

export async function modelView({ main, params, signal, user }) {
  const crumbs = [[t('models.title'), '#/models']];
  const url = `${BASE}/${encodeURIComponent(params.id)}`;
  let m = await loadRecord(main, url, signal, { notFound: t('models.not_found'), crumbs });
  if (!m) return;
  const plans = await plansOf(signal);
  const plan = plans.find((p) => p.id === m.plan_id) || m.plan;

  async function render(notice) {
    setTitle(m.name);
    const actions = [];
    if (writes(user)) actions.push(h('a', { class: 'btn btn-primary', href: `#/models/new?replicates=${encodeURIComponent(m.id)}&plan=${encodeURIComponent(m.plan_id)}` }, t('models.replicate')));
    if (manages(user, m.organization_id, plan)) actions.push(h('a', { class: 'btn btn-secondary', href: `#/models/${encodeURIComponent(m.id)}/edit` }, t('models.edit')));
    const header = pageHeader(m.name, { crumbs: [...crumbs, [m.name]], actions });
    header.append(h('p', { class: 'plan-meta' }, recognizedBadge(m), m.replicates ? badge(t('models.replication'), 'accent') : badge(t('models.original'), 'primary'),
      badge(t('models.replications_n', { n: formatInteger(m.replications || 0) }), 'neutral')));
    const summary = panel(t('models.summary'), facts([
      [t('followup.plan'), planLink(m.plan), 'fact-wide'],
      [t('followup.unit'), unitText(m)],
      [t('models.organization'), refName(m.organization)],
      [t('models.kind'), m.kind],
      [t('models.started_on'), formatDate(m.started_on)],
      [t('models.replicates'), m.replicates ? h('a', { href: `#/models/${encodeURIComponent(m.replicates.id)}` }, m.replicates.name) : t('models.original')],
      [t('models.recognition'), m.recognized ? t('models.recognized_on', { date: formatDate(m.recognized_on) }) : t('models.not_recognized')],
    ]), h('h3', null, t('models.results')), m.results ? h('p', { class: 'prose' }, m.results) : h('p', { class: 'muted' }, t('common.none')));
    const area = h('div');
    const recog = mayRecognize(user, plan)
      ? h('div', { class: 'form-actions' }, h('button', {
        type: 'button', class: m.recognized ? 'btn btn-secondary' : 'btn btn-primary', dataset: { action: 'recognize' },
        onclick: async (e) => {
          const button = e.currentTarget;
          button.disabled = true;
          try {
            m = await api.patch(url, { version: m.version, recognized: !m.recognized }, { signal });
            render(m.recognized ? t('models.recognized_done') : t('models.unrecognized_done'));
          } catch (err) {
            if (!signal.aborted) actionError(area, err);
            button.disabled = false;
          }
        },
      }, m.recognized ? t('models.unrecognize') : t('models.recognize')), area)
      : null;
    const treeBox = h('div', null, loading());
    clear(main, header, h('div', { 'aria-live': 'polite' }, notice ? messageBox(notice, 'success') : takeFlash()), summary,
      recog ? panel(t('models.recognition_section'), h('p', { class: 'hint' }, t('models.recognition_hint')), recog) : null,
      panel(t('models.tree_section'), treeBox));
    try {
      const tree = await api.get(`${url}/tree`, { signal });
      clear(treeBox, h('p', { class: 'hint' }, t('models.tree_hint', { n: formatInteger(tree.root ? tree.root.replications || 0 : 0) })),
        tree.root ? h('ul', { class: 'rep-tree rep-root' }, treeList(tree.root, tree.focus_id ?? m.id)) : h('p', { class: 'muted' }, t('common.none')));
    } catch (err) {
      if (!isAbort(err)) clear(treeBox, errorBox(err));
    }
  }
  await render();
}
