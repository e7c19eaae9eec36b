// static.test.mjs — checks on the web/ files themselves, no browser needed: both
// dictionaries carry the same words, every key the code asks for exists, the
// page keeps to the strict content security policy (no inline script, style or
// event attributes), and no module parses HTML from strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const WEB = 'web';
const vi = JSON.parse(readFileSync(join(WEB, 'i18n/vi.json'), 'utf8'));
const en = JSON.parse(readFileSync(join(WEB, 'i18n/en.json'), 'utf8'));
const modules = readdirSync(join(WEB, 'js')).filter((f) => f.endsWith('.js'))
  .map((f) => ({ name: f, text: readFileSync(join(WEB, 'js', f), 'utf8') }));

test('the Vietnamese and English dictionaries have the same keys, none empty', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(vi).sort());
  for (const [k, v] of Object.entries(vi)) assert.ok(typeof v === 'string' && v.trim(), `vi ${k}`);
  for (const [k, v] of Object.entries(en)) assert.ok(typeof v === 'string' && v.trim(), `en ${k}`);
  // the placeholders of a sentence are the same in both languages
  const params = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const k of Object.keys(vi)) assert.equal(params(en[k]), params(vi[k]), `placeholders of ${k}`);
});

test('every word the code asks for is in the dictionary', () => {
  const missing = [];
  for (const m of modules) {
    for (const [, key] of m.text.matchAll(/\bt\('([\w.]+)'/g)) if (!(key in vi)) missing.push(`${m.name}: ${key}`);
    for (const [, key] of m.text.matchAll(/section\('([\w.]+)'/g)) if (!(key in vi)) missing.push(`${m.name}: ${key}`);
    for (const [, a, b] of m.text.matchAll(/t\(isNew \? '([\w.]+)' : '([\w.]+)'/g)) {
      for (const key of [a, b]) if (!(key in vi)) missing.push(`${m.name}: ${key}`);
    }
  }
  // coded values shown with label(group, code)
  const groups = {
    kind: ['ke_hoach', 'de_an'], plan_status: ['draft', 'active', 'closed'], level: ['province', 'district', 'commune'],
    role: ['admin', 'leader', 'officer', 'viewer', 'inspector'], coord_role: ['coordinate', 'supervise'],
    system: ['mttq', 'women', 'farmers', 'veterans', 'youth', 'labor', 'party', 'people_committee', 'department'],
  };
  for (const [g, codes] of Object.entries(groups)) for (const c of codes) if (!(`${g}.${c}` in vi)) missing.push(`${g}.${c}`);
  assert.deepEqual(missing, []);
});

test('the page has no inline script, style or event handler attribute (strict CSP)', () => {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert.match(attrs, /\bsrc=/, 'scripts are files');
    assert.equal(body.trim(), '', 'no inline script');
  }
  assert.doesNotMatch(html, /<style\b/i);
  assert.doesNotMatch(html, /\sstyle=/i);
  assert.doesNotMatch(html, /\son[a-z]+=/i);
  assert.match(html, /<script type="module" src="\/js\/app\.js"><\/script>/);
  assert.match(html, /<link rel="stylesheet" href="\/css\/app\.css">/);
});

test('no module builds HTML from strings (user text only ever goes in as text)', () => {
  for (const m of modules) {
    assert.doesNotMatch(m.text, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|createContextualFragment|new Function|\beval\(/,
      m.name);
    assert.doesNotMatch(m.text, /\.style\.|setAttribute\('style'/, `${m.name}: styles belong in app.css`);
  }
});

test('numbers, dates and sorting follow Vietnamese conventions', async () => {
  const f = await import('../../web/js/format.js');
  assert.equal(f.formatNumber(1234567.5), '1.234.567,5');
  assert.equal(f.formatInteger(2500000), '2.500.000');
  assert.equal(f.formatDate('2024-05-03'), '03/05/2024');
  assert.equal(f.formatDate('2024-12-31T20:00:00Z'), '01/01/2025', 'timestamps in Vietnam time');
  assert.equal(f.formatYears(2022, 2025), '2022–2025');
  assert.equal(f.formatNumber('x'), '');
  assert.deepEqual(f.sortVi(['Đông', 'Dương', 'Ân', 'An', 'Ăn', 'Bắc']), ['An', 'Ăn', 'Ân', 'Bắc', 'Dương', 'Đông']);
});
