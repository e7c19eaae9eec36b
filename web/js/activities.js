// activities.js — what the organisations did for a plan: propaganda, training,
// conferences, emulation ("Dân vận khéo") and other events, with their date,
// unit and participants; the list with the totals per kind, and the form.
import { h } from './dom.js';
import { t, label } from './i18n.js';
import { api } from './api.js';
import { formatInteger, formatDate } from './format.js';
import { select, codeChoices, dataTable } from './ui.js';
import {
  ACTIVITY_KINDS, planLink, refName, unitText, writes, manages, plansOf, planChoices, yearChoices, listScreen, formScreen,
  facts, panel, unitFilter, tiles,
} from './followup.js';

const BASE = '/api/v1/activities';
const PATH = '/activities';

function totals(data) {
  const items = data.items || [];
  const tot = data.totals || {};
  return tiles([
    [t('activities.total'), formatInteger(tot.count || 0), t('activities.participants_n', { n: formatInteger(tot.participants || 0) }), 'none'],
    ...ACTIVITY_KINDS.map((k) => {
      const row = items.find((r) => r.kind === k) || { count: 0, participants: 0 };
      return [label('activity_kind', k), formatInteger(row.count), t('activities.participants_n', { n: formatInteger(row.participants) })];
    }),
  ]);
}

export async function activityListView({ main, query, signal, user }) {
  const plans = await plansOf(signal);
  await listScreen({
    main, query, signal, path: PATH, title: t('activities.title'), intro: t('activities.intro'),
    actions: writes(user) ? [h('a', { class: 'btn btn-primary', href: '#/activities/new' }, t('activities.new'))] : [],
    filters: [
      { key: 'q', label: t('followup.search'), control: h('input', { type: 'search', name: 'q', autocomplete: 'off' }), grow: true },
      { key: 'plan', label: t('followup.plan'), control: select(planChoices(plans, t('filter.all')), { name: 'plan', class: 'select-long' }) },
      { key: 'unit', label: t('followup.unit'), control: await unitFilter(user, signal) },
      { key: 'kind', label: t('activities.kind'), control: select(codeChoices('activity_kind', ACTIVITY_KINDS, t('filter.all')), { name: 'kind' }) },
      { key: 'year', label: t('followup.year'), control: select(yearChoices(plans, t('filter.all_years')), { name: 'year' }) },
    ],
    aside: async (s, sig) => {
      const data = await api.get(`${BASE}/summary`, { query: { plan: s.plan, unit: s.unit, year: s.year, q: s.q }, signal: sig });
      return h('section', { class: 'summary-block', 'aria-label': t('activities.totals') }, h('h2', { class: 'section-title' }, t('activities.totals')), totals(data));
    },
    count: (n) => t('activities.count', { n }),
    fetch: (s, sig) => api.get(BASE, { query: s, signal: sig }),
    render: (items) => dataTable({
      caption: t('activities.title'), empty: t('activities.empty'), rows: items,
      columns: [
        {
          label: t('activities.f_title'), className: 'col-title',
          cell: (a) => h('span', { class: 'stack' }, h('a', { href: `#/activities/${encodeURIComponent(a.id)}` }, a.title), h('span', { class: 'muted small' }, planLink(a.plan))),
        },
        { label: t('activities.kind'), cell: (a) => label('activity_kind', a.kind) },
        { label: t('activities.organization'), cell: (a) => refName(a.organization) },
        { label: t('followup.unit'), cell: (a) => unitText(a) },
        { label: t('activities.held_on'), className: 'col-nowrap', cell: (a) => formatDate(a.held_on) },
        { label: t('activities.participants'), className: 'col-num', cell: (a) => formatInteger(a.participants || 0) },
      ],
    }),
  });
}

export function activityFormView(ctx) {
  const { user } = ctx;
  return formScreen({
    ...ctx, base: BASE, path: PATH,
    blank: { kind: 'propaganda', organization: user.organization ? { id: user.organization.id, name: user.organization.name } : null },
    names: {
      list: t('activities.title'), new: t('activities.new'), edit: (a) => a.title, notFound: t('activities.not_found'),
      created: (a) => t('activities.created', { title: a.title }), saved: (a) => t('activities.saved', { title: a.title }),
    },
    may: (a, plan) => manages(user, a.organization_id, plan),
    view: (a, plan, compact) => (compact ? '' : panel(t('activities.summary'), facts([
      [t('followup.plan'), planLink(a.plan), 'fact-wide'],
      [t('activities.kind'), label('activity_kind', a.kind)],
      [t('activities.organization'), refName(a.organization)],
      [t('followup.unit'), unitText(a)],
      [t('activities.held_on'), formatDate(a.held_on)],
      [t('activities.participants'), formatInteger(a.participants || 0)],
    ]))),
    fields: (a, isNew) => [
      { key: 'plan_id', label: t('followup.plan'), type: 'plan', required: true, readonly: !isNew },
      { key: 'kind', label: t('activities.kind'), type: 'select', required: true, choices: codeChoices('activity_kind', ACTIVITY_KINDS, t('picker.choose')) },
      { key: 'title', label: t('activities.f_title'), required: true },
      { key: 'organization_id', label: t('activities.organization'), type: 'org', required: true, get: (x) => x.organization },
      { key: 'unit', label: t('followup.unit'), type: 'unit', get: (x) => (x.unit ? { code: x.unit, name: x.unit_name } : null), hint: t('followup.unit_hint_org') },
      { key: 'held_on', label: t('activities.held_on'), type: 'date', required: true },
      { key: 'participants', label: t('activities.participants'), type: 'int', hint: t('activities.participants_hint') },
    ],
    body: (v, a, isNew) => {
      const values = { kind: v.kind, title: v.title, organization_id: v.organization_id, held_on: v.held_on, participants: v.participants ?? 0 };
      if (v.unit) values.unit = v.unit;
      if (isNew) values.plan_id = v.plan_id;
      return {
        values,
        before: { kind: a.kind, title: a.title, organization_id: a.organization_id, held_on: a.held_on, participants: a.participants ?? 0, unit: a.unit },
      };
    },
  });
}
