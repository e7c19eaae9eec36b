// forms.js — what the admin forms share: sending a create or an edit, showing
// the server's answer next to the field it names, and a stale-version conflict
// (409) as a clear choice rather than a cryptic failure.
import { h } from './dom.js';
import { t } from './i18n.js';
import { ApiError, errorText } from './api.js';
import { setFieldError } from './ui.js';

// Compares the form's values with the loaded record: only what changed is sent.
export function changes(before, after) {
  const out = {};
  for (const [k, v] of Object.entries(after)) {
    const old = before[k];
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (JSON.stringify(v) !== JSON.stringify(old || {})) out[k] = v;
    } else if ((old ?? null) !== (v ?? null)) out[k] = v;
  }
  return out;
}

// Runs send() for a form: disables the submit button meanwhile, clears old
// errors, and on failure shows the error in `area` and on the named field
// (controls: {serverFieldName: element}). Returns the result or undefined.
export async function submitWith({ form, area, controls, send, onConflict }) {
  const button = form.querySelector('button[type=submit]');
  area.replaceChildren();
  for (const c of Object.values(controls)) if (c) setFieldError(c, '');
  if (button) button.disabled = true;
  try {
    return await send();
  } catch (err) {
    if (isStale(err) && onConflict) {
      area.append(conflictBox(err, onConflict));
    } else {
      const box = h('div', { class: 'alert alert-error', role: 'alert' }, h('p', null, errorText(err)));
      area.append(box);
      const target = err instanceof ApiError && err.field ? controls[err.field] || controls[err.field.replace(/\./g, '_')] : null;
      if (target) {
        setFieldError(target, errorText(err));
        target.focus();
      } else {
        box.setAttribute('tabindex', '-1');
        box.focus();
      }
    }
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

// A 409 is either a stale version (someone saved first) or a clash such as a
// code already taken; only the first calls for reloading.
export function isStale(err) {
  return err instanceof ApiError && err.status === 409 && (err.field === 'version' || /stale|version/.test(err.code));
}

export function conflictBox(err, onReload) {
  const box = h('div', { class: 'alert alert-warning conflict', role: 'alert', tabindex: '-1' },
    h('h2', null, t('conflict.title')),
    h('p', null, t('conflict.text')),
    err.serverMessage ? h('p', { class: 'small' }, t('conflict.server_said', { message: err.serverMessage })) : null,
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn btn-primary', onclick: onReload }, t('conflict.reload'))));
  setTimeout(() => box.focus(), 0);
  return box;
}

// Checks required controls before sending; focuses the first empty one.
export function checkRequired(controls) {
  let first = null;
  for (const c of controls) {
    const empty = c.type === 'checkbox' ? false : !String(c.value || '').trim();
    setFieldError(c, empty ? t('form.required') : '');
    if (empty && !first) first = c;
  }
  if (first) first.focus();
  return !first;
}
