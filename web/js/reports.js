// reports.js — "Báo cáo": the periodic reports the user may see, filtered by
// plan, period and status (kept in the address), and the form that creates a
// report for the user's own organisation and unit.
import { h, append, clear } from './dom.js';
import { t, label } from './i18n.js';
import { api, isAbort, ApiError, errorText } from './api.js';
import { formatInteger, formatClock, formatYears } from './format.js';
import { replaceQuery, navigate } from './router.js';
import {
  setTitle, pageHeader, field, select, loading, errorBox, messageBox, dataTable, pager, details,
  takeFlash, childController, toInt,
} from './ui.js';
import { periodLabel, periodsOfYearKinds, latestPeriod, FREQUENCIES, defaultYear } from './periods.js';
import {
  REPORT_STATUSES, reportStatusBadge, timelinessBadge, unitName, orgName, listPlans, planIndicators,
  frequenciesOf, entersData,
} from './reporting.js';

const PAGE = 50;

// A <select> of periods grouped by year: [{year, codes}] -> options.
export function periodSelect(groups, { value, first, ...props } = {}) {
  const el = h('select', props,
    first ? h('option', { value: '' }, first) : null,
    groups.map((g) => h('optgroup', { label: String(g.year) }, g.codes.map((c) => h('option', { value: c }, periodLabel(c))))));
  el.value = value ?? '';
  return el;
}

// The periods of a plan at the given frequencies, newest year first.
export function planPeriodGroups(plan, kinds) {
  const from = plan.start_year || defaultYear();
  const to = plan.end_year || from;
  const groups = [];
  for (let y = to; y >= from; y -= 1) groups.push({ year: y, codes: periodsOfYearKinds(y, kinds) });
  return groups;
}

export async function reportListView({ main, query, signal, user }) {
  setTitle(t('reports.title'));
  const own = entersData(user) ? user.organization : null;
  const state = {
    // an organisation that reports sees its own reports first; the rest of its scope on demand
    who: own && query.get('who') !== 'all' ? 'mine' : 'all',
    plan: query.get('plan') || '',
    period: query.get('period') || '',
    status: query.get('status') || '',
    offset: toInt(query.get('offset')),
  };
  const plans = await listPlans(signal);
  const planById = new Map(plans.map((p) => [String(p.id), p]));

  const planSel = select([['', t('filter.all')], ...plans.map((p) => [String(p.id), `${p.code} — ${p.title}`])], { name: 'plan', value: state.plan, class: 'select-long' });
  const statusSel = select([['', t('filter.all')], ...REPORT_STATUSES.map((s) => [s, label('report_status', s)]), ['overdue', t('reports.overdue_filter')]],
    { name: 'status', value: state.status });
  let periodSel = null;
  const periodField = h('div', { class: 'field-slot' });
  function fillPeriods() {
    const plan = planById.get(state.plan);
    let groups;
    if (plan) groups = planPeriodGroups(plan, FREQUENCIES);
    else {
      const from = Math.min(...plans.map((p) => p.start_year || defaultYear()));
      const to = Math.max(...plans.map((p) => p.end_year || defaultYear()));
      groups = planPeriodGroups({ start_year: Number.isFinite(from) ? from : defaultYear(), end_year: Number.isFinite(to) ? to : defaultYear() }, FREQUENCIES);
    }
    periodSel = periodSelect(groups, { value: state.period, first: t('filter.all'), name: 'period' });
    if (periodSel.value !== state.period) state.period = '';
    periodSel.addEventListener('change', () => { state.period = periodSel.value; state.offset = 0; load(); });
    clear(periodField, field({ label: t('reports.period'), control: periodSel }));
  }
  fillPeriods();

  const whoSel = own ? select([['mine', orgName(own)], ['all', t('reports.who_all')]], { name: 'who', value: state.who }) : null;
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('reports.filters') },
    whoSel ? field({ label: t('reports.who'), control: whoSel }) : null,
    field({ label: t('reports.plan'), control: planSel, className: 'field-grow' }),
    periodField,
    field({ label: t('reports.status'), control: statusSel }));
  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  planSel.addEventListener('change', () => { state.plan = planSel.value; state.offset = 0; fillPeriods(); load(); });
  statusSel.addEventListener('change', () => { state.status = statusSel.value; state.offset = 0; load(); });
  if (whoSel) whoSel.addEventListener('change', () => { state.who = whoSel.value; state.offset = 0; load(); });

  const actions = entersData(user) ? [h('a', { class: 'btn btn-primary', href: '#/reports/new' }, t('reports.new'))] : [];
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  append(main, [pageHeader(t('reports.title'), { intro: t('reports.intro'), actions }), takeFlash(), form, results]);

  let current = null;
  async function load() {
    if (current) current.abort();
    current = childController(signal);
    const mine = current;
    replaceQuery('/reports', { ...state, who: state.who === 'all' && own ? 'all' : '' });
    results.setAttribute('aria-busy', 'true');
    clear(results, loading());
    try {
      const overdue = state.status === 'overdue';
      const data = await api.get('/api/v1/reports', {
        query: {
          plan: state.plan, period: state.period, status: overdue ? '' : state.status, overdue: overdue ? 1 : '',
          organization: state.who === 'mine' && own ? own.id : '',
          limit: PAGE, offset: state.offset,
        },
        signal: mine.signal,
      });
      if (mine !== current) return;
      const items = data.items || [];
      const total = Number.isFinite(data.total) ? data.total : items.length;
      clear(results, 
        h('p', { class: 'result-count' }, t('reports.count', { n: formatInteger(total) })),
        reportTable(items, { empty: t('reports.empty') }),
        pager({ total, limit: PAGE, offset: state.offset, count: items.length, onChange: (off) => { state.offset = off; load(); } }));
    } catch (err) {
      if (isAbort(err) || mine !== current) return;
      clear(results, errorBox(err, { retry: load }));
    } finally {
      if (mine === current) results.removeAttribute('aria-busy');
    }
  }
  await load();
}

