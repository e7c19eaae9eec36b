// plans.js — the list of plans (kế hoạch, đề án) with filters: text, kind,
// status, the owner's system and a year the plan covers. Filters live in the
// address (#/plans?kind=de_an&year=2024) so a list can be shared or reloaded.
import { h, append, debounce } from './dom.js';
import { t } from './i18n.js';
import { api, isAbort } from './api.js';
import { formatInteger, formatYears } from './format.js';
import { replaceQuery } from './router.js';
import {
  PLAN_KINDS, PLAN_STATUSES, SYSTEMS, setTitle, pageHeader, field, select, codeChoices, loading,
  errorBox, dataTable, pager, kindBadge, statusBadge, takeFlash, childController, toInt,
} from './ui.js';

const PAGE = 50;

function yearChoices() {
  const now = new Date().getFullYear();
  const years = [];
  for (let y = now + 5; y >= 2015; y -= 1) years.push([String(y), String(y)]);
  return [['', t('filter.all_years')], ...years];
}

export async function planListView({ main, query, signal }) {
  setTitle(t('plans.title'));
  const state = {
    q: query.get('q') || '',
    kind: query.get('kind') || '',
    status: query.get('status') || '',
    system: query.get('system') || '',
    year: query.get('year') || '',
    offset: toInt(query.get('offset')),
  };

  const q = h('input', { type: 'search', name: 'q', value: state.q, placeholder: t('plans.search_placeholder'), autocomplete: 'off' });
  const kind = select(codeChoices('kind', PLAN_KINDS, t('filter.all')), { name: 'kind', value: state.kind });
  const status = select(codeChoices('plan_status', PLAN_STATUSES, t('filter.all')), { name: 'status', value: state.status });
  const system = select(codeChoices('system', SYSTEMS, t('filter.all')), { name: 'system', value: state.system });
  const year = select(yearChoices(), { name: 'year', value: state.year });
  const reset = h('button', { type: 'reset', class: 'btn btn-link' }, t('filter.reset'));

  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('plans.filters') },
    field({ label: t('plans.search'), control: q, className: 'field-grow' }),
    field({ label: t('plans.kind'), control: kind }),
    field({ label: t('plans.status'), control: status }),
    field({ label: t('plans.system'), control: system }),
    field({ label: t('plans.year'), control: year }),
    h('div', { class: 'filters-actions' }, reset));
  const results = h('div', { class: 'results', 'aria-live': 'polite' });

  append(main, [pageHeader(t('plans.title'), { intro: t('plans.intro') }), takeFlash(), form, results]);

  let current = null;
  async function load() {
    if (current) current.abort();
    current = childController(signal);
    const mine = current;
    replaceQuery('/plans', state);
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading());
    try {
      const data = await api.get('/api/v1/plans', {
        query: { q: state.q.trim(), kind: state.kind, status: state.status, system: state.system, year: state.year, limit: PAGE, offset: state.offset },
        signal: mine.signal,
      });
      if (mine !== current) return;
      const items = data.items || [];
      const total = Number.isFinite(data.total) ? data.total : items.length;
      results.replaceChildren(
        h('p', { class: 'result-count' }, t('plans.count', { n: formatInteger(total) })),
        dataTable({
          caption: t('plans.title'),
          empty: t('plans.empty'),
          rows: items,
          columns: [
            { label: t('plans.col_code'), className: 'col-code', cell: (p) => h('span', { class: 'code' }, p.code) },
            { label: t('plans.col_title'), className: 'col-title', cell: (p) => h('a', { href: `#/plans/${encodeURIComponent(p.id)}` }, p.title) },
            { label: t('plans.col_kind'), cell: (p) => kindBadge(p.kind) },
            { label: t('plans.col_owner'), cell: (p) => (p.owner && p.owner.name) || '' },
            { label: t('plans.col_years'), className: 'col-nowrap', cell: (p) => formatYears(p.start_year, p.end_year) },
            { label: t('plans.col_status'), cell: (p) => statusBadge(p.status) },
          ],
        }),
        pager({
          total, limit: PAGE, offset: state.offset, count: items.length,
          onChange: (off) => { state.offset = off; load(); },
        }));
    } catch (err) {
      if (isAbort(err) || mine !== current) return;
      results.replaceChildren(errorBox(err, { retry: load }));
    } finally {
      if (mine === current) results.removeAttribute('aria-busy');
    }
  }

  const typed = debounce(() => { state.q = q.value; state.offset = 0; load(); }, 300);
  q.addEventListener('input', typed);
  for (const [el, key] of [[kind, 'kind'], [status, 'status'], [system, 'system'], [year, 'year']]) {
    el.addEventListener('change', () => { state[key] = el.value; state.offset = 0; load(); });
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); typed.cancel(); state.q = q.value; state.offset = 0; load(); });
  form.addEventListener('reset', () => {
    // after the browser has restored the defaults
    setTimeout(() => {
      typed.cancel();
      for (const el of [q, kind, status, system, year]) el.value = '';
      Object.assign(state, { q: '', kind: '', status: '', system: '', year: '', offset: 0 });
      load();
    }, 0);
  });
  signal.addEventListener('abort', () => typed.cancel(), { once: true });

  await load();
}
