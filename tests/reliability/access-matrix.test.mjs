// access-matrix.test.mjs — every route of the OpenAPI document × every kind of
// user × where the thing sits (their own unit, above it, another commune, another
// district, another system at their own unit): the answer's class follows the
// route's x-roles and x-scope. 401 without a session, 403 for a role the route does
// not name, 404 for an entity out of read scope (existence is never confirmed),
// never a 2xx for a write outside the caller's write scope or organisation, never
// a 5xx. Lists hold nothing out of the caller's read scope, whatever the filter.
// A route with no rule here fails the test, so a new route cannot slip by.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, DEMO_PASSWORD, startServer } from '../lib/server.mjs';

const USERS = ['admin', 'tinh.danvan', 'tinh.phunu', 'tinh.ubnd', 'tinh.kiemtra', 'langgiang.admin',
  'langgiang.phunu', 'tanthanh.phunu', 'yendung.phunu', 'laoho.phunu'];
// where entities are put: province, Lạng Giang, Tân Thanh and Vôi (its communes),
// Yên Dũng and Lão Hộ (its commune)
const POSITIONS = ['24', '217', '07411', '07375', '221', '07684'];
const RECORDS = ['tasks', 'documents', 'budgets', 'findings', 'inspections', 'models', 'activities'];
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let srv;
let admin;
let ops;                 // [{method, path, roles, scope}] from the OpenAPI document
const units = new Map(); // code -> parent code
const orgs = new Map();  // code -> organisation (as the admin lists it)
const orgById = new Map();
const plansById = new Map();
const who = new Map();   // username -> {name, client, role, unit, org, system}
const inst = {};         // entity kind -> [{pos, id, ...}]
const usernameUnit = new Map();
const counts = {};       // status -> number of answers checked
const failures = [];
let checked = 0;
let unexpected = 0;
let seq = 0;

function inSubtree(code, root) {
  for (let c = code; c; c = units.get(c)) if (c === root) return true;
  return false;
}
const writable = (u, code) => inSubtree(code, u.unit);
const readable = (u, code) => inSubtree(code, u.unit) || inSubtree(u.unit, code);
const rel = (u, code) => (writable(u, code) ? 'own' : readable(u, code) ? 'above' : 'other');
const org = (code) => { const o = orgs.get(code); assert.ok(o, `demo organisation ${code}`); return o; };
const unitOf = (x) => (typeof x?.unit === 'string' ? x.unit : x?.unit?.code);

// Records one answer against what was expected: '2xx', a status, 'not2xx' (a
// refusal, 4xx) or 'any' (whatever the handler decides, but never a 5xx).
function expect(what, r, exp) {
  checked++;
  counts[r.status] = (counts[r.status] ?? 0) + 1;
  let ok;
  if (r.status >= 500) ok = false;
  else if (exp === '2xx') ok = r.status >= 200 && r.status < 300;
  else if (exp === 'not2xx') ok = r.status >= 400;
  else if (exp === 'any') ok = true;
  else ok = r.status === exp;
  if (ok && r.status >= 400 && !r.body?.error?.code) ok = false; // errors are JSON
  if (!ok) failures.push(`${what}: expected ${exp}, got ${r.status} ${r.text.slice(0, 160)}`);
  return ok;
}

function fill(path, params) {
  return path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(String(params[k])));
}

async function adminGet(path) {
  const r = await admin.get(path);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  return r.body;
}

// Every list page of path (limit 1000).
async function listAll(c, path) {
  const sep = path.includes('?') ? '&' : '?';
  const out = [];
  for (let off = 0; ; off += 1000) {
    const r = await c.get(`${path}${sep}limit=1000&offset=${off}`);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    out.push(...r.body.items);
    if (out.length >= r.body.total || r.body.items.length === 0) return out;
  }
}

// The units that a JSON answer attaches data to (items of lists, rows of
// summaries, DHIS2 values): every {"unit": CODE | {code}} and {"orgUnit": CODE}.
function unitsIn(j, out = []) {
  if (Array.isArray(j)) for (const x of j) unitsIn(x, out);
  else if (j && typeof j === 'object') {
    for (const [k, v] of Object.entries(j)) {
      if ((k === 'unit' || k === 'orgUnit') && typeof v === 'string') out.push(v);
      else if (k === 'unit' && v && typeof v.code === 'string') out.push(v.code);
      else unitsIn(v, out);
    }
  }
  return out;
}

// ---------------------------------------------------------------- what to expect

// The organisation whose officers may change an entity, and the plan owner (who
// manages the plan's follow-up); false = this user may not write it whatever
// the scope says; undefined = the handler's own rules decide (never a 5xx).
function followupWriter(u, x) {
  if (u.role === 'admin') return undefined;
  if (u.role !== 'leader' && u.role !== 'officer') return false;
  if (x.orgs.includes(u.org) || u.org === plansById.get(x.plan_id)?.owner.id) return undefined;
  return false;
}
const planWriter = (u, x) => (u.role === 'admin' || u.org === plansById.get(x.plan_id)?.owner.id ? undefined : false);
const reportOrg = (u, x) => (u.org === x.org ? undefined : false);
// Approvers are leaders of the same system one level up; none of the users here is one.
const approver = () => false;

