// budgets.js — the money of the plans (kinh phí): one line per plan,
// organisation/unit, year and source with the planned, allocated and disbursed
// amounts in VND, how late the allocation came (more than three months is
// flagged) and how much of it was spent; the form that records a line (the
// unit's organisation plans, the finance department and the plan's owner
// allocate and disburse); and the finance view across all plans, rolled up the
// unit tree with a drill-down, or by source of funds.
import { h, clear } from './dom.js';
import { t, label } from './i18n.js';
import { api, isAbort } from './api.js';
import { formatInteger, formatDate, formatPercent, formatNumber } from './format.js';
import { replaceQuery } from './router.js';
import { setTitle, pageHeader, field, select, codeChoices, dataTable, badge, loading, errorBox, childController } from './ui.js';
import {
  BUDGET_SOURCES, LATE_ALLOCATION_DAYS, planLink, refName, unitText, writes, myOrgId, plansOf, planChoices, yearChoices, tabs,
  listScreen, formScreen, facts, panel, unitFilter, formatVnd, tiles,
} from './followup.js';

const BASE = '/api/v1/budgets';
const PATH = '/budgets';

export function budgetTabs(active) {
  return tabs([
    ['lines', '#/budgets', t('budgets.tab_lines')],
    ['summary', '#/budgets/summary', t('budgets.tab_summary')],
  ], active, t('budgets.views'));
}

// "Cấp chậm 148 ngày" (late allocation, flagged past 90 days), "Chưa cấp, quá
// 698 ngày" (still not allocated), or the delay in plain words.
export function allocationCell(b) {
  const d = b.allocation_delay_days;
  if (d !== null && d !== undefined) {
    if (d > LATE_ALLOCATION_DAYS) return badge(t('budgets.delay_late', { n: formatInteger(d) }), 'error');
    if (d > 0) return h('span', { class: 'small' }, t('budgets.delay_days', { n: formatInteger(d) }));
    return badge(t('budgets.delay_none'), 'ok');
  }
  const o = b.allocation_overdue_days;
  if (o !== null && o !== undefined && o > 0) {
    return badge(t('budgets.not_allocated_overdue', { n: formatInteger(o) }), o > LATE_ALLOCATION_DAYS ? 'error' : 'warn');
  }
  return h('span', { class: 'muted small' }, t('budgets.not_allocated'));
}

export function rateText(r) {
  return r === null || r === undefined ? h('span', { class: 'muted' }, t('common.none')) : formatPercent(r, 1);
}

function money(n, date) {
  return h('span', { class: 'num-with-note' }, formatVnd(n) || h('span', { class: 'muted' }, t('common.none')),
    date ? h('span', { class: 'muted small' }, formatDate(date)) : null);
}