// The table of reports shared by the list and the inbox.
export function reportTable(items, { empty, link = (r) => `#/reports/${encodeURIComponent(r.id)}`, caption } = {}) {
  return dataTable({
    caption: caption || t('reports.title'),
    empty,
    rows: items,
    columns: [
      {
        label: t('reports.col_report'), className: 'col-title',
        cell: (r) => h('span', { class: 'stack' },
          h('a', { href: link(r) }, t('report.title', { period: periodLabel(r.period) || r.period_label || r.period })),
          r.plan ? h('span', { class: 'muted small' }, r.plan.code || r.plan.title || '') : null),
      },
      { label: t('reports.col_unit'), cell: (r) => h('span', { class: 'stack' }, orgName(r.organization), h('span', { class: 'muted small' }, unitName(r.unit))) },
      { label: t('reports.col_status'), cell: (r) => reportStatusBadge(r.status) },
      { label: t('reports.col_deadline'), className: 'col-nowrap', cell: (r) => formatClock(r.deadline) },
      {
        label: t('reports.col_submitted'),
        cell: (r) => h('span', { class: 'stack' }, r.submitted_at ? formatClock(r.submitted_at) : null, timelinessBadge(r)),
      },
    ],
  });
}

// ---------- creating a report ----------

export async function reportNewView({ main, query, signal, user }) {
  setTitle(t('reports.new'));
  const crumbs = [[t('reports.title'), '#/reports'], [t('reports.new')]];
  main.append(pageHeader(t('reports.new'), { crumbs, intro: t('reports.new_intro') }));
  if (!entersData(user)) {
    main.append(messageBox(t('reports.cannot_create'), 'info'));
    return;
  }
  const body = h('div', null, loading());
  main.append(body);
  const all = await listPlans(signal);
  // reports of a plan are made by the organisations of its owner's system
  const system = user.organization && user.organization.system;
  const plans = all.filter((p) => !system || !p.owner || !p.owner.system || p.owner.system === system);
  if (!plans.length) {
    clear(body, messageBox(t('reports.no_plans'), 'info'));
    return;
  }

  const wanted = query.get('plan');
  const planSel = select([['', t('picker.choose')], ...plans.map((p) => [String(p.id), `${p.code} — ${p.title}`])],
    { name: 'plan', value: wanted && plans.some((p) => String(p.id) === wanted) ? wanted : (plans.length === 1 ? String(plans[0].id) : ''), class: 'select-long' });
  const periodSlot = h('div', { class: 'field-slot' });
  let periodSel = null;
  const area = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('reports.create'));

  let loadCtl = null;
  async function fillPeriods() {
    if (loadCtl) loadCtl.abort();
    loadCtl = childController(signal);
    const mine = loadCtl;
    const plan = plans.find((p) => String(p.id) === planSel.value);
    periodSel = null;
    if (!plan) {
      clear(periodSlot);
      return;
    }
    clear(periodSlot, loading());
    try {
      const inds = await planIndicators(plan.id, mine.signal);
      if (mine !== loadCtl) return;
      const kinds = frequenciesOf(inds);
      if (!kinds.length) {
        clear(periodSlot, messageBox(t('reports.plan_no_indicators'), 'info'));
        return;
      }
      const finest = FREQUENCIES.filter((k) => kinds.includes(k)).pop();
      const pre = query.get('period');
      periodSel = periodSelect(planPeriodGroups(plan, kinds), { name: 'period', value: pre || latestPeriod(finest, plan.start_year, plan.end_year) });
      const kindsText = FREQUENCIES.filter((k) => kinds.includes(k)).map((k) => label('frequency', k)).join(', ');
      clear(periodSlot, field({
        label: t('reports.period'), control: periodSel, required: true,
        hint: t('reports.period_hint', { kinds: kindsText, years: formatYears(plan.start_year, plan.end_year) }),
      }));
    } catch (err) {
      if (isAbort(err) || mine !== loadCtl) return;
      clear(periodSlot, errorBox(err, { retry: fillPeriods }));
    }
  }
  planSel.addEventListener('change', fillPeriods);

  const form = h('form', { class: 'form', novalidate: true },
    h('fieldset', null, h('legend', null, t('reports.new_legend')),
      field({ label: t('reports.plan'), control: planSel, required: true }),
      periodSlot,
      details([
        [t('report.organization'), orgName(user.organization)],
        [t('report.unit'), unitName(user.scope_unit)],
      ]),
      h('p', { class: 'hint' }, t('reports.own_hint'))),
    area,
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'btn btn-link', href: '#/reports' }, t('form.cancel'))));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(area);
    if (!planSel.value) { area.append(messageBox(t('reports.choose_plan'), 'error')); planSel.focus(); return; }
    if (!periodSel || !periodSel.value) { area.append(messageBox(t('reports.choose_period'), 'error')); (periodSel || planSel).focus(); return; }
    submit.disabled = true;
    const payload = {
      plan_id: Number(planSel.value), organization_id: user.organization.id,
      unit: user.scope_unit && user.scope_unit.code, period: periodSel.value,
    };
    try {
      const r = await api.post('/api/v1/reports', payload, { signal });
      navigate(`/reports/${encodeURIComponent(r.id)}`);
    } catch (err) {
      if (isAbort(err)) return;
      const box = h('div', { class: 'alert alert-error', role: 'alert', tabindex: '-1' }, h('p', null, errorText(err)));
      area.append(box);
      if (err instanceof ApiError && err.status === 409) {
        // the report exists already: offer it
        try {
          const found = await api.get('/api/v1/reports', {
            query: { plan: payload.plan_id, period: payload.period, organization: payload.organization_id, unit: payload.unit, limit: 5 }, signal,
          });
          const same = (found.items || []).find((r) => r.period === payload.period);
          if (same) box.append(h('p', null, h('a', { href: `#/reports/${encodeURIComponent(same.id)}` }, t('reports.open_existing'))));
        } catch { /* the sentence above is enough */ }
      }
      box.focus();
    } finally {
      submit.disabled = false;
    }
  });

  clear(body, form);
  await fillPeriods();
}