// The rows of the expectation table. kind: public | session | list | create |
// entity (with ent = the instance kind and body(u, x) for writes).
const SPEC = {
  'GET /healthz': { kind: 'public' },
  'GET /metrics': { kind: 'public' },
  'GET /api/v1/openapi.json': { kind: 'public' },
  'POST /api/v1/session': { kind: 'login' },
  'GET /api/v1/session': { kind: 'session' },
  'DELETE /api/v1/session': { kind: 'logout' },
  'GET /api/v1/org-units': { kind: 'list', units: false },
  'GET /api/v1/org-units/{code}': { kind: 'entity', ent: 'unit', public: true },
  'GET /api/v1/organizations': { kind: 'list' },
  'POST /api/v1/organizations': {
    kind: 'create', noPlan: true, body: (v) => ({ code: `women-mx${++seq}`, name: `Hội LHPN thử ${seq}`, system: 'women', unit: v.unit, parent_id: org(`women-${v.org}`).id }),
  },
  'GET /api/v1/organizations/{id}': { kind: 'entity', ent: 'org' },
  'PATCH /api/v1/organizations/{id}': { kind: 'entity', ent: 'org', body: async (u, x) => ({ name: (await adminGet(`/api/v1/organizations/${x.id}`)).name }) },
  'GET /api/v1/users': { kind: 'list', usernames: true },
  'POST /api/v1/users': {
    kind: 'create', noPlan: true, body: (v) => ({ username: `mx.nguoi.${++seq}`, full_name: `Người Thử ${seq}`, password: 'mat-khau-dai-du-10', organization_id: org(`women-${v.org}`).id, role: 'officer' }),
  },
  'GET /api/v1/users/{id}': { kind: 'entity', ent: 'user', readNeedsWrite: true },
  'PATCH /api/v1/users/{id}': { kind: 'entity', ent: 'user', readNeedsWrite: true, body: async (u, x) => ({ full_name: (await adminGet(`/api/v1/users/${x.id}`)).full_name }) },
  'GET /api/v1/plans': { kind: 'list' },
  'POST /api/v1/plans': {
    kind: 'create', noUnit: true, noPlan: true,
    body: (v) => ({ code: `MX-KH-${++seq}`, kind: 'de_an', title: `Đề án thử ${seq}`, owner_id: org(`women-${v.org}`).id, start_year: 2026, end_year: 2026 }),
  },
  'GET /api/v1/plans/{id}': { kind: 'entity', ent: 'plan' },
  'PATCH /api/v1/plans/{id}': { kind: 'entity', ent: 'plan', writer: planWriter, body: async (u, x) => { const p = await adminGet(`/api/v1/plans/${x.id}`); return { version: p.version, title: p.title }; } },
  'GET /api/v1/audit': { kind: 'list', query: '?entity=plans', usernames: true },
  'GET /api/v1/plans/{id}/indicators': { kind: 'entity', ent: 'plan' },
  'POST /api/v1/plans/{id}/indicators': {
    kind: 'entity', ent: 'plan', writer: planWriter,
    body: () => ({ code: `MX${++seq}`, name: `Chỉ tiêu thử ${seq}`, frequency: 'month', value_type: 'integer' }),
  },
  'GET /api/v1/indicators/{id}': { kind: 'entity', ent: 'indicator' },
  'PATCH /api/v1/indicators/{id}': { kind: 'entity', ent: 'indicator', writer: planWriter, body: async (u, x) => { const i = await adminGet(`/api/v1/indicators/${x.id}`); return { version: i.version, name: i.name }; } },
  'GET /api/v1/indicators/{id}/targets': { kind: 'entity', ent: 'indicator' },
  'PUT /api/v1/indicators/{id}/targets': { kind: 'entity', ent: 'indicator', writer: planWriter, body: (u, x) => [{ unit: x.pos, year: 2026, value: 10 }] },
  'GET /api/v1/indicators/{id}/targets/history': { kind: 'entity', ent: 'indicator' },
  // the allocation of a unit shows its children's targets: asked for the caller's own unit when the plan's is above
  'GET /api/v1/indicators/{id}/allocation': { kind: 'entity', ent: 'indicator', query: (x, u) => `?unit=${rel(u, x.pos) === 'own' ? x.pos : u.unit}&year=2026` },
  'GET /api/v1/reports': { kind: 'list' },
  'POST /api/v1/reports': {
    kind: 'create', body: (v) => ({ plan_id: v.plan.id, organization_id: org(`women-${v.org}`).id, unit: v.unit, period: '202602' }),
  },
  'GET /api/v1/reports/{id}': { kind: 'entity', ent: 'report' },
  'PUT /api/v1/reports/{id}': { kind: 'entity', ent: 'report', writer: reportOrg, body: async (u, x) => ({ version: (await adminGet(`/api/v1/reports/${x.id}`)).version, values: [], narrative: { results: 'Kết quả thử' } }) },
  'POST /api/v1/reports/{id}/submit': { kind: 'entity', ent: 'report', writer: reportOrg, body: async (u, x) => ({ version: (await adminGet(`/api/v1/reports/${x.id}`)).version }) },
  'POST /api/v1/reports/{id}/approve': { kind: 'entity', ent: 'report', writer: approver, body: async (u, x) => ({ version: (await adminGet(`/api/v1/reports/${x.id}`)).version }) },
  'POST /api/v1/reports/{id}/return': { kind: 'entity', ent: 'report', writer: approver, body: async (u, x) => ({ version: (await adminGet(`/api/v1/reports/${x.id}`)).version, reason: 'Trả lại thử' }) },
  'POST /api/v1/reports/{id}/reopen': { kind: 'entity', ent: 'report', writer: approver, body: async (u, x) => ({ version: (await adminGet(`/api/v1/reports/${x.id}`)).version, reason: 'Mở lại thử' }) },
  'POST /api/v1/reports/{id}/files': { kind: 'entity', ent: 'report', writer: reportOrg, query: () => '?name=minh-chung.pdf', raw: PDF },
  'GET /api/v1/reports/{id}/files/{file_id}': { kind: 'entity', ent: 'file' },
  'DELETE /api/v1/reports/{id}/files/{file_id}': { kind: 'entity', ent: 'file', writer: reportOrg, last: true },
  'POST /api/v1/imports/values': {
    kind: 'create', query: '', noOrg: true,
    raw: (v) => Buffer.from(`plan,indicator,unit,period,value\n${v.plan.code},${v.plan.indicator.code},${v.unit},202603,5\n`),
    contentType: 'text/csv',
  },
  'POST /api/v1/imports/dhis2': {
    kind: 'create', noOrg: true, query: (v) => `?plan=${encodeURIComponent(v.plan.code)}`,
    body: (v) => ({ dataValues: [{ dataElement: v.plan.indicator.code, period: '202603', orgUnit: v.unit, value: '5' }] }),
  },
  'GET /api/v1/exports/dhis2': { kind: 'list', query: '?plan=MX-24&period=2026', shape: 'dhis2' },
  'GET /api/v1/completeness': { kind: 'list', query: () => `?plan=${inst.plan.find((p) => p.pos === '24').id}&period=202601`, shape: 'summary' },
  'GET /api/v1/analytics': { kind: 'list', query: () => `?indicator=${inst.indicator.find((p) => p.pos === '24').id}&period=202601`, shape: 'summary' },
  'GET /api/v1/overview': { kind: 'list', query: '?year=2024', shape: 'summary' },
  // unit history: names, dates and legal acts are public like the units; the
  // figures across a reform answer only within the caller's reach
  'GET /api/v1/org-units/{code}/history': { kind: 'entity', ent: 'unit', public: true },
  'GET /api/v1/unit-versions': { kind: 'list', units: false, query: '?q=Lang', shape: 'summary' }, // a picker: at most 50, no paging
  'GET /api/v1/analytics/history': { kind: 'list', query: () => `?indicator=${inst.indicator.find((p) => p.pos === '24').id}&period=2026`, shape: 'summary' },
  'GET /api/v1/tasks': { kind: 'list' },
  'POST /api/v1/tasks': { kind: 'create', body: (v) => ({ plan_id: v.plan.id, title: `Nhiệm vụ thử ${++seq}`, responsible_id: org(`women-${v.org}`).id, unit: v.unit, start: '2026-01-01', deadline: '2026-03-31', slot: '2026Q1' }) },
  'GET /api/v1/tasks/timeline': { kind: 'list', shape: 'summary' },
  'GET /api/v1/tasks/{id}': { kind: 'entity', ent: 'tasks' },
  'PATCH /api/v1/tasks/{id}': { kind: 'entity', ent: 'tasks', writer: followupWriter, body: async (u, x) => { const t = await adminGet(`/api/v1/tasks/${x.id}`); return { version: t.version, title: t.title }; } },
  'POST /api/v1/tasks/{id}/extend': { kind: 'entity', ent: 'tasks', writer: followupWriter, body: async (u, x) => { const t = await adminGet(`/api/v1/tasks/${x.id}`); return { version: t.version, new_deadline: '2026-12-31', reason: 'Gia hạn thử' }; } },
  'POST /api/v1/tasks/{id}/comments': { kind: 'entity', ent: 'tasks', body: () => ({ body: 'Ý kiến thử' }) },
  'GET /api/v1/documents': { kind: 'list' },
  'POST /api/v1/documents': { kind: 'create', body: (v) => ({ plan_id: v.plan.id, number: `${++seq}/KH-THU`, kind: 'ke_hoach', title: 'Văn bản thử', issued_on: '2026-01-10', issuer_id: org(`women-${v.org}`).id, unit: v.unit }) },
  'GET /api/v1/documents/{id}': { kind: 'entity', ent: 'documents' },
  'PATCH /api/v1/documents/{id}': { kind: 'entity', ent: 'documents', writer: followupWriter, body: async (u, x) => { const d = await adminGet(`/api/v1/documents/${x.id}`); return { version: d.version, title: d.title }; } },
  'GET /api/v1/budgets': { kind: 'list' },
  'POST /api/v1/budgets': { kind: 'create', body: (v) => ({ plan_id: v.plan.id, organization_id: org(`women-${v.org}`).id, unit: v.unit, year: 2026, source: 'other', planned: 1000 + (++seq) }) },
  'GET /api/v1/budgets/summary': { kind: 'list', shape: 'summary' },
  'GET /api/v1/budgets/{id}': { kind: 'entity', ent: 'budgets' },
  'PATCH /api/v1/budgets/{id}': {
    kind: 'entity', ent: 'budgets',
    writer: (u, x) => (u.system === 'department' && ['leader', 'officer'].includes(u.role) ? undefined : followupWriter(u, x)),
    body: async (u, x) => { const b = await adminGet(`/api/v1/budgets/${x.id}`); return { version: b.version, note: b.note }; },
  },
  'GET /api/v1/activities': { kind: 'list' },
  'POST /api/v1/activities': { kind: 'create', body: (v) => ({ plan_id: v.plan.id, organization_id: org(`women-${v.org}`).id, unit: v.unit, kind: 'training', title: `Tập huấn thử ${++seq}`, held_on: '2026-01-10', participants: 5 }) },
  'GET /api/v1/activities/summary': { kind: 'list', shape: 'summary' },
  'GET /api/v1/activities/{id}': { kind: 'entity', ent: 'activities' },
  'PATCH /api/v1/activities/{id}': { kind: 'entity', ent: 'activities', writer: followupWriter, body: async (u, x) => { const a = await adminGet(`/api/v1/activities/${x.id}`); return { version: a.version, title: a.title }; } },
  'GET /api/v1/plans/{id}/follow-up': { kind: 'entity', ent: 'plan' },
  'GET /api/v1/findings': { kind: 'list' },
  'POST /api/v1/findings': { kind: 'create', body: (v) => ({ plan_id: v.plan.id, kind: 'problem', unit: v.unit, title: `Vấn đề thử ${++seq}`, raised_by_id: org(`women-${v.org}`).id, addressed_to_id: org(`women-${v.org}`).id }) },
  'GET /api/v1/findings/{id}': { kind: 'entity', ent: 'findings' },
  'PATCH /api/v1/findings/{id}': {
    kind: 'entity', ent: 'findings',
    writer: (u, x) => (u.role === 'admin' || (['leader', 'officer', 'inspector'].includes(u.role) && u.org === x.raised_by) || (['leader', 'officer'].includes(u.role) && u.org === plansById.get(x.plan_id)?.owner.id) ? undefined : false),
    body: async (u, x) => { const f = await adminGet(`/api/v1/findings/${x.id}`); return { version: f.version, title: f.title }; },
  },
  'POST /api/v1/findings/{id}/answer': { kind: 'entity', ent: 'findings', writer: (u, x) => (u.org === x.addressed_to ? undefined : false), body: async (u, x) => ({ version: (await adminGet(`/api/v1/findings/${x.id}`)).version, response: 'Trả lời thử' }) },
  'POST /api/v1/findings/{id}/resolve': { kind: 'entity', ent: 'findings', writer: (u, x) => (u.org === x.raised_by ? undefined : false), body: async (u, x) => ({ version: (await adminGet(`/api/v1/findings/${x.id}`)).version, reason: 'Đã khắc phục' }) },
  'POST /api/v1/findings/{id}/decline': { kind: 'entity', ent: 'findings', writer: (u, x) => (u.org === x.raised_by ? undefined : false), body: async (u, x) => ({ version: (await adminGet(`/api/v1/findings/${x.id}`)).version, reason: 'Không chấp nhận' }) },
  'POST /api/v1/findings/{id}/reopen': { kind: 'entity', ent: 'findings', writer: (u, x) => (u.org === x.raised_by ? undefined : false), body: async (u, x) => ({ version: (await adminGet(`/api/v1/findings/${x.id}`)).version, reason: 'Mở lại' }) },
  'POST /api/v1/reports/{id}/findings': { kind: 'entity', ent: 'report', body: () => ({ kind: 'limitation', title: `Hạn chế thử ${++seq}` }) },
  'POST /api/v1/inspections/{id}/findings': {
    kind: 'entity', ent: 'inspections',
    writer: (u, x) => (u.role === 'admin' || u.org === x.orgs[0] || (['leader', 'officer'].includes(u.role) && u.org === plansById.get(x.plan_id)?.owner.id) ? undefined : false),
    body: () => ({ kind: 'problem', title: `Kết luận thử ${++seq}` }),
  },
  'GET /api/v1/inspections': { kind: 'list' },
  'POST /api/v1/inspections': { kind: 'create', body: (v) => ({ plan_id: v.plan.id, inspector_id: org(`women-${v.org}`).id, inspected_id: org(`women-${v.org}`).id, unit: v.unit, kind: 'kiem_tra', held_on: '2026-01-10' }) },
  'GET /api/v1/inspections/{id}': { kind: 'entity', ent: 'inspections' },
  'PATCH /api/v1/inspections/{id}': {
    kind: 'entity', ent: 'inspections',
    writer: (u, x) => (u.role === 'admin' || u.org === x.orgs[0] || (['leader', 'officer'].includes(u.role) && u.org === plansById.get(x.plan_id)?.owner.id) ? undefined : false),
    body: async (u, x) => { const i = await adminGet(`/api/v1/inspections/${x.id}`); return { version: i.version, conclusions: i.conclusions }; },
  },
  'GET /api/v1/models': { kind: 'list' },
  'POST /api/v1/models': { kind: 'create', body: (v) => ({ plan_id: v.plan.id, organization_id: org(`women-${v.org}`).id, unit: v.unit, name: `Mô hình thử ${++seq}`, started_on: '2026-01-10' }) },
  'GET /api/v1/models/summary': { kind: 'list', shape: 'summary' },
  'GET /api/v1/models/{id}': { kind: 'entity', ent: 'models' },
  'PATCH /api/v1/models/{id}': { kind: 'entity', ent: 'models', writer: followupWriter, body: async (u, x) => { const m = await adminGet(`/api/v1/models/${x.id}`); return { version: m.version, name: m.name }; } },
  'GET /api/v1/models/{id}/tree': { kind: 'entity', ent: 'models' },
  'GET /api/v1/notifications': { kind: 'list' },
  'GET /api/v1/plans/{id}/rules': { kind: 'entity', ent: 'plan' },
  'PUT /api/v1/plans/{id}/rules': {
    kind: 'entity', ent: 'plan', writer: planWriter,
    body: async (u, x) => { const { cutoff_day, deadline_days, approval } = await adminGet(`/api/v1/plans/${x.id}/rules`); return { cutoff_day, deadline_days, approval }; },
  },
  'GET /api/v1/plans/{id}/score-config': { kind: 'entity', ent: 'plan' },
  'PUT /api/v1/plans/{id}/score-config': {
    kind: 'entity', ent: 'plan', writer: planWriter,
    body: async (u, x) => { const { weights, achievement_cap, thresholds, version } = await adminGet(`/api/v1/plans/${x.id}/score-config`); return { weights, achievement_cap, thresholds, version }; },
  },
  'GET /api/v1/evaluation': { kind: 'list', query: () => `?plan=${inst.plan.find((p) => p.pos === '24').id}&year=2026`, shape: 'summary' },
  'GET /api/v1/evaluation/ranking': { kind: 'list', query: '?year=2024', shape: 'summary' },
  'GET /api/v1/scorecards': { kind: 'list', query: '?year=2024' },
  'GET /api/v1/scorecards/{organization_id}': { kind: 'entity', ent: 'org' },
  'GET /api/v1/exports/conference-report.json': { kind: 'list', query: '?year=2024', shape: 'summary' },
  'GET /api/v1/exports/conference-report.docx': { kind: 'list', query: '?year=2024', shape: 'binary' },
  // renders a draft the caller sends (no data written): the role decides, then the body
  'POST /api/v1/exports/conference-report.docx': { kind: 'render' },
  'GET /api/v1/exports/indicators.xlsx': { kind: 'list', query: () => `?plan=${inst.plan.find((p) => p.pos === '24').id}&period=2026`, shape: 'binary' },
  'GET /api/v1/exports/indicators.csv': { kind: 'list', query: () => `?plan=${inst.plan.find((p) => p.pos === '24').id}&period=2026`, shape: 'csv' },
  'GET /api/v1/exports/scores.xlsx': { kind: 'list', query: '?year=2024', shape: 'binary' },
  'GET /api/v1/exports/scores.csv': { kind: 'list', query: '?year=2024', shape: 'csv' },
  // the exports of the lists hold the rows the caller's list holds, no more
  'GET /api/v1/exports/tasks.xlsx': { kind: 'list', shape: 'binary' },
  'GET /api/v1/exports/tasks.csv': { kind: 'list', shape: 'csv', csvOf: 'tasks' },
  'GET /api/v1/exports/budgets.xlsx': { kind: 'list', shape: 'binary' },
  'GET /api/v1/exports/budgets.csv': { kind: 'list', shape: 'csv', csvOf: 'budgets' },
  'GET /api/v1/exports/findings.xlsx': { kind: 'list', shape: 'binary' },
  'GET /api/v1/exports/findings.csv': { kind: 'list', shape: 'csv', csvOf: 'findings' },
  // registers: types reached through their plan; records through their unit (a
  // record is added at the caller's own units whoever owns the register's plan)
  'GET /api/v1/register-types': { kind: 'list', units: false },
  'POST /api/v1/register-types': {
    kind: 'create', noUnit: true, noOrg: true,
    body: (v) => ({ code: `mx_new_${++seq}`, plan_id: v.plan.id, name: 'Sổ thử', fields: [{ name: 'name', label: 'Tên', type: 'text' }] }),
  },
  'GET /api/v1/register-types/{code}': { kind: 'entity', ent: 'regtype' },
  'PATCH /api/v1/register-types/{code}': { kind: 'entity', ent: 'regtype', writer: planWriter, body: async (u, x) => { const t = await adminGet(`/api/v1/register-types/${x.code}`); return { version: t.version, name: t.name }; } },
  'GET /api/v1/registers/{code}/records': { kind: 'entity', ent: 'regtype' },
  'POST /api/v1/registers/{code}/records': { kind: 'entity', ent: 'regtype', aboveNot2xx: true, body: (u, x) => ({ unit: x.pos, data: { name: 'Hồ sơ thử' } }) },
  'POST /api/v1/registers/{code}/import': { kind: 'entity', ent: 'regtype', aboveNot2xx: true, raw: Buffer.from('unit,name\n24,Hồ sơ thử\n') },
  'GET /api/v1/registers/{code}/export.csv': { kind: 'entity', ent: 'regtype' },
  'GET /api/v1/registers/{code}/export.xlsx': { kind: 'entity', ent: 'regtype' },
  'GET /api/v1/registers/{code}/records/{id}': { kind: 'entity', ent: 'regrec' },
  'PATCH /api/v1/registers/{code}/records/{id}': { kind: 'entity', ent: 'regrec', body: async (u, x) => ({ version: (await adminGet(`/api/v1/registers/${x.code}/records/${x.id}`)).version, data: {} }) },
  'DELETE /api/v1/registers/{code}/records/{id}': { kind: 'entity', ent: 'regrec', last: true, query: () => '?version=1' },
  'POST /api/v1/registers/{code}/records/{id}/files': { kind: 'entity', ent: 'regrec', query: () => '?name=minh-chung.pdf', raw: PDF },
  'GET /api/v1/registers/{code}/records/{id}/files/{file_id}': { kind: 'entity', ent: 'regfile' },
  'POST /api/v1/indicators/validate-formula': { kind: 'render' },
  'GET /api/v1/plans/{id}/computed': { kind: 'entity', ent: 'plan' },
  'POST /api/v1/notifications/read-all': { kind: 'self' },
  // x-scope none: the handler looks the notice up by the caller's own id (another's is 404)
  'POST /api/v1/notifications/{id}/read': { kind: 'entity', ent: 'notification', ownedByCaller: true },
};

