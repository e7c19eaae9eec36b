// exports.test.mjs — the conference report over HTTP on the demo: the draft (JSON)
// with figures equal to the analytics API's, its .docx (a ZIP holding
// word/document.xml with the plan titles), an edited draft POSTed back, a district
// user confined to its subtree, and malformed drafts refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv, admin;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function bytes(c, method, path, body) {
  const h = { cookie: c.cookie };
  if (method !== 'GET') { h['x-csrf-token'] = c.csrf; h['content-type'] = 'application/json'; }
  const r = await fetch(srv.url + path, { method, headers: h, body: body && JSON.stringify(body) });
  return { status: r.status, headers: r.headers, buf: Buffer.from(await r.arrayBuffer()) };
}
// The text of word/document.xml (tags dropped), after checking the ZIP shape.
function docText(buf) {
  assert.equal(buf.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a ZIP local header');
  assert.ok(buf.includes(Buffer.from('word/document.xml')), 'word/document.xml in the directory');
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-exp-'));
  writeFileSync(join(dir, 'r.docx'), buf);
  const xml = execFileSync('unzip', ['-p', join(dir, 'r.docx'), 'word/document.xml']).toString('utf8');
  return xml.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
const vn = (v) => {
  const [i, f] = String(Math.round(v * 100) / 100).split('.');
  return i.replace(/\B(?=(\d{3})+(?!\d))/g, '.') + (f ? ',' + f : '');
};

before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
});
after(async () => { await srv?.stop(); });