export async function budgetListView({ main, query, signal, user }) {
  const plans = await plansOf(signal);
  await listScreen({
    main, query, signal, path: PATH, title: t('budgets.title'), intro: t('budgets.intro'),
    actions: writes(user) ? [h('a', { class: 'btn btn-primary', href: '#/budgets/new' }, t('budgets.new'))] : [],
    top: budgetTabs('lines'),
    filters: [
      { key: 'plan', label: t('followup.plan'), control: select(planChoices(plans, t('filter.all')), { name: 'plan', class: 'select-long' }), grow: true },
      { key: 'unit', label: t('followup.unit'), control: await unitFilter(user, signal) },
      { key: 'year', label: t('followup.year'), control: select(yearChoices(plans, t('filter.all_years')), { name: 'year' }) },
      { key: 'source', label: t('budgets.source'), control: select(codeChoices('budget_source', BUDGET_SOURCES, t('filter.all')), { name: 'source' }) },
    ],
    count: (n) => t('budgets.count', { n }),
    fetch: (s, sig) => api.get(BASE, { query: s, signal: sig }),
    render: (items) => dataTable({
      caption: t('budgets.title'), empty: t('budgets.empty'), rows: items,
      rowClass: (b) => ((b.allocation_delay_days ?? 0) > LATE_ALLOCATION_DAYS || (b.allocation_overdue_days ?? 0) > LATE_ALLOCATION_DAYS ? 'row-late' : null),
      columns: [
        {
          label: t('budgets.col_line'), className: 'col-title',
          cell: (b) => h('span', { class: 'stack' }, h('a', { href: `#/budgets/${encodeURIComponent(b.id)}` }, refName(b.organization) || unitText(b)),
            h('span', { class: 'muted small' }, planLink(b.plan), ` · ${unitText(b)}`)),
        },
        { label: t('budgets.col_year_source'), cell: (b) => h('span', { class: 'stack' }, String(b.year), h('span', { class: 'small' }, label('budget_source', b.source))) },
        { label: t('budgets.planned'), className: 'col-num', cell: (b) => money(b.planned) },
        { label: t('budgets.allocated'), className: 'col-num', cell: (b) => money(b.allocated, b.allocated_on) },
        { label: t('budgets.delay'), cell: allocationCell },
        {
          label: t('budgets.disbursed'), className: 'col-num',
          cell: (b) => h('span', { class: 'num-with-note' }, formatVnd(b.disbursed) || h('span', { class: 'muted' }, t('common.none')),
            b.disbursed_on ? h('span', { class: 'muted small' }, formatDate(b.disbursed_on)) : null,
            b.disbursement_rate === null || b.disbursement_rate === undefined ? null : h('span', { class: 'muted small' }, t('finance.rate_note', { p: formatPercent(b.disbursement_rate, 1) }))),
        },
      ],
    }),
  });
}

// Who may write which amounts: the unit's organisation plans; the finance
// department and the plan's owner allocate and disburse (the server decides).
function rights(user, b, plan) {
  if (!user) return { planned: false, funds: false };
  if (user.role === 'admin') return { planned: true, funds: true };
  if (user.role !== 'leader' && user.role !== 'officer') return { planned: false, funds: false };
  const mine = myOrgId(user);
  const owner = plan && plan.owner && mine === plan.owner.id;
  const finance = user.organization && user.organization.system === 'department';
  return { planned: owner || (b.organization_id ? b.organization_id === mine : true), funds: owner || finance };
}

function budgetFacts(b) {
  return panel(t('budgets.summary_line'), facts([
    [t('followup.plan'), planLink(b.plan), 'fact-wide'],
    [t('budgets.organization'), refName(b.organization)],
    [t('followup.unit'), unitText(b)],
    [t('budgets.year'), String(b.year)],
    [t('budgets.source'), label('budget_source', b.source)],
    [t('budgets.planned'), formatVnd(b.planned)],
    [t('budgets.needed_on'), formatDate(b.needed_on)],
    [t('budgets.allocated'), money(b.allocated, b.allocated_on)],
    [t('budgets.delay'), allocationCell(b)],
    [t('budgets.disbursed'), money(b.disbursed, b.disbursed_on)],
    [t('budgets.rate'), rateText(b.disbursement_rate)],
  ]), b.note ? h('p', { class: 'prose' }, b.note) : null);
}

