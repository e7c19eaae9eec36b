// picker.js — choosing an organisation among hundreds: a search box that fills
// a list of matches, the current choice always kept in the list.
import { h, debounce, uid } from './dom.js';
import { t } from './i18n.js';
import { api, isAbort } from './api.js';
import { sortVi } from './format.js';

// orgPicker({label, value: {id, name}|null, required, excludeId, signal})
// -> {element, control (the <select>), value() -> id|null}
export function orgPicker({ label: text, value, required, excludeId, signal, hint }) {
  const selectId = uid('org');
  const search = h('input', {
    type: 'search', class: 'picker-search', placeholder: t('picker.search_placeholder'),
    'aria-label': t('picker.search_label', { field: text }), autocomplete: 'off',
  });
  const control = h('select', { id: selectId, name: selectId });
  const status = h('p', { class: 'hint', 'aria-live': 'polite' });
  let chosen = value && value.id ? { id: value.id, name: value.name || `#${value.id}` } : null;

  function fill(items) {
    const keep = control.value || (chosen ? String(chosen.id) : '');
    const list = sortVi(items.filter((o) => o.id !== excludeId), (o) => o.name);
    const opts = [h('option', { value: '' }, required ? t('picker.choose') : t('picker.none'))];
    const ids = new Set(list.map((o) => String(o.id)));
    if (chosen && !ids.has(String(chosen.id))) opts.push(h('option', { value: chosen.id }, chosen.name));
    for (const o of list) opts.push(h('option', { value: o.id }, o.code ? `${o.name} (${o.code})` : o.name));
    control.replaceChildren(...opts);
    control.value = keep;
  }

  control.addEventListener('change', () => {
    const opt = control.selectedOptions[0];
    chosen = control.value ? { id: Number(control.value), name: opt ? opt.textContent : '' } : null;
  });

  let current = null;
  async function load() {
    if (current) current.abort();
    current = new AbortController();
    const mine = current;
    if (signal) signal.addEventListener('abort', () => mine.abort(), { once: true });
    try {
      const data = await api.get('/api/v1/organizations', { query: { q: search.value.trim(), limit: 30 }, signal: mine.signal });
      if (mine !== current) return;
      const items = data.items || [];
      fill(items);
      status.textContent = search.value.trim() ? t('picker.matches', { n: items.length, total: data.total ?? items.length }) : '';
    } catch (err) {
      if (!isAbort(err)) status.textContent = t('picker.failed');
    }
  }
  search.addEventListener('input', debounce(load, 300));
  search.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); load(); } });
  fill([]);
  load();

  const labelEl = h('label', { for: selectId }, text);
  if (required) {
    labelEl.append(h('span', { class: 'req', 'aria-hidden': 'true' }, ' *'));
    control.required = true;
  }
  const errId = `${selectId}-err`;
  const hintId = `${selectId}-hint`;
  control.setAttribute('aria-describedby', hint ? `${hintId} ${errId}` : errId);
  const element = h('div', { class: 'field picker' }, labelEl, search, control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null, status,
    h('p', { class: 'field-error', id: errId, hidden: true }));
  return { element, control, value: () => (control.value ? Number(control.value) : null) };
}
