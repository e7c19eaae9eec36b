// periods.js — reporting period codes as the server writes them (2024 year,
// 2024S1 half, 2024N9 nine months, 2024Q2 quarter, 202405 month): their kind,
// their label in the reader's language, and the lists a picker offers.
import { t } from './i18n.js';

// The order periods are offered in, coarsest first.
export const FREQUENCIES = ['year', 'half', 'nine', 'quarter', 'month'];

// '202405' -> {kind: 'month', year: 2024, index: 5}; null for anything else.
export function parsePeriod(code) {
  const s = String(code || '');
  let m = /^(\d{4})$/.exec(s);
  if (m) return { kind: 'year', year: +m[1], index: 0 };
  m = /^(\d{4})S([12])$/.exec(s);
  if (m) return { kind: 'half', year: +m[1], index: +m[2] };
  m = /^(\d{4})N9$/.exec(s);
  if (m) return { kind: 'nine', year: +m[1], index: 0 };
  m = /^(\d{4})Q([1-4])$/.exec(s);
  if (m) return { kind: 'quarter', year: +m[1], index: +m[2] };
  m = /^(\d{4})(0[1-9]|1[0-2])$/.exec(s);
  if (m) return { kind: 'month', year: +m[1], index: +m[2] };
  return null;
}

export function periodKind(code) { const p = parsePeriod(code); return p ? p.kind : null; }
export function periodYear(code) { const p = parsePeriod(code); return p ? p.year : null; }

// 'Tháng 5/2024', 'Quý II/2024', '6 tháng đầu năm 2024' ... (English: 'May 2024').
// A code that is not a period is shown as it is.
export function periodLabel(code) {
  const p = parsePeriod(code);
  if (!p) return String(code ?? '');
  const y = p.year;
  switch (p.kind) {
    case 'month': return t(`period.m${p.index}`, { y });
    case 'quarter': return t(`period.q${p.index}`, { y });
    case 'half': return t(`period.s${p.index}`, { y });
    case 'nine': return t('period.n9', { y });
    default: return t('period.year', { y });
  }
}

// The periods of one kind in a year, in order: periodsOfYear(2024, 'quarter')
// -> ['2024Q1', ..., '2024Q4'].
export function periodsOfYear(year, kind) {
  switch (kind) {
    case 'month': return Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, '0')}`);
    case 'quarter': return [1, 2, 3, 4].map((q) => `${year}Q${q}`);
    case 'half': return [`${year}S1`, `${year}S2`];
    case 'nine': return [`${year}N9`];
    case 'year': return [String(year)];
    default: return [];
  }
}

// Every period of the given kinds in a year, coarsest first, then in time order.
export function periodsOfYearKinds(year, kinds) {
  const want = FREQUENCIES.filter((k) => kinds.includes(k));
  return want.flatMap((k) => periodsOfYear(year, k));
}

// The months (1-12) a period covers.
function months(p) {
  switch (p.kind) {
    case 'month': return [p.index, p.index];
    case 'quarter': return [p.index * 3 - 2, p.index * 3];
    case 'half': return [p.index * 6 - 5, p.index * 6];
    case 'nine': return [1, 9];
    default: return [1, 12];
  }
}

// True when the period `inner` lies within `outer` (a period contains itself).
export function periodContains(outer, inner) {
  const a = parsePeriod(outer);
  const b = parsePeriod(inner);
  if (!a || !b || a.year !== b.year) return false;
  const [a1, a2] = months(a);
  const [b1, b2] = months(b);
  return a1 <= b1 && b2 <= a2;
}

// True when a value at frequency `kind` can be read for the period: some
// period of that kind lies inside it (a year indicator has no May value).
export function periodFitsFrequency(code, kind) {
  const p = parsePeriod(code);
  if (!p) return false;
  return periodsOfYear(p.year, kind).some((b) => periodContains(code, b));
}

// The current calendar year in Vietnam.
export function currentYear() {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
}

// The year to show first for a span of years: this year when it lies inside,
// else the nearest end of the span.
export function defaultYear(from, to) {
  const now = currentYear();
  if (!from && !to) return now;
  if (from && now < from) return from;
  if (to && now > to) return to;
  return now;
}

// The latest period of `kind` that has already begun in [from, to] years: the
// natural default when creating a report (this month's report, or the last one
// of a plan that has ended).
export function latestPeriod(kind, from, to) {
  const year = defaultYear(from, to);
  const list = periodsOfYear(year, kind);
  if (year < currentYear()) return list[list.length - 1];
  const nowMonth = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', month: 'numeric' }).format(new Date()));
  const begun = list.filter((c) => months(parsePeriod(c))[0] <= nowMonth);
  return begun.length ? begun[begun.length - 1] : list[0];
}
