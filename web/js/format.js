// format.js — numbers, dates and sorting as the reader expects them:
// Vietnamese 1.234.567,5 and dd/mm/yyyy; English 1,234,567.5 and dd/mm/yyyy.
// Vietnamese text sorts by Vietnamese collation (a < ă < â, d < đ), not bytes.
import { getLang } from './i18n.js';

const TZ = 'Asia/Ho_Chi_Minh';
const cache = new Map();

function locale() { return getLang() === 'en' ? 'en-GB' : 'vi-VN'; }

function fmt(kind, options) {
  const key = `${locale()}|${kind}|${JSON.stringify(options)}`;
  if (!cache.has(key)) {
    cache.set(key, kind === 'number'
      ? new Intl.NumberFormat(locale(), options)
      : new Intl.DateTimeFormat(locale(), options));
  }
  return cache.get(key);
}

// formatNumber(1234567.5) -> '1.234.567,5' (vi). Non-numbers give ''.
export function formatNumber(n, { maxFractionDigits = 2, minFractionDigits = 0 } = {}) {
  const v = typeof n === 'string' && n.trim() !== '' ? Number(n) : n;
  if (typeof v !== 'number' || !Number.isFinite(v)) return '';
  return fmt('number', { maximumFractionDigits: maxFractionDigits, minimumFractionDigits: minFractionDigits }).format(v);
}

// Money in VND: integers, no decimals, with the currency word from the caller.
export function formatInteger(n) { return formatNumber(n, { maxFractionDigits: 0 }); }

// formatPercent(0.875) -> '87,5%'.
export function formatPercent(ratio, digits = 1) {
  if (typeof ratio !== 'number' || !Number.isFinite(ratio)) return '';
  return fmt('number', { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

// formatDate('2024-05-03') -> '03/05/2024'. Date-only strings are calendar days
// (no time zone shift); timestamps are shown in Vietnam's time zone.
export function formatDate(iso) {
  if (!iso) return '';
  const m = DATE_ONLY.exec(iso);
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return fmt('date', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: m ? 'UTC' : TZ }).format(d);
}

// formatDateTime('2024-05-03T02:15:00Z') -> '03/05/2024, 09:15' (vi).
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return fmt('date', {
    day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: TZ,
  }).format(d);
}

// formatClock('2024-05-19T16:59:59Z') -> '19/05/2024 23:59': day first, then
// the 24-hour time, in Vietnam's time zone whatever the language (deadlines
// are read as ICT).
export function formatClock(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const parts = {};
  for (const p of fmt('date', {
    day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TZ,
  }).formatToParts(d)) parts[p.type] = p.value;
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

// formatBytes(12345) -> '12,1 KB'.
export function formatBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '';
  if (n < 1024) return `${formatInteger(n)} B`;
  if (n < 1024 * 1024) return `${formatNumber(n / 1024, { maxFractionDigits: 1 })} KB`;
  return `${formatNumber(n / (1024 * 1024), { maxFractionDigits: 1 })} MB`;
}

// Years are labels, never grouped: 2022–2025.
export function formatYears(from, to) {
  if (!from && !to) return '';
  if (!to || from === to) return String(from || to);
  return `${from}–${to}`;
}

const collator = new Intl.Collator('vi', { numeric: true });

// Vietnamese comparison for Array.prototype.sort.
export function compareVi(a, b) { return collator.compare(a ?? '', b ?? ''); }

// A sorted copy of items by key(item) in Vietnamese order.
export function sortVi(items, key = (x) => x) {
  return [...items].sort((x, y) => compareVi(key(x), key(y)));
}
