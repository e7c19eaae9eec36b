// tasks.js — the roadmap (lộ trình) of the plans: the list of tasks with their
// derived status (done on time, done late, in progress, overdue), the tasks of
// the user's own organisation, one task with its progress, deadline extensions
// and comments, and the form that creates or changes a task.
import { h, clear, uid } from './dom.js';
import { t, label } from './i18n.js';
import { api } from './api.js';
import { formatInteger, formatDate, formatClock } from './format.js';
import { navigate } from './router.js';
import { setTitle, pageHeader, field, select, codeChoices, dataTable, badge, messageBox, setFlash, takeFlash, dateInput, readDate, setFieldError } from './ui.js';
import { submitWith } from './forms.js';
import { periodsOfYear, periodLabel, parsePeriod } from './periods.js';
import {
  TASK_STATUSES, SLOT_KINDS, taskStatusBadge, planLink, refName, unitText, writes, manages, plansOf, planChoices,
  yearChoices, tabs, listScreen, buildForm, saveRecord, facts, panel, loadRecord, unitFilter, todayIso, actionError,
} from './followup.js';

const BASE = '/api/v1/tasks';

export function taskTabs(active) {
  return tabs([
    ['all', '#/tasks', t('tasks.tab_all')],
    ['mine', '#/tasks?mine=1', t('tasks.tab_mine')],
    ['timeline', '#/tasks/timeline', t('tasks.tab_timeline')],
  ], active, t('tasks.views'));
}

// The progress as a bar with its number (the number is what is read out).
export function progressBar(p) {
  const v = Math.max(0, Math.min(100, Number(p) || 0));
  return h('span', { class: 'progress' },
    h('progress', { max: 100, value: v, 'aria-hidden': 'true' }),
    h('span', { class: 'progress-text' }, `${formatInteger(v)}%`));
}

// "Quá hạn 12 ngày", "Hoàn thành muộn 3 ngày"… beside the status.
export function taskLateness(task) {
  if (task.status === 'overdue' && Number(task.days_overdue) > 0) {
    return h('span', { class: 'num-bad small' }, t('tasks.days_overdue', { n: formatInteger(task.days_overdue) }));
  }
  if (task.status === 'done_late' && task.completed_on && task.deadline) {
    const days = Math.round((Date.parse(task.completed_on) - Date.parse(task.deadline)) / 86400000);
    if (days > 0) return h('span', { class: 'num-warn small' }, t('tasks.days_late', { n: formatInteger(days) }));
  }
  return null;
}

function deadlineCell(task) {
  return h('span', { class: 'stack' }, formatDate(task.deadline),
    task.extended ? badge(t('tasks.extended'), 'accent') : null,
    task.extended && task.original_deadline ? h('span', { class: 'muted small' }, t('tasks.original_was', { date: formatDate(task.original_deadline) })) : null);
}

export function taskTable(items, { caption, empty } = {}) {
  return dataTable({
    caption: caption || t('tasks.title'),
    empty: empty || t('tasks.empty'),
    rows: items,
    rowClass: (x) => `row-${x.status}`,
    columns: [
      {
        label: t('tasks.col_title'), className: 'col-title',
        cell: (x) => h('span', { class: 'stack' }, h('a', { href: `#/tasks/${encodeURIComponent(x.id)}` }, x.title),
          h('span', { class: 'muted small' }, planLink(x.plan), x.slot_label ? ` · ${x.slot_label}` : '')),
      },
      {
        label: t('tasks.col_responsible'),
        cell: (x) => h('span', { class: 'stack' }, refName(x.responsible),
          (x.coordinators || []).length ? h('span', { class: 'muted small' }, t('tasks.coordinators_n', { n: formatInteger(x.coordinators.length) })) : null),
      },
      { label: t('tasks.col_unit'), cell: (x) => unitText(x) },
      { label: t('tasks.col_deadline'), className: 'col-nowrap', cell: deadlineCell },
      { label: t('tasks.col_progress'), cell: (x) => progressBar(x.progress) },
      { label: t('tasks.col_status'), cell: (x) => h('span', { class: 'stack' }, taskStatusBadge(x.status), taskLateness(x)) },
    ],
  });
}