describe('conference report', () => {
  test('the draft: sections, plan titles, figures equal to the analytics API', async () => {
    const r = await admin.get('/api/v1/exports/conference-report.json?year=2024&unit=24');
    assert.equal(r.status, 200, r.text);
    const d = r.body;
    assert.equal(d.meta.format, 'party');
    assert.equal(d.meta.issuer, 'TỈNH ỦY BẮC GIANG');
    assert.match(d.meta.number, /^Số .*-BC\/TU$/);
    assert.match(d.meta.place_date, /^Bắc Giang, ngày \d\d tháng \d\d năm \d{4}$/);
    assert.equal(d.meta.title, 'BÁO CÁO');
    assert.match(d.meta.subject, /năm 2024$/);
    assert.deepEqual(d.sections.map((s) => s.key),
      ['results', 'limitations', 'recommendations', 'directions', 'annex']);
    const plans = (await admin.get('/api/v1/plans?limit=100')).body.items;
    const subs = d.sections[0].subsections;
    for (const p of plans.filter((x) => x.start_year <= 2024 && x.end_year >= 2024 && x.status !== 'draft'))
      assert.ok(subs.some((s) => s.heading === p.title), `plan ${p.code} has its sub-heading`);
    // every indicator row equals the analytics figure for the province
    let checked = 0;
    for (const p of plans) {
      const sub = subs.find((s) => s.heading === p.title);
      if (!sub) continue;
      const inds = (await admin.get(`/api/v1/plans/${p.id}/indicators?limit=500`)).body.items;
      for (const row of sub.tables[0].rows.slice(0, 3)) {
        const ind = inds.find((i) => i.code === row[0]);
        const a = (await admin.get(`/api/v1/analytics?indicator=${ind.id}&unit=24&period=2024`)).body.items[0];
        assert.equal(row[4], a.value === null ? '' : vn(a.value), `${row[0]} actual`);
        assert.equal(row[3], a.target === null ? '' : vn(a.target), `${row[0]} target`);
        checked++;
      }
    }
    assert.ok(checked >= 6, `checked ${checked} figures`);
    assert.ok(d.sections[4].tables[0].rows.length > 0, 'annex rows');
    assert.ok(d.sections[3].paragraphs.every((s) => s.startsWith('Tập trung chỉ đạo') || s.startsWith('Tiếp tục')));
  });

  test('limitations quote what the units wrote in their approved reports of the year', async () => {
    const d = (await admin.get('/api/v1/exports/conference-report.json?year=2024&unit=24')).body;
    const lim = d.sections.find((s) => s.key === 'limitations');
    assert.ok(lim, 'a limitations section');
    const quotes = lim.paragraphs.filter((p) => p.startsWith('Báo cáo kỳ 2024'));
    assert.ok(quotes.length > 0, `quotes from the 2024 reports: ${JSON.stringify(lim.paragraphs)}`);
    const reports = await admin.get('/api/v1/reports?status=approved&period=' + quotes[0].slice(11, quotes[0].indexOf(' ', 11)) + '&limit=1000');
    assert.equal(reports.status, 200, reports.text);
    const narratives = await Promise.all(reports.body.items.slice(0, 200).map((r) => admin.get(`/api/v1/reports/${r.id}`)));
    assert.ok(narratives.some((r) => r.body.narrative && r.body.narrative.limitations &&
      quotes[0].includes(r.body.narrative.limitations.slice(0, 40))), 'the quote is a real report narrative');
  });

  test('the docx: attachment, plan titles and a figure of the analytics API', async () => {
    const r = await bytes(admin, 'GET', '/api/v1/exports/conference-report.docx?year=2024&unit=24');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), DOCX);
    const cd = r.headers.get('content-disposition');
    assert.match(cd, /^attachment; filename="bao-cao-hoi-nghi-2024\.docx"; filename\*=UTF-8''/);
    const text = docText(r.buf);
    for (const s of ['TỈNH ỦY BẮC GIANG', 'ĐẢNG CỘNG SẢN VIỆT NAM', 'BÁO CÁO', 'I. Kết quả thực hiện',
      'II. Hạn chế, nguyên nhân', 'III. Kiến nghị, đề xuất', 'IV. Phương hướng']) assert.ok(text.includes(s), s);
    const plans = (await admin.get('/api/v1/plans?limit=100')).body.items;
    const ocop = plans.find((p) => p.code === 'DA-OCOP');
    assert.ok(text.includes(ocop.title));
    const ind = (await admin.get(`/api/v1/plans/${ocop.id}/indicators?limit=500`)).body.items[0];
    const a = (await admin.get(`/api/v1/analytics?indicator=${ind.id}&unit=24&period=2024`)).body.items[0];
    assert.ok(text.includes(`${ind.code}${ind.name}${ind.unit_label}${vn(a.target)}${vn(a.value)}`),
      `row of ${ind.code} with ${a.value}`);
    const state = docText((await bytes(admin, 'GET', '/api/v1/exports/conference-report.docx?year=2024&unit=24&format=state')).buf);
    assert.ok(state.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM') && state.includes('/BC-UBND'));
  });

  test('an edited draft POSTed back comes out in the docx, as text only', async () => {
    const d = (await admin.get('/api/v1/exports/conference-report.json?year=2024&unit=24')).body;
    d.sections[1].paragraphs.push('Câu do người dùng thêm <w:p> & "kiểm tra"');
    d.sections[0].subsections[0].heading = 'Đề án đã sửa tên';
    const r = await bytes(admin, 'POST', '/api/v1/exports/conference-report.docx', d);
    assert.equal(r.status, 200);
    const text = docText(r.buf);
    assert.ok(text.includes('Câu do người dùng thêm <w:p> & "kiểm tra"'));
    assert.ok(text.includes('1. Đề án đã sửa tên'));
    for (const bad of [{}, { meta: d.meta, sections: 'x' },
      { meta: d.meta, sections: [{ heading: 5 }] },
      { meta: { ...d.meta, format: 'html' }, sections: [] },
      { meta: d.meta, sections: [{ heading: 'a', tables: [{ columns: ['a'], rows: [['a', 'b']] }] }] },
      { meta: d.meta, sections: [{ heading: 'x'.repeat(3000) }] }]) {
      const b = await admin.post('/api/v1/exports/conference-report.docx', bad);
      assert.equal(b.status, 422, JSON.stringify(bad).slice(0, 80) + b.text);
    }
    const big = await admin.post('/api/v1/exports/conference-report.docx',
      { meta: d.meta, sections: [{ heading: 'a', paragraphs: ['x'.repeat(3 << 20)] }] });
    assert.equal(big.status, 413);
  });

  test('a district user gets only its subtree', async () => {
    const c = new Client(srv.url);
    await c.login('langgiang.phunu.lanhdao');
    const r = await c.get('/api/v1/exports/conference-report.json?year=2024');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.meta.issuer, 'HUYỆN ỦY LẠNG GIANG');
    const all = JSON.stringify(r.body.sections);
    for (const other of ['Yên Dũng', 'Tân Yên', 'Sơn Động', 'Hiệp Hòa'])
      assert.ok(!all.includes(other), `nothing of ${other}`);
    for (const row of r.body.sections[4].tables[0].rows) assert.match(row[0], /Lạng Giang|thị trấn|xã /i);
    assert.equal((await c.get('/api/v1/exports/conference-report.json?year=2024&unit=221')).status, 404);
    assert.equal((await bytes(c, 'GET', '/api/v1/exports/conference-report.docx?year=2024&unit=221')).status, 404);
    assert.equal((await c.get('/api/v1/exports/conference-report.json?year=2024&unit=24')).status, 404);
    const text = docText((await bytes(c, 'GET', '/api/v1/exports/conference-report.docx?year=2024')).buf);
    assert.ok(text.includes('HUYỆN ỦY LẠNG GIANG') && !text.includes('Yên Dũng'));
  });

  test('bad parameters', async () => {
    assert.equal((await admin.get('/api/v1/exports/conference-report.json?year=2024&format=x')).status, 400);
    assert.equal((await admin.get('/api/v1/exports/conference-report.json?period=2024Q1')).status, 400);
    assert.equal((await admin.get('/api/v1/exports/conference-report.json?year=2024&unit=nope')).status, 404);
    assert.equal((await new Client(srv.url).get('/api/v1/exports/conference-report.json')).status, 401);
  });
});
