// docx_render.test.mjs — the report documents as a reader gets them: the two sample
// reports written by the docx unit test (tests/out/sample-party.docx and
// sample-state.docx) are converted to PDF by LibreOffice and read back with poppler:
// official header in place, centred title, headings, Vietnamese figures, justified
// body, the table's header repeated on each of its pages, page numbers from page 2,
// A4. Page 1 of each is rendered to tests/out/*-page1.png for a person to look at.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const OUT = resolve('tests/out');
// the unit test binary of the same build as the server under test
const BUILD = dirname(resolve(process.env.TIENDO_BIN || 'build/tiendo'));
const UNIT = join(BUILD, 'tests', 'test_docx');

// A4 text area: left margin 30 mm, right 15 mm (points)
const PAGE_W = 595.3;
const LEFT = 30 / 25.4 * 72;
const RIGHT = PAGE_W - 15 / 25.4 * 72;
const CENTRE = (LEFT + RIGHT) / 2;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120000, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// Words of one page with their boxes, from pdftotext -bbox.
function words(pdf, page) {
  const html = run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-']);
  const re = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  const out = [];
  for (const m of html.matchAll(re)) {
    out.push({ x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], text: m[5].normalize('NFC') });
  }
  return out;
}

function find(ws, text) {
  const w = ws.find((x) => x.text === text);
  assert.ok(w, `no word "${text}" on the page`);
  return w;
}

const converted = {};