// ---------------------------------------------------------------- set-up

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const doc = await (await fetch(`${srv.url}/api/v1/openapi.json`)).json();
  ops = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(item))
      ops.push({ method: m.toUpperCase(), path, roles: op['x-roles'], scope: op['x-scope'] });
  for (const q of ['', '?level=district', '?level=commune'])
    for (const u of await listAll(admin, `/api/v1/org-units${q}`)) units.set(u.code, u.parent_code || null);
  assert.ok(units.size > 200 && units.get('07411') === '217', `the whole unit tree (${units.size} units)`);
  for (const o of await listAll(admin, '/api/v1/organizations')) { orgs.set(o.code, o); orgById.set(o.id, o); }
  for (const name of USERS) {
    const c = new Client(srv.url);
    const s = await c.login(name, name === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
    who.set(name, { name, client: c, role: s.user.role, unit: s.user.scope_unit.code, org: s.user.organization.id, system: s.user.organization.system });
  }
  for (const u of await listAll(admin, '/api/v1/users')) usernameUnit.set(u.username, orgById.get(u.organization_id ?? u.organization?.id)?.unit.code);
  const as = async (name) => { const c = new Client(srv.url); await c.login(name, DEMO_PASSWORD); return c; };
  const ok = (r, what) => { assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`); return r.body; };

  // plans: one of the province (reported by every Hội LHPN), one of the MTTQ (another
  // system at the same units), and one owned at each other position
  const mkPlan = async (code, owner) => {
    const p = ok(await admin.post('/api/v1/plans', { code, kind: 'de_an', title: `Đề án thử ${code}`, owner_id: org(owner).id, start_year: 2026, end_year: 2026 }), `plan ${code}`);
    p.indicator = ok(await admin.post(`/api/v1/plans/${p.id}/indicators`, { code: `${code}-I1`, name: 'Số buổi tuyên truyền', frequency: 'month', value_type: 'integer' }), `indicator of ${code}`);
    return p;
  };
  const mx = await mkPlan('MX-24', 'women-24');
  const mxMttq = await mkPlan('MX-MTTQ', 'mttq-24');
  inst.plan = [{ pos: '24', id: mx.id, plan_id: mx.id, code: mx.code, indicator: mx.indicator }];
  for (const pos of POSITIONS.slice(1)) {
    const p = await mkPlan(`MX-P-${pos}`, `women-${pos}`);
    inst.plan.push({ pos, id: p.id, plan_id: p.id, code: p.code, indicator: p.indicator });
  }
  inst.indicator = inst.plan.map((p) => ({ pos: p.pos, id: p.indicator.id, plan_id: p.id }));
  for (const p of await listAll(admin, '/api/v1/plans')) plansById.set(p.id, p);

  // draft reports with one evidence file each, entered by the organisation's officer
  const officers = { 24: 'tinh.phunu', 217: 'langgiang.phunu', '07411': 'tanthanh.phunu', '07375': 'voi.phunu', 221: 'yendung.phunu', '07684': 'laoho.phunu' };
  inst.report = [];
  inst.file = [];
  const mkReport = async (userName, plan, orgCode, pos) => {
    const c = await as(userName);
    const rep = ok(await c.post('/api/v1/reports', { plan_id: plan.id, organization_id: org(orgCode).id, unit: pos, period: '202601' }), `report of ${orgCode}`);
    const f = ok(await c.req('POST', `/api/v1/reports/${rep.id}/files?name=minh-chung.pdf`, undefined, { raw: PDF, headers: { 'content-type': 'application/pdf' } }), `file of ${orgCode}`);
    inst.report.push({ pos, id: rep.id, org: org(orgCode).id });
    inst.file.push({ pos, id: rep.id, file_id: f.id, org: org(orgCode).id });
  };
  for (const pos of POSITIONS) await mkReport(officers[pos], mx, `women-${pos}`, pos);
  await mkReport('tanthanh.mttq', mxMttq, 'mttq-07411', '07411'); // another system, same commune

  // follow-up records: the demo's where it has one at the position, else made here
  const make = {
    documents: (pos) => ({ plan_id: mx.id, number: `${pos}/KH-THU`, kind: 'ke_hoach', title: 'Văn bản thử', issued_on: '2026-01-10', issuer_id: org(`women-${pos}`).id, unit: pos }),
    inspections: (pos) => ({ plan_id: mx.id, inspector_id: org('women-24').id, inspected_id: org(`women-${pos}`).id, unit: pos, kind: 'kiem_tra', held_on: '2026-01-10' }),
    findings: (pos) => ({ plan_id: mx.id, kind: 'problem', unit: pos, title: 'Vấn đề thử', raised_by_id: org('women-24').id, addressed_to_id: org(`women-${pos}`).id }),
    tasks: (pos) => ({ plan_id: mx.id, title: 'Nhiệm vụ thử', responsible_id: org(`women-${pos}`).id, unit: pos, start: '2026-01-01', deadline: '2026-03-31', slot: '2026Q1' }),
    budgets: (pos) => ({ plan_id: mx.id, organization_id: org(`women-${pos}`).id, unit: pos, year: 2026, source: 'other', planned: 1000 }),
    activities: (pos) => ({ plan_id: mx.id, organization_id: org(`women-${pos}`).id, unit: pos, kind: 'training', title: 'Tập huấn thử', held_on: '2026-01-10', participants: 5 }),
    models: (pos) => ({ plan_id: mx.id, organization_id: org(`women-${pos}`).id, unit: pos, name: 'Mô hình thử', started_on: '2026-01-10' }),
  };
  for (const kind of RECORDS) {
    inst[kind] = [];
    for (const pos of POSITIONS) {
      const all = await listAll(admin, `/api/v1/${kind}?unit=${pos}`);
      const here = all.filter((x) => x.unit === pos);
      let x = here[0];
      if (!x) {
        x = ok(await admin.post(`/api/v1/${kind}`, make[kind](pos)), `${kind} at ${pos}`);
      }
      const orgsOf = [x.responsible_id, x.issuer_id, x.organization_id, x.inspector_id, x.raised_by_id].filter(Boolean);
      inst[kind].push({ pos, id: x.id, plan_id: x.plan_id, orgs: orgsOf, raised_by: x.raised_by_id, addressed_to: x.addressed_to_id });
      // and one of another system at the same unit, where there is one
      const other = here.find((y) => [y.responsible_id, y.issuer_id, y.organization_id, y.inspector_id, y.raised_by_id]
        .filter(Boolean).every((id) => orgById.get(id)?.system !== 'women') && y.id !== x.id);
      if (other && ['07411', '07684'].includes(pos)) {
        inst[kind].push({ pos, id: other.id, plan_id: other.plan_id, orgs: [other.responsible_id, other.issuer_id, other.organization_id, other.inspector_id, other.raised_by_id].filter(Boolean), raised_by: other.raised_by_id, addressed_to: other.addressed_to_id, sys: true });
      }
    }
  }
  // a register on each position's plan; records of the province's register at every
  // position, each with a file
  inst.regtype = [];
  for (const p of inst.plan) {
    const code = `mx_t_${p.pos}`;
    ok(await admin.post('/api/v1/register-types', { code, plan_id: p.id, name: `Sổ thử ${p.pos}`, fields: [{ name: 'name', label: 'Tên', type: 'text' }] }), `register ${code}`);
    inst.regtype.push({ pos: p.pos, code, id: code, plan_id: p.id });
  }
  inst.regrec = [];
  inst.regfile = [];
  for (const pos of POSITIONS) {
    const rec = ok(await admin.post('/api/v1/registers/mx_t_24/records', { unit: pos, data: { name: `Hồ sơ ${pos}` } }), `record at ${pos}`);
    const f = ok(await admin.req('POST', `/api/v1/registers/mx_t_24/records/${rec.id}/files?name=minh-chung.pdf`, undefined, { raw: PDF, headers: { 'content-type': 'application/pdf' } }), `file at ${pos}`);
    inst.regrec.push({ pos, id: rec.id, code: 'mx_t_24', plan_id: inst.plan[0].id });
    inst.regfile.push({ pos, id: rec.id, code: 'mx_t_24', file_id: f.id });
  }
  inst.org = POSITIONS.flatMap((pos) => [{ pos, id: org(`women-${pos}`).id }, ...(orgs.has(`mttq-${pos}`) ? [{ pos, id: org(`mttq-${pos}`).id, sys: true }] : [])]);
  inst.unit = POSITIONS.map((pos) => ({ pos, id: pos }));
  const byName = async (n) => (await listAll(admin, '/api/v1/users')).find((u) => u.username === n).id;
  inst.user = [];
  for (const pos of POSITIONS) inst.user.push({ pos, id: await byName(officers[pos]) });
  // one notice of each user's own (the sweep at start gives most of them some)
  inst.notification = [];
  for (const u of who.values()) {
    const r = await u.client.get('/api/v1/notifications?limit=1');
    if (r.status === 200 && r.body.items[0]) inst.notification.push({ owner: u.name, id: r.body.items[0].id, pos: u.unit });
  }
  assert.ok(inst.notification.length >= 3, `some users have notices (${inst.notification.length})`);
});

after(async () => {
  const line = Object.entries(counts).sort().map(([s, n]) => `${s}:${n}`).join(' ');
  console.log(`# access matrix: ${checked} answers checked (${line}); ${unexpected} unexpected`);
  await srv?.stop();
});

