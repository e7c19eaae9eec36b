// evaluation.js — "Đánh giá": a plan's organisations scored for one year, with
// their grade, rank among siblings and change from last year, each row opening
// the five components behind the score (value, weight, effective weight,
// contribution, counts, a link to the records); and a ranking tab of the
// districts or communes across plans. The server scores and filters by scope.
import { h, uid, clear } from './dom.js';
import { t, label } from './i18n.js';
import { api } from './api.js';
import { formatNumber, formatInteger } from './format.js';
import { href, replaceQuery, navigate } from './router.js';
import { setTitle, pageHeader, field, select, loading, errorBox, messageBox, badge, childController, dataTable, printButton } from './ui.js';
import { plansOf, planChoices, yearChoices, tabs, unitPicker, formatVnd } from './followup.js';
import { currentYear, defaultYear } from './periods.js';

export const GRADES = ['excellent', 'good', 'pass', 'fail'];
const GRADE_VARIANT = { excellent: 'ok', good: 'primary', pass: 'warn', fail: 'error' };
const GRADE_BY_LABEL = {
  'Hoàn thành xuất sắc nhiệm vụ': 'excellent', 'Hoàn thành tốt nhiệm vụ': 'good',
  'Hoàn thành nhiệm vụ': 'pass', 'Không hoàn thành nhiệm vụ': 'fail',
};
export const COMPONENTS = ['indicators', 'tasks', 'reports', 'budget', 'findings'];

// The grade as a coloured badge that also says it in words.
export function gradeBadge(code, text) {
  const g = code || GRADE_BY_LABEL[text] || '';
  if (!g) return h('span', { class: 'muted' }, t('eval.no_score'));
  return h('span', { class: `badge grade grade-${g} badge-${GRADE_VARIANT[g] || 'neutral'}` }, label('grade', g));
}

export function scoreText(v) {
  return typeof v === 'number' ? formatNumber(v, { maxFractionDigits: 1, minFractionDigits: 1 }) : '';
}

// +1,6 / −8,7 / 0, with words for screen readers and a class for colour.
export function changeText(v) {
  if (typeof v !== 'number') return h('span', { class: 'muted' }, t('eval.no_previous'));
  const abs = formatNumber(Math.abs(v), { maxFractionDigits: 1, minFractionDigits: 1 });
  if (v > 0) return h('span', { class: 'change change-up', title: t('eval.change_up', { n: abs }) }, `▲ +${abs}`);
  if (v < 0) return h('span', { class: 'change change-down', title: t('eval.change_down', { n: abs }) }, `▼ −${abs}`);
  return h('span', { class: 'change' }, t('eval.change_none'));
}

