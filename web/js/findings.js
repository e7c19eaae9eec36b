// findings.js — limitations, arising problems and recommendations (tồn tại, hạn
// chế / vấn đề phát sinh / kiến nghị) followed until they are settled: who
// raised each, to whom it is addressed (e.g. Sở Tài chính), its due date, the
// answer and its end. The addressee answers; the raiser resolves, stops
// following (declines) or reopens an answer that does not settle it. Overdue
// and escalated findings say so.
import { h, clear, uid } from './dom.js';
import { t, label } from './i18n.js';
import { api } from './api.js';
import { formatDate, formatClock, formatInteger } from './format.js';
import { setTitle, pageHeader, field, select, codeChoices, dataTable, messageBox, takeFlash, setFieldError } from './ui.js';
import { submitWith } from './forms.js';
import {
  FINDING_KINDS, FINDING_STATUSES, SEVERITIES, findingStatusBadge, severityBadge, findingFlags, planLink, refName, unitText,
  writes, myOrgId, plansOf, planChoices, yearChoices, listScreen, formScreen, facts, panel, loadRecord, unitFilter, dateOrDash,
  buildForm,
} from './followup.js';

const BASE = '/api/v1/findings';
const PATH = '/findings';

export function findingTable(items, { empty, caption } = {}) {
  return dataTable({
    caption: caption || t('findings.title'), empty: empty || t('findings.empty'), rows: items,
    rowClass: (f) => (f.overdue ? 'row-overdue' : null),
    columns: [
      {
        label: t('findings.col_finding'), className: 'col-title',
        cell: (f) => h('span', { class: 'stack' }, h('a', { href: `#/findings/${encodeURIComponent(f.id)}` }, f.title),
          h('span', { class: 'muted small' }, label('finding_kind', f.kind), ' · ', planLink(f.plan))),
      },
      {
        label: t('findings.col_between'),
        cell: (f) => h('span', { class: 'stack' }, h('span', null, refName(f.raised_by)),
          h('span', { class: 'small' }, t('findings.to', { name: refName(f.addressed_to) || t('findings.nobody') }))),
      },
      { label: t('findings.severity'), cell: (f) => severityBadge(f.severity) },
      { label: t('findings.due_on'), className: 'col-nowrap', cell: (f) => dateOrDash(f.due_on) },
      { label: t('findings.status'), cell: (f) => h('span', { class: 'stack' }, findingStatusBadge(f.status), findingFlags(f)) },
    ],
  });
}

export async function findingListView({ main, query, signal, user }) {
  const plans = await plansOf(signal);
  const mine = myOrgId(user);
  const related = select([['', t('filter.all')], ['to_me', t('findings.to_me')], ['by_me', t('findings.by_me')]], { name: 'related' });
  await listScreen({
    main, query, signal, path: PATH, title: t('findings.title'), intro: t('findings.intro'),
    actions: writes(user) ? [h('a', { class: 'btn btn-primary', href: '#/findings/new' }, t('findings.new'))] : [],
    filters: [
      { key: 'q', label: t('followup.search'), control: h('input', { type: 'search', name: 'q', autocomplete: 'off' }), grow: true },
      { key: 'related', label: t('findings.related'), control: related },
      { key: 'kind', label: t('findings.kind'), control: select(codeChoices('finding_kind', FINDING_KINDS, t('filter.all')), { name: 'kind' }) },
      { key: 'status', label: t('findings.status'), control: select(codeChoices('finding_status', FINDING_STATUSES, t('filter.all')), { name: 'status' }) },
      { key: 'plan', label: t('followup.plan'), control: select(planChoices(plans, t('filter.all')), { name: 'plan', class: 'select-long' }) },
      { key: 'unit', label: t('followup.unit'), control: await unitFilter(user, signal) },
      { key: 'year', label: t('followup.year'), control: select(yearChoices(plans, t('filter.all_years')), { name: 'year' }) },
      { key: 'overdue', label: t('findings.only_overdue'), control: h('input', { type: 'checkbox', name: 'overdue' }) },
      { key: 'inspection', label: '', control: h('input', { type: 'hidden', name: 'inspection' }), hidden: true },
    ],
    count: (n) => t('findings.count', { n }),
    fetch: (s, sig) => {
      const { related: rel, ...rest } = s;
      const q = { ...rest, sort: '-created_at' };
      if (rel === 'to_me') q.addressed_to = mine;
      if (rel === 'by_me') q.raised_by = mine;
      return api.get(BASE, { query: q, signal: sig });
    },
    render: (items) => findingTable(items),
  });
}

