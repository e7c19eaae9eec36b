// history.js — units across a reorganisation: a picker that knows closed units
// ("Huyện Lạng Giang (đến 30/06/2025)"), the history of the chosen code (what it
// came from, what it became, by which act), and an indicator's figure either on
// today's tree (the old units' data carried to their successors) or on the tree of
// a chosen day, with the units below it (a click drills down) and, where the
// units below have boundaries, a commune map coloured by achievement (Leaflet,
// polygons on a plain background, no tile server).
import { h, clear, debounce, uid } from './dom.js';
import { t } from './i18n.js';
import { api, ApiError, isAbort } from './api.js';
import { formatDate, formatNumber } from './format.js';
import { href, navigate } from './router.js';
import { setTitle, pageHeader, field, loading, errorBox, messageBox, dataTable, badge, select } from './ui.js';
import { achievementClass, achievementText, achievementBand, heatLegend, formatValue, listPlans, planIndicators } from './reporting.js';

const GEO_URL = '/geo/bac-ninh-2025-communes.geojson';
const HEAT = { 'heat-a': '#3f9e63', 'heat-b': '#e8c33a', 'heat-c': '#ee8f3c', 'heat-d': '#d2484b', 'heat-none': '#c9ced6' };

let leafletReady = null;
let geoCache = null;

// Leaflet is loaded only for this screen: a script and a stylesheet from the
// server itself (strict CSP: no inline code, no other origin).
function loadLeaflet() {
  if (window.L) return Promise.resolve(window.L);
  if (!leafletReady) {
    leafletReady = new Promise((ok, fail) => {
      document.head.append(h('link', { rel: 'stylesheet', href: '/vendor/leaflet.css' }));
      const s = h('script', { src: '/vendor/leaflet.js' });
      s.addEventListener('load', () => ok(window.L));
      s.addEventListener('error', () => { leafletReady = null; fail(new Error('leaflet')); });
      document.head.append(s);
    });
  }
  return leafletReady;
}

async function geo(signal) {
  if (!geoCache) {
    const r = await fetch(GEO_URL, { signal, credentials: 'same-origin' });
    if (!r.ok) throw new Error(`geo ${r.status}`);
    geoCache = await r.json();
  }
  return geoCache;
}

