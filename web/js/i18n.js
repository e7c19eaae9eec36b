// i18n.js — the interface's words. Vietnamese is the default; English is a
// switch remembered in this browser. Every visible string comes from
// /i18n/<lang>.json; a key missing in English falls back to Vietnamese.

export const LANGS = ['vi', 'en'];
const STORAGE_KEY = 'tiendo.lang';

let lang = 'vi';
let dict = {};
let base = {};          // Vietnamese, the fallback
const listeners = new Set();

async function load(l) {
  const res = await fetch(`/i18n/${l}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`i18n ${l}: ${res.status}`);
  return res.json();
}

function stored() {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

// Loads the remembered language (or Vietnamese) before anything is drawn.
export async function initI18n() {
  base = await load('vi');
  const want = stored();
  lang = LANGS.includes(want) ? want : 'vi';
  dict = lang === 'vi' ? base : await load(lang).catch(() => { lang = 'vi'; return base; });
  document.documentElement.lang = lang;
}

export function getLang() { return lang; }

// Switches language, remembers it, and tells listeners (which redraw).
export async function setLang(l) {
  if (!LANGS.includes(l) || l === lang) return;
  dict = l === 'vi' ? base : await load(l);
  lang = l;
  try { localStorage.setItem(STORAGE_KEY, l); } catch { /* private mode: not remembered */ }
  document.documentElement.lang = l;
  for (const fn of listeners) fn(l);
}

export function onLangChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

export function has(key) {
  return Object.prototype.hasOwnProperty.call(dict, key) || Object.prototype.hasOwnProperty.call(base, key);
}

// t('plans.count', {n: 6}) -> text with {n} replaced. Unknown keys come back as
// the key itself so a missing word is visible in review, not silently blank.
export function t(key, params) {
  let s = Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : base[key];
  if (typeof s !== 'string') return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined ? m : String(params[k])));
  return s;
}

// The label of a code in a group ('kind', 'de_an' -> 'Đề án'); unknown codes
// are shown as they are.
export function label(group, code) {
  if (code === null || code === undefined || code === '') return '';
  const key = `${group}.${code}`;
  return has(key) ? t(key) : String(code);
}