export function budgetFormView(ctx) {
  const { user } = ctx;
  return formScreen({
    ...ctx, base: BASE, path: PATH,
    blank: { source: 'provincial', organization: user.organization ? { id: user.organization.id, name: user.organization.name } : null },
    names: {
      list: t('budgets.title'), new: t('budgets.new'), edit: (b) => t('budgets.edit', { org: refName(b.organization), year: b.year }),
      notFound: t('budgets.not_found'), created: () => t('budgets.created'), saved: () => t('budgets.saved'),
    },
    may: (b, plan) => {
      const r = rights(user, b, plan);
      return r.planned || r.funds;
    },
    view: (b) => budgetFacts(b),
    fields: (b, isNew, plans, plan) => {
      const r = isNew ? { planned: true, funds: true } : rights(user, b, plan);
      const fundsHint = r.funds ? null : t('budgets.funds_by_finance');
      return [
        { key: 'plan_id', label: t('followup.plan'), type: 'plan', required: true, readonly: !isNew },
        { key: 'organization_id', label: t('budgets.organization'), type: 'org', required: true, get: (x) => x.organization, readonly: !isNew },
        { key: 'unit', label: t('followup.unit'), type: 'unit', get: (x) => (x.unit ? { code: x.unit, name: x.unit_name } : null), hint: t('budgets.unit_hint'), readonly: !isNew },
        { key: 'year', label: t('budgets.year'), type: 'select', numeric: true, required: true, choices: yearChoices(plans, t('picker.choose')) },
        { key: 'source', label: t('budgets.source'), type: 'select', required: true, choices: codeChoices('budget_source', BUDGET_SOURCES, t('picker.choose')) },
        { key: 'planned', label: t('budgets.planned_vnd'), type: 'money', readonly: !r.planned, hint: r.planned ? t('budgets.money_hint') : t('budgets.planned_by_org') },
        { key: 'needed_on', label: t('budgets.needed_on'), type: 'date', readonly: !r.planned, hint: t('budgets.needed_hint') },
        { key: 'allocated', label: t('budgets.allocated_vnd'), type: 'money', readonly: !r.funds, hint: fundsHint },
        { key: 'allocated_on', label: t('budgets.allocated_on'), type: 'date', readonly: !r.funds },
        { key: 'disbursed', label: t('budgets.disbursed_vnd'), type: 'money', readonly: !r.funds, hint: fundsHint },
        { key: 'disbursed_on', label: t('budgets.disbursed_on'), type: 'date', readonly: !r.funds },
        { key: 'note', label: t('budgets.note'), type: 'textarea', rows: 2 },
      ];
    },
    body: (v, b, isNew) => {
      const values = { year: v.year, source: v.source, note: v.note };
      for (const k of ['planned', 'needed_on', 'allocated', 'allocated_on', 'disbursed', 'disbursed_on']) if (k in v) values[k] = v[k];
      if (isNew) {
        values.plan_id = v.plan_id;
        values.organization_id = v.organization_id;
        if (v.unit) values.unit = v.unit;
        for (const k of Object.keys(values)) if (values[k] === null) delete values[k];
      }
      return {
        values,
        before: {
          year: b.year, source: b.source, note: b.note || '', planned: b.planned ?? null, needed_on: b.needed_on_set ? b.needed_on : null,
          allocated: b.allocated ?? null, allocated_on: b.allocated_on ?? null, disbursed: b.disbursed ?? null, disbursed_on: b.disbursed_on ?? null,
        },
      };
    },
  });
}

// ---------- the finance view ----------

// Tiles whose figures are whole amounts in dong: wider, smaller type.
function moneyTiles(list) {
  const el = tiles(list);
  el.classList.add('tiles-money');
  return el;
}

function delayCell(row) {
  const d = row.avg_allocation_delay_days;
  if (d === null || d === undefined) return h('span', { class: 'muted' }, t('common.none'));
  const text = t('budgets.avg_days', { n: formatNumber(d, { maxFractionDigits: 0 }) });
  return d > LATE_ALLOCATION_DAYS ? h('span', { class: 'num-bad' }, text) : text;
}
function pendingCell(row) {
  if (!row.pending_lines) return h('span', { class: 'muted' }, t('common.none'));
  return h('span', { class: 'stack' }, t('budgets.pending_n', { n: formatInteger(row.pending_lines) }),
    row.max_allocation_overdue_days > 0 ? h('span', { class: 'num-bad small' }, t('budgets.pending_max', { n: formatInteger(row.max_allocation_overdue_days) })) : null);
}