export async function taskListView({ main, query, signal, user }) {
  const mine = query.get('mine') === '1';
  const plans = await plansOf(signal);
  const unit = await unitFilter(user, signal);
  const filters = [
    { key: 'q', label: t('followup.search'), control: h('input', { type: 'search', name: 'q', autocomplete: 'off', placeholder: t('tasks.search_placeholder') }), grow: true },
    { key: 'plan', label: t('followup.plan'), control: select(planChoices(plans, t('filter.all')), { name: 'plan', class: 'select-long' }) },
    { key: 'unit', label: t('followup.unit'), control: unit },
    { key: 'status', label: t('tasks.status'), control: select(codeChoices('task_status', TASK_STATUSES, t('filter.all')), { name: 'status' }) },
    { key: 'year', label: t('followup.year'), control: select(yearChoices(plans, t('filter.all_years')), { name: 'year' }) },
    { key: 'mine', label: '', control: h('input', { type: 'hidden', name: 'mine' }), hidden: true },
  ];
  const title = mine ? t('tasks.title_mine') : t('tasks.title');
  await listScreen({
    main, query, signal, path: '/tasks', title,
    intro: mine ? t('tasks.intro_mine', { org: refName(user.organization) }) : t('tasks.intro'),
    actions: writes(user) ? [h('a', { class: 'btn btn-primary', href: '#/tasks/new' }, t('tasks.new'))] : [],
    top: taskTabs(mine ? 'mine' : 'all'),
    filters,
    count: (n) => t('tasks.count', { n }),
    fetch: (s, sig) => api.get(BASE, { query: { ...s, sort: 'deadline' }, signal: sig }),
    render: (items) => taskTable(items, { empty: mine ? t('tasks.empty_mine') : t('tasks.empty') }),
  });
}

// ---------- the slot: month, quarter or year of the roadmap ----------

function slotField(initial, planOf) {
  const p = parsePeriod(initial);
  const kind = select(SLOT_KINDS.map((k) => [k, label('slot_kind', k)]), { value: p ? p.kind : 'quarter', 'aria-label': t('tasks.slot_kind') });
  const period = h('select', { name: 'slot' });
  function fill() {
    const plan = planOf();
    const now = Number(todayIso().slice(0, 4));
    const from = plan ? plan.start_year : now;
    const to = plan ? plan.end_year : now;
    const keep = period.value || initial || '';
    const groups = [];
    for (let y = from; y <= to; y += 1) {
      groups.push(h('optgroup', { label: String(y) }, periodsOfYear(y, kind.value).map((c) => h('option', { value: c }, periodLabel(c)))));
    }
    period.replaceChildren(h('option', { value: '' }, t('picker.choose')), ...groups);
    period.value = keep;
  }
  kind.addEventListener('change', () => { period.value = ''; fill(); });
  const element = field({ label: t('tasks.slot'), control: period, required: true, hint: t('tasks.slot_hint') });
  // the kind chooses what the period list offers: both sit on one line
  const wrap = h('div', { class: 'slot-pick' });
  period.replaceWith(wrap);
  wrap.append(kind, period);
  return { element, control: period, read: () => ({ value: period.value || null }), fill, kind };
}

function completionCheck(value, out) {
  if (value && value > todayIso()) return t('tasks.completed_future');
  if (value && out.start && value < out.start) return t('tasks.completed_before_start');
  return '';
}

