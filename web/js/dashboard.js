// dashboard.js — a plan's dashboard for one unit and one period: a heat table
// of its indicators against the units right below (plus the unit's own work and
// the total), coloured by achievement and always showing the numbers; a column
// opens that unit (down to the commune, a breadcrumb back up); and a trend chart
// per indicator over the periods of the year, with the target as a dashed line.
import { computedPanel } from './registers.js';
import { h, uid, clear } from './dom.js';
import { t, label, has as hasKey } from './i18n.js';
import { api, ApiError, isAbort } from './api.js';
import { formatNumber, formatInteger, sortVi } from './format.js';
import { href, replaceQuery } from './router.js';
import { setTitle, pageHeader, field, loading, errorBox, messageBox, childController, printButton } from './ui.js';
import {
  parsePeriod, periodLabel, periodYear, periodsOfYear, periodFitsFrequency, defaultYear, FREQUENCIES,
} from './periods.js';
import {
  achievementClass, achievementText, achievementBand, heatLegend, formatValue, planIndicators, unitCode,
} from './reporting.js';
import { periodSelect, planPeriodGroups } from './reports.js';

const COLORS = { value: '#1d3b66', cumulative: '#1f6f43', target: '#a3161a' };

function analytics(query, signal) {
  return api.get('/api/v1/analytics', { query, signal }).then((d) => (Array.isArray(d) ? d : d.items || []));
}

// Short labels for a chart's axis: T1…T12, Quý I…IV (English: Jan…, Q1…).
function shortLabel(code) {
  const p = parsePeriod(code);
  if (!p) return code;
  switch (p.kind) {
    case 'month': return t(`period.sm${p.index}`);
    case 'quarter': return t(`period.sq${p.index}`);
    case 'half': return t(`period.ss${p.index}`);
    case 'nine': return t('period.sn9');
    default: return String(p.year);
  }
}