const key = (op) => `${op.method} ${op.path}`;
const params = (op, x) => (x ? { id: x.id, code: x.code ?? x.id, file_id: x.file_id, organization_id: x.id } : { id: 1, code: '24', file_id: 1, organization_id: 1 });
// the routes this file knows (the first test fails for the others)
const known = () => ops.filter((op) => SPEC[key(op)]);

// Data rows of a CSV text (RFC 4180 quoting; the header is not counted).
function csvRows(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  const t = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (quoted) {
      if (ch === '"' && t[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && t[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); if (row.some((f) => f !== '')) rows.push(row); }
  return rows.slice(1);
}

function report(what) {
  const found = failures.splice(0);
  unexpected += found.length;
  if (found.length) assert.fail(`${found.length} unexpected answers (${what}):\n${found.slice(0, 60).join('\n')}`);
}

// ---------------------------------------------------------------- the tests

test('every route of the OpenAPI document has an expectation here', () => {
  const missing = ops.filter((op) => !SPEC[key(op)]).map((op) => `route ${key(op)} has no expectation: add one`);
  assert.deepEqual(missing, []);
  const gone = Object.keys(SPEC).filter((k) => !ops.some((op) => key(op) === k));
  assert.deepEqual(gone, [], 'expectations for routes the server no longer has');
  for (const op of ops) {
    const s = SPEC[key(op)];
    if (s.kind === 'public' || s.kind === 'login') assert.deepEqual(op.roles, [], `${key(op)} is public`);
    else assert.ok(op.roles.length > 0, `${key(op)} needs a session`);
    if (s.kind === 'entity' && !s.public && !s.ownedByCaller) assert.notEqual(op.scope, 'none', `${key(op)} checks its path entity (x-scope)`);
  }
});

test('without a session: 401 on every route but the public ones; public ones answer', async () => {
  const anon = new Client(srv.url);
  for (const op of known()) {
    const s = SPEC[key(op)];
    const x = s.ent ? inst[s.ent]?.[0] : null;
    const path = fill(op.path, params(op, x));
    const r = await anon.req(op.method, path, s.kind === 'login' ? { username: 'khong.ai', password: 'sai-mat-khau-1' } : undefined);
    if (s.kind === 'public') expect(`anonymous ${op.method} ${path}`, r, '2xx');
    else if (s.kind === 'login') expect(`anonymous ${op.method} ${path}`, r, 401);
    else expect(`anonymous ${op.method} ${path}`, r, 401);
  }
  report('anonymous');
});

test('without the CSRF header: 403 on every unsafe route, and nothing changes', async () => {
  // the admin's own audit rows: the notification sweep may write its own meanwhile
  const me = (await admin.get('/api/v1/session')).body.user.id;
  const before = (await adminGet(`/api/v1/audit?limit=1&user_id=${me}`)).total;
  for (const op of known()) {
    const s = SPEC[key(op)];
    if (op.method === 'GET' || s.kind === 'public' || s.kind === 'login') continue;
    const x = s.ent ? inst[s.ent]?.find((i) => i.pos === '24') ?? inst[s.ent]?.[0] : null;
    const path = fill(op.path, params(op, x));
    const r = await admin.req(op.method, path, {}, { headers: { 'x-csrf-token': '' } });
    expect(`no CSRF ${op.method} ${path}`, r, 403);
  }
  const afterCount = (await adminGet(`/api/v1/audit?limit=1&user_id=${me}`)).total;
  assert.equal(afterCount, before, 'no audit row: nothing was written');
  assert.equal((await admin.get('/api/v1/session')).status, 200, 'the admin is still signed in');
  report('CSRF');
});

// What an entity route must answer to user u for instance x.
function entityExpect(op, s, u, x) {
  const safe = op.method === 'GET';
  const allowed = op.roles.includes(u.role);
  if (s.public) return allowed ? '2xx' : 403;
  if (s.ent === 'notification') return !allowed ? 403 : x.owner === u.name ? '2xx' : 404;
  let r = rel(u, x.pos);
  if (s.readNeedsWrite && r === 'above') r = 'other';
  if (r === 'other') return 404;
  if (!allowed) return 403;
  if (r === 'above') return safe ? '2xx' : s.aboveNot2xx ? 'not2xx' : 403;
  if (safe) return '2xx';
  return s.writer && s.writer(u, x) === false ? 'not2xx' : 'any';
}

async function callEntity(op, s, u, x) {
  const base = fill(op.path, params(op, x));
  const q = typeof s.query === 'function' ? s.query(x, u) : s.query ?? '';
  if (op.method === 'GET') return u.client.get(base + q);
  if (s.raw) return u.client.req(op.method, base + q, undefined, { raw: s.raw, headers: { 'content-type': 'application/pdf' } });
  const body = s.body ? await s.body(u, x) : undefined;
  return u.client.req(op.method, base + q, body);
}

test('reads: every entity route × user × position (own, above, another commune, another district, another system)', async () => {
  for (const op of known().filter((o) => o.method === 'GET')) {
    const s = SPEC[key(op)];
    if (s.kind !== 'entity') continue;
    assert.ok(inst[s.ent]?.length, `instances of ${s.ent}`);
    for (const u of who.values())
      for (const x of inst[s.ent]) {
        const r = await callEntity(op, s, u, x);
        expect(`${u.name} ${op.method} ${op.path} [${s.ent} at ${x.pos}${x.sys ? ', another system' : ''}]`, r, entityExpect(op, s, u, x));
      }
  }
  report('entity reads');
});

test('a file is reached only through its own report (no id swapping)', async () => {
  for (const u of who.values())
    for (const f of inst.file)
      for (const rep of inst.report) {
        if (rep.id === f.id) continue;
        const r = await u.client.get(`/api/v1/reports/${rep.id}/files/${f.file_id}`);
        expect(`${u.name} GET file ${f.file_id} of report ${f.id} through report ${rep.id}`, r, 404);
      }
  report('file ids');
});

test('lists: the role decides (403), and no item lies outside the caller\'s read scope', async () => {
  for (const op of known().filter((o) => o.method === 'GET')) {
    const s = SPEC[key(op)];
    if (s.kind !== 'list' && s.kind !== 'session') continue;
    for (const u of who.values()) {
      const q = typeof s.query === 'function' ? s.query() : s.query ?? '';
      const sep = q.includes('?') ? '&' : '?';
      const path = s.kind === 'list' && s.shape === undefined ? `${op.path}${q}${sep}limit=1000` : op.path + q;
      const r = await u.client.get(path);
      if (!expect(`${u.name} GET ${path}`, r, op.roles.includes(u.role) ? '2xx' : 403) || r.status !== 200) continue;
      if (s.units !== false) {
        const out = unitsIn(r.body).filter((c) => !readable(u, c));
        if (out.length) failures.push(`${u.name} GET ${path}: data of units out of scope: ${[...new Set(out)].slice(0, 10).join(', ')}`);
      }
      if (s.csvOf) {
        const rows = csvRows(r.text).length;
        const list = (await u.client.get(`/api/v1/${s.csvOf}?limit=1`)).body.total;
        if (rows > list) failures.push(`${u.name} GET ${path}: the export holds ${rows} rows, more than the caller's list (${list})`);
      }
      if (s.usernames) {
        const out = r.body.items.map((i) => i.username).filter((n) => n && u.unit !== '24' && !inSubtree(usernameUnit.get(n), u.unit));
        if (out.length) failures.push(`${u.name} GET ${path}: users out of scope: ${[...new Set(out)].join(', ')}`);
      }
    }
  }
  report('lists');
});

// Rows of a summary that name a unit out of the caller's scope carry nothing but
// zeros (units are public; their figures are not).
function dataOutOfScope(u, j, out = []) {
  const numbers = (o) => JSON.stringify(o).match(/-?\d+(\.\d+)?(?=[,}\]])/g)?.map(Number) ?? [];
  if (Array.isArray(j)) for (const x of j) dataOutOfScope(u, x, out);
  else if (j && typeof j === 'object') {
    const code = typeof j.unit === 'string' ? j.unit : j.unit?.code ?? j.orgUnit;
    if (typeof code === 'string' && !readable(u, code)) {
      // "total" of a summary counts its rows (one per child unit: public structure)
      const { unit, orgUnit, year, total, ...rest } = j; // eslint-disable-line no-unused-vars
      if (numbers(rest).some((n) => n !== 0)) out.push(code);
    } else for (const v of Object.values(j)) dataOutOfScope(u, v, out);
  }
  return out;
}

