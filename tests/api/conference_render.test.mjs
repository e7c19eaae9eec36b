// conference_render.test.mjs — the 2024 province conference report as LibreOffice
// renders it: converted to PDF, its text holds the Party header, the title, the
// section headings and a figure of the analytics API; page 1 is rendered to
// tests/out/conference-party-page1.png for a person to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

const OUT = resolve('tests/out');
let srv, admin;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180000, ...opts });
  assert.equal(r.status, 0, `${cmd} failed: ${r.error || ''} ${r.stderr}`);
  return r.stdout;
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

test('the 2024 province report renders with its header, headings and figures', async () => {
  const r = await fetch(`${srv.url}/api/v1/exports/conference-report.docx?year=2024&unit=24`,
    { headers: { cookie: admin.cookie } });
  assert.equal(r.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-conf-'));
  const docx = join(dir, 'conference-party.docx');
  writeFileSync(docx, Buffer.from(await r.arrayBuffer()));
  const home = join(dir, 'home');
  mkdirSync(home);
  run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, docx],
    { env: { ...process.env, HOME: home } });
  const pdf = join(dir, 'conference-party.pdf');
  assert.ok(existsSync(pdf));
  const text = run('pdftotext', ['-layout', pdf, '-']);
  const flat = text.replace(/\s+/g, ' ');
  for (const s of ['ĐẢNG CỘNG SẢN VIỆT NAM', 'TỈNH ỦY BẮC GIANG', 'BÁO CÁO',
    'I. Kết quả thực hiện các kế hoạch, đề án', 'II. Hạn chế, nguyên nhân',
    'III. Kiến nghị, đề xuất', 'IV. Phương hướng, nhiệm vụ thời gian tới',
    'V. Phụ lục: Điểm đánh giá và người đứng đầu'])
    assert.ok(flat.includes(s), `PDF text holds ${s}`);
  const plans = (await admin.get('/api/v1/plans?limit=100')).body.items;
  const ocop = plans.find((p) => p.code === 'DA-OCOP');
  const ind = (await admin.get(`/api/v1/plans/${ocop.id}/indicators?limit=500`)).body.items[0];
  const a = (await admin.get(`/api/v1/analytics?indicator=${ind.id}&unit=24&period=2024`)).body.items[0];
  const line = text.split('\n').find((l) => l.includes(ind.code));
  assert.ok(line && line.includes(vn(a.value)) && line.includes(vn(a.target)), `row ${ind.code}: ${line}`);
  mkdirSync(OUT, { recursive: true });
  run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', pdf,
    join(OUT, 'conference-party-page1')]);
  assert.ok(existsSync(join(OUT, 'conference-party-page1.png')));
});