function summaryColumns(first) {
  return [
    first,
    { label: t('budgets.planned'), className: 'col-num', cell: (r) => formatVnd(r.planned) },
    { label: t('budgets.allocated'), className: 'col-num', cell: (r) => formatVnd(r.allocated) },
    {
      label: t('budgets.disbursed'), className: 'col-num',
      cell: (r) => h('span', { class: 'num-with-note' }, formatVnd(r.disbursed),
        r.disbursement_rate === null || r.disbursement_rate === undefined ? null : h('span', { class: 'muted small' }, t('finance.rate_note', { p: formatPercent(r.disbursement_rate, 1) }))),
    },
    { label: t('budgets.avg_delay'), className: 'col-num', cell: delayCell },
    { label: t('budgets.pending'), cell: pendingCell },
  ];
}

export async function financeView({ main, query, signal, user }) {
  setTitle(t('finance.title'));
  const plans = await plansOf(signal);
  const scope = (user.scope_unit && user.scope_unit.code) || '';
  const state = { plan: query.get('plan') || '', year: query.get('year') || '', by: query.get('by') === 'source' ? 'source' : 'children', unit: query.get('unit') || scope };
  const planSel = select(planChoices(plans, t('filter.all')), { name: 'plan', value: state.plan, class: 'select-long' });
  const yearSel = select(yearChoices(plans, t('filter.all_years')), { name: 'year', value: state.year });
  const bySel = select([['children', t('finance.by_children')], ['source', t('finance.by_source')]], { name: 'by', value: state.by });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('followup.filters') },
    field({ label: t('followup.plan'), control: planSel, className: 'field-grow' }),
    field({ label: t('followup.year'), control: yearSel }),
    field({ label: t('finance.by'), control: bySel }));
  form.addEventListener('submit', (e) => e.preventDefault());
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  main.append(pageHeader(t('finance.title'), { intro: t('finance.intro') }), budgetTabs('summary'), form, results);

  let current = null;
  async function load() {
    if (current) current.abort();
    current = childController(signal);
    const mine = current;
    replaceQuery('/budgets/summary', { ...state, unit: state.unit === scope ? '' : state.unit });
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading());
    try {
      const [data, unit, kids] = await Promise.all([
        api.get(`${BASE}/summary`, { query: { plan: state.plan, year: state.year, unit: state.unit, by: state.by }, signal: mine.signal }),
        state.unit ? api.get(`/api/v1/org-units/${encodeURIComponent(state.unit)}`, { signal: mine.signal }) : null,
        state.unit && state.by === 'children' ? api.get('/api/v1/org-units', { query: { parent: state.unit, limit: 1000 }, signal: mine.signal }) : null,
      ]);
      if (mine !== current) return;
      // "Thành phố Bắc Giang", not "Bắc Giang" twice
      const fullNames = new Map(((kids && kids.items) || []).map((u) => [u.code, u.full_name || u.name]));
      const childName = (u) => (u && fullNames.get(u.code)) || refName(u);
      const linesNote = (r) => t('finance.lines_n', { n: formatInteger(r.lines || 0) });
      const tot = data.totals || {};
      const unitName = unit ? unit.full_name || unit.name : refName(data.unit);
      // the way back up, as far as the user's own unit
      let chain = unit && Array.isArray(unit.ancestors) ? [...unit.ancestors] : [];
      if (chain.length > 1 && unit && chain[0].code === unit.parent_code) chain.reverse();
      const scopeAt = chain.findIndex((u) => u.code === scope);
      chain = scopeAt >= 0 ? chain.slice(scopeAt) : [];
      const trail = h('nav', { class: 'unit-trail', 'aria-label': t('dash.unit_trail') }, h('ol', null,
        chain.map((u) => h('li', null, h('button', { type: 'button', class: 'btn btn-link', onclick: () => { state.unit = u.code; load(); } }, u.name))),
        h('li', null, h('span', { 'aria-current': 'location' }, unitName))));
      const linesHref = (extra) => `#/budgets?${new URLSearchParams(Object.entries({ plan: state.plan, year: state.year, ...extra }).filter(([, v]) => v)).toString()}`;
      const table = state.by === 'source'
        ? dataTable({
          caption: t('finance.by_source'), rows: data.items || [],
          columns: summaryColumns({
            label: t('budgets.source'), className: 'col-title',
            cell: (r) => h('span', { class: 'stack' }, h('a', { href: linesHref({ unit: state.unit, source: r.source }) }, label('budget_source', r.source)), h('span', { class: 'muted small' }, linesNote(r))),
          }),
        })
        : dataTable({
          caption: t('finance.by_children'), rows: data.items || [],
          rowClass: (r) => (r.own ? 'row-own' : null),
          columns: summaryColumns({
            label: t('followup.unit'), className: 'col-title',
            cell: (r) => {
              if (r.own) {
                return h('span', { class: 'stack' }, h('strong', null, t('finance.own', { name: unitName })),
                  h('span', { class: 'small' }, h('span', { class: 'muted' }, `${linesNote(r)} · `), h('a', { href: linesHref({ unit: state.unit }) }, t('finance.see_lines'))));
              }
              const code = r.unit && r.unit.code;
              return h('span', { class: 'stack' },
                r.lines ? h('button', { type: 'button', class: 'btn btn-link drill', onclick: () => { state.unit = code; load(); } }, childName(r.unit)) : h('span', null, childName(r.unit)),
                h('span', { class: 'small' }, h('span', { class: 'muted' }, linesNote(r)),
                  r.lines ? [h('span', { class: 'muted' }, ' · '), h('a', { href: linesHref({ unit: code }) }, t('finance.see_lines'))] : null));
            },
          }),
        });
      clear(results,
        trail,
        moneyTiles([
          [t('budgets.planned'), formatVnd(tot.planned), t('finance.lines_n', { n: formatInteger(tot.lines || 0) })],
          [t('budgets.allocated'), formatVnd(tot.allocated), tot.planned ? t('finance.of_planned', { p: formatPercent(tot.allocated / tot.planned, 1) }) : null],
          [t('budgets.disbursed'), formatVnd(tot.disbursed), tot.disbursement_rate !== null && tot.disbursement_rate !== undefined ? t('finance.rate_note', { p: formatPercent(tot.disbursement_rate, 1) }) : null],
          [t('budgets.avg_delay'), tot.avg_allocation_delay_days === null || tot.avg_allocation_delay_days === undefined ? t('common.none') : t('budgets.avg_days', { n: formatNumber(tot.avg_allocation_delay_days, { maxFractionDigits: 0 }) }),
            t('finance.delay_note', { n: LATE_ALLOCATION_DAYS }), (tot.avg_allocation_delay_days || 0) > LATE_ALLOCATION_DAYS ? 'bad' : 'a'],
          [t('budgets.pending'), formatInteger(tot.pending_lines || 0),
            tot.max_allocation_overdue_days > 0 ? t('budgets.pending_max', { n: formatInteger(tot.max_allocation_overdue_days) }) : null, tot.pending_lines ? 'bad' : 'none'],
        ]),
        h('h2', { class: 'section-title' }, state.by === 'source' ? t('finance.by_source_in', { unit: unitName }) : t('finance.by_children_in', { unit: unitName })),
        table,
        h('p', { class: 'hint' }, t('finance.as_of', { date: formatDate(data.as_of) })));
    } catch (err) {
      if (isAbort(err) || mine !== current) return;
      clear(results, errorBox(err, { retry: load }));
    } finally {
      if (mine === current) results.removeAttribute('aria-busy');
    }
  }
  planSel.addEventListener('change', () => { state.plan = planSel.value; load(); });
  yearSel.addEventListener('change', () => { state.year = yearSel.value; load(); });
  bySel.addEventListener('change', () => { state.by = bySel.value; load(); });
  await load();
}