// An API list address behind a component -> the screen that lists those records.
export function recordsHref(apiPath, planId) {
  if (!apiPath || typeof apiPath !== 'string') return null;
  const i = apiPath.indexOf('?');
  const path = (i >= 0 ? apiPath.slice(0, i) : apiPath).replace(/^\/api\/v1\//, '');
  const q = new URLSearchParams(i >= 0 ? apiPath.slice(i + 1) : '');
  if (path === 'analytics') {
    const plan = planId || q.get('plan');
    if (!plan) return null;
    return href(`/plans/${encodeURIComponent(plan)}/dashboard`, { unit: q.get('unit'), period: q.get('period') });
  }
  if (!['tasks', 'reports', 'budgets', 'findings'].includes(path)) return null;
  return `#/${path}${q.toString() ? `?${q}` : ''}`;
}

const n = (v) => formatInteger(typeof v === 'number' ? v : 0);

// The counts of one component, in a sentence.
export function componentCounts(c) {
  switch (c.component) {
    case 'indicators':
      return t('eval.counts.indicators', { counted: n(c.counted), total: n(c.with_target), missing: n(c.missing) });
    case 'tasks':
      return t('eval.counts.tasks', { ok: n(c.done_on_time), due: n(c.due), late: n(c.done_late), overdue: n(c.overdue) });
    case 'reports':
      return t('eval.counts.reports', {
        ok: n(c.on_time_approved), expected: n(c.expected), late: n(c.late), waiting: n(c.waiting_approval), missing: n(c.not_submitted),
      });
    case 'budget':
      return t('eval.counts.budget', { disbursed: formatVnd(c.disbursed || 0), allocated: formatVnd(c.allocated || 0) });
    case 'findings':
      return t('eval.counts.findings', {
        ok: n(c.resolved_on_time), due: n(c.due), late: n(c.resolved_late), open: n(c.unresolved), unanswered: n(c.unanswered),
      });
    default: return '';
  }
}

const pct = (v) => (typeof v === 'number' ? formatNumber(v, { maxFractionDigits: 2 }) : '');

// The five components of one score, as a table.
export function componentTable(components, planId, caption) {
  return dataTable({
    caption,
    rows: components || [],
    rowClass: (c) => (c.has_data ? null : 'row-muted'),
    columns: [
      { label: t('eval.component'), cell: (c) => label('component', c.component) },
      { label: t('eval.value'), className: 'col-num', cell: (c) => (c.has_data ? scoreText(c.value) : h('span', { class: 'muted' }, t('eval.no_data'))) },
      { label: t('eval.weight'), className: 'col-num', cell: (c) => pct(c.weight) },
      { label: t('eval.effective_weight'), className: 'col-num', cell: (c) => pct(c.effective_weight) },
      { label: t('eval.contribution'), className: 'col-num', cell: (c) => pct(c.contribution) },
      { label: t('eval.counts'), cell: (c) => [componentCounts(c), c.has_data ? null : h('span', { class: 'hint block' }, t('eval.no_data_note'))] },
      {
        label: t('eval.records'),
        cell: (c) => {
          const main = recordsHref(c.records, planId);
          const overdue = recordsHref(c.records_overdue, planId);
          return [main ? h('a', { href: main }, t('eval.records_link')) : '',
            overdue && c.overdue ? [' · ', h('a', { href: overdue }, t('eval.records_overdue'))] : null];
        },
      },
    ],
  });
}


function evalTabs(view, state) {
  return tabs([
    ['plan', href('/evaluation', { plan: state.plan, year: state.year, unit: state.unit }), t('eval.tab_plan')],
    ['ranking', href('/evaluation', { view: 'ranking', year: state.year, level: state.level, plan: '' }), t('eval.tab_ranking')],
  ], view, t('eval.tabs'));
}

export async function evaluationView({ main, query, signal }) {
  setTitle(t('eval.title'));
  main.append(loading());
  const plans = await plansOf(signal);
  const view = query.get('view') === 'ranking' ? 'ranking' : 'plan';
  const state = {
    plan: query.get('plan') || (plans[0] ? String(plans[0].id) : ''),
    year: query.get('year') || '',
    unit: query.get('unit') || '',
    level: query.get('level') === 'commune' ? 'commune' : 'district',
  };
  const plan = plans.find((p) => String(p.id) === state.plan);
  if (!state.year) state.year = String(plan ? defaultYear(plan.start_year, plan.end_year) : currentYear());

  const planSel = select(planChoices(plans), { value: state.plan, class: 'select-long' });
  const yearSel = select(yearChoices(plans), { value: state.year });
  const levelSel = select([['district', t('eval.level_district')], ['commune', t('eval.level_commune')]], { value: state.level });
  const unitSel = unitPicker({ label: t('eval.unit'), value: state.unit ? { code: state.unit } : null, signal });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('eval.filters') },
    view === 'plan' ? field({ label: t('eval.plan'), control: planSel, className: 'field-grow' }) : null,
    field({ label: t('eval.year'), control: yearSel }),
    view === 'ranking' ? field({ label: t('eval.level'), control: levelSel }) : unitSel.element,
    h('div', { class: 'filters-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('eval.show'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate('/evaluation', view === 'ranking'
      ? { view, year: yearSel.value, level: levelSel.value }
      : { plan: planSel.value, year: yearSel.value, unit: unitSel.value() });
  });
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  clear(main, pageHeader(t('eval.title'), { intro: t('eval.intro'), actions: [printButton()] }), evalTabs(view, state), form, results);
  if (!plans.length) { clear(results, messageBox(t('eval.no_plans'), 'info')); return; }
  const c = childController(signal);
  results.append(loading());
  try {
    if (view === 'ranking') {
      replaceQuery('/evaluation', { view, year: state.year, level: state.level });
      const data = await api.get('/api/v1/evaluation/ranking', { query: { year: state.year, level: state.level, limit: 200 }, signal: c.signal });
      clear(results, rankingTable(data.items || [], state));
    } else {
      replaceQuery('/evaluation', state.unit ? { plan: state.plan, year: state.year, unit: state.unit } : { plan: state.plan, year: state.year });
      const data = await api.get('/api/v1/evaluation', { query: { plan: state.plan, year: state.year, unit: state.unit, limit: 500 }, signal: c.signal });
      clear(results, planTable(data, plan, state));
    }
  } catch (err) {
    if (c.signal.aborted) return;
    clear(results, errorBox(err));
  }
}

