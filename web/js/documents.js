// documents.js — the documents of leadership and direction (văn bản lãnh đạo,
// chỉ đạo) each plan needs: number, kind, issuer, issue date and the date it
// was due, so that a document issued late ("ban hành muộn") shows how late.
import { h } from './dom.js';
import { t, label } from './i18n.js';
import { api } from './api.js';
import { formatInteger, formatDate } from './format.js';
import { select, codeChoices, dataTable, badge } from './ui.js';
import {
  DOCUMENT_KINDS, planLink, refName, unitText, writes, manages, plansOf, planChoices, yearChoices, listScreen, formScreen,
  facts, panel, unitFilter, dateOrDash,
} from './followup.js';

const BASE = '/api/v1/documents';
const PATH = '/documents';

export function lateBadge(d) {
  if (!d.late) return d.due_on ? badge(t('documents.on_time'), 'ok') : null;
  return badge(Number(d.days_late) > 0 ? t('documents.late_days', { n: formatInteger(d.days_late) }) : t('documents.late'), 'error');
}

export async function documentListView({ main, query, signal, user }) {
  const plans = await plansOf(signal);
  const late = h('input', { type: 'checkbox', name: 'late' });
  await listScreen({
    main, query, signal, path: PATH, title: t('documents.title'), intro: t('documents.intro'),
    actions: writes(user) ? [h('a', { class: 'btn btn-primary', href: '#/documents/new' }, t('documents.new'))] : [],
    filters: [
      { key: 'q', label: t('followup.search'), control: h('input', { type: 'search', name: 'q', autocomplete: 'off' }), grow: true },
      { key: 'plan', label: t('followup.plan'), control: select(planChoices(plans, t('filter.all')), { name: 'plan', class: 'select-long' }) },
      { key: 'unit', label: t('followup.unit'), control: await unitFilter(user, signal) },
      { key: 'kind', label: t('documents.kind'), control: select(codeChoices('document_kind', DOCUMENT_KINDS, t('filter.all')), { name: 'kind' }) },
      { key: 'year', label: t('followup.year'), control: select(yearChoices(plans, t('filter.all_years')), { name: 'year' }) },
      { key: 'late', label: t('documents.only_late'), control: late },
    ],
    count: (n) => t('documents.count', { n }),
    fetch: (s, sig) => api.get(BASE, { query: s, signal: sig }),
    render: (items) => dataTable({
      caption: t('documents.title'), empty: t('documents.empty'), rows: items,
      rowClass: (d) => (d.late ? 'row-late' : null),
      columns: [
        {
          label: t('documents.col_document'), className: 'col-title',
          cell: (d) => h('span', { class: 'stack' }, h('a', { href: `#/documents/${encodeURIComponent(d.id)}` }, d.number ? `${d.number} — ${d.title}` : d.title),
            h('span', { class: 'muted small' }, planLink(d.plan))),
        },
        { label: t('documents.kind'), cell: (d) => label('document_kind', d.kind) },
        { label: t('documents.issuer'), cell: (d) => refName(d.issuer) },
        { label: t('documents.issued_on'), className: 'col-nowrap', cell: (d) => formatDate(d.issued_on) },
        { label: t('documents.due_on'), className: 'col-nowrap', cell: (d) => dateOrDash(d.due_on) },
        { label: t('documents.timeliness'), cell: (d) => lateBadge(d) || h('span', { class: 'muted' }, t('common.none')) },
      ],
    }),
  });
}

function documentFacts(d) {
  return panel(t('documents.summary'), facts([
    [t('followup.plan'), planLink(d.plan), 'fact-wide'],
    [t('documents.number'), d.number],
    [t('documents.kind'), label('document_kind', d.kind)],
    [t('documents.issuer'), refName(d.issuer)],
    [t('followup.unit'), unitText(d)],
    [t('documents.issued_on'), formatDate(d.issued_on)],
    [t('documents.due_on'), dateOrDash(d.due_on)],
    [t('documents.timeliness'), lateBadge(d)],
  ]), d.summary ? h('p', { class: 'prose' }, d.summary) : null);
}

export function documentFormView(ctx) {
  const { user } = ctx;
  return formScreen({
    ...ctx, base: BASE, path: PATH,
    blank: { kind: 'ke_hoach', issuer: user.organization ? { id: user.organization.id, name: user.organization.name } : null },
    names: {
      list: t('documents.title'), new: t('documents.new'), edit: (d) => d.number || d.title, notFound: t('documents.not_found'),
      created: (d) => t('documents.created', { number: d.number || d.title }), saved: (d) => t('documents.saved', { number: d.number || d.title }),
    },
    may: (d, plan) => manages(user, d.issuer_id, plan),
    view: (d, plan, compact) => (compact ? (d.late ? h('div', { class: 'alert alert-warning', role: 'status' }, h('p', null, t('documents.late_notice', { n: formatInteger(d.days_late) }))) : '') : documentFacts(d)),
    fields: (d, isNew) => [
      { key: 'plan_id', label: t('followup.plan'), type: 'plan', required: true, readonly: !isNew },
      { key: 'number', label: t('documents.number'), required: true, short: true, hint: t('documents.number_hint') },
      { key: 'kind', label: t('documents.kind'), type: 'select', required: true, choices: codeChoices('document_kind', DOCUMENT_KINDS, t('picker.choose')) },
      { key: 'title', label: t('documents.f_title'), required: true },
      { key: 'issuer_id', label: t('documents.issuer'), type: 'org', required: true, get: (x) => x.issuer },
      { key: 'unit', label: t('followup.unit'), type: 'unit', get: (x) => (x.unit ? { code: x.unit, name: x.unit_name } : null), hint: t('documents.unit_hint') },
      { key: 'issued_on', label: t('documents.issued_on'), type: 'date', required: true },
      { key: 'due_on', label: t('documents.due_on'), type: 'date', hint: t('documents.due_hint') },
      { key: 'summary', label: t('documents.f_summary'), type: 'textarea', rows: 3 },
    ],
    body: (v, d, isNew) => {
      const values = {
        number: v.number, kind: v.kind, title: v.title, issuer_id: v.issuer_id, issued_on: v.issued_on, due_on: v.due_on, summary: v.summary,
      };
      if (v.unit) values.unit = v.unit;
      if (isNew) { values.plan_id = v.plan_id; if (!values.due_on) delete values.due_on; }
      return {
        values,
        before: {
          number: d.number, kind: d.kind, title: d.title, issuer_id: d.issuer_id, issued_on: d.issued_on, due_on: d.due_on ?? null, summary: d.summary || '', unit: d.unit,
        },
      };
    },
  });
}