// The day before an ISO date: the last day of a unit whose valid_to it is.
function dayBefore(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

// The day that shows a version: its last day when closed, else today's tree.
function dayOf(u) { return u.valid_to ? dayBefore(u.valid_to) : ''; }

function unitPicker(state, onPick) {
  const id = uid('unit');
  const list = h('ul', { class: 'history-pick', role: 'listbox', 'aria-label': t('history.pick_results') });
  const input = h('input', { id, type: 'search', class: 'input', autocomplete: 'off', placeholder: t('history.pick_hint') });
  const search = debounce(async () => {
    const q = input.value.trim();
    if (!q) { clear(list); return; }
    try {
      const r = await api.get('/api/v1/unit-versions', { query: { q, limit: 30 } });
      clear(list, (r.items || []).map((u) => h('li', null, h('button', {
        type: 'button', class: 'btn btn-quiet history-pick-item', role: 'option',
        onclick: () => { clear(list); input.value = ''; onPick(u); },
      }, u.label, ' ', h('span', { class: 'code small' }, u.code)))));
    } catch (err) {
      if (!isAbort(err)) clear(list, h('li', null, t('history.pick_failed')));
    }
  }, 250);
  input.addEventListener('input', search);
  return h('div', { class: 'history-picker' }, field({ label: t('history.pick_label'), control: input }), list);
}

// Columns of a table whose rows are arrays of cells.
const cols = (labels) => labels.map((label, i) => ({ label, cell: (r) => r[i] }));

const LINKS_SHOWN = 8;

function linkLine(items, dir) {
  if (!items || !items.length) return null;
  const head = h('strong', null, t(dir === 'from' ? 'history.came_from' : 'history.became'), ' ');
  if (items.length > LINKS_SHOWN) {
    // a province formed from hundreds of units: the list folds
    return h('li', null, h('details', null,
      h('summary', null, head, t('history.units_n', { n: items.length })), linkSpans(items)));
  }
  return h('li', null, head, linkSpans(items));
}

function linkSpans(items) {
  return items.map((s, i) => h('span', null, i ? '; ' : '',
      h('a', { href: href('/history', { unit: s.code, as_of: dayOf(s) }) }, s.label),
      ` (${t(`history.kind_${s.kind}`)}${s.share < 1 ? ` ${formatNumber(s.share * 100, { maxFractionDigits: 1 })}%` : ''}; ${s.act_number} ${t('history.dated')} ${formatDate(s.act_date)})`));
}

function historyBlock(hist) {
  return h('section', { class: 'card history-versions', 'aria-label': t('history.versions') },
    h('h2', null, t('history.versions')),
    h('ol', null, hist.versions.map((v) => h('li', null,
      h('a', { href: href('/history', { unit: v.code, as_of: dayOf(v) }) }, v.label),
      h('ul', null, linkLine(v.predecessors, 'from'), linkLine(v.successors, 'to'))))));
}

function figureRows(data, ind, state) {
  return (data.children || []).map((c) => {
    const cls = achievementClass(c.achievement);
    return [
      h('a', { href: href('/history', { ...state, unit: c.code, as_of: state.as_of }) }, c.label),
      formatValue(c.value, ind), formatValue(c.target, ind),
      h('span', { class: `heat-chip ${cls}`, title: achievementBand(c.achievement) }, achievementText(c.achievement) || '—'),
      c.carried ? badge(t('history.carried_short'), 'muted') : '',
    ];
  });
}

async function drawMap(box, data, signal) {
  const byCode = new Map((data.children || []).map((c) => [c.code, c]));
  const [L, fc] = await Promise.all([loadLeaflet(), geo(signal)]);
  const features = fc.features.filter((f) => byCode.has(String(f.properties?.code ?? f.id)));
  if (!features.length) return false;
  const div = h('div', { class: 'history-map', role: 'img', 'aria-label': t('history.map_label') });
  clear(box, h('h2', null, t('history.map')), div, heatLegend());
  const map = L.map(div, { attributionControl: false, zoomSnap: 0.25, preferCanvas: false });
  const layer = L.geoJSON({ type: 'FeatureCollection', features }, {
    style: (f) => {
      const c = byCode.get(String(f.properties?.code ?? f.id));
      return { color: '#4b5563', weight: 0.7, fillOpacity: 0.85, fillColor: HEAT[achievementClass(c?.achievement)] };
    },
    onEachFeature: (f, l) => {
      const c = byCode.get(String(f.properties?.code ?? f.id));
      l.bindTooltip(`${c.label}: ${achievementText(c.achievement) || t('history.no_target')}`, { sticky: true });
      l.on('click', () => navigate('/history', { ...Object.fromEntries(new URLSearchParams(window.location.hash.split('?')[1] || '')), unit: c.code }));
    },
  }).addTo(map);
  map.fitBounds(layer.getBounds());
  box.dataset.features = String(features.length);
  return true;
}

export async function historyView({ main, query, signal, user }) {
  setTitle(t('history.title'));
  const state = {
    unit: query.get('unit') || (user.scope_unit && user.scope_unit.code) || '',
    as_of: query.get('as_of') || '',
    plan: query.get('plan') || '',
    indicator: query.get('indicator') || '',
    period: query.get('period') || '2025',
  };
  const go = (changes) => navigate('/history', { ...state, ...changes });
  const header = pageHeader(t('history.title'), { intro: t('history.intro') });
  main.append(header, loading());
  let plans;
  let hist;
  try {
    [plans, hist] = await Promise.all([
      listPlans(signal),
      api.get(`/api/v1/org-units/${encodeURIComponent(state.unit)}/history`, { signal }).catch((e) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
    ]);
  } catch (err) {
    if (!isAbort(err)) clear(main, header, errorBox(err));
    return;
  }
  if (!state.plan && plans.length) state.plan = String(plans[0].id);
  let indicators = [];
  if (state.plan) indicators = await planIndicators(state.plan, signal).catch(() => []);
  if (!indicators.some((i) => String(i.id) === state.indicator)) state.indicator = indicators.length ? String(indicators[0].id) : '';
  const ind = indicators.find((i) => String(i.id) === state.indicator) || {};

  const planSel = select(plans.map((p) => [String(p.id), `${p.code} — ${p.title}`]), { value: state.plan, class: 'input' });
  planSel.addEventListener('change', () => go({ plan: planSel.value, indicator: '' }));
  const indSel = select(indicators.map((i) => [String(i.id), `${i.code} — ${i.name}`]), { value: state.indicator, class: 'input' });
  indSel.addEventListener('change', () => go({ indicator: indSel.value }));
  const years = [];
  for (let y = 2021; y <= 2030; y++) years.push([String(y), String(y)]);
  const yearSel = select(years, { value: state.period, class: 'input' });
  yearSel.addEventListener('change', () => go({ period: yearSel.value }));
  const viewName = uid('view');
  const today = h('input', { type: 'radio', name: viewName, value: 'today', checked: !state.as_of });
  const dated = h('input', { type: 'radio', name: viewName, value: 'as_of', checked: !!state.as_of });
  const day = h('input', { type: 'date', class: 'input', value: state.as_of || '2025-06-30', 'aria-label': t('history.as_of_day') });
  today.addEventListener('change', () => go({ as_of: '' }));
  dated.addEventListener('change', () => go({ as_of: day.value }));
  day.addEventListener('change', () => { if (day.value) go({ as_of: day.value }); });
  const controls = h('div', { class: 'card history-controls' },
    unitPicker(state, (u) => go({ unit: u.code, as_of: dayOf(u) })),
    field({ label: t('history.plan'), control: planSel }),
    field({ label: t('history.indicator'), control: indSel }),
    field({ label: t('history.year'), control: yearSel }),
    h('fieldset', { class: 'history-view' }, h('legend', null, t('history.view')),
      h('label', null, today, ' ', t('history.view_today')),
      h('label', null, dated, ' ', t('history.view_as_of')), day));

  const out = h('div', { class: 'history-out' });
  clear(main, header, controls, hist ? historyBlock(hist) : messageBox(t('history.unit_not_found'), 'info'), out);
  if (hist && !plans.length) out.append(messageBox(t('history.no_plans'), 'info'));
  if (!hist || !state.indicator) return;
  out.append(loading());
  let data;
  try {
    data = await api.get('/api/v1/analytics/history', {
      query: { indicator: state.indicator, unit: state.unit, period: state.period, as_of: state.as_of || undefined }, signal,
    });
  } catch (err) {
    if (isAbort(err)) return;
    clear(out, err instanceof ApiError && err.status === 404 ? messageBox(t('history.not_readable'), 'info') : errorBox(err));
    return;
  }
  const title = h('h2', { class: 'history-unit' }, data.unit.label);
  const summary = h('p', { class: 'history-summary' },
    t('history.value'), ': ', h('strong', null, formatValue(data.value, ind) || '—'),
    data.target !== null ? [' · ', t('history.target'), ': ', formatValue(data.target, ind)] : '',
    data.achievement !== null ? [' · ', h('span', { class: `heat-chip ${achievementClass(data.achievement)}` }, achievementText(data.achievement))] : '',
    ' ', data.view === 'today' ? badge(t('history.on_today'), 'primary') : badge(`${t('history.tree_of')} ${formatDate(data.as_of)}`, 'neutral'),
    data.carried ? [' ', badge(t('history.carried'), 'accent')] : '');
  const parts = (data.parts || []).length > 1 ? dataTable({
    caption: t('history.parts'),
    columns: cols([t('history.col_unit'), t('history.col_share'), t('history.col_value')]),
    rows: data.parts.map((p) => [p.label, formatNumber(p.share * 100, { maxFractionDigits: 1 }) + '%', formatValue(p.value ?? p.numerator, ind)]),
  }) : null;
  const children = dataTable({
    caption: t('history.children'),
    columns: cols([t('history.col_unit'), t('history.col_value'), t('history.col_target'), t('history.col_achievement'), '']),
    rows: figureRows(data, ind, state),
    empty: t('history.no_children'),
  });
  const mapBox = h('section', { class: 'card history-map-box', 'aria-label': t('history.map') });
  clear(out, title, summary, parts, mapBox, children);
  try {
    if (!(await drawMap(mapBox, data, signal))) mapBox.remove();
  } catch (err) {
    if (!isAbort(err)) clear(mapBox, messageBox(t('history.map_failed'), 'info'));
  }
}