export function findingFormView(ctx) {
  return formScreen({
    ...ctx, base: BASE, path: PATH,
    blank: { kind: 'recommendation', severity: 'medium' },
    names: {
      list: t('findings.title'), new: t('findings.new'), edit: (f) => f.title, notFound: t('findings.not_found'),
      created: (f) => t('findings.created', { title: f.title }), saved: (f) => t('findings.saved', { title: f.title }),
    },
    may: (f) => !!(f.can && f.can.edit),
    view: (f, plan, compact) => (compact ? '' : messageBox(t('findings.not_editable'), 'info')),
    next: (f) => `${PATH}/${f.id}`,
    cancel: (f, isNew) => (isNew ? `#${PATH}` : `#${PATH}/${encodeURIComponent(f.id)}`),
    fields: () => [
      { key: 'kind', label: t('findings.kind'), type: 'select', required: true, choices: codeChoices('finding_kind', FINDING_KINDS, t('picker.choose')) },
      { key: 'title', label: t('findings.f_title'), required: true },
      { key: 'description', label: t('findings.f_description'), type: 'textarea', rows: 4 },
      { key: 'addressed_to_id', label: t('findings.addressed_to'), type: 'org', get: (x) => x.addressed_to, hint: t('findings.addressed_hint') },
      { key: 'severity', label: t('findings.severity'), type: 'select', choices: codeChoices('severity', SEVERITIES) },
      { key: 'due_on', label: t('findings.due_on'), type: 'date', hint: t('findings.due_hint') },
      { key: 'plan_id', label: t('followup.plan'), type: 'plan' },
      { key: 'unit', label: t('followup.unit'), type: 'unit', get: (x) => (x.unit ? { code: x.unit, name: x.unit_name } : null), hint: t('findings.unit_hint') },
    ],
    body: (v, f, isNew) => {
      const values = {
        kind: v.kind, title: v.title, description: v.description, addressed_to_id: v.addressed_to_id, severity: v.severity, due_on: v.due_on, plan_id: v.plan_id,
      };
      if (v.unit) values.unit = v.unit;
      if (isNew) for (const k of Object.keys(values)) if (values[k] === null) delete values[k];
      return {
        values,
        before: {
          kind: f.kind, title: f.title, description: f.description || '', addressed_to_id: f.addressed_to_id ?? null, severity: f.severity,
          due_on: f.due_on ?? null, plan_id: f.plan_id ?? null, unit: f.unit,
        },
      };
    },
  });
}

// What happened to a finding, from its own dates (the server keeps no
// separate history of it): raised, escalated, answered, reopened, closed.
function findingTimeline(f) {
  const events = [];
  events.push({ at: f.created_at, text: t('findings.ev_raised', { org: refName(f.raised_by) }), kind: 'raised' });
  if (f.escalated_at) events.push({ at: f.escalated_at, text: t('findings.ev_escalated', { org: refName(f.escalated_to) || '' }), kind: 'escalated' });
  if (f.responded_at) {
    events.push({ at: f.responded_at, text: t('findings.ev_answered', { org: refName(f.addressed_to) }), who: f.responded_by ? f.responded_by.full_name : '', kind: 'answered' });
  }
  if (f.resolved_on && (f.status === 'resolved' || f.status === 'declined')) {
    events.push({ at: f.resolved_on, text: f.status === 'resolved' ? t('findings.ev_resolved') : t('findings.ev_declined'), kind: f.status, day: true });
  }
  events.sort((a, b) => String(a.at).localeCompare(String(b.at)));
  const items = events.map((e) => h('li', { class: `ev-${e.kind}` },
    h('div', { class: 'history-head' }, h('strong', null, e.text)),
    h('div', { class: 'muted small' }, [e.day ? formatDate(e.at) : formatClock(e.at), e.who].filter(Boolean).join(' · '))));
  const notes = [];
  if (f.due_on) {
    notes.push(h('p', { class: f.overdue ? 'num-bad' : 'small' }, f.overdue
      ? t('findings.due_passed', { date: formatDate(f.due_on), n: formatInteger(f.days_overdue || 0) })
      : t('findings.due_line', { date: formatDate(f.due_on) })));
  }
  if (f.reopened > 0) notes.push(h('p', { class: 'small' }, t('findings.reopened_n', { n: formatInteger(f.reopened) })));
  return [h('ol', { class: 'history' }, items), notes];
}

function sourceLink(f) {
  if (f.source === 'report' && f.report_id) return h('a', { href: `#/reports/${encodeURIComponent(f.report_id)}` }, t('findings.source_report'));
  if (f.source === 'inspection' && f.inspection_id) return h('a', { href: `#/inspections/${encodeURIComponent(f.inspection_id)}` }, t('findings.source_inspection'));
  return label('finding_source', f.source || 'direct');
}

