// inspections.js — inspections and supervisions (kiểm tra, giám sát): who
// inspected whom, where and when, the scope and the conclusions; each one's
// findings, and the form that records a finding of it (addressed by default to
// the organisation inspected).
import { h, clear } from './dom.js';
import { t, label } from './i18n.js';
import { api } from './api.js';
import { formatDate } from './format.js';
import { setTitle, pageHeader, select, codeChoices, dataTable, badge, messageBox, takeFlash } from './ui.js';
import { submitWith } from './forms.js';
import {
  INSPECTION_KINDS, FINDING_KINDS, SEVERITIES, planLink, refName, unitText, myOrgId, plansOf, planChoices, yearChoices,
  listScreen, formScreen, facts, panel, loadRecord, unitFilter, buildForm,
} from './followup.js';
import { findingTable, findingsOf } from './findings.js';

const BASE = '/api/v1/inspections';
const PATH = '/inspections';

// Admins, the inspecting body (its leaders, officers and inspectors) and the
// plan's owner record inspections (the server decides).
export function recordsInspections(user) {
  return !!user && ['admin', 'leader', 'officer', 'inspector'].includes(user.role);
}
function mayRecord(user, inspectorId, plan) {
  if (!user) return false;
  if (user.role === 'admin') return true;
  const mine = myOrgId(user);
  if (user.role === 'inspector') return mine === inspectorId;
  if (user.role !== 'leader' && user.role !== 'officer') return false;
  return mine === inspectorId || (!!plan && !!plan.owner && plan.owner.id === mine);
}

function followBadge(i) {
  return i.follow_up === 'done' ? badge(t('inspections.follow_done'), 'ok') : badge(t('inspections.follow_open'), 'primary');
}

export async function inspectionListView({ main, query, signal, user }) {
  const plans = await plansOf(signal);
  await listScreen({
    main, query, signal, path: PATH, title: t('inspections.title'), intro: t('inspections.intro'),
    actions: recordsInspections(user) ? [h('a', { class: 'btn btn-primary', href: '#/inspections/new' }, t('inspections.new'))] : [],
    filters: [
      { key: 'plan', label: t('followup.plan'), control: select(planChoices(plans, t('filter.all')), { name: 'plan', class: 'select-long' }), grow: true },
      { key: 'unit', label: t('followup.unit'), control: await unitFilter(user, signal) },
      { key: 'kind', label: t('inspections.kind'), control: select(codeChoices('inspection_kind', INSPECTION_KINDS, t('filter.all')), { name: 'kind' }) },
      { key: 'year', label: t('followup.year'), control: select(yearChoices(plans, t('filter.all_years')), { name: 'year' }) },
    ],
    count: (n) => t('inspections.count', { n }),
    fetch: (s, sig) => api.get(BASE, { query: s, signal: sig }),
    render: (items) => dataTable({
      caption: t('inspections.title'), empty: t('inspections.empty'), rows: items,
      columns: [
        {
          label: t('inspections.col_inspection'), className: 'col-title',
          cell: (i) => h('span', { class: 'stack' }, h('a', { href: `#/inspections/${encodeURIComponent(i.id)}` }, i.scope || t('inspections.untitled', { date: formatDate(i.held_on) })),
            h('span', { class: 'muted small' }, label('inspection_kind', i.kind), ' · ', planLink(i.plan))),
        },
        { label: t('inspections.inspector'), cell: (i) => refName(i.inspector) },
        { label: t('inspections.inspected'), cell: (i) => h('span', { class: 'stack' }, refName(i.inspected), h('span', { class: 'muted small' }, unitText(i))) },
        { label: t('inspections.held_on'), className: 'col-nowrap', cell: (i) => formatDate(i.held_on) },
        { label: t('inspections.findings'), className: 'col-num', cell: (i) => String((i.finding_ids || []).length) },
        { label: t('inspections.follow_up'), cell: followBadge },
      ],
    }),
  });
}

export function inspectionFormView(ctx) {
  const { user } = ctx;
  return formScreen({
    ...ctx, base: BASE, path: PATH, creates: recordsInspections,
    blank: { kind: 'kiem_tra', inspector: user.organization ? { id: user.organization.id, name: user.organization.name } : null },
    names: {
      list: t('inspections.title'), new: t('inspections.new'), edit: (i) => t('inspections.edit_title', { date: formatDate(i.held_on) }), notFound: t('inspections.not_found'),
      created: () => t('inspections.created'), saved: () => t('inspections.saved'),
    },
    may: (i, plan) => mayRecord(user, i.inspector_id, plan),
    view: (i, plan, compact) => (compact ? '' : messageBox(t('inspections.not_editable'), 'info')),
    next: (i) => `${PATH}/${i.id}`,
    cancel: (i, isNew) => (isNew ? `#${PATH}` : `#${PATH}/${encodeURIComponent(i.id)}`),
    fields: (i, isNew) => [
      { key: 'kind', label: t('inspections.kind'), type: 'select', required: true, choices: codeChoices('inspection_kind', INSPECTION_KINDS) },
      { key: 'plan_id', label: t('followup.plan'), type: 'plan' },
      { key: 'inspector_id', label: t('inspections.inspector'), type: 'org', required: true, get: (x) => x.inspector, readonly: !isNew },
      { key: 'inspected_id', label: t('inspections.inspected'), type: 'org', required: true, get: (x) => x.inspected },
      { key: 'unit', label: t('followup.unit'), type: 'unit', get: (x) => (x.unit ? { code: x.unit, name: x.unit_name } : null), hint: t('inspections.unit_hint') },
      { key: 'held_on', label: t('inspections.held_on'), type: 'date', required: true },
      { key: 'scope', label: t('inspections.scope'), type: 'textarea', rows: 2 },
      { key: 'conclusions', label: t('inspections.conclusions'), type: 'textarea', rows: 5 },
      isNew ? null : { key: 'follow_up', label: t('inspections.follow_up'), type: 'select', choices: [['open', t('inspections.follow_open')], ['done', t('inspections.follow_done')]] },
    ].filter(Boolean),
    body: (v, i, isNew) => {
      const values = { kind: v.kind, plan_id: v.plan_id, inspected_id: v.inspected_id, held_on: v.held_on, scope: v.scope, conclusions: v.conclusions };
      if (v.unit) values.unit = v.unit;
      if (!isNew) values.follow_up = v.follow_up;
      if (isNew) {
        values.inspector_id = v.inspector_id;
        if (values.plan_id === null) delete values.plan_id;
      }
      return {
        values,
        before: {
          kind: i.kind, plan_id: i.plan_id ?? null, inspected_id: i.inspected_id, held_on: i.held_on, scope: i.scope || '', conclusions: i.conclusions || '',
          unit: i.unit, follow_up: i.follow_up,
        },
      };
    },
  });
}