export async function taskFormView({ main, params, signal, user }) {
  const isNew = params.id === undefined;
  const crumbs = [[t('tasks.title'), '#/tasks']];
  let task = { responsible: user.organization ? { id: user.organization.id, name: user.organization.name } : null, coordinators: [], progress: 0 };
  if (!isNew) {
    task = await loadRecord(main, `${BASE}/${encodeURIComponent(params.id)}`, signal, { notFound: t('tasks.not_found'), crumbs });
    if (!task) return;
  }
  const plans = await plansOf(signal);
  const title = isNew ? t('tasks.new') : t('tasks.edit');
  setTitle(title);
  let planSel = null;
  let slot = null;
  const planOf = () => plans.find((p) => String(p.id) === (planSel ? planSel.value : String(task.plan_id || '')));
  const fields = [
    { key: 'plan_id', label: t('followup.plan'), type: 'plan', required: true, readonly: !isNew },
    { key: 'title', label: t('tasks.f_title'), required: true },
    { key: 'description', label: t('tasks.f_description'), type: 'textarea', rows: 3 },
    { key: 'responsible_id', label: t('tasks.f_responsible'), type: 'org', required: true, get: (x) => x.responsible, hint: t('tasks.f_responsible_hint') },
    { key: 'coordinator_ids', label: t('tasks.f_coordinators'), type: 'orgs', get: (x) => x.coordinators },
    { key: 'unit', label: t('followup.unit'), type: 'unit', get: (x) => (x.unit ? { code: x.unit, name: x.unit_name } : null), hint: t('followup.unit_hint_responsible') },
    { key: 'start', label: t('tasks.f_start'), type: 'date', hint: t('tasks.f_start_hint') },
    {
      key: 'deadline', label: t('tasks.f_deadline'), type: 'date', required: isNew, readonly: !isNew,
      hint: isNew ? t('form.date_hint') : t('tasks.f_deadline_fixed'),
      check: (v, out) => (v && out.start && v < out.start ? t('tasks.start_after_deadline') : ''),
    },
    { key: 'slot', label: t('tasks.slot'), type: 'custom', build: (initial) => (slot = slotField(initial, planOf)) },
    { key: 'progress', label: t('tasks.f_progress'), type: 'range', hint: t('tasks.f_progress_hint') },
    { key: 'completed_on', label: t('tasks.f_completed_on'), type: 'date', hint: t('tasks.f_completed_hint'), check: completionCheck },
  ];
  const built = buildForm(fields, task, { signal, plans });
  planSel = built.controls.plan_id;
  planSel.addEventListener('change', () => slot.fill());
  slot.fill();
  // a completion date means the task is done
  built.controls.completed_on.addEventListener('change', () => {
    if (built.controls.completed_on.value.trim()) {
      built.controls.progress.value = 100;
      built.controls.progress.dispatchEvent(new Event('input'));
    }
  });
  const area = h('div', { class: 'form-messages' });
  const form = h('form', { class: 'form', novalidate: true },
    h('fieldset', null, h('legend', null, t('tasks.section_task')), built.nodes.slice(0, 6)),
    h('fieldset', null, h('legend', null, t('tasks.section_time')), built.nodes.slice(6)),
    area,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, isNew ? t('form.create') : t('form.save')),
      h('a', { class: 'btn btn-secondary', href: isNew ? '#/tasks' : `#/tasks/${encodeURIComponent(task.id)}` }, t('form.cancel'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = built.read();
    if (!v) return;
    const values = {
      title: v.title, description: v.description, responsible_id: v.responsible_id, coordinator_ids: v.coordinator_ids,
      start: v.start, slot: v.slot, progress: v.progress, completed_on: v.completed_on,
    };
    if (v.unit) values.unit = v.unit;
    if (values.completed_on) values.progress = 100;
    if (isNew) {
      values.plan_id = v.plan_id;
      values.deadline = v.deadline;
      if (!values.start) delete values.start;
      if (!values.completed_on) delete values.completed_on;
    }
    const before = {
      title: task.title, description: task.description || '', responsible_id: task.responsible_id, coordinator_ids: task.coordinator_ids || [],
      start: task.start, slot: task.slot, progress: task.progress, completed_on: task.completed_on ?? null, unit: task.unit,
    };
    if (!isNew && JSON.stringify(values.coordinator_ids) === JSON.stringify(before.coordinator_ids)) delete values.coordinator_ids;
    const saved = await saveRecord({
      form, area, controls: built.controls, base: BASE, record: isNew ? null : task, values, before,
      onConflict: () => navigate(`/tasks/${task.id}/edit`),
    });
    if (saved) {
      setFlash(t(isNew ? 'tasks.created' : 'tasks.saved', { title: saved.title || values.title }));
      navigate(`/tasks/${saved.id}`);
    }
  });
  main.replaceChildren(pageHeader(title, { crumbs: [...crumbs, [isNew ? t('tasks.new') : task.title]] }), form);
  if (isNew) planSel.focus();
}

// ---------- one task ----------