const ACTIONS = ['answer', 'resolve', 'decline', 'reopen'];

export async function findingView({ main, params, signal }) {
  const crumbs = [[t('findings.title'), '#/findings']];
  const url = `${BASE}/${encodeURIComponent(params.id)}`;
  let f = await loadRecord(main, url, signal, { notFound: t('findings.not_found'), crumbs });
  if (!f) return;

  function render(notice, focusOn) {
    setTitle(f.title);
    const can = f.can || {};
    const header = pageHeader(f.title, {
      crumbs: [...crumbs, [f.title]],
      actions: can.edit ? [h('a', { class: 'btn btn-secondary', href: `#/findings/${encodeURIComponent(f.id)}/edit` }, t('findings.edit'))] : [],
    });
    header.append(h('p', { class: 'plan-meta' }, h('span', null, label('finding_kind', f.kind)), findingStatusBadge(f.status), severityBadge(f.severity), findingFlags(f)));
    const summary = panel(t('findings.summary'), facts([
      [t('followup.plan'), planLink(f.plan), 'fact-wide'],
      [t('findings.raised_by'), refName(f.raised_by)],
      [t('findings.addressed_to'), refName(f.addressed_to) || h('span', { class: 'muted' }, t('findings.nobody'))],
      [t('followup.unit'), unitText(f)],
      [t('findings.due_on'), dateOrDash(f.due_on)],
      [t('findings.source'), sourceLink(f)],
      f.escalated ? [t('findings.escalated_to'), refName(f.escalated_to)] : null,
    ]), f.description ? h('div', null, h('h3', null, t('findings.f_description')), h('p', { class: 'prose' }, f.description)) : null);
    const answer = f.response
      ? panel(t('findings.response_section'), h('p', { class: 'prose' }, f.response),
        h('p', { class: 'muted small' }, [formatClock(f.responded_at), f.responded_by ? f.responded_by.full_name : ''].filter(Boolean).join(' · ')))
      : null;
    const history = panel(t('findings.timeline_section'), findingTimeline(f));
    const messages = h('div', { 'aria-live': 'polite' }, notice ? messageBox(notice, 'success') : takeFlash());
    const acts = ACTIONS.filter((a) => can[a]);
    const actionPanel = acts.length ? actionsPanel(acts) : null;
    clear(main, header, messages, summary, answer, actionPanel, history);
    const again = focusOn && main.querySelector(`[data-action="${focusOn}"]`);
    if (again) again.focus();
    else if (notice) { const box = messages.firstChild; if (box) { box.setAttribute('tabindex', '-1'); box.focus(); } }
  }

  // the buttons the server allows; each asks for its text, then posts
  function actionsPanel(acts) {
    const bar = h('div', { class: 'report-actions' });
    const area = h('div');
    for (const a of acts) {
      bar.append(h('button', {
        type: 'button', class: a === 'answer' || a === 'resolve' ? 'btn btn-primary' : (a === 'decline' ? 'btn btn-danger' : 'btn btn-secondary'),
        dataset: { action: a }, onclick: () => ask(a, area),
      }, t(`findings.act_${a}`)));
    }
    return h('section', { class: 'panel report-action-panel', 'aria-label': t('findings.actions') }, bar, area);
  }

  function ask(action, area) {
    const id = uid('act');
    const text = h('textarea', { id, rows: action === 'answer' ? 5 : 3, name: action === 'answer' ? 'response' : 'reason' });
    const needs = action !== 'resolve';
    const confirm = h('button', { type: 'submit', class: action === 'decline' ? 'btn btn-danger' : 'btn btn-primary' }, t(`findings.confirm_${action}`));
    const cancel = h('button', { type: 'button', class: 'btn btn-link' }, t('form.cancel'));
    const msgs = h('div');
    const form = h('form', { class: 'reason-box', novalidate: true, 'aria-labelledby': `${id}-title` },
      h('h3', { id: `${id}-title` }, t(`findings.${action}_title`)),
      field({ label: t(`findings.${action}_label`), control: text, required: needs, hint: t(`findings.${action}_hint`) }),
      msgs,
      h('div', { class: 'form-actions' }, confirm, cancel));
    cancel.addEventListener('click', () => { clear(area); const b = main.querySelector(`[data-action="${action}"]`); if (b) b.focus(); });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const value = text.value.trim();
      setFieldError(text, needs && !value ? t('form.required') : '');
      if (needs && !value) { text.focus(); return; }
      const payload = { version: f.version };
      if (action === 'answer') payload.response = value;
      else if (value) payload.reason = value;
      const saved = await submitWith({
        form, area: msgs, controls: { response: text, reason: text },
        onConflict: async () => { f = await api.get(url, { signal }); render(); },
        send: () => api.post(`${url}/${action}`, payload, { signal }),
      });
      if (saved) {
        f = saved.can ? saved : await api.get(url, { signal });
        render(t(`findings.done_${action}`, { status: label('finding_status', f.status) }));
      }
    });
    clear(area, form);
    text.focus();
  }

  render();
}

