// overview.js — "Tổng quan": every plan the user may see, for one year and one
// unit: how far its indicators are achieved, how many reports came in on time,
// late or not at all. A plan opens its dashboard.
import { h, append, clear } from './dom.js';
import { t } from './i18n.js';
import { api, isAbort } from './api.js';
import { formatInteger, formatPercent, sortVi } from './format.js';
import { replaceQuery } from './router.js';
import { setTitle, pageHeader, field, select, loading, errorBox, dataTable, childController } from './ui.js';
import { defaultYear } from './periods.js';
import { achievementClass, achievementText, achievementBand, heatLegend, listPlans, unitName } from './reporting.js';

// A rate from the server (percent, 0–100) as text.
function rateText(x) {
  return typeof x === 'number' && Number.isFinite(x) ? formatPercent(x / 100, 1) : '';
}

// A coloured chip that always carries its number (or says why there is none).
export function achievementChip(a) {
  const text = achievementText(a);
  return h('span', { class: `heat-chip ${achievementClass(a)}`, title: achievementBand(a) },
    text || t('heat.none_short'));
}

function tile(labelText, value, note, variant) {
  return h('div', { class: `tile${variant ? ` tile-${variant}` : ''}` },
    h('span', { class: 'tile-label' }, labelText),
    h('span', { class: 'tile-value' }, value),
    note ? h('span', { class: 'tile-note' }, note) : null);
}

