// report.js — one periodic report: the data entry form of its indicators (with
// last period's value and the target beside each), the narrative, and the
// workflow (save a draft, submit, approve, return, reopen) as the server's
// `can` allows; its evidence files and its history. Values are checked as they
// are typed; Enter and the arrow keys move between the fields.
import { h, uid, clear } from './dom.js';
import { t, label, getLang } from './i18n.js';
import { api, ApiError, errorText } from './api.js';
import { formatNumber, formatClock, formatBytes } from './format.js';
import { isStale, conflictBox } from './forms.js';
import { setTitle, pageHeader, loading, messageBox, badge, dataTable } from './ui.js';
import { periodLabel } from './periods.js';
import { reportFindingAction } from './findings.js';
import {
  reportStatusBadge, timelinessBadge, formatValue, unitName, orgName, planIndicators,
} from './reporting.js';

const NARRATIVE = ['results', 'limitations', 'causes', 'recommendations'];
const MAX_FILE = 10 * 1024 * 1024;
const FILE_TYPES = ['pdf', 'jpg', 'jpeg', 'png', 'docx', 'xlsx', 'odt', 'ods'];

// ---------- reading numbers as typed ----------

// The number a person typed, in the interface's language: '1.234,5' (vi) or
// '1,234.5' (en); a dot alone is read as a decimal point too ('12.5').
// -> {value: number|null} or {error: text}
export function parseTyped(text) {
  const s = String(text ?? '').replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return { value: null };
  const vi = getLang() !== 'en';
  const group = vi ? /^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$/ : /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
  let norm = null;
  if (group.test(s)) norm = vi ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  else if (/^[-+]?\d+([.,]\d+)?$/.test(s)) norm = s.replace(',', '.');
  else if (/^[-+]?[.,]\d+$/.test(s)) norm = s.replace(',', '.').replace(/^([-+]?)\./, '$10.');
  if (norm === null) return { error: t('value.not_number') };
  const value = Number(norm);
  if (!Number.isFinite(value)) return { error: t('value.not_number') };
  const frac = /\.(\d+)$/.exec(norm);
  return { value, places: frac ? frac[1].length : 0 };
}

// The checks of one form row: type, decimal places, min and max (a percent
// is 0–100 unless the indicator says otherwise). -> error text or ''.
export function checkValue(row, parsed) {
  if (parsed.error) return parsed.error;
  const v = parsed.value;
  if (v === null) return '';
  if (row.value_type === 'boolean') return v === 0 || v === 1 ? '' : t('value.boolean');
  if (row.value_type === 'integer' && !Number.isInteger(v)) return t('value.integer');
  if (Number.isInteger(row.decimals) && parsed.places > row.decimals) {
    return row.decimals === 0 ? t('value.integer') : t('value.decimals', { n: row.decimals });
  }
  const pct = row.value_type === 'percent';
  const min = row.min ?? (pct ? 0 : null);
  const max = row.max ?? (pct ? 100 : null);
  if (min !== null && max !== null && (v < min || v > max)) {
    return t('value.range', { min: formatNumber(min, { maxFractionDigits: 6 }), max: formatNumber(max, { maxFractionDigits: 6 }) });
  }
  if (min !== null && v < min) return t('value.min', { min: formatNumber(min, { maxFractionDigits: 6 }) });
  if (max !== null && v > max) return t('value.max', { max: formatNumber(max, { maxFractionDigits: 6 }) });
  return '';
}

// A stored number as it goes back into an input: no grouping, the language's
// decimal sign.
function inputText(v) {
  if (v === null || v === undefined || v === '') return '';
  const s = String(v);
  return getLang() === 'en' ? s : s.replace('.', ',');
}

function section(id, title, ...content) {
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), content);
}

function userName(u) {
  if (!u) return '';
  if (typeof u === 'object') return u.full_name || u.username || u.name || '';
  return String(u);
}

// ---------- the screen ----------