export async function taskView({ main, params, signal, user }) {
  const crumbs = [[t('tasks.title'), '#/tasks']];
  const url = `${BASE}/${encodeURIComponent(params.id)}`;
  let task = await loadRecord(main, url, signal, { notFound: t('tasks.not_found'), crumbs });
  if (!task) return;
  const plans = await plansOf(signal);
  const plan = plans.find((p) => p.id === task.plan_id) || task.plan;

  function render(notice) {
    setTitle(task.title);
    const may = manages(user, task.responsible_id, plan);
    const done = !!task.completed_on;
    const header = pageHeader(task.title, {
      crumbs: [...crumbs, [task.title]],
      actions: may ? [h('a', { class: 'btn btn-secondary', href: `#/tasks/${encodeURIComponent(task.id)}/edit` }, t('tasks.edit'))] : [],
    });
    header.append(h('p', { class: 'plan-meta' }, taskStatusBadge(task.status), taskLateness(task),
      task.extended ? badge(t('tasks.extended'), 'accent') : null));
    const summary = panel(t('tasks.summary'), facts([
      [t('followup.plan'), planLink(task.plan), 'fact-wide'],
      [t('tasks.f_responsible'), refName(task.responsible)],
      [t('tasks.f_coordinators'), (task.coordinators || []).map(refName).join('; ')],
      [t('followup.unit'), unitText(task)],
      [t('tasks.slot'), task.slot_label || periodLabel(task.slot)],
      [t('tasks.f_start'), formatDate(task.start)],
      [t('tasks.f_deadline'), deadlineCell(task)],
      [t('tasks.f_progress'), progressBar(task.progress)],
      [t('tasks.f_completed_on'), formatDate(task.completed_on)],
    ]), task.description ? h('p', { class: 'prose' }, task.description) : null);

    const messages = h('div', { 'aria-live': 'polite' }, notice ? messageBox(notice, 'success') : takeFlash());
    const side = [];
    if (may) side.push(progressPanel(done));
    side.push(extensionPanel(may && !done));
    side.push(commentPanel());
    clear(main, header, messages, summary, h('div', { class: 'report-extra' }, side));
  }

  async function refresh(notice) {
    task = await api.get(url, { signal });
    render(notice);
  }

  // progress and completion: what the responsible organisation updates most
  function progressPanel(done) {
    const slider = h('input', { type: 'range', min: 0, max: 100, step: 5, value: task.progress || 0, class: 'input-range', name: 'progress' });
    const out = h('output', { class: 'range-value', 'aria-hidden': 'true' }, `${slider.value}%`);
    const setText = () => { out.textContent = `${slider.value}%`; slider.setAttribute('aria-valuetext', `${slider.value}%`); };
    slider.addEventListener('input', setText);
    setText();
    const completed = dateInput(task.completed_on || '', { name: 'completed_on' });
    const today = h('button', { type: 'button', class: 'btn btn-link btn-small' }, t('tasks.complete_today'));
    today.addEventListener('click', () => {
      const d = todayIso();
      completed.value = `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
      slider.value = 100;
      setText();
      completed.focus();
    });
    completed.addEventListener('change', () => { if (completed.value.trim()) { slider.value = 100; setText(); } });
    const area = h('div');
    const progField = field({ label: t('tasks.f_progress'), control: slider });
    progField.classList.add('field-range');
    slider.after(out);
    const form = h('form', { class: 'progress-form', novalidate: true },
      progField,
      field({ label: t('tasks.f_completed_on'), control: completed, hint: t('tasks.f_completed_hint') }),
      h('div', { class: 'form-actions' }, today), area,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('tasks.save_progress'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const d = readDate(completed);
      const msg = d.error || completionCheck(d.iso, { start: task.start });
      setFieldError(completed, msg);
      if (msg) { completed.focus(); return; }
      const body = { version: task.version };
      const newDone = d.iso || null;
      if (newDone !== (task.completed_on || null)) body.completed_on = newDone;
      const p = newDone ? 100 : Number(slider.value);
      if (p !== task.progress) body.progress = p;
      if (!newDone && done && p >= 100) {
        setFieldError(completed, t('tasks.reopen_needs_less'));
        completed.focus();
        return;
      }
      if (Object.keys(body).length === 1) return;
      const saved = await submitWith({
        form, area, controls: { completed_on: completed, progress: slider }, onConflict: () => refresh(),
        send: () => api.patch(url, body, { signal }),
      });
      if (saved) {
        task = saved;
        render(saved.completed_on ? t('tasks.completed_notice', { status: label('task_status', saved.status) }) : t('tasks.progress_saved'));
      }
    });
    return panel(t('tasks.progress_section'), form);
  }

  // the deadline's history, and a new deadline when the task may move
  function extensionPanel(mayExtend) {
    const list = Array.isArray(task.extensions) ? task.extensions : [];
    const parts = [
      h('p', null, t('tasks.original_deadline', { date: formatDate(task.original_deadline || task.deadline) })),
      list.length ? h('ol', { class: 'history' }, list.map((x) => h('li', null,
        h('div', { class: 'history-head' }, h('strong', null, t('tasks.extension_line', { from: formatDate(x.old_deadline), to: formatDate(x.new_deadline) }))),
        h('div', { class: 'muted small' }, [formatClock(x.at), refName(x.user && (x.user.full_name || x.user.username))].filter(Boolean).join(' · ')),
        x.reason ? h('p', { class: 'prose small' }, t('tasks.reason_was', { reason: x.reason })) : null,
        x.document ? h('p', { class: 'small' }, t('tasks.document_was', { doc: x.document })) : null)))
        : h('p', { class: 'muted' }, t('tasks.no_extensions')),
    ];
    if (mayExtend) {
      const newDeadline = dateInput('', { name: 'new_deadline' });
      const reason = h('textarea', { name: 'reason', rows: 3 });
      const doc = h('input', { type: 'text', name: 'document', autocomplete: 'off', placeholder: t('tasks.document_placeholder') });
      const area = h('div');
      const form = h('form', { class: 'reason-box', novalidate: true },
        h('h3', null, t('tasks.extend_title')),
        field({ label: t('tasks.new_deadline'), control: newDeadline, required: true, hint: t('tasks.new_deadline_hint', { date: formatDate(task.deadline) }) }),
        field({ label: t('tasks.extend_reason'), control: reason, required: true }),
        field({ label: t('tasks.extend_document'), control: doc }),
        area,
        h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-secondary' }, t('tasks.extend'))));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const d = readDate(newDeadline);
        let msg = d.error || (!d.iso ? t('form.required') : '');
        if (!msg && d.iso <= task.deadline) msg = t('tasks.deadline_not_later');
        setFieldError(newDeadline, msg);
        const why = reason.value.trim();
        setFieldError(reason, why ? '' : t('form.required'));
        if (msg) { newDeadline.focus(); return; }
        if (!why) { reason.focus(); return; }
        const saved = await submitWith({
          form, area, controls: { new_deadline: newDeadline, reason, document: doc }, onConflict: () => refresh(),
          send: () => api.post(`${url}/extend`, { version: task.version, new_deadline: d.iso, reason: why, document: doc.value.trim() }, { signal }),
        });
        if (saved) { task = saved; render(t('tasks.extended_notice', { date: formatDate(saved.deadline) })); }
      });
      parts.push(form);
    }
    return panel(t('tasks.extensions_section'), parts);
  }

  function commentPanel() {
    const list = Array.isArray(task.comments) ? task.comments : [];
    const parts = [list.length
      ? h('ol', { class: 'history comments' }, list.map((c) => h('li', null,
        h('div', { class: 'muted small' }, [formatClock(c.at), c.user ? c.user.full_name || c.user.username : ''].filter(Boolean).join(' · ')),
        h('p', { class: 'prose' }, c.body))))
      : h('p', { class: 'muted' }, t('tasks.no_comments'))];
    if (writes(user)) {
      const id = uid('comment');
      const text = h('textarea', { id, name: 'body', rows: 3 });
      const area = h('div');
      const button = h('button', { type: 'submit', class: 'btn btn-secondary' }, t('tasks.comment_send'));
      const form = h('form', { novalidate: true }, field({ label: t('tasks.comment_label'), control: text }), area, h('div', { class: 'form-actions' }, button));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const body = text.value.trim();
        setFieldError(text, body ? '' : t('form.required'));
        if (!body) { text.focus(); return; }
        button.disabled = true;
        try {
          await api.post(`${url}/comments`, { body }, { signal });
          await refresh(t('tasks.comment_sent'));
        } catch (err) {
          if (!signal.aborted) actionError(area, err);
        } finally {
          button.disabled = false;
        }
      });
      parts.push(form);
    }
    return panel(t('tasks.comments_section'), parts);
  }

  render();
}