export async function overviewView({ main, query, signal, user }) {
  setTitle(t('overview.title'));
  const scope = (user.scope_unit && user.scope_unit.code) || '';
  const plans = await listPlans(signal).catch((err) => { if (isAbort(err)) throw err; return []; });
  const from = plans.length ? Math.min(...plans.map((p) => p.start_year || defaultYear())) : defaultYear();
  const to = plans.length ? Math.max(...plans.map((p) => p.end_year || defaultYear())) : defaultYear();
  const state = {
    year: Number(query.get('year')) || defaultYear(from, to),
    unit: query.get('unit') || scope,
  };

  const years = [];
  for (let y = Math.max(to, state.year); y >= Math.min(from, state.year); y -= 1) years.push([String(y), String(y)]);
  const yearSel = select(years, { name: 'year', value: String(state.year) });

  // the user's own unit and the units right under it
  let units = [];
  try {
    const [own, kids] = await Promise.all([
      scope ? api.get(`/api/v1/org-units/${encodeURIComponent(scope)}`, { signal }) : null,
      scope ? api.get('/api/v1/org-units', { query: { parent: scope, limit: 1000 }, signal }) : { items: [] },
    ]);
    units = [own, ...sortVi(kids.items || [], (u) => u.name)].filter(Boolean);
  } catch (err) {
    if (isAbort(err)) throw err;
  }
  if (state.unit && !units.some((u) => u.code === state.unit)) {
    units.push({ code: state.unit, full_name: state.unit });
  }
  const unitSel = select(units.map((u, i) => [u.code, i === 0 ? u.full_name || u.name : `— ${u.full_name || u.name}`]), { name: 'unit', value: state.unit });

  const form = h('form', { class: 'filters', 'aria-label': t('overview.filters') },
    field({ label: t('overview.year'), control: yearSel }),
    units.length > 1 ? field({ label: t('overview.unit'), control: unitSel, className: 'field-grow' }) : null);
  form.addEventListener('submit', (e) => e.preventDefault());
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  append(main, [pageHeader(t('overview.title'), { intro: t('overview.intro') }), form, results]);

  let current = null;
  async function load() {
    if (current) current.abort();
    current = childController(signal);
    const mine = current;
    replaceQuery('/overview', state);
    results.setAttribute('aria-busy', 'true');
    clear(results, loading());
    try {
      const data = await api.get('/api/v1/overview', { query: { year: state.year, unit: state.unit }, signal: mine.signal });
      if (mine !== current) return;
      // plans with indicators first: the others have nothing to measure yet
      const items = [...(data.items || [])].sort((a, b) => Number((b.indicators || 0) > 0) - Number((a.indicators || 0) > 0));
      const dash = (row) => `#/plans/${encodeURIComponent(row.plan.id)}/dashboard?period=${state.year}${state.unit ? `&unit=${encodeURIComponent(state.unit)}` : ''}`;

      const achieved = items.map((r) => r.achievement_avg).filter((a) => typeof a === 'number' && Number.isFinite(a));
      const avg = achieved.length ? achieved.reduce((s, a) => s + a, 0) / achieved.length : null;
      const sum = (k) => items.reduce((s, r) => s + (Number.isFinite(r[k]) ? r[k] : 0), 0);
      const submitted = sum('reports_submitted');
      const weighted = items.reduce((s, r) => s + (Number.isFinite(r.on_time_rate) && Number.isFinite(r.reports_submitted) ? r.on_time_rate * r.reports_submitted : 0), 0);
      const onTime = submitted ? weighted / submitted : null;
      const unitLabel = unitName(units.find((u) => u.code === state.unit)) || state.unit;

      const tiles = h('div', { class: 'tiles', role: 'group', 'aria-label': t('overview.summary', { year: state.year, unit: unitLabel }) },
        tile(t('overview.tile_plans'), formatInteger(items.length)),
        tile(t('overview.tile_achievement'), avg === null ? t('heat.none_short') : achievementText(avg), avg === null ? t('overview.tile_achievement_none') : achievementBand(avg), achievementClass(avg).slice(5)),
        tile(t('overview.tile_on_time'), onTime === null ? t('heat.none_short') : rateText(onTime),
          t('overview.tile_submitted', { n: formatInteger(submitted), total: formatInteger(sum('reports_expected')) })),
        tile(t('overview.tile_late'), formatInteger(sum('reports_late')), null, sum('reports_late') ? 'warn' : null),
        tile(t('overview.tile_missing'), formatInteger(sum('reports_missing')), null, sum('reports_missing') ? 'bad' : null));

      const table = dataTable({
        caption: t('overview.table_caption', { year: state.year }),
        empty: t('overview.empty'),
        rows: items,
        columns: [
          {
            label: t('overview.col_plan'), className: 'col-title',
            cell: (r) => h('span', { class: 'stack' },
              h('a', { href: dash(r) }, r.plan.title || r.plan.code),
              h('span', { class: 'muted small' }, h('span', { class: 'code' }, r.plan.code), r.plan.owner ? ` · ${r.plan.owner.name || ''}` : '')),
          },
          { label: t('overview.col_indicators'), className: 'col-num', cell: (r) => formatInteger(r.indicators ?? 0) },
          {
            label: t('overview.col_achievement'), className: 'col-num',
            cell: (r) => (r.indicators ? achievementChip(r.achievement_avg) : h('span', { class: 'muted small' }, t('overview.no_indicators'))),
          },
          { label: t('overview.col_on_time'), className: 'col-num', cell: (r) => rateText(r.on_time_rate) || h('span', { class: 'muted' }, t('common.none')) },
          {
            label: t('overview.col_submitted'), className: 'col-num',
            cell: (r) => t('overview.submitted_of', { n: formatInteger(r.reports_submitted ?? 0), total: formatInteger(r.reports_expected ?? 0) }),
          },
          { label: t('overview.col_late'), className: 'col-num', cell: (r) => h('span', { class: r.reports_late ? 'num-warn' : '' }, formatInteger(r.reports_late ?? 0)) },
          { label: t('overview.col_missing'), className: 'col-num', cell: (r) => h('span', { class: r.reports_missing ? 'num-bad' : '' }, formatInteger(r.reports_missing ?? 0)) },
        ],
      });
      clear(results, tiles, table, heatLegend(), h('p', { class: 'hint' }, t('overview.note')));
    } catch (err) {
      if (isAbort(err) || mine !== current) return;
      clear(results, errorBox(err, { retry: load }));
    } finally {
      if (mine === current) results.removeAttribute('aria-busy');
    }
  }
  yearSel.addEventListener('change', () => { state.year = Number(yearSel.value); load(); });
  unitSel.addEventListener('change', () => { state.unit = unitSel.value; load(); });
  await load();
}