export async function reportView({ main, params, query, signal, user }) {
  const fromInbox = query.get('from') === 'inbox';
  const crumbs = fromInbox ? [[t('inbox.title'), '#/inbox']] : [[t('reports.title'), '#/reports']];
  const base = `/api/v1/reports/${encodeURIComponent(params.id)}`;
  main.append(loading());

  let report;
  try {
    report = await api.get(base, { signal });
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
      setTitle(t('report.not_found'));
      clear(main, pageHeader(t('report.not_found'), { crumbs }),
        messageBox(t('report.not_found_text'), 'info'), h('p', null, h('a', { href: crumbs[0][1] }, t('report.back'))));
      return;
    }
    throw err;
  }
  // numerators and denominators of the computed indicators, to show them live
  let meta = new Map();
  try {
    const planId = report.plan_id ?? (report.plan && report.plan.id);
    if (planId) meta = new Map((await planIndicators(planId, signal)).map((i) => [i.id, i]));
  } catch (err) {
    if (signal.aborted) throw err;
  }

  let dirty = false;
  const onUnload = (e) => { if (dirty) { e.preventDefault(); e.returnValue = ''; } };
  window.addEventListener('beforeunload', onUnload);
  signal.addEventListener('abort', () => window.removeEventListener('beforeunload', onUnload), { once: true });

  // Redraws the whole screen from a report; `notice` is a message to show and
  // `focus` the action whose button should get the focus back.
  function render(r, { notice, focus } = {}) {
    report = r;
    dirty = false;
    const plan = r.plan || { id: r.plan_id };
    const period = periodLabel(r.period) || r.period_label || r.period;
    const title = t('report.title', { period });
    setTitle(`${title} — ${orgName(r.organization)}`);
    const can = r.can || {};
    const editable = !!can.edit;

    const messages = h('div', { class: 'report-messages', 'aria-live': 'polite' });
    if (notice) messages.append(messageBox(notice, 'success'));

    // the state of the report in a sentence
    const state = [];
    if (r.status === 'returned') {
      const reason = r.returned_reason || lastReason(r, 'return') || lastReason(r, 'reopen');
      state.push(h('div', { class: 'alert alert-warning', role: 'status' },
        h('p', null, h('strong', null, can.edit ? t('report.returned_notice') : t('report.returned_notice_other'))), reason ? h('p', { class: 'prose' }, t('report.reason_was', { reason })) : null));
    } else if (r.status === 'approved') {
      state.push(messageBox(t('report.approved_notice'), 'success'));
    } else if (r.status === 'submitted' && !can.approve) {
      state.push(messageBox(t('report.submitted_notice'), 'info'));
    } else if (r.status === 'submitted' && can.approve) {
      state.push(messageBox(t('report.approver_notice'), 'info'));
    }

    const submittedLine = r.submitted_at
      ? h('span', { class: 'inline-list' }, formatClock(r.submitted_at), timelinessBadge(r))
      : h('span', { class: 'inline-list' }, h('span', { class: 'muted' }, t('report.not_submitted')), timelinessBadge(r));
    const facts = [
      [t('report.plan'), plan.title || plan.code
        ? h('a', { href: `#/plans/${encodeURIComponent(plan.id)}` }, plan.code ? `${plan.code} — ${plan.title || ''}` : plan.title)
        : '', 'fact-wide'],
      [t('report.organization'), orgName(r.organization)],
      [t('report.unit'), unitName(r.unit)],
      [t('report.period'), period],
      [t('report.status'), reportStatusBadge(r.status)],
      [t('report.deadline'), r.deadline ? t('report.deadline_ict', { time: formatClock(r.deadline) }) : ''],
      [t('report.submitted_at'), submittedLine],
    ];
    if (r.status === 'approved' && r.approved_by) {
      facts.push([t('report.approved_by'), [userName(r.approved_by), r.approved_at ? ` · ${formatClock(r.approved_at)}` : ''].join('')]);
    }
    const summary = section('sec-report-summary', t('report.summary_section'),
      h('dl', { class: 'facts' }, facts.map(([term, value, cls]) => h('div', { class: `fact${cls ? ` ${cls}` : ''}` },
        h('dt', null, term), h('dd', null, value === '' ? h('span', { class: 'muted' }, t('common.none')) : value)))));

    // ----- the values -----
    const values = new Map((r.values || []).map((v) => [v.indicator_id, v]));
    const form = Array.isArray(r.form) ? r.form : [];
    const fields = [];       // editable value controls, in order
    const rows = [];         // {row, control, output, err}
    const byIndicator = new Map();
    form.forEach((row, i) => {
      const nameId = uid('ind');
      const stored = values.get(row.indicator_id);
      const v = stored ? stored.value : null;
      const entry = { row, nameId, index: i, comment: stored ? stored.comment || '' : '' };
      if (row.computed) {
        entry.output = h('output', { class: 'computed-value', 'aria-labelledby': nameId }, formatValue(v, row) || t('common.none'));
      } else if (editable) {
        const errId = `${nameId}-err`;
        entry.err = h('p', { class: 'field-error', id: errId, hidden: true });
        if (row.value_type === 'boolean') {
          entry.control = h('select', { class: 'value-input value-bool', 'aria-labelledby': nameId, 'aria-describedby': errId, value: v === null || v === undefined ? '' : String(Number(v)) },
            h('option', { value: '' }, t('value.blank')), h('option', { value: '1' }, t('value.yes')), h('option', { value: '0' }, t('value.no')));
        } else {
          const whole = row.value_type === 'integer' && (row.min ?? 0) >= 0;
          entry.control = h('input', {
            type: 'text', class: 'value-input', inputmode: whole ? 'numeric' : 'decimal', autocomplete: 'off', spellcheck: 'false',
            'aria-labelledby': nameId, 'aria-describedby': errId, value: inputText(v), dataset: { indicator: row.indicator_id },
          });
          // computed from a register: pre-filled when empty, for the officer to confirm
          if (row.formula && (v === null || v === undefined) && row.computed_value !== null && row.computed_value !== undefined) {
            entry.control.value = inputText(row.computed_value);
          }
        }
        fields.push(entry.control);
      } else {
        entry.output = h('span', { class: 'value-text' }, formatValue(v, row) || t('common.none'));
      }
      rows.push(entry);
      byIndicator.set(row.indicator_id, entry);
    });

    // live value of a computed (ratio) indicator from the fields of this form
    function computedValue(entry) {
      const m = meta.get(entry.row.indicator_id);
      if (!m || !m.numerator_id || !m.denominator_id) return undefined;
      const n = byIndicator.get(m.numerator_id);
      const d = byIndicator.get(m.denominator_id);
      if (!n || !d) return undefined;
      const nv = currentValue(n);
      const dv = currentValue(d);
      if (nv === null || dv === null || nv === undefined || dv === undefined || dv === 0) return null;
      return (nv / dv) * (entry.row.value_type === 'percent' ? 100 : 1);
    }
    function currentValue(entry) {
      if (entry.control) {
        const p = entry.control.tagName === 'SELECT'
          ? { value: entry.control.value === '' ? null : Number(entry.control.value) }
          : parseTyped(entry.control.value);
        return p.error ? undefined : p.value;
      }
      const s = values.get(entry.row.indicator_id);
      return s ? s.value : null;
    }
    function refreshComputed() {
      for (const e of rows) {
        if (!e.row.computed) continue;
        const cv = computedValue(e);
        if (cv === undefined) continue;
        e.output.textContent = cv === null ? t('common.none') : formatValue(Math.round(cv * 1e6) / 1e6, e.row);
      }
    }

    function validate(entry) {
      if (!entry.control || entry.control.tagName === 'SELECT') return '';
      const msg = checkValue(entry.row, parseTyped(entry.control.value));
      entry.err.textContent = msg;
      entry.err.hidden = !msg;
      if (msg) entry.control.setAttribute('aria-invalid', 'true');
      else entry.control.removeAttribute('aria-invalid');
      return msg;
    }

    const dirtyNote = h('p', { class: 'dirty-note', hidden: true, role: 'status' }, t('report.unsaved'));
    function markDirty() {
      if (!dirty) { dirty = true; dirtyNote.hidden = false; }
    }

    const narrative = {};
    function move(from, step) {
      const i = fields.indexOf(from);
      let next = fields[i + step];
      if (!next && step > 0) next = narrative.results;
      if (!next) return;
      next.focus();
      if (next.select && next.tagName === 'INPUT') next.select();
    }
    for (const e of rows) {
      if (!e.control) continue;
      e.control.addEventListener('input', () => { markDirty(); validate(e); refreshComputed(); });
      e.control.addEventListener('change', () => { markDirty(); validate(e); refreshComputed(); });
      e.control.addEventListener('keydown', (ev) => {
        if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.isComposing) return;
        const select = e.control.tagName === 'SELECT';
        if (ev.key === 'Enter') { ev.preventDefault(); move(e.control, 1); }
        else if (ev.key === 'ArrowDown' && !select) { ev.preventDefault(); move(e.control, 1); }
        else if (ev.key === 'ArrowUp' && !select) { ev.preventDefault(); move(e.control, -1); }
      });
    }
    refreshComputed();

    const valueTable = form.length
      ? dataTable({
        caption: t('report.values_section'),
        rows,
        rowClass: (e) => (e.row.computed ? 'row-computed' : null),
        columns: [
          {
            label: t('report.col_indicator'), className: 'col-title',
            cell: (e) => h('span', { class: 'ind-name' },
              h('span', { id: e.nameId }, e.row.name),
              h('span', { class: 'ind-meta' }, e.row.code ? h('span', { class: 'code' }, e.row.code) : null,
                e.row.computed ? badge(t('report.computed'), 'muted') : null,
                e.comment ? h('span', { class: 'muted small' }, t('report.comment', { text: e.comment })) : null)),
          },
          { label: t('report.col_unit'), className: 'col-unit', cell: (e) => e.row.unit_label || '' },
          {
            label: t('report.col_value'), className: 'col-value',
            cell: (e) => (e.control ? h('div', { class: 'value-cell' }, e.control, registerNote(e), e.err) : h('div', null, e.output, registerNote(e))),
          },
          {
            label: t('report.col_previous'), className: 'col-num',
            cell: (e) => (e.row.previous && e.row.previous.value !== null && e.row.previous.value !== undefined
              ? h('span', { class: 'num-with-note' }, formatValue(e.row.previous.value, e.row),
                e.row.previous.period ? h('span', { class: 'muted small' }, periodLabel(e.row.previous.period)) : null)
              : h('span', { class: 'muted' }, t('common.none'))),
          },
          {
            label: t('report.col_target'), className: 'col-num',
            cell: (e) => (e.row.target !== null && e.row.target !== undefined ? formatValue(e.row.target, e.row) : h('span', { class: 'muted' }, t('common.none'))),
          },
        ],
      })
      : h('p', { class: 'empty' }, t('report.no_indicators'));

    const valuesPanel = section('sec-report-values', t('report.values_section'),
      editable && fields.length ? h('p', { class: 'hint' }, t('report.keys_hint')) : null,
      valueTable);

    // ----- the narrative -----
    const narrativePanel = section('sec-report-narrative', t('report.narrative_section'),
      NARRATIVE.map((k) => {
        const text = (r.narrative && r.narrative[k]) || '';
        // a saved limitation or recommendation can become a finding followed until settled
        const toFinding = k === 'limitations' || k === 'recommendations' ? reportFindingAction(r, k, user) : null;
        if (!editable) {
          return h('div', { class: 'narrative-block' }, h('h3', null, t(`report.narrative_${k}`)),
            text ? h('p', { class: 'prose' }, text) : h('p', { class: 'muted' }, t('common.none')), toFinding);
        }
        const id = uid('nar');
        const area = h('textarea', { id, rows: 4, class: 'narrative-input', oninput: markDirty, value: text });
        narrative[k] = area;
        return h('div', { class: 'field' }, h('label', { for: id }, t(`report.narrative_${k}`)), area, toFinding);
      }));

    // ----- actions -----
    const buttons = {};
    const bar = h('div', { class: 'report-actions' });
    if (can.edit) bar.append(buttons.save = h('button', { type: 'button', class: 'btn btn-secondary' }, t('report.save')));
    if (can.submit) bar.append(buttons.submit = h('button', { type: 'button', class: 'btn btn-primary' }, t('report.submit')));
    if (can.approve) bar.append(buttons.approve = h('button', { type: 'button', class: 'btn btn-primary' }, t('report.approve')));
    if (can.return) bar.append(buttons.return = h('button', { type: 'button', class: 'btn btn-danger' }, t('report.return')));
    if (can.reopen) bar.append(buttons.reopen = h('button', { type: 'button', class: 'btn btn-secondary' }, t('report.reopen')));
    const reasonArea = h('div', { class: 'reason-area' });
    const actionPanel = Object.keys(buttons).length
      ? h('div', { class: 'panel report-action-panel' }, bar, dirtyNote, reasonArea)
      : null;

    function setBusy(busy) {
      for (const b of Object.values(buttons)) b.disabled = busy;
    }

    // every field valid? otherwise a summary and the focus on the first bad one
    function checkAll() {
      let first = null;
      let count = 0;
      for (const e of rows) {
        if (validate(e)) { count += 1; if (!first) first = e.control; }
      }
      if (!first) return true;
      clear(messages, h('div', { class: 'alert alert-error', role: 'alert' },
        h('p', null, t('report.invalid_summary', { n: formatNumber(count) }))));
      first.focus();
      return false;
    }

    function body() {
      const out = [];
      for (const e of rows) {
        if (e.row.computed) continue;
        let value;
        if (e.control) {
          value = e.control.tagName === 'SELECT'
            ? (e.control.value === '' ? null : Number(e.control.value))
            : parseTyped(e.control.value).value;
        } else {
          const s = values.get(e.row.indicator_id);
          value = s ? s.value : null;
        }
        out.push({ indicator_id: e.row.indicator_id, value, comment: e.comment });
      }
      const narr = {};
      for (const k of NARRATIVE) narr[k] = narrative[k] ? narrative[k].value : ((r.narrative && r.narrative[k]) || '');
      return { version: report.version, values: out, narrative: narr };
    }

    // shows a failed request: a stale version as a reload choice, a bad value
    // next to its field, anything else as a sentence
    function showError(err) {
      if (isStale(err)) {
        clear(messages, conflictBox(err, reload));
        return;
      }
      const box = h('div', { class: 'alert alert-error', role: 'alert', tabindex: '-1' }, h('p', null, errorText(err)));
      if (err instanceof ApiError && err.status === 409) {
        box.append(h('button', { type: 'button', class: 'btn btn-secondary', onclick: reload }, t('report.reload')));
      }
      clear(messages, box);
      const m = err instanceof ApiError && err.field ? /^values\[(\d+)\]/.exec(err.field) : null;
      const sent = rows.filter((e) => !e.row.computed);
      const entry = m ? sent[Number(m[1])] : null;
      if (entry && entry.control) {
        entry.err.textContent = errorText(err);
        entry.err.hidden = false;
        entry.control.setAttribute('aria-invalid', 'true');
        entry.control.focus();
      } else if (err instanceof ApiError && err.field && err.field.startsWith('narrative.') && narrative[err.field.slice(10)]) {
        narrative[err.field.slice(10)].focus();
      } else {
        box.focus();
      }
    }

    async function reload() {
      clear(messages, loading());
      try {
        render(await api.get(base, { signal }));
      } catch (err) {
        if (!signal.aborted) showError(err);
      }
    }

    // PUT the form; the updated report (the server's answer, or read back)
    async function put() {
      const res = await api.put(base, body(), { signal });
      return res && res.id ? res : api.get(base, { signal });
    }

    async function doSave() {
      if (!checkAll()) return;
      setBusy(true);
      try {
        const saved = await put();
        render(saved, { notice: t('report.saved', { time: formatClock(new Date().toISOString()) }), focus: 'save' });
      } catch (err) {
        if (!signal.aborted) showError(err);
      } finally {
        setBusy(false);
      }
    }

    async function transition(action, reason) {
      setBusy(true);
      try {
        let current = report;
        if (action === 'submit' && editable && dirty) {
          if (!checkAll()) return;
          current = await put();
          report = current;
        }
        const payload = { version: current.version };
        if (reason !== undefined) payload.reason = reason;
        const res = await api.post(`${base}/${action}`, payload, { signal });
        const next = res && res.id ? res : await api.get(base, { signal });
        window.dispatchEvent(new CustomEvent('tiendo:reports-changed'));
        render(next, { notice: t(`report.done_${action}`), focus: action });
      } catch (err) {
        if (!signal.aborted) showError(err);
      } finally {
        setBusy(false);
      }
    }

    // return and reopen ask for a reason first
    function askReason(action) {
      const id = uid('reason');
      const area = h('textarea', { id, rows: 3, 'aria-describedby': `${id}-err` });
      const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
      const confirm = h('button', { type: 'button', class: action === 'return' ? 'btn btn-danger' : 'btn btn-primary' }, t(`report.confirm_${action}`));
      const cancel = h('button', { type: 'button', class: 'btn btn-link' }, t('form.cancel'));
      const box = h('div', { class: 'reason-box', role: 'group', 'aria-labelledby': `${id}-title` },
        h('h3', { id: `${id}-title` }, t(`report.${action}_title`)),
        h('div', { class: 'field' }, h('label', { for: id }, t(`report.${action}_reason`), h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')), area, err),
        h('div', { class: 'form-actions' }, confirm, cancel));
      confirm.addEventListener('click', () => {
        const reason = area.value.trim();
        if (!reason) {
          err.textContent = t('report.reason_required');
          err.hidden = false;
          area.setAttribute('aria-invalid', 'true');
          area.focus();
          return;
        }
        transition(action, reason);
      });
      cancel.addEventListener('click', () => { clear(reasonArea); buttons[action].focus(); });
      clear(reasonArea, box);
      area.focus();
    }

    if (buttons.save) buttons.save.addEventListener('click', doSave);
    if (buttons.submit) {
      buttons.submit.addEventListener('click', () => {
        if (editable && !checkAll()) return;
        transition('submit');
      });
    }
    if (buttons.approve) buttons.approve.addEventListener('click', () => transition('approve'));
    if (buttons.return) buttons.return.addEventListener('click', () => askReason('return'));
    if (buttons.reopen) buttons.reopen.addEventListener('click', () => askReason('reopen'));

    const formEl = h('form', { class: 'report-form', novalidate: true, 'aria-labelledby': 'page-title' },
      valuesPanel, narrativePanel, actionPanel);
    formEl.addEventListener('submit', (e) => e.preventDefault());

    const header = pageHeader(title, {
      crumbs: [...crumbs, [period]],
      intro: [orgName(r.organization), unitName(r.unit)].filter(Boolean).join(' — '),
    });
    header.append(h('p', { class: 'plan-meta' }, plan.code ? h('span', { class: 'code' }, plan.code) : null, reportStatusBadge(r.status), timelinessBadge(r)));

    clear(main, header, messages, ...state, summary, formEl,
      h('div', { class: 'report-extra' }, filesPanel(r, editable), historyPanel(r)));

    const again = focus && buttons[focus];
    if (again) again.focus();
    else if (notice) {
      const box = messages.firstChild;
      if (box) { box.setAttribute('tabindex', '-1'); box.focus(); }
    }
  }

  // ----- evidence files -----
  function filesPanel(r, editable) {
    const files = Array.isArray(r.files) ? r.files : [];
    let panel = null;
    // after a change to the files: the list, the history and the version move on,
    // and what is being typed stays where it is
    async function refresh(done) {
      const fresh = await api.get(base, { signal });
      if (dirty) {
        report.version = fresh.version;
        report.files = fresh.files;
        const again = filesPanel(report, editable);
        again.append(h('p', { class: 'hint ok', role: 'status' }, done));
        panel.replaceWith(again);
      } else {
        render(fresh, { notice: done });
      }
    }
    const removeButton = (f) => {
      const b = h('button', { type: 'button', class: 'btn btn-link btn-small' }, t('report.file_remove'),
        h('span', { class: 'visually-hidden' }, ` ${f.name || ''}`));
      b.addEventListener('click', async () => {
        // a plain confirmation: removing evidence cannot be undone from here
        if (!window.confirm(t('report.file_remove_confirm', { name: f.name || '' }))) return;
        b.disabled = true;
        try {
          await api.del(`${base}/files/${encodeURIComponent(f.id)}`, { signal });
          await refresh(t('report.file_removed', { name: f.name || '' }));
        } catch (e) {
          b.disabled = false;
          if (!signal.aborted) panel.append(h('p', { class: 'field-error', role: 'alert' }, errorText(e)));
        }
      });
      return b;
    };
    const list = files.length
      ? h('ul', { class: 'file-list' }, files.map((f) => h('li', null,
        h('a', { href: `${base}/files/${encodeURIComponent(f.id)}`, download: f.name || true }, f.name || `#${f.id}`),
        h('span', { class: 'file-meta' },
          h('span', { class: 'muted small' }, [formatBytes(f.size), f.content_type].filter(Boolean).join(' · ')),
          editable ? removeButton(f) : null))))
      : h('p', { class: 'muted' }, t('report.no_files'));
    panel = section('sec-report-files', t('report.files_section'), list);
    if (!editable) return panel;

    const id = uid('file');
    // the browser's own file button speaks the browser's language: a label in ours stands in for it
    const input = h('input', { type: 'file', id, class: 'file-input', accept: FILE_TYPES.map((x) => `.${x}`).join(','), 'aria-describedby': `${id}-name ${id}-hint ${id}-err` });
    const chosen = h('span', { class: 'file-chosen muted', id: `${id}-name` }, t('report.file_none'));
    input.addEventListener('change', () => {
      const f = input.files && input.files[0];
      chosen.textContent = f ? `${f.name} (${formatBytes(f.size)})` : t('report.file_none');
      chosen.classList.toggle('muted', !f);
    });
    const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
    const status = h('p', { class: 'hint', role: 'status' });
    const button = h('button', { type: 'button', class: 'btn btn-secondary' }, t('report.upload'));
    button.addEventListener('click', async () => {
      err.hidden = true;
      status.textContent = '';
      const file = input.files && input.files[0];
      const ext = file ? (/\.([^.]+)$/.exec(file.name) || [])[1] : null;
      let problem = '';
      if (!file) problem = t('report.file_choose');
      else if (!ext || !FILE_TYPES.includes(ext.toLowerCase())) problem = t('report.file_type');
      else if (file.size > MAX_FILE) problem = t('report.file_too_big');
      if (problem) {
        err.textContent = problem;
        err.hidden = false;
        input.focus();
        return;
      }
      button.disabled = true;
      status.textContent = t('report.uploading');
      try {
        await api.upload(`${base}/files`, file, { query: { name: file.name }, signal });
        await refresh(t('report.uploaded', { name: file.name }));
      } catch (e) {
        status.textContent = '';
        err.textContent = e instanceof ApiError && e.status === 413 ? t('report.file_too_big') : errorText(e);
        err.hidden = false;
        input.focus();
      } finally {
        button.disabled = false;
      }
    });
    panel.append(h('div', { class: 'upload' },
      h('div', { class: 'field' },
        h('div', { class: 'file-pick' }, input, h('label', { for: id, class: 'btn btn-secondary file-label' }, t('report.file_label')), chosen),
        h('p', { class: 'hint', id: `${id}-hint` }, t('report.file_hint')), err),
      button, status));
    return panel;
  }

  // ----- history -----
  function historyPanel(r) {
    const events = Array.isArray(r.events) ? [...r.events].reverse() : [];
    return section('sec-report-history', t('report.history_section'),
      events.length
        ? h('ol', { class: 'history' }, events.map((e) => h('li', null,
          h('div', { class: 'history-head' },
            h('strong', null, label('report_action', e.action)),
            e.to_status && e.from_status !== e.to_status ? reportStatusBadge(e.to_status) : null),
          h('div', { class: 'muted small' }, [formatClock(e.at), userName(e.user)].filter(Boolean).join(' · ')),
          e.reason ? h('p', { class: 'prose small' }, e.action === 'attach' || e.action === 'detach' ? e.reason : t('report.reason_was', { reason: e.reason })) : null)))
        : h('p', { class: 'muted' }, t('report.no_history')));
  }

  render(report);
}

function lastReason(r, action) {
  const events = Array.isArray(r.events) ? r.events : [];
  for (let i = events.length - 1; i >= 0; i -= 1) if (events[i].action === action && events[i].reason) return events[i].reason;
  return '';
}


// Under an indicator computed from a register: the figure and its formula, and a
// button putting the figure into the field.
function registerNote(e) {
  const row = e.row;
  if (!row.formula) return null;
  const value = row.computed_value === null || row.computed_value === undefined ? t('common.none') : formatValue(row.computed_value, row);
  const use = e.control && row.computed_value !== null && row.computed_value !== undefined
    ? h('button', { type: 'button', class: 'btn btn-link btn-small use-computed', onclick: () => { e.control.value = inputText(row.computed_value); e.control.dispatchEvent(new Event('input', { bubbles: true })); } }, t('report.use_computed'))
    : null;
  return h('p', { class: 'computed-note small' }, h('span', { class: 'badge badge-accent' }, t('report.computed_from_register', { value })), ' ',
    h('code', { class: 'formula' }, row.formula), ' ', use);
}