// foreign units, organisations and plans given as filters
test('filters naming another district, commune or plan return nothing of it', async () => {
  const foreignOf = { 'langgiang.phunu': ['221', '07684'], 'tanthanh.phunu': ['07375', '221', '07684'], 'yendung.phunu': ['217', '07411'], 'laoho.phunu': ['217', '07681', '07411'] };
  for (const [name, codes] of Object.entries(foreignOf)) {
    const u = who.get(name);
    for (const op of known().filter((o) => o.method === 'GET' && SPEC[key(o)].kind === 'list' && SPEC[key(o)].units !== false)) {
      const s = SPEC[key(op)];
      if (!op.roles.includes(u.role)) continue;
      const q = typeof s.query === 'function' ? s.query() : s.query ?? '';
      const plain = await u.client.get(op.path + q);
      for (const code of codes) {
        const foreignOrg = orgs.get(`women-${code}`);
        const foreignPlan = inst.plan.find((p) => p.pos === code);
        for (const f of [`unit=${code}`, `organization=${foreignOrg?.id}`, `plan=${foreignPlan?.id ?? 999999}`, `unit=${code}&by=children`]) {
          const path = `${op.path}${q}${q ? '&' : '?'}${f}`;
          const r = await u.client.get(path);
          if (!expect(`${name} GET ${path}`, r, 'any') || r.status !== 200) continue;
          if (s.shape === 'csv' && f.startsWith('unit=') && csvRows(r.text).length)
            failures.push(`${name} GET ${path}: ${csvRows(r.text).length} rows of a unit out of scope`);
          const out = dataOutOfScope(u, r.body);
          if (out.length) failures.push(`${name} GET ${path}: figures of units out of scope: ${[...new Set(out)].slice(0, 10).join(', ')}`);
          // totals must be those of nothing, unless the filter is not one the route knows
          // (then the answer is the caller's own unfiltered one)
          if (r.body?.totals && JSON.stringify(r.body.totals) !== JSON.stringify(plain.body?.totals)) {
            const nonzero = JSON.stringify(r.body.totals).match(/:-?[1-9]/);
            if (nonzero) failures.push(`${name} GET ${path}: totals of another unit: ${JSON.stringify(r.body.totals)}`);
          }
          if (Array.isArray(r.body?.items) && f.startsWith('unit=') && !f.includes('by=') && r.body.items.length && !['GET /api/v1/plans', 'GET /api/v1/notifications', 'GET /api/v1/audit'].includes(key(op)) && !s.shape)
            failures.push(`${name} GET ${path}: ${r.body.items.length} items of a unit out of scope`);
        }
      }
    }
  }
  report('filters');
});

