// reporting.js — what the reporting screens share: report statuses and their
// badges, how late a report is, indicator values and achievement in words and
// colour classes, and the lists (plans, indicators) several screens read.
import { h } from './dom.js';
import { t, label } from './i18n.js';
import { api } from './api.js';
import { formatNumber, formatPercent } from './format.js';
import { badge } from './ui.js';

export const REPORT_STATUSES = ['draft', 'submitted', 'approved', 'returned'];
const STATUS_VARIANT = { draft: 'muted', submitted: 'primary', approved: 'ok', returned: 'warn' };

export function reportStatusBadge(status) {
  return badge(label('report_status', status), STATUS_VARIANT[status] || 'neutral');
}

// Unit and organisation references arrive as objects ({code, name}) or bare codes.
export function unitCode(u) { return u && typeof u === 'object' ? u.code : (u ?? ''); }
export function unitName(u) { return u && typeof u === 'object' ? (u.full_name || u.name || u.code || '') : (u ?? ''); }
export function orgName(o) { return o && typeof o === 'object' ? (o.name || '') : (o ?? ''); }

// The calendar day in Vietnam of an instant, as a day number (for differences).
function vnDay(date) {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(date).split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
}

// Whole days from the deadline's day to today's (Vietnam calendar); negative
// while the deadline is still ahead.
export function daysPastDeadline(deadline, now = new Date()) {
  const d = new Date(deadline);
  if (Number.isNaN(d.getTime())) return null;
  return vnDay(now) - vnDay(d);
}

// On time / late (n days) once submitted; overdue (n days) or due in n days before.
export function timelinessBadge(r) {
  if (!r) return null;
  if (r.submitted_at) {
    if (r.on_time === true) return badge(t('report.on_time'), 'ok');
    const n = Number.isFinite(r.days_late) ? r.days_late : null;
    return badge(n ? t('report.late_days', { n: formatNumber(n) }) : t('report.late'), 'error');
  }
  if (!r.deadline) return null;
  const past = daysPastDeadline(r.deadline);
  if (past === null) return null;
  const overdue = r.overdue === true || (r.overdue === undefined && new Date(r.deadline).getTime() < Date.now());
  if (overdue) return badge(past > 0 ? t('report.overdue_days', { n: formatNumber(past) }) : t('report.overdue'), 'error');
  if (past === 0) return badge(t('report.due_today'), 'warn');
  return badge(t('report.due_in', { n: formatNumber(-past) }), 'neutral');
}

// An indicator's value as the reader expects it: integers without decimals,
// decimals to the indicator's places, booleans as words.
export function formatValue(value, ind = {}) {
  if (value === null || value === undefined || value === '') return '';
  const v = Number(value);
  if (!Number.isFinite(v)) return String(value);
  if (ind.value_type === 'boolean') return v ? t('value.yes') : t('value.no');
  const places = Number.isInteger(ind.decimals) ? ind.decimals : (ind.value_type === 'integer' ? 0 : 2);
  return formatNumber(v, { maxFractionDigits: ind.value_type === 'integer' ? 0 : Math.max(places, 0) });
}

// Achievement (percent, not capped) as text: '87,5%'.
export function achievementText(a) {
  if (typeof a !== 'number' || !Number.isFinite(a)) return '';
  return formatPercent(a / 100, 1);
}

// The heat colour class of an achievement: green from 100%, yellow 80–100,
// orange 50–80, red below 50, grey when there is nothing to compare with.
export function achievementClass(a) {
  if (typeof a !== 'number' || !Number.isFinite(a)) return 'heat-none';
  if (a >= 100) return 'heat-a';
  if (a >= 80) return 'heat-b';
  if (a >= 50) return 'heat-c';
  return 'heat-d';
}

// The words for a heat class (for the legend and for screen readers).
export function achievementBand(a) {
  return t(`heat.${achievementClass(a).slice(5)}`);
}

// The legend of the heat colours; every cell also carries its number.
export function heatLegend() {
  return h('ul', { class: 'heat-legend', 'aria-label': t('heat.legend') },
    ['a', 'b', 'c', 'd', 'none'].map((k) => h('li', null,
      h('span', { class: `heat-swatch heat-${k}`, 'aria-hidden': 'true' }), t(`heat.${k}`))));
}

// The plans the user may see (one request; a province has a handful).
export async function listPlans(signal) {
  const data = await api.get('/api/v1/plans', { query: { limit: 1000 }, signal });
  return data.items || [];
}

// A plan's indicators in their order.
export async function planIndicators(planId, signal) {
  const data = await api.get(`/api/v1/plans/${encodeURIComponent(planId)}/indicators`, { query: { limit: 1000 }, signal });
  const items = Array.isArray(data) ? data : (data.items || []);
  return [...items].sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.id - b.id);
}

// The frequencies a plan's indicators are reported at.
export function frequenciesOf(indicators) {
  return [...new Set(indicators.map((i) => i.frequency).filter(Boolean))];
}

// Whether the user may enter data at all (admins, viewers and inspectors do not).
export function entersData(user) {
  return !!user && (user.role === 'officer' || user.role === 'leader') && !!user.organization;
}

// Whether the user may approve reports (a leader of some organisation).
export function approves(user) {
  return !!user && user.role === 'leader';
}
