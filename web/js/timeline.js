// timeline.js — the roadmap as a Gantt chart: the tasks grouped by their slot
// (month, quarter, year of the roadmap), each a bar from its start to its
// deadline coloured by its status, the late part (after the deadline) marked,
// and a line at today. The scale (months, quarters or years) sets the ticks;
// a chosen year is the window, otherwise the span of the tasks. Bars are SVG
// shapes placed by their attributes; every colour comes from app.css, and each
// row says in words what its bar shows.
import { h, clear } from './dom.js';
import { t, label } from './i18n.js';
import { api, isAbort } from './api.js';
import { formatInteger, formatDate } from './format.js';
import { replaceQuery } from './router.js';
import { setTitle, pageHeader, field, select, codeChoices, loading, errorBox, messageBox, badge, childController } from './ui.js';
import {
  TASK_STATUSES, SLOT_KINDS, taskStatusBadge, refName, writes, plansOf, planChoices, yearChoices, unitFilter, todayIso,
} from './followup.js';
import { taskTabs, taskLateness } from './tasks.js';

const NS = 'http://www.w3.org/2000/svg';
const DAY = 86400000;

// An SVG element with attributes (never a style).
function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// 'YYYY-MM-DD' -> day number (UTC days), and back.
const dayOf = (iso) => Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY);
const isoOf = (day) => new Date(day * DAY).toISOString().slice(0, 10);