export async function dashboardView({ main, params, query, signal, user }) {
  const planId = params.id;
  main.append(loading());
  let plan;
  let indicators;
  try {
    [plan, indicators] = await Promise.all([
      api.get(`/api/v1/plans/${encodeURIComponent(planId)}`, { signal }),
      planIndicators(planId, signal),
    ]);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      setTitle(t('plan.not_found'));
      clear(main, pageHeader(t('plan.not_found'), { crumbs: [[t('overview.title'), '#/overview']] }),
        messageBox(t('plan.not_found_text'), 'info'));
      return;
    }
    throw err;
  }
  const scope = (user.scope_unit && user.scope_unit.code) || '';
  const state = {
    period: query.get('period') || String(defaultYear(plan.start_year, plan.end_year)),
    unit: query.get('unit') || scope,
    include: query.get('include') === 'submitted' ? 'submitted' : '',
  };
  if (!parsePeriod(state.period)) state.period = String(defaultYear(plan.start_year, plan.end_year));
  const path = `/plans/${encodeURIComponent(planId)}/dashboard`;
  const link = (changes) => href(path, { ...state, ...changes });

  // the unit, where it sits, and the units right below it
  let unit;
  let children;
  try {
    const [u, kids] = await Promise.all([
      api.get(`/api/v1/org-units/${encodeURIComponent(state.unit)}`, { signal }),
      api.get('/api/v1/org-units', { query: { parent: state.unit, limit: 1000 }, signal }),
    ]);
    unit = u;
    children = sortVi(kids.items || [], (x) => x.name || x.full_name);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
      setTitle(t('dash.unit_not_found'));
      clear(main, pageHeader(t('dash.unit_not_found'), { crumbs: [[t('overview.title'), '#/overview']] }),
        messageBox(t('dash.unit_not_found_text'), 'info'), h('p', null, h('a', { href: link({ unit: scope }) }, t('dash.back_to_scope'))));
      return;
    }
    throw err;
  }

  const title = t('dash.title', { code: plan.code || '' });
  setTitle(`${title} — ${unit.full_name || unit.name}`);

  // the chain province → … → this unit; units above the user's own are not links
  let chain = Array.isArray(unit.ancestors) ? [...unit.ancestors] : [];
  if (chain.length > 1 && chain[0].code === unit.parent_code) chain.reverse();
  chain = [...chain, unit];
  const scopeAt = chain.findIndex((u) => u.code === scope);
  const unitTrail = h('nav', { class: 'unit-trail', 'aria-label': t('dash.unit_trail') },
    h('ol', null, chain.map((u, i) => {
      // short names throughout ("Bắc Giang › Lạng Giang › Tân Thanh"): the heading says the full one
      const text = u.name || u.full_name || u.code;
      if (i === chain.length - 1) return h('li', null, h('span', { 'aria-current': 'page' }, text));
      return h('li', null, scopeAt >= 0 && i >= scopeAt ? h('a', { href: link({ unit: u.code }) }, text) : h('span', null, text));
    })));

  // the controls: period and "include unapproved"
  const periodSel = periodSelect(planPeriodGroups(plan, FREQUENCIES), { name: 'period', value: state.period });
  if (periodSel.value !== state.period) {
    periodSel.append(h('option', { value: state.period }, periodLabel(state.period)));
    periodSel.value = state.period;
  }
  const includeBox = h('input', { type: 'checkbox', id: uid('inc'), checked: state.include === 'submitted' });
  const controls = h('form', { class: 'filters', 'aria-label': t('dash.controls') },
    field({ label: t('dash.period'), control: periodSel }),
    h('div', { class: 'field field-check field-grow' }, includeBox, h('label', { for: includeBox.id }, t('dash.include_submitted'))));
  controls.addEventListener('submit', (e) => e.preventDefault());

  const heatBox = h('section', { class: 'panel', 'aria-labelledby': 'sec-heat' });
  const trendBox = h('section', { class: 'panel', 'aria-labelledby': 'sec-trend' });

  const header = pageHeader(title, {
    crumbs: [[t('overview.title'), href('/overview', { year: periodYear(state.period) })], [plan.code || String(plan.id), `#/plans/${encodeURIComponent(plan.id)}`], [t('dash.crumb')]],
    intro: plan.title,
    actions: [printButton(), h('a', { class: 'btn btn-secondary', href: `#/plans/${encodeURIComponent(plan.id)}` }, t('dash.plan_page'))],
  });
  clear(main, header, unitTrail, controls, computedPanel({ planId: plan.id, unit: state.unit, signal }),
    ...(indicators.length ? [heatBox, trendBox] : [messageBox(t('dash.no_indicators'), 'info')]));
  if (!indicators.length) return;

  const charts = [];
  const destroyCharts = () => { while (charts.length) charts.pop().destroy(); };
  signal.addEventListener('abort', destroyCharts, { once: true });

  let current = null;
  async function load() {
    if (current) current.abort();
    current = childController(signal);
    const mine = current;
    replaceQuery(path, state);
    destroyCharts();
    await Promise.all([loadHeat(mine), loadTrends(mine)]);
  }

  // ---------- the heat table ----------
  async function loadHeat(ctl) {
    const unitText = unit.full_name || unit.name;
    clear(heatBox, h('h2', { id: 'sec-heat' }, t('dash.heat_title', { period: periodLabel(state.period), unit: unitText })), loading());
    heatBox.setAttribute('aria-busy', 'true');
    try {
      const ids = indicators.map((i) => i.id).join(',');
      const common = { indicator: ids, unit: state.unit, period: state.period, include: state.include };
      const [rows, totals] = await Promise.all([
        analytics({ ...common, by: 'children' }, ctl.signal),
        analytics({ ...common, by: 'none' }, ctl.signal),
      ]);
      if (ctl !== current) return;
      const cell = new Map();   // `${indicator}|${column}` -> row
      const seen = new Set();
      for (const r of rows) {
        const col = r.own ? '@own' : unitCode(r.unit);
        cell.set(`${r.indicator_id}|${col}`, r);
        if (!r.own && ((r.expected_units ?? 0) > 0 || (r.value !== null && r.value !== undefined))) seen.add(col);
      }
      for (const r of totals) cell.set(`${r.indicator_id}|@total`, r);
      const ownSeen = rows.some((r) => r.own && ((r.expected_units ?? 0) > 0 || (r.value !== null && r.value !== undefined)));

      const columns = children.filter((c) => seen.has(c.code)).map((c) => ({ key: c.code, unit: c }));
      // children the server counts that the unit list did not name
      for (const code of seen) if (!columns.some((c) => c.key === code)) columns.push({ key: code, unit: { code, name: code } });
      if (ownSeen || !columns.length) columns.push({ key: '@own' });
      columns.push({ key: '@total' });
      const hidden = children.length - columns.filter((c) => c.unit).length;

      const colHead = (c) => {
        if (c.key === '@total') return h('th', { scope: 'col', class: 'heat-total' }, t('dash.total'));
        if (c.key === '@own') {
          return h('th', { scope: 'col', class: 'heat-own' }, hasKey(`own_level.${unit.level}`) ? t(`own_level.${unit.level}`) : t('dash.own'),
            h('span', { class: 'th-note' }, t('dash.own_note')));
        }
        const name = c.unit.name || c.unit.full_name || c.key;
        return h('th', { scope: 'col', dataset: { unit: c.key } },
          h('a', { href: link({ unit: c.key }), class: 'drill', title: t('dash.drill', { unit: c.unit.full_name || name }) }, name));
      };
      const valueCell = (ind, c) => {
        const r = cell.get(`${ind.id}|${c.key}`);
        const fits = periodFitsFrequency(state.period, ind.frequency || 'month');
        const v = r ? r.value : null;
        const a = r ? r.achievement : null;
        const present = v !== null && v !== undefined;
        const cls = `heat-cell ${present ? achievementClass(a) : 'heat-empty'}${c.key === '@total' ? ' heat-total' : ''}`;
        const tip = [];
        if (!fits) tip.push(t('dash.not_at_period', { freq: label('frequency', ind.frequency) }));
        else if (!present) tip.push(t('dash.no_value'));
        else {
          tip.push(achievementBand(a));
          if (r.target !== null && r.target !== undefined) tip.push(t('dash.target_is', { target: formatValue(r.target, ind) }));
        }
        if (r && Number.isFinite(r.expected_units) && r.expected_units > 0) {
          tip.push(t('dash.reported_of', { n: formatInteger(r.reported_units ?? 0), total: formatInteger(r.expected_units) }));
        }
        return h('td', { class: cls, title: tip.join(' · '), dataset: c.unit ? { unit: c.key, indicator: ind.id, drill: link({ unit: c.key }) } : { unit: c.key, indicator: ind.id } },
          h('span', { class: 'heat-value' }, present ? formatValue(v, ind) : t('common.none')),
          present && typeof a === 'number' && Number.isFinite(a) ? h('span', { class: 'heat-pct' }, achievementText(a)) : null,
          present && (typeof a !== 'number' || !Number.isFinite(a)) ? h('span', { class: 'visually-hidden' }, achievementBand(a)) : null,
          c.key === '@total' && r && Number.isFinite(r.expected_units) && r.expected_units > 0
            ? h('span', { class: 'heat-count' }, t('dash.reported_short', { n: formatInteger(r.reported_units ?? 0), total: formatInteger(r.expected_units) }))
            : null);
      };
      const table = h('table', { class: 'heat-table' },
        h('caption', { class: 'visually-hidden' }, t('dash.heat_caption', { period: periodLabel(state.period), unit: unitText })),
        h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'heat-ind' }, t('dash.col_indicator')), columns.map(colHead))),
        h('tbody', null, indicators.map((ind) => h('tr', null,
          h('th', { scope: 'row', class: 'heat-ind' },
            h('span', { class: 'heat-ind-name' }, ind.name),
            h('span', { class: 'heat-ind-meta' }, [ind.code, ind.unit_label, label('frequency', ind.frequency)].filter(Boolean).join(' · '))),
          columns.map((c) => valueCell(ind, c))))));
      // a click anywhere in a unit's column opens it too (the keyboard uses the heading's link)
      table.addEventListener('click', (e) => {
        const td = e.target.closest('td[data-drill]');
        if (td && !String(window.getSelection() || '')) window.location.hash = td.dataset.drill;
      });
      clear(heatBox, h('h2', { id: 'sec-heat' }, t('dash.heat_title', { period: periodLabel(state.period), unit: unitText })),
        h('div', { class: 'heat-wrap', tabindex: '0', role: 'region', 'aria-label': t('dash.heat_scroll') }, table),
        heatLegend(),
        h('p', { class: 'hint' }, children.length ? t('dash.drill_hint') : t('dash.bottom_hint')),
        hidden > 0 ? h('p', { class: 'hint' }, t('dash.hidden_units', { n: formatInteger(hidden) })) : null,
        h('p', { class: 'hint' }, state.include ? t('dash.counted_submitted') : t('dash.counted_approved')));
    } catch (err) {
      if (isAbort(err) || ctl !== current) return;
      clear(heatBox, h('h2', { id: 'sec-heat' }, t('dash.heat_title_short')), errorBox(err, { retry: () => loadHeat(current) }));
    } finally {
      if (ctl === current) heatBox.removeAttribute('aria-busy');
    }
  }

  // ---------- the trends ----------
  async function loadTrends(ctl) {
    const year = periodYear(state.period);
    const head = h('h2', { id: 'sec-trend' }, t('dash.trend_title', { year }));
    clear(trendBox, head, loading());
    trendBox.setAttribute('aria-busy', 'true');
    try {
      const byFreq = new Map();
      for (const ind of indicators) {
        const f = ind.frequency || 'month';
        if (!byFreq.has(f)) byFreq.set(f, []);
        byFreq.get(f).push(ind);
      }
      const got = new Map();   // `${indicator}|${period}` -> row
      await Promise.all([...byFreq].map(async ([freq, inds]) => {
        const rows = await analytics({
          indicator: inds.map((i) => i.id).join(','), unit: state.unit, period: periodsOfYear(year, freq).join(','),
          by: 'none', include: state.include,
        }, ctl.signal);
        for (const r of rows) got.set(`${r.indicator_id}|${r.period}`, r);
      }));
      // the year's target: asked for the year itself (the periods' rows carry it too)
      const yearRows = await analytics({
        indicator: indicators.map((i) => i.id).join(','), unit: state.unit, period: String(year), by: 'none', include: state.include,
      }, ctl.signal).catch((err) => { if (isAbort(err)) throw err; return []; });
      for (const r of yearRows) got.set(`${r.indicator_id}|${year}`, r);
      if (ctl !== current) return;

      const grid = h('div', { class: 'trend-grid' });
      const chartsOn = typeof window.Chart === 'function';
      for (const ind of indicators) {
        const periods = periodsOfYear(year, ind.frequency || 'month');
        const values = periods.map((p) => { const r = got.get(`${ind.id}|${p}`); return r && r.value !== undefined ? r.value : null; });
        const yr = got.get(`${ind.id}|${year}`);
        const anyTarget = periods.map((p) => got.get(`${ind.id}|${p}`)).find((r) => r && r.target !== null && r.target !== undefined);
        const target = yr && yr.target !== null && yr.target !== undefined ? yr.target : (anyTarget ? anyTarget.target : null);
        // a flow adds up over the year: its running total is what meets the year's target
        const cumulative = (ind.time_agg || 'sum') === 'sum' && ind.unit_agg !== 'ratio' && periods.length > 1
          ? values.reduce((acc, v) => { const prev = acc.length ? acc[acc.length - 1] : null; acc.push(v === null ? prev : (prev || 0) + v); return acc; }, [])
          : null;
        grid.append(trendCard(ind, periods, values, cumulative, target, chartsOn));
      }
      clear(trendBox, head, chartsOn ? null : messageBox(t('dash.charts_unavailable'), 'info'), grid,
        h('p', { class: 'hint' }, t('dash.trend_hint')));
    } catch (err) {
      if (isAbort(err) || ctl !== current) return;
      clear(trendBox, head, errorBox(err, { retry: () => loadTrends(current) }));
    } finally {
      if (ctl === current) trendBox.removeAttribute('aria-busy');
    }
  }

  function trendCard(ind, periods, values, cumulative, target, chartsOn) {
    const id = uid('trend');
    const hasData = values.some((v) => v !== null);
    const summary = hasData
      ? t('dash.chart_summary', { name: ind.name, n: formatInteger(values.filter((v) => v !== null).length), total: formatInteger(periods.length) })
      : t('dash.chart_empty', { name: ind.name });
    const canvas = h('canvas', { role: 'img', 'aria-label': summary });
    const card = h('figure', { class: 'trend-card', 'aria-labelledby': `${id}-t` },
      h('figcaption', { id: `${id}-t`, class: 'trend-title' }, ind.name,
        h('span', { class: 'trend-meta' }, [ind.unit_label, label('frequency', ind.frequency),
          target !== null && target !== undefined ? t('dash.target_is', { target: formatValue(target, ind) }) : t('dash.no_target')].filter(Boolean).join(' · '))),
      chartsOn ? h('div', { class: 'chart-box' }, canvas) : null,
      h('details', { class: 'trend-data' }, h('summary', null, t('dash.show_numbers')),
        h('div', { class: 'table-scroll' }, h('table', { class: 'mini-table' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('dash.col_period')), h('th', { scope: 'col' }, t('dash.series_value')),
            cumulative ? h('th', { scope: 'col' }, t('dash.series_cumulative')) : null)),
          h('tbody', null, periods.map((p, i) => h('tr', null, h('th', { scope: 'row' }, periodLabel(p)),
            h('td', null, values[i] === null ? t('common.none') : formatValue(values[i], ind)),
            cumulative ? h('td', null, cumulative[i] === null ? t('common.none') : formatValue(cumulative[i], ind)) : null)))))));
    if (chartsOn) {
      const datasets = [{
        label: t('dash.series_value'), data: values, borderColor: COLORS.value, backgroundColor: COLORS.value,
        borderWidth: 2, pointRadius: 3, tension: 0, spanGaps: false,
      }];
      if (cumulative) {
        datasets.push({
          label: t('dash.series_cumulative'), data: cumulative, borderColor: COLORS.cumulative, backgroundColor: COLORS.cumulative,
          borderWidth: 2, pointRadius: 2, tension: 0,
        });
      }
      if (target !== null && target !== undefined) {
        datasets.push({
          label: t('dash.series_target'), data: periods.map(() => target), borderColor: COLORS.target, backgroundColor: COLORS.target,
          borderWidth: 2, borderDash: [6, 4], pointRadius: 0, pointHitRadius: 4,
        });
      }
      // drawn once the card is in the page (Chart.js measures its box)
      requestAnimationFrame(() => {
        if (signal.aborted || !canvas.isConnected) return;
        charts.push(new window.Chart(canvas, {
          type: 'line',
          data: { labels: periods.map(shortLabel), datasets },
          options: {
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            interaction: { mode: 'index', intersect: false },
            plugins: {
              legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2 } },
              tooltip: {
                callbacks: {
                  title: (items) => (items.length ? periodLabel(periods[items[0].dataIndex]) : ''),
                  label: (c) => `${c.dataset.label}: ${c.parsed.y === null ? t('common.none') : formatValue(c.parsed.y, ind)}`,
                },
              },
            },
            scales: {
              y: { beginAtZero: true, ticks: { callback: (v) => formatNumber(v) } },
            },
          },
        }));
      });
    }
    return card;
  }

  periodSel.addEventListener('change', () => { state.period = periodSel.value; load(); });
  includeBox.addEventListener('change', () => { state.include = includeBox.checked ? 'submitted' : ''; load(); });
  await load();
}
