// admin-orgs.js — administering organisations (cơ quan, tổ chức): a searchable,
// paged list, and one form to create or edit an organisation and its head.
// Edits send only what changed, with the version they started from.
import { h, append, debounce } from './dom.js';
import { t, label } from './i18n.js';
import { api, isAbort, errorText, ApiError } from './api.js';
import { formatInteger, formatDate } from './format.js';
import { replaceQuery, navigate } from './router.js';
import { orgPicker } from './picker.js';
import { changes, submitWith, checkRequired } from './forms.js';
import {
  SYSTEMS, setTitle, pageHeader, field, select, codeChoices, loading, errorBox, messageBox, dataTable,
  pager, takeFlash, setFlash, childController, toInt, dateInput, readDate, setFieldError,
} from './ui.js';

const PAGE = 20;
const LIST = '/admin/organizations';

export async function orgListView({ main, query, signal }) {
  setTitle(t('orgs.title'));
  const state = { q: query.get('q') || '', system: query.get('system') || '', offset: toInt(query.get('offset')) };
  const q = h('input', { type: 'search', name: 'q', value: state.q, placeholder: t('orgs.search_placeholder'), autocomplete: 'off' });
  const system = select(codeChoices('system', SYSTEMS, t('filter.all')), { name: 'system', value: state.system });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('orgs.search') },
    field({ label: t('orgs.search'), control: q, className: 'field-grow' }),
    field({ label: t('orgs.system'), control: system }));
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  append(main, [pageHeader(t('orgs.title'), {
    crumbs: [[t('nav.admin')], [t('orgs.title')]],
    actions: [h('a', { class: 'btn btn-primary', href: `#${LIST}/new` }, t('orgs.new'))],
  }), takeFlash(), form, results]);

  let current = null;
  async function load() {
    if (current) current.abort();
    current = childController(signal);
    const mine = current;
    replaceQuery(LIST, state);
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading());
    try {
      const data = await api.get('/api/v1/organizations', {
        query: { q: state.q.trim(), system: state.system, limit: PAGE, offset: state.offset }, signal: mine.signal,
      });
      if (mine !== current) return;
      const items = data.items || [];
      const total = Number.isFinite(data.total) ? data.total : items.length;
      results.replaceChildren(
        h('p', { class: 'result-count' }, t('orgs.count', { n: formatInteger(total) })),
        dataTable({
          caption: t('orgs.title'),
          empty: t('orgs.empty'),
          rows: items,
          columns: [
            { label: t('orgs.col_name'), className: 'col-title', cell: (o) => h('a', { href: `#${LIST}/${encodeURIComponent(o.id)}` }, o.name) },
            { label: t('orgs.col_code'), cell: (o) => h('span', { class: 'code' }, o.code) },
            { label: t('orgs.col_system'), cell: (o) => label('system', o.system) },
            { label: t('orgs.col_unit'), cell: (o) => (o.unit ? o.unit.name || o.unit.code : '') },
            { label: t('orgs.col_head'), cell: (o) => (o.head && o.head.name
              ? [h('span', null, o.head.name), o.head.title ? h('span', { class: 'muted small block' }, o.head.title) : null]
              : '') },
          ],
        }),
        pager({ total, limit: PAGE, offset: state.offset, count: items.length, onChange: (off) => { state.offset = off; load(); } }));
    } catch (err) {
      if (isAbort(err) || mine !== current) return;
      results.replaceChildren(errorBox(err, { retry: load }));
    } finally {
      if (mine === current) results.removeAttribute('aria-busy');
    }
  }
  const typed = debounce(() => { state.q = q.value; state.offset = 0; load(); }, 300);
  q.addEventListener('input', typed);
  system.addEventListener('change', () => { state.system = system.value; state.offset = 0; load(); });
  form.addEventListener('submit', (e) => { e.preventDefault(); typed.cancel(); state.q = q.value; state.offset = 0; load(); });
  signal.addEventListener('abort', () => typed.cancel(), { once: true });
  await load();
}

// The unit field: a code, with the unit's name looked up as it is typed.
function unitField(code, signal) {
  const input = h('input', { type: 'text', name: 'unit', value: code || '', inputmode: 'numeric', autocomplete: 'off', class: 'input-short' });
  const found = h('p', { class: 'hint unit-found', 'aria-live': 'polite' });
  const lookup = debounce(async () => {
    const c = input.value.trim();
    if (!c) { found.textContent = ''; return; }
    try {
      const u = await api.get(`/api/v1/org-units/${encodeURIComponent(c)}`, { signal });
      found.textContent = t('orgs.unit_found', { name: u.full_name || u.name });
      found.classList.remove('warn');
    } catch (err) {
      if (isAbort(err)) return;
      found.textContent = err instanceof ApiError && err.status === 404 ? t('orgs.unit_not_found') : errorText(err);
      found.classList.add('warn');
    }
  }, 300);
  input.addEventListener('input', lookup);
  if (code) lookup();
  const wrap = field({ label: t('orgs.unit'), control: input, required: true, hint: t('orgs.unit_hint') });
  wrap.append(found);
  return { wrap, input };
}