// The positions of bodies for a user: all in their own scope, then one of the
// unit, the organisation or the plan elsewhere, then unit and organisation above.
function variants(u) {
  const own = u.unit;
  const other = POSITIONS.find((p) => rel(u, p) === 'other');
  const above = POSITIONS.find((p) => rel(u, p) === 'above');
  const plan = (pos) => inst.plan.find((p) => p.pos === pos);
  const v = [{ name: 'own', unit: own, org: own, plan: plan('24'), foreign: false }];
  if (other) {
    v.push({ name: `unit ${other}`, unit: other, org: other, plan: plan('24'), foreign: true });
    v.push({ name: `organisation of ${other}`, unit: own, org: other, plan: plan('24'), foreign: true });
    v.push({ name: `plan of ${other}`, unit: own, org: own, plan: plan(other), foreign: true });
  }
  if (above) v.push({ name: `unit ${above} (above)`, unit: above, org: above, plan: plan('24'), foreign: true });
  return v.map((x) => ({ ...x, plan: { ...x.plan, code: x.plan.code, indicator: x.plan.indicator } }));
}

test('creates: 403 for a role not named; never a 2xx with a unit, organisation or plan outside the caller\'s scope', async () => {
  for (const op of known().filter((o) => o.method !== 'GET')) {
    const s = SPEC[key(op)];
    if (s.kind !== 'create' && s.kind !== 'self' && s.kind !== 'render') continue;
    for (const u of who.values()) {
      const allowed = op.roles.includes(u.role);
      if (s.kind === 'self' || s.kind === 'render') {
        expect(`${u.name} ${op.method} ${op.path}`, await u.client.req(op.method, op.path, {}), !allowed ? 403 : s.kind === 'self' ? '2xx' : 'any');
        continue;
      }
      for (const v of variants(u)) {
        if (s.noUnit && v.name.startsWith('unit ') && !v.name.includes('above')) continue;
        if (s.noPlan && v.name.startsWith('plan ')) continue;
        if (s.noOrg && v.name.startsWith('organisation ')) continue;
        const q = typeof s.query === 'function' ? s.query(v) : s.query ?? '';
        const r = s.raw
          ? await u.client.req(op.method, op.path + q, undefined, { raw: s.raw(v), headers: { 'content-type': s.contentType } })
          : await u.client.req(op.method, op.path + q, s.body(v));
        const exp = !allowed ? 403 : v.foreign ? 'not2xx' : 'any';
        expect(`${u.name} ${op.method} ${op.path} [${v.name}]`, r, exp);
      }
    }
  }
  report('creates');
});