// The findings of one inspection or report, for their own pages.
export async function findingsOf(query, signal) {
  const data = await api.get(BASE, { query: { ...query, limit: 200, sort: '-created_at' }, signal });
  return data.items || [];
}

// On a report's narrative (limitations, recommendations): "Chuyển thành kiến
// nghị/tồn tại theo dõi" opens a short form that turns the text into a tracked
// finding of the report (POST /reports/{id}/findings). Offered to whoever may
// raise it: the reporting organisation, the plan's owner, an admin.
export function reportFindingAction(report, section, user) {
  const text = (report.narrative && report.narrative[section]) || '';
  if (!text.trim() || !user) return null;
  const mine = myOrgId(user);
  const owner = report.plan && report.plan.owner ? report.plan.owner.id : null;
  const orgId = report.organization ? report.organization.id : report.organization_id;
  const may = user.role === 'admin' || ((user.role === 'leader' || user.role === 'officer') && mine !== null && (mine === orgId || mine === owner));
  if (!may) return null;
  const area = h('div', { class: 'to-finding-area' });
  const open = h('button', { type: 'button', class: 'btn btn-link btn-small', 'aria-expanded': 'false' }, t('findings.from_report'));
  open.addEventListener('click', () => {
    if (area.firstChild) { clear(area); open.setAttribute('aria-expanded', 'false'); return; }
    open.setAttribute('aria-expanded', 'true');
    const firstLine = text.trim().split(/\n|(?<=[.;!?])\s/)[0].slice(0, 200);
    const built = buildForm([
      { key: 'kind', label: t('findings.kind'), type: 'select', required: true, choices: codeChoices('finding_kind', FINDING_KINDS) },
      { key: 'title', label: t('findings.f_title'), required: true },
      { key: 'description', label: t('findings.f_description'), type: 'textarea', rows: 4 },
      { key: 'addressed_to_id', label: t('findings.addressed_to'), type: 'org', hint: t('findings.addressed_hint') },
      { key: 'severity', label: t('findings.severity'), type: 'select', choices: codeChoices('severity', SEVERITIES) },
      { key: 'due_on', label: t('findings.due_on'), type: 'date' },
    ], { kind: section === 'recommendations' ? 'recommendation' : 'limitation', title: firstLine, description: text.trim(), severity: 'medium' }, {});
    const msgs = h('div');
    const cancel = h('button', { type: 'button', class: 'btn btn-link' }, t('form.cancel'));
    const send = h('button', { type: 'button', class: 'btn btn-primary' }, t('findings.from_report_send'));
    // a group, not a form: it sits inside the report's own form
    const id = uid('tofind');
    const form = h('div', { class: 'reason-box', role: 'group', 'aria-labelledby': id },
      h('h3', { id }, t('findings.from_report_title')), h('p', { class: 'hint' }, t('findings.from_report_hint')),
      built.nodes, msgs,
      h('div', { class: 'form-actions' }, send, cancel));
    cancel.addEventListener('click', () => { clear(area); open.setAttribute('aria-expanded', 'false'); open.focus(); });
    send.addEventListener('click', async () => {
      const v = built.read();
      if (!v) return;
      const payload = { ...v };
      for (const k of Object.keys(payload)) if (payload[k] === null || payload[k] === '') delete payload[k];
      send.disabled = true;
      const saved = await submitWith({
        form, area: msgs, controls: built.controls,
        send: () => api.post(`/api/v1/reports/${encodeURIComponent(report.id)}/findings`, payload),
      });
      send.disabled = false;
      if (saved) {
        clear(area, h('div', { class: 'alert alert-success', role: 'status', tabindex: '-1' },
          h('p', null, t('findings.from_report_done', { title: saved.title }), ' ', h('a', { href: `#/findings/${encodeURIComponent(saved.id)}` }, t('findings.open_it')))));
        open.setAttribute('aria-expanded', 'false');
        area.firstChild.focus();
      }
    });
    clear(area, form);
    built.controls.title.focus();
  });
  return h('div', { class: 'to-finding' }, open, area);
}