export async function orgFormView({ main, params, signal }) {
  const isNew = params.id === undefined;
  const crumbs = [[t('nav.admin')], [t('orgs.title'), `#${LIST}`]];
  let org = { name: '', code: '', system: '', unit: null, parent_id: null, head: null };
  if (!isNew) {
    main.append(loading());
    try {
      org = await api.get(`/api/v1/organizations/${encodeURIComponent(params.id)}`, { signal });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        setTitle(t('orgs.not_found'));
        main.replaceChildren(pageHeader(t('orgs.not_found'), { crumbs }), messageBox(t('orgs.not_found_text'), 'info'));
        return;
      }
      throw err;
    }
  }
  const title = isNew ? t('orgs.new') : t('orgs.edit', { name: org.name });
  setTitle(title);

  const name = h('input', { type: 'text', name: 'name', value: org.name || '', autocomplete: 'off' });
  const code = h('input', { type: 'text', name: 'code', value: org.code || '', autocomplete: 'off', class: 'input-short', spellcheck: 'false' });
  const system = select(codeChoices('system', SYSTEMS, t('picker.choose')), { name: 'system', value: org.system || '' });
  const unit = unitField(org.unit ? org.unit.code : '', signal);
  const parentValue = org.parent_id ? { id: org.parent_id, name: (org.parent && org.parent.name) || org.parent_name || `#${org.parent_id}` } : null;
  const parent = orgPicker({ label: t('orgs.parent'), value: parentValue, excludeId: org.id, signal, hint: t('orgs.parent_hint') });
  const head = org.head || {};
  const headName = h('input', { type: 'text', name: 'head_name', value: head.name || '', autocomplete: 'off' });
  const headTitle = h('input', { type: 'text', name: 'head_title', value: head.title || '', autocomplete: 'off' });
  const headFrom = dateInput(head.term_from, { name: 'head_term_from' });

  const area = h('div', { class: 'form-messages' });
  const form = h('form', { class: 'form', novalidate: true },
    h('fieldset', null, h('legend', null, t('orgs.section_org')),
      field({ label: t('orgs.name'), control: name, required: true }),
      h('div', { class: 'field-row' },
        field({ label: t('orgs.code'), control: code, required: true, hint: t('orgs.code_hint') }),
        field({ label: t('orgs.system'), control: system, required: true })),
      unit.wrap,
      parent.element),
    h('fieldset', null, h('legend', null, t('orgs.section_head')),
      !isNew && head.name ? h('p', { class: 'hint' }, t('orgs.head_current', {
        name: head.name, title: head.title || '', from: formatDate(head.term_from) || '—',
      })) : null,
      h('p', { class: 'hint' }, t('orgs.head_hint')),
      field({ label: t('orgs.head_name'), control: headName }),
      field({ label: t('orgs.head_title'), control: headTitle }),
      field({ label: t('orgs.head_term_from'), control: headFrom, hint: t('form.date_hint') })),
    area,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, isNew ? t('form.create') : t('form.save')),
      h('a', { class: 'btn btn-secondary', href: `#${LIST}` }, t('form.cancel'))));

  const controls = {
    name, code, system, unit: unit.input, unit_code: unit.input, parent_id: parent.control,
    head: headName, 'head.name': headName, head_name: headName, 'head.title': headTitle, head_title: headTitle,
    'head.term_from': headFrom, head_term_from: headFrom, version: null,
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const required = [name, code, system, unit.input];
    if (headName.value.trim() || headTitle.value.trim() || headFrom.value.trim()) required.push(headName, headFrom);
    if (!checkRequired(required)) return;
    const termFrom = readDate(headFrom);
    if (termFrom.error) {
      setFieldError(headFrom, termFrom.error);
      headFrom.focus();
      return;
    }
    const values = {
      name: name.value.trim(), code: code.value.trim(), system: system.value, unit: unit.input.value.trim(),
      parent_id: parent.value(),
    };
    const headValues = { name: headName.value.trim(), title: headTitle.value.trim(), term_from: termFrom.iso };
    const saved = await submitWith({
      form, area, controls,
      onConflict: () => navigate(`${LIST}/${org.id}`),
      send: async () => {
        if (isNew) return api.post('/api/v1/organizations', headValues.name ? { ...values, head: headValues } : values);
        const before = {
          name: org.name, code: org.code, system: org.system, unit: org.unit ? org.unit.code : '', parent_id: org.parent_id ?? null,
        };
        const body = changes(before, values);
        const headBefore = { name: head.name || '', title: head.title || '', term_from: (head.term_from || '').slice(0, 10) };
        if (JSON.stringify(headBefore) !== JSON.stringify(headValues) && headValues.name) body.head = headValues;
        if (!Object.keys(body).length) return org;
        return api.patch(`/api/v1/organizations/${encodeURIComponent(org.id)}`, { ...body, version: org.version });
      },
    });
    if (saved) {
      setFlash(t(isNew ? 'orgs.created' : 'orgs.saved', { name: saved.name || values.name }));
      navigate(LIST);
    }
  });

  main.replaceChildren(pageHeader(title, { crumbs: [...crumbs, [isNew ? t('orgs.new') : org.name]] }), form);
  if (isNew) name.focus();
}