function legend(config) {
  const grades = (config && config.grades) || [];
  return h('ul', { class: 'grade-legend', 'aria-label': t('eval.legend') },
    grades.map((g) => h('li', null, gradeBadge(g.grade), ' ', t('eval.legend_from', { min: formatNumber(g.min) }))));
}

function planTable(data, plan, state) {
  const items = data.items || [];
  if (!items.length) return messageBox(t('eval.empty'), 'info');
  const cols = [t('eval.rank'), t('eval.organization'), t('eval.unit_col'), t('eval.score'), t('eval.grade'), t('eval.change'), t('eval.breakdown')];
  const body = h('tbody', { role: 'rowgroup' });
  for (const it of items) {
    const id = uid('bd');
    const toggle = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'aria-expanded': 'false', 'aria-controls': id },
      t('eval.show_breakdown'));
    const detail = h('tr', { id, class: 'breakdown-row', hidden: true },
      h('td', { colspan: String(cols.length) }, componentTable(it.components, state.plan, t('eval.breakdown_of', { org: it.organization.name })),
        it.renormalised ? h('p', { class: 'hint' }, t('eval.renormalised')) : null));
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? t('eval.hide_breakdown') : t('eval.show_breakdown');
      detail.hidden = !open;
    });
    const cells = [
      it.rank ? t('eval.rank_of', { rank: formatInteger(it.rank), of: formatInteger(it.rank_of) }) : h('span', { class: 'muted' }, t('common.none')),
      h('a', { href: href(`/scorecards/${it.organization.id}`, { year: state.year }) }, it.organization.name),
      [it.unit ? it.unit.name : '', it.unit ? h('span', { class: 'hint block' }, label('level', it.unit.level)) : null],
      h('strong', null, scoreText(it.score)),
      gradeBadge(it.grade_code, it.grade),
      changeText(it.change),
      toggle,
    ];
    body.append(h('tr', { role: 'row', class: `eval-row level-${it.unit ? it.unit.level : ''}`, dataset: { org: String(it.organization.id) } },
      cells.map((cell, i) => h('td', { role: 'cell', 'data-label': cols[i], class: [3, 5].includes(i) ? 'col-num' : null }, h('div', { class: 'cell' }, cell)))), detail);
  }
  const table = h('table', { class: 'data-table eval-table', role: 'table' },
    h('caption', { class: 'visually-hidden' }, t('eval.caption', { plan: plan ? plan.code : '', year: state.year })),
    h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' }, cols.map((c, i) => h('th', { scope: 'col', role: 'columnheader', class: [3, 5].includes(i) ? 'col-num' : null }, c)))),
    body);
  return h('section', { class: 'panel', 'aria-labelledby': 'eval-h' },
    h('h2', { id: 'eval-h' }, t('eval.heading', { plan: plan ? plan.code : '', year: state.year })),
    plan ? h('p', { class: 'hint' }, plan.title) : null,
    legend(data.config), h('div', { class: 'table-wrap' }, table));
}

function rankingTable(items, state) {
  if (!items.length) return messageBox(t('eval.empty'), 'info');
  return h('section', { class: 'panel', 'aria-labelledby': 'rank-h' },
    h('h2', { id: 'rank-h' }, t('eval.ranking_heading', { level: t(state.level === 'commune' ? 'eval.rank_level_commune' : 'eval.rank_level_district'), year: state.year })),
    dataTable({
      caption: t('eval.ranking_heading', { level: t(state.level === 'commune' ? 'eval.rank_level_commune' : 'eval.rank_level_district'), year: state.year }),
      rows: items,
      columns: [
        { label: t('eval.rank'), cell: (r) => t('eval.rank_of', { rank: formatInteger(r.rank), of: formatInteger(r.rank_of) }) },
        { label: t('eval.unit_col'), cell: (r) => h('a', { href: href('/scorecards', { year: state.year, unit: r.unit.code }) }, r.unit.name) },
        { label: t('eval.avg_score'), className: 'col-num', cell: (r) => h('strong', null, scoreText(r.score)) },
        { label: t('eval.grade'), cell: (r) => gradeBadge(r.grade_code, r.grade) },
        { label: t('eval.change'), className: 'col-num', cell: (r) => changeText(r.change) },
        {
          label: t('eval.plans_scored'),
          cell: (r) => h('ul', { class: 'plain-list' }, (r.plans || []).map((p) => h('li', null,
            h('a', { href: href('/evaluation', { plan: p.plan.id, year: state.year }), title: p.plan.title }, p.plan.code), ': ', scoreText(p.score)))),
        },
      ],
    }));
}
