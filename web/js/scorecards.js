// scorecards.js — "Người đứng đầu": every head of an organisation with the
// score of the organisation for the year (or for the part of it the head led,
// when the head changed mid-year), sorted by score; and a page per
// organisation with each head's card: plans and scores, the worst indicators,
// the overdue tasks and unanswered findings, with links to the records.
import { h, clear } from './dom.js';
import { t, label } from './i18n.js';
import { api, ApiError } from './api.js';
import { formatNumber, formatInteger, formatDate } from './format.js';
import { href, navigate, replaceQuery } from './router.js';
import { setTitle, pageHeader, field, select, loading, errorBox, messageBox, dataTable, pager, toInt, childController, printButton } from './ui.js';
import { plansOf, yearChoices, unitPicker, tiles } from './followup.js';
import { currentYear } from './periods.js';
import { gradeBadge, scoreText, recordsHref, componentTable } from './evaluation.js';

const PAGE = 50;

function subPeriod(card) {
  if (!card.from || !card.to || card.period === card.period_code) return '';
  return t('cards.sub_period', { from: formatDate(card.from), to: formatDate(card.to) });
}

function headText(card) {
  if (!card.head) return h('span', { class: 'muted' }, t('cards.no_head'));
  return [h('span', { class: 'head-name' }, card.head.name), card.head.title ? h('span', { class: 'hint block' }, card.head.title) : null];
}

export async function scorecardListView({ main, query, signal }) {
  setTitle(t('cards.title'));
  main.append(loading());
  const plans = await plansOf(signal);
  const state = {
    year: query.get('year') || String(Math.min(currentYear(), ...plans.map((p) => p.end_year || currentYear()))),
    unit: query.get('unit') || '',
    offset: toInt(query.get('offset')),
  };
  const yearSel = select(yearChoices(plans), { value: state.year });
  const unitSel = unitPicker({ label: t('eval.unit'), value: state.unit ? { code: state.unit } : null, signal });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('eval.filters') },
    field({ label: t('eval.year'), control: yearSel }), unitSel.element,
    h('div', { class: 'filters-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('eval.show'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate('/scorecards', { year: yearSel.value, unit: unitSel.value() });
  });
  const results = h('div', { class: 'results', 'aria-live': 'polite' }, loading());
  clear(main, pageHeader(t('cards.title'), { intro: t('cards.intro'), actions: [printButton()] }), form, results);
  replaceQuery('/scorecards', state);
  const c = childController(signal);
  try {
    const data = await api.get('/api/v1/scorecards', { query: { year: state.year, unit: state.unit, limit: PAGE, offset: state.offset }, signal: c.signal });
    const items = data.items || [];
    if (!items.length) { clear(results, messageBox(t('cards.empty'), 'info')); return; }
    clear(results, h('section', { class: 'panel', 'aria-labelledby': 'cards-h' },
      h('h2', { id: 'cards-h' }, t('cards.heading', { year: state.year })),
      dataTable({
        caption: t('cards.heading', { year: state.year }),
        rows: items,
        rowClass: () => 'card-row',
        columns: [
          { label: t('cards.order'), className: 'col-num', cell: (r) => formatInteger(state.offset + items.indexOf(r) + 1) },
          { label: t('cards.head'), cell: headText },
          {
            label: t('eval.organization'),
            cell: (r) => [h('a', { href: href(`/scorecards/${r.organization.id}`, { year: state.year }) }, r.organization.name),
              r.organization.unit ? h('span', { class: 'hint block' }, label('level', r.organization.unit.level)) : null],
          },
          { label: t('cards.period'), cell: (r) => subPeriod(r) || t('cards.whole_year') },
          { label: t('eval.score'), className: 'col-num', cell: (r) => h('strong', null, scoreText(r.score)) },
          { label: t('eval.grade'), cell: (r) => gradeBadge(r.grade_code, r.grade) },
        ],
      }),
      pager({
        total: data.total ?? items.length, limit: PAGE, offset: state.offset, count: items.length,
        onChange: (offset) => navigate('/scorecards', { ...state, offset }),
      })));
  } catch (err) {
    if (c.signal.aborted) return;
    clear(results, errorBox(err));
  }
}