// The first day of the scale unit holding `day`, and the first day of the next.
function unitStart(day, scale) {
  const d = new Date(day * DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const first = scale === 'year' ? 0 : scale === 'quarter' ? m - (m % 3) : m;
  return Date.UTC(y, first, 1) / DAY;
}
function nextUnit(day, scale) {
  const d = new Date(day * DAY);
  const step = scale === 'year' ? 12 : scale === 'quarter' ? 3 : 1;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step, 1) / DAY;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

// The window [from, to) in days and its ticks {day, minor, major}.
export function timeWindow(tasks, { year, scale, today }) {
  let from;
  let to;
  if (year) {
    from = dayOf(`${year}-01-01`);
    to = dayOf(`${Number(year) + 1}-01-01`);
  } else {
    const starts = [];
    const ends = [];
    for (const x of tasks) {
      if (x.start) starts.push(dayOf(x.start));
      if (x.deadline) ends.push(dayOf(x.deadline) + 1);
      if (x.completed_on) ends.push(dayOf(x.completed_on) + 1);
      if (x.status === 'overdue') ends.push(today + 1);
    }
    if (!starts.length) { from = unitStart(today, 'year'); to = nextUnit(from, 'year'); }
    else {
      from = unitStart(Math.min(...starts), scale);
      to = Math.max(...ends);
      if (unitStart(to - 1, scale) !== to) to = nextUnit(unitStart(to - 1, scale), scale);
    }
  }
  const ticks = [];
  for (let d = unitStart(from, scale); d < to; d = nextUnit(d, scale)) {
    const date = new Date(d * DAY);
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth();
    let minor;
    if (scale === 'month') minor = t('timeline.tick_month', { m: m + 1 });
    else if (scale === 'quarter') minor = ROMAN[Math.floor(m / 3)];
    else minor = String(y);
    // the first tick names its year unless the next year begins right after it
    const first = d <= from && m !== 0;
    const nextYear = Date.UTC(y + 1, 0, 1) / DAY;
    ticks.push({ day: Math.max(d, from), minor, major: m === 0 || (first && (nextYear - Math.max(d, from) > 182 || nextYear >= to)) ? String(y) : null });
  }
  return { from, to, ticks };
}

function pct(day, win) {
  return Math.max(0, Math.min(100, ((day - win.from) / (win.to - win.from)) * 100));
}
const P = (v) => `${Math.round(v * 1000) / 1000}%`;

// The scale above the rows: tick lines, their labels, the years below.
function axis(win, today) {
  const years = win.ticks.some((k) => k.major) && (win.to - win.from > 370 || win.ticks[0].major === null);
  const dense = win.ticks.length > 24;
  const height = years ? 34 : 20;
  // many ticks: on a phone only the years are named (app.css)
  const svg = s('svg', { class: `tl-svg tl-axis-svg${win.ticks.length > 12 ? ' tl-many' : ''}`, width: '100%', height, 'aria-hidden': 'true', focusable: 'false' });
  for (const k of win.ticks) {
    const at = pct(k.day, win);
    const x = P(at);
    svg.append(s('line', { x1: x, x2: x, y1: 0, y2: height, class: k.major ? 'tl-tick tl-tick-major' : 'tl-tick' }));
    if (at > 96) continue; // no room for a label at the very end
    if (!dense) svg.append(s('text', { x, y: 13, dx: 3, class: 'tl-tick-label' }, k.minor));
    if (years && k.major && at <= 92) svg.append(s('text', { x, y: dense ? 13 : 29, dx: 3, class: 'tl-year-label' }, k.major));
  }
  if (today >= win.from && today < win.to) {
    const x = P(pct(today, win));
    svg.append(s('line', { x1: x, x2: x, y1: 0, y2: height, class: 'tl-today' }));
  }
  return svg;
}

// One task's bar: planned span, progress inside it, the late part, today.
function bar(task, win, today) {
  const svg = s('svg', { class: 'tl-svg tl-track-svg', width: '100%', height: 22, 'aria-hidden': 'true', focusable: 'false' });
  for (const k of win.ticks) if (k.major) svg.append(s('line', { x1: P(pct(k.day, win)), x2: P(pct(k.day, win)), y1: 0, y2: 22, class: 'tl-grid' }));
  const start = task.start ? dayOf(task.start) : null;
  const end = task.deadline ? dayOf(task.deadline) + 1 : null;
  if (start !== null && end !== null) {
    const x1 = pct(start, win);
    const x2 = pct(end, win);
    if (x2 > x1) {
      svg.append(s('rect', { x: P(x1), y: 4, width: P(Math.max(x2 - x1, 0.4)), height: 14, rx: 3, class: `tl-bar tl-${task.status}` },
        s('title', null, `${formatDate(task.start)} – ${formatDate(task.deadline)}`)));
      const prog = Math.max(0, Math.min(100, Number(task.progress) || 0));
      if (!task.completed_on && prog > 0) {
        svg.append(s('rect', { x: P(x1), y: 8, width: P(((x2 - x1) * prog) / 100), height: 6, class: 'tl-progress' }));
      }
    }
    // after the deadline: until completion (done late) or until today (overdue)
    const lateEnd = task.status === 'done_late' && task.completed_on ? dayOf(task.completed_on) + 1 : task.status === 'overdue' ? today + 1 : null;
    if (lateEnd !== null && lateEnd > end) {
      const a = pct(end, win);
      const b = pct(lateEnd, win);
      if (b > a) svg.append(s('rect', { x: P(a), y: 7, width: P(Math.max(b - a, 0.4)), height: 8, class: `tl-late tl-late-${task.status}` }));
    }
    if (task.completed_on) {
      const c = dayOf(task.completed_on);
      if (c >= win.from && c < win.to) svg.append(s('circle', { cx: P(pct(c + 0.5, win)), cy: 11, r: 4, class: `tl-done tl-done-${task.status}` }));
    }
  }
  if (today >= win.from && today < win.to) {
    const x = P(pct(today + 0.5, win));
    svg.append(s('line', { x1: x, x2: x, y1: 0, y2: 22, class: 'tl-today' }));
  }
  return svg;
}

function legend() {
  return h('ul', { class: 'tl-legend', 'aria-label': t('timeline.legend') },
    TASK_STATUSES.map((st) => h('li', null, h('span', { class: `tl-swatch tl-${st}`, 'aria-hidden': 'true' }), label('task_status', st))),
    h('li', null, h('span', { class: 'tl-swatch tl-swatch-late', 'aria-hidden': 'true' }), t('timeline.late_part')),
    h('li', null, h('span', { class: 'tl-swatch tl-swatch-today', 'aria-hidden': 'true' }), t('timeline.today', { date: formatDate(todayIso()) })));
}

function countsLine(counts) {
  return h('span', { class: 'inline-list tl-counts' }, TASK_STATUSES.filter((st) => counts && counts[st] > 0)
    .map((st) => h('span', { class: `tl-count tl-count-${st}` }, `${label('task_status', st)}: ${formatInteger(counts[st])}`)));
}

export function timelineChart(groups, { year, scale, today = dayOf(todayIso()) }) {
  const all = groups.flatMap((g) => g.tasks || []);
  const win = timeWindow(all, { year, scale, today });
  const rows = [];
  for (const g of groups) {
    const tasks = g.tasks || [];
    rows.push(h('div', { class: 'tl-group', role: 'row' },
      h('div', { class: 'tl-group-head', role: 'rowheader' },
        h('strong', null, g.label || g.slot), h('span', { class: 'muted small' }, ` · ${t('timeline.n_tasks', { n: formatInteger(tasks.length) })}`),
        countsLine(g.counts))));
    for (const x of tasks) {
      rows.push(h('div', { class: `tl-row tl-row-${x.status}`, role: 'row' },
        h('div', { class: 'tl-label', role: 'cell' },
          h('a', { href: `#/tasks/${encodeURIComponent(x.id)}`, class: 'tl-title' }, x.title),
          h('span', { class: 'tl-meta muted small' }, [refName(x.responsible), `${formatDate(x.start)} – ${formatDate(x.deadline)}`,
            x.completed_on ? t('timeline.completed_on', { date: formatDate(x.completed_on) }) : t('timeline.progress', { n: formatInteger(x.progress || 0) })].filter(Boolean).join(' · ')),
          h('span', { class: 'inline-list' }, taskStatusBadge(x.status), taskLateness(x), x.extended ? badge(t('tasks.extended'), 'accent') : null)),
        h('div', { class: 'tl-track', role: 'cell' }, bar(x, win, today))));
    }
  }
  return h('div', { class: 'timeline', role: 'table', 'aria-label': t('timeline.title') },
    h('div', { class: 'tl-row tl-head', role: 'row' },
      h('div', { class: 'tl-label', role: 'columnheader' }, t('timeline.col_task')),
      h('div', { class: 'tl-track', role: 'columnheader' },
        h('span', { class: 'visually-hidden' }, t('timeline.col_time', { from: formatDate(isoOf(win.from)), to: formatDate(isoOf(win.to - 1)) })),
        axis(win, today))),
    rows);
}

export async function timelineView({ main, query, signal, user }) {
  setTitle(t('timeline.title'));
  const plans = await plansOf(signal);
  const unitSel = await unitFilter(user, signal);
  const state = {
    plan: query.get('plan') || '', unit: query.get('unit') || '', status: query.get('status') || '',
    year: query.get('year') || '', mine: query.get('mine') === '1' ? '1' : '', scale: query.get('scale') || '',
  };
  const planSel = select(planChoices(plans, t('filter.all')), { name: 'plan', value: state.plan, class: 'select-long' });
  unitSel.value = state.unit;
  const statusSel = select(codeChoices('task_status', TASK_STATUSES, t('filter.all')), { name: 'status', value: state.status });
  const yearSel = select(yearChoices(plans, t('filter.all_years')), { name: 'year', value: state.year });
  const scaleSel = select(SLOT_KINDS.map((k) => [k, label('timeline_scale', k)]), { name: 'scale', value: state.scale || (state.year ? 'month' : 'quarter') });
  const mineBox = h('input', { type: 'checkbox', name: 'mine', id: 'tl-mine', checked: state.mine === '1' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('followup.filters') },
    field({ label: t('followup.plan'), control: planSel, className: 'field-grow' }),
    field({ label: t('followup.unit'), control: unitSel }),
    field({ label: t('tasks.status'), control: statusSel }),
    field({ label: t('followup.year'), control: yearSel }),
    field({ label: t('timeline.scale'), control: scaleSel }),
    h('div', { class: 'field field-check' }, mineBox, h('label', { for: 'tl-mine' }, t('tasks.tab_mine'))));
  form.addEventListener('submit', (e) => e.preventDefault());
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  main.append(pageHeader(t('timeline.title'), {
    intro: t('timeline.intro'),
    actions: writes(user) ? [h('a', { class: 'btn btn-primary', href: '#/tasks/new' }, t('tasks.new'))] : [],
  }), taskTabs('timeline'), form, legend(), results);

  let current = null;
  async function load() {
    if (current) current.abort();
    current = childController(signal);
    const mine = current;
    replaceQuery('/tasks/timeline', state);
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading());
    try {
      const data = await api.get('/api/v1/tasks/timeline', {
        query: { plan: state.plan, unit: state.unit, status: state.status, year: state.year, mine: state.mine }, signal: mine.signal,
      });
      if (mine !== current) return;
      const groups = data.items || [];
      const n = Number.isFinite(data.tasks) ? data.tasks : groups.reduce((a, g) => a + (g.tasks || []).length, 0);
      clear(results,
        h('p', { class: 'result-count' }, t('timeline.count', { n: formatInteger(n), slots: formatInteger(groups.length) })),
        data.truncated ? messageBox(t('timeline.truncated'), 'warning') : null,
        groups.length ? h('div', { class: 'timeline-wrap' }, timelineChart(groups, { year: state.year, scale: scaleSel.value })) : h('p', { class: 'empty' }, t('tasks.empty')));
    } catch (err) {
      if (isAbort(err) || mine !== current) return;
      clear(results, errorBox(err, { retry: load }));
    } finally {
      if (mine === current) results.removeAttribute('aria-busy');
    }
  }
  for (const [el, key] of [[planSel, 'plan'], [unitSel, 'unit'], [statusSel, 'status'], [yearSel, 'year']]) {
    el.addEventListener('change', () => {
      state[key] = el.value;
      if (key === 'year' && !state.scale) scaleSel.value = state.year ? 'month' : 'quarter';
      load();
    });
  }
  scaleSel.addEventListener('change', () => { state.scale = scaleSel.value; load(); });
  mineBox.addEventListener('change', () => { state.mine = mineBox.checked ? '1' : ''; load(); });
  await load();
}