// Found by the matrix: the import resolved the plan by its code without asking
// whether the caller sees it, so a district could create reports and enter
// values in a plan of another district (POST /api/v1/reports refuses the same).
test('an import into a plan the caller cannot see is refused and writes nothing', async () => {
  const hidden = inst.plan.find((p) => p.pos === '217'); // owned by Hội LHPN huyện Lạng Giang
  const u = who.get('yendung.phunu');
  assert.equal((await u.client.get(`/api/v1/plans/${hidden.id}`)).status, 404, 'the plan is out of reach');
  const csv = `plan,indicator,unit,period,value\n${hidden.code},${hidden.indicator.code},221,202604,7\n`;
  const r1 = await u.client.req('POST', '/api/v1/imports/values', undefined, { raw: csv, headers: { 'content-type': 'text/csv' } });
  const r2 = await u.client.post(`/api/v1/imports/dhis2?plan=${hidden.code}`, { dataValues: [{ dataElement: hidden.indicator.code, period: '202605', orgUnit: '221', value: '7' }] });
  const written = await adminGet(`/api/v1/reports?plan=${hidden.id}&unit=221`);
  assert.deepEqual({ csv: r1.status, dhis2: r2.status, reports: written.total }, { csv: 422, dhis2: 422, reports: 0 },
    `imports into an invisible plan: ${r1.text} / ${r2.text}`);
});

