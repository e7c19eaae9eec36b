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

test('period codes, and numbers as typed in Vietnamese, are read the way the server writes them', async () => {
  const p = await import('../../web/js/periods.js');
  assert.deepEqual(p.parsePeriod('2024Q2'), { kind: 'quarter', year: 2024, index: 2 });
  assert.deepEqual(p.parsePeriod('2024N9'), { kind: 'nine', year: 2024, index: 0 });
  assert.equal(p.parsePeriod('2024-05'), null);
  assert.equal(p.parsePeriod('202413'), null);
  assert.deepEqual(p.periodsOfYear(2024, 'quarter'), ['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
  assert.equal(p.periodsOfYear(2024, 'month').length, 12);
  // a period finer than an indicator's frequency has no value for it
  assert.equal(p.periodFitsFrequency('2024Q2', 'month'), true);
  assert.equal(p.periodFitsFrequency('202405', 'quarter'), false);
  assert.equal(p.periodFitsFrequency('2024N9', 'quarter'), true);
  assert.equal(p.periodFitsFrequency('2024S2', 'year'), false);
  assert.equal(p.periodContains('2024S1', '2024Q2'), true);
  assert.equal(p.periodContains('2024N9', '2024Q4'), false);

  const r = await import('../../web/js/report.js');
  assert.deepEqual(r.parseTyped('1.234,5'), { value: 1234.5, places: 1 });
  assert.deepEqual(r.parseTyped('12,5'), { value: 12.5, places: 1 });
  assert.deepEqual(r.parseTyped('12.5'), { value: 12.5, places: 1 }, 'a decimal point is understood too');
  assert.deepEqual(r.parseTyped(' 1 500 '), { value: 1500, places: 0 });
  assert.deepEqual(r.parseTyped(''), { value: null });
  assert.ok(r.parseTyped('12a').error);
  assert.ok(r.parseTyped('1,2,3').error);
  // without the dictionaries loaded, the messages come back as their keys
  const count = { value_type: 'integer', decimals: 0, min: 0, max: 5000 };
  assert.equal(r.checkValue(count, r.parseTyped('1,5')), 'value.integer');
  assert.equal(r.checkValue(count, r.parseTyped('6000')), 'value.range');
  assert.equal(r.checkValue(count, r.parseTyped('5000')), '');
  const pct = { value_type: 'percent', decimals: 1, min: null, max: null };
  assert.equal(r.checkValue(pct, r.parseTyped('100,5')), 'value.range', 'a percent is 0–100 by default');
  assert.equal(r.checkValue(pct, r.parseTyped('12,25')), 'value.decimals');
  assert.equal(r.checkValue({ value_type: 'decimal', min: 10, max: null }, r.parseTyped('9')), 'value.min');
});