before(() => {
  mkdirSync(OUT, { recursive: true });
  const want = ['sample-party.docx', 'sample-state.docx'];
  // (re)written by the unit test when missing or older than its binary
  const stale = (f) => !existsSync(join(OUT, f)) ||
    (existsSync(UNIT) && statSync(join(OUT, f)).mtimeMs < statSync(UNIT).mtimeMs);
  if (want.some(stale)) {
    assert.ok(existsSync(UNIT), `${UNIT} is missing: build first`);
    run(UNIT, []);
  }
  const work = mkdtempSync(join(tmpdir(), 'tiendo-render-'));
  try {
    for (const name of ['sample-party', 'sample-state']) {
      run('soffice', [`-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`,
        '--headless', '--convert-to', 'pdf', '--outdir', OUT, join(OUT, `${name}.docx`)],
      { env: { ...process.env, HOME: work } });
      const pdf = join(OUT, `${name}.pdf`);
      assert.ok(existsSync(pdf), `no PDF for ${name}`);
      run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', pdf,
        join(OUT, `${name}-page1`)]);
      const info = run('pdfinfo', [pdf]);
      const pages = [];
      const count = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
      for (let p = 1; p <= count; p++) {
        pages.push(run('pdftotext', ['-layout', '-f', String(p), '-l', String(p), pdf, '-']).normalize('NFC'));
      }
      converted[name] = { pdf, info, pages, text: pages.join('\f') };
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

// What both reports share: A4, four pages, the body and the table.
function commonChecks(doc) {
  assert.match(doc.info, /^Page size:\s+595(\.\d+)? x 841\.\d+ pts \(A4\)/m);
  assert.equal(doc.pages.length, 4);
  for (const h of ['I. KẾT QUẢ THỰC HIỆN CÁC KẾ HOẠCH, ĐỀ ÁN', '1. Công tác lãnh đạo, chỉ đạo',
    'a) Tuyên truyền, vận động', 'b) Kiểm tra chữ', '2. Kết quả thực hiện các chỉ tiêu',
    'II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN', 'III. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI',
    '- Đề án Nhà trọ công nhân an toàn, văn minh, giai đoạn 2022 - 2025.']) {
    assert.ok(doc.text.includes(h), `missing: ${h}`);
  }
  // figures the Vietnamese way, the total row
  assert.match(doc.text, /Xã Đồng số 1 +1\.234 +863 +69,9 +1\.234\.567/);
  assert.match(doc.text, /Tổng cộng +84\.585 +59\.180 +69,9 +523\.326\.800/);
  assert.ok(doc.text.includes('chi phí <dự kiến> &'), 'metacharacters survive as text');
  assert.ok(doc.text.includes('ỲÝỶỸỴ'), 'every diacritic');
  // the table runs over pages 1-3 with its header on each
  for (const p of [0, 1, 2]) assert.match(doc.pages[p], /STT +Đơn vị/, `header on page ${p + 1}`);
  assert.ok(doc.pages[2].includes('Tổng cộng'));
  // no number on page 1, then 2, 3, 4 at the foot
  assert.doesNotMatch(doc.pages[0].trimEnd(), /\n\s*1\s*$/);
  for (const p of [1, 2, 3]) assert.match(doc.pages[p].trimEnd(), new RegExp(`\\n\\s+${p + 1}$`));
  // title centred on the text area
  const ws = words(doc.pdf, 1);
  const bao = find(ws, 'BÁO');
  const cao = ws.find((w) => w.text === 'CÁO' && Math.abs(w.y0 - bao.y0) < 1);
  assert.ok(Math.abs((bao.x0 + cao.x1) / 2 - CENTRE) < 6, 'BÁO CÁO is centred');
  // body justified: the lines of the first paragraph end at the right margin
  const thuc = find(ws, 'Thực');
  const lineEnds = new Map();
  for (const w of ws.filter((x) => x.y0 >= thuc.y0 - 1 && x.y0 < thuc.y0 + 40)) {
    const key = Math.round(w.y0);
    lineEnds.set(key, Math.max(lineEnds.get(key) ?? 0, w.x1));
  }
  const full = [...lineEnds.values()].filter((x) => Math.abs(x - RIGHT) < 1.5);
  assert.ok(full.length >= 2, `justified lines end at ${RIGHT}: ${[...lineEnds.values()]}`);
  return ws;
}

describe('Party-format report (Hướng dẫn 36)', () => {
  test('header, title, body, table, closing', () => {
    const doc = converted['sample-party'];
    const ws = commonChecks(doc);
    const p1 = doc.pages[0];
    // issuing body left, the Party's name right, on the same line; number and date likewise
    assert.match(p1, /TỈNH ỦY BẮC GIANG +ĐẢNG CỘNG SẢN VIỆT NAM/);
    assert.match(p1, /^\s+\*\s*$/m);
    assert.match(p1, /Số 12-BC\/TU +Bắc Giang, ngày 14 tháng 6 năm 2025/);
    assert.ok(find(ws, 'TỈNH').x1 < CENTRE && find(ws, 'ĐẢNG').x0 > CENTRE);
    assert.match(p1, /BÁO CÁO\s+kết quả thực hiện các kế hoạch, đề án của Ủy ban MTTQ\s+và các tổ chức chính trị - xã hội tỉnh\s+-----/);
    const last = doc.pages[3];
    assert.match(last, /Nơi nhận: +T\/M BAN THƯỜNG VỤ/);
    assert.match(last, /PHÓ BÍ THƯ/);
    assert.match(last, /Lê Thị Thu Hồng/);
    assert.match(last, /- Lưu Văn phòng Tỉnh ủy\./);
  });
});

describe('state-format report (Decree 30/2020)', () => {
  test('header, title, body, table, closing', () => {
    const doc = converted['sample-state'];
    const ws = commonChecks(doc);
    const p1 = doc.pages[0];
    assert.match(p1, /UBND TỈNH BẮC GIANG +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    assert.match(p1, /^ +Độc lập - Tự do - Hạnh phúc$/m);
    assert.match(p1, /Số: 05\/BC-UBND +Bắc Giang, ngày 05 tháng 02 năm 2025/);
    assert.ok(!doc.text.includes('ĐẢNG CỘNG SẢN'));
    // the national name fits its column on one line, right of the centre
    const cong = find(ws, 'CỘNG');
    const nam = ws.filter((w) => w.text === 'NAM' && Math.abs(w.y0 - cong.y0) < 1);
    assert.equal(nam.length, 1, 'national name on one line');
    assert.ok(nam[0].x1 <= RIGHT + 1);
    assert.match(p1, /BÁO CÁO\s+Kết quả thực hiện Đề án Nhà trọ công nhân an toàn, văn minh năm 2024/);
    const last = doc.pages[3];
    assert.match(last, /Nơi nhận: +TM\. ỦY BAN NHÂN DÂN/);
    assert.match(last, /KT\. CHỦ TỊCH/);
    assert.match(last, /PHÓ CHỦ TỊCH/);
    assert.match(last, /Lê Ô Pích/);
  });
});