function card(it, year) {
  const sub = subPeriod(it);
  const worst = it.worst_indicators || [];
  const overdue = it.overdue_tasks || { count: 0 };
  const unanswered = it.unanswered_findings || { count: 0 };
  const title = it.head ? `${it.head.name}${it.head.title ? ` — ${it.head.title}` : ''}` : t('cards.no_head');
  return h('article', { class: 'panel head-card', 'aria-label': title },
    h('h2', null, title),
    h('p', { class: 'hint' }, sub || t('cards.whole_year_of', { year }),
      it.term_from ? ` · ${t('cards.term', { from: formatDate(it.term_from), to: it.term_to ? formatDate(it.term_to) : t('cards.term_now') })}` : ''),
    tiles([
      [t('eval.score'), scoreText(it.score) || t('common.none'), null, null],
      [t('eval.grade'), gradeBadge(it.grade_code, it.grade), null, null],
      [t('cards.overdue_tasks'), formatInteger(overdue.count || 0), null, overdue.count ? 'warn' : null, recordsHref(overdue.link)],
      [t('cards.unanswered_findings'), formatInteger(unanswered.count || 0), null, unanswered.count ? 'warn' : null, recordsHref(unanswered.link)],
    ]),
    h('h3', null, t('cards.plans')),
    dataTable({
      caption: t('cards.plans'),
      rows: it.plans || [],
      empty: t('cards.no_plans'),
      columns: [
        { label: t('eval.plan'), cell: (p) => [h('a', { href: href('/evaluation', { plan: p.plan.id, year }) }, p.plan.code), h('span', { class: 'hint block' }, p.plan.title)] },
        { label: t('eval.score'), className: 'col-num', cell: (p) => h('strong', null, scoreText(p.score)) },
        { label: t('eval.grade'), cell: (p) => gradeBadge(p.grade_code, p.grade) },
      ],
    }),
    it.components ? h('details', { class: 'card-components' }, h('summary', null, t('cards.components')),
      componentTable(it.components, null, t('cards.components'))) : null,
    h('h3', null, t('cards.worst')),
    dataTable({
      caption: t('cards.worst'),
      rows: worst,
      empty: t('cards.no_worst'),
      columns: [
        { label: t('cards.indicator'), cell: (w) => [h('span', { class: 'hint' }, `${w.code} `), w.name] },
        { label: t('cards.value'), className: 'col-num', cell: (w) => (w.missing ? h('span', { class: 'num-bad' }, t('cards.missing')) : `${formatNumber(w.value)} ${w.unit_label || ''}`) },
        { label: t('cards.target'), className: 'col-num', cell: (w) => `${formatNumber(w.target)} ${w.unit_label || ''}` },
        { label: t('cards.achievement'), className: 'col-num', cell: (w) => (typeof w.counted_as === 'number' ? `${formatNumber(w.counted_as, { maxFractionDigits: 1 })}%` : '') },
        {
          label: t('eval.records'),
          cell: (w) => (w.plan ? h('a', { href: href(`/plans/${encodeURIComponent(w.plan.id)}/dashboard`, { unit: it.organization.unit ? it.organization.unit.code : '', period: it.period_code }) }, w.plan.code) : ''),
        },
      ],
    }));
}

export async function scorecardView({ main, params, query, signal }) {
  setTitle(t('cards.title'));
  main.append(loading());
  const year = query.get('year') || String(currentYear());
  let data;
  try {
    data = await api.get(`/api/v1/scorecards/${encodeURIComponent(params.id)}`, { query: { year, limit: 50 }, signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      clear(main, pageHeader(t('cards.not_found'), { crumbs: [[t('cards.title'), href('/scorecards', { year })]] }), messageBox(t('cards.not_found_text'), 'info'));
      return;
    }
    throw err;
  }
  const items = data.items || [];
  const org = items[0] ? items[0].organization : null;
  const name = org ? org.name : `#${params.id}`;
  setTitle(name);
  const yearLinks = h('nav', { class: 'tabs', 'aria-label': t('eval.year') }, h('ul', null,
    [Number(year) - 1, Number(year), Number(year) + 1].filter((y) => y <= currentYear()).map((y) => h('li', null,
      h('a', { href: href(`/scorecards/${params.id}`, { year: y }), 'aria-current': String(y) === year ? 'page' : null }, String(y))))));
  clear(main, pageHeader(name, {
    crumbs: [[t('cards.title'), href('/scorecards', { year })], [name]],
    intro: t('cards.org_intro', { year, n: formatInteger(items.length) }),
    actions: [printButton()],
  }), yearLinks, items.length ? items.map((it) => card(it, year)) : messageBox(t('cards.empty'), 'info'));
}