export async function inspectionView({ main, params, signal, user }) {
  const crumbs = [[t('inspections.title'), '#/inspections']];
  const url = `${BASE}/${encodeURIComponent(params.id)}`;
  const insp = await loadRecord(main, url, signal, { notFound: t('inspections.not_found'), crumbs });
  if (!insp) return;
  const plans = await plansOf(signal);
  const plan = plans.find((p) => p.id === insp.plan_id) || insp.plan;
  const may = mayRecord(user, insp.inspector_id, plan);
  const title = t('inspections.view_title', { kind: label('inspection_kind', insp.kind), org: refName(insp.inspected), date: formatDate(insp.held_on) });
  setTitle(title);
  const header = pageHeader(title, {
    crumbs: [...crumbs, [formatDate(insp.held_on)]],
    actions: may ? [h('a', { class: 'btn btn-secondary', href: `#/inspections/${encodeURIComponent(insp.id)}/edit` }, t('inspections.edit'))] : [],
  });
  header.append(h('p', { class: 'plan-meta' }, badge(label('inspection_kind', insp.kind), 'primary'), followBadge(insp)));
  const summary = panel(t('inspections.summary'), facts([
    [t('followup.plan'), planLink(insp.plan), 'fact-wide'],
    [t('inspections.inspector'), refName(insp.inspector)],
    [t('inspections.inspected'), refName(insp.inspected)],
    [t('followup.unit'), unitText(insp)],
    [t('inspections.held_on'), formatDate(insp.held_on)],
  ]),
  h('h3', null, t('inspections.scope')), insp.scope ? h('p', { class: 'prose' }, insp.scope) : h('p', { class: 'muted' }, t('common.none')),
  h('h3', null, t('inspections.conclusions')), insp.conclusions ? h('p', { class: 'prose' }, insp.conclusions) : h('p', { class: 'muted' }, t('common.none')));
  const list = h('div', { 'aria-live': 'polite' });
  const messages = h('div', { 'aria-live': 'polite' }, takeFlash());
  const findingsPanel = panel(t('inspections.findings_section'), list,
    may ? h('p', { class: 'panel-foot' }, h('a', { href: `#/findings?inspection=${encodeURIComponent(insp.id)}` }, t('inspections.findings_list'))) : null);
  async function fillFindings() {
    const items = await findingsOf({ inspection: insp.id }, signal);
    clear(list, findingTable(items, { empty: t('inspections.no_findings'), caption: t('inspections.findings_section') }));
  }
  main.replaceChildren(header, messages, summary, findingsPanel, may ? addFinding() : '');
  await fillFindings();

  // a finding of this inspection: addressed to the organisation inspected unless changed
  function addFinding() {
    const fields = [
      { key: 'kind', label: t('findings.kind'), type: 'select', required: true, choices: codeChoices('finding_kind', FINDING_KINDS) },
      { key: 'title', label: t('findings.f_title'), required: true },
      { key: 'description', label: t('findings.f_description'), type: 'textarea', rows: 3 },
      { key: 'addressed_to_id', label: t('findings.addressed_to'), type: 'org', get: () => insp.inspected, hint: t('inspections.addressed_default') },
      { key: 'severity', label: t('findings.severity'), type: 'select', choices: codeChoices('severity', SEVERITIES) },
      { key: 'due_on', label: t('findings.due_on'), type: 'date' },
    ];
    const built = buildForm(fields, { kind: 'limitation', severity: 'medium' }, { signal });
    const area = h('div');
    const form = h('form', { class: 'form', novalidate: true },
      h('fieldset', null, h('legend', null, t('inspections.add_finding')), built.nodes),
      area, h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('inspections.add_finding'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const v = built.read();
      if (!v) return;
      const payload = { ...v };
      for (const k of Object.keys(payload)) if (payload[k] === null || payload[k] === '') delete payload[k];
      const saved = await submitWith({
        form, area, controls: built.controls,
        send: () => api.post(`${url}/findings`, payload, { signal }),
      });
      if (saved) {
        clear(messages, messageBox(t('inspections.finding_added', { title: saved.title }), 'success'));
        // a fresh form for the next one, with its defaults
        const again = addFinding();
        section.replaceWith(again);
        await fillFindings();
        again.querySelector('input[name=title]').focus();
      }
    });
    const section = h('section', { class: 'panel', 'aria-label': t('inspections.add_finding') }, form);
    return section;
  }
}