test('writes: every entity route × user × position; out of write scope or organisation is never a 2xx', async () => {
  const writes = known().filter((o) => o.method !== 'GET' && SPEC[key(o)].kind === 'entity');
  writes.sort((a, b) => Number(!!SPEC[key(a)].last) - Number(!!SPEC[key(b)].last));
  for (const op of writes) {
    const s = SPEC[key(op)];
    for (const u of who.values())
      for (const x of inst[s.ent]) {
        const r = await callEntity(op, s, u, x);
        expect(`${u.name} ${op.method} ${op.path} [${s.ent} at ${x.pos}${x.sys ? ', another system' : ''}]`, r, entityExpect(op, s, u, x));
      }
  }
  report('entity writes');
});

test('sign-out ends only the session it is sent with', async () => {
  for (const u of who.values()) {
    const c = new Client(srv.url);
    await c.login(u.name, u.name === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD);
    expect(`${u.name} DELETE /api/v1/session`, await c.del('/api/v1/session'), '2xx');
    expect(`${u.name} GET /api/v1/session after sign-out`, await c.get('/api/v1/session'), 401);
    expect(`${u.name} other session still valid`, await u.client.get('/api/v1/session'), '2xx');
  }
  report('sign-out');
});

describe('the server is healthy after all of it', () => {
  test('healthz', async () => {
    assert.equal((await fetch(`${srv.url}/healthz`)).status, 200);
    assert.ok(checked > 3000, `a real matrix was checked (${checked} answers)`);
  });
});
