// admin-users.js — administering user accounts: a searchable, paged list and one
// form to create or edit a user (organisation, role, active, password).
import { h, append, debounce } from './dom.js';
import { t, label } from './i18n.js';
import { api, isAbort, ApiError } from './api.js';
import { formatInteger } from './format.js';
import { replaceQuery, navigate } from './router.js';
import { orgPicker } from './picker.js';
import { changes, submitWith, checkRequired } from './forms.js';
import {
  ROLES, setTitle, pageHeader, field, select, codeChoices, loading, errorBox, messageBox, dataTable, pager,
  badge, takeFlash, setFlash, childController, toInt,
} from './ui.js';

const PAGE = 20;
const LIST = '/admin/users';
const seen = new Map();   // id -> the user as last listed (the API has no GET by id)

function orgOf(u) {
  if (u.organization && typeof u.organization === 'object') return u.organization;
  if (u.organization_id) return { id: u.organization_id, name: u.organization_name || `#${u.organization_id}` };
  return null;
}

export async function userListView({ main, query, signal }) {
  setTitle(t('users.title'));
  const state = { q: query.get('q') || '', role: query.get('role') || '', offset: toInt(query.get('offset')) };
  const q = h('input', { type: 'search', name: 'q', value: state.q, placeholder: t('users.search_placeholder'), autocomplete: 'off' });
  const role = select(codeChoices('role', ROLES, t('filter.all')), { name: 'role', value: state.role });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('users.search') },
    field({ label: t('users.search'), control: q, className: 'field-grow' }),
    field({ label: t('users.role'), control: role }));
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  append(main, [pageHeader(t('users.title'), {
    crumbs: [[t('nav.admin')], [t('users.title')]],
    actions: [h('a', { class: 'btn btn-primary', href: `#${LIST}/new` }, t('users.new'))],
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
      const data = await api.get('/api/v1/users', {
        query: { q: state.q.trim(), role: state.role, limit: PAGE, offset: state.offset }, signal: mine.signal,
      });
      if (mine !== current) return;
      const items = data.items || [];
      for (const u of items) seen.set(String(u.id), u);
      const total = Number.isFinite(data.total) ? data.total : items.length;
      results.replaceChildren(
        h('p', { class: 'result-count' }, t('users.count', { n: formatInteger(total) })),
        dataTable({
          caption: t('users.title'),
          empty: t('users.empty'),
          rows: items,
          rowClass: (u) => (u.active === false ? 'inactive' : null),
          columns: [
            { label: t('users.col_username'), className: 'col-title', cell: (u) => h('a', { href: `#${LIST}/${encodeURIComponent(u.id)}`, class: 'code' }, u.username) },
            { label: t('users.col_full_name'), cell: (u) => u.full_name },
            { label: t('users.col_org'), cell: (u) => (orgOf(u) ? orgOf(u).name : '') },
            { label: t('users.col_role'), cell: (u) => label('role', u.role) },
            { label: t('users.col_active'), cell: (u) => (u.active === false ? badge(t('users.inactive'), 'muted') : badge(t('users.active_yes'), 'ok')) },
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
  role.addEventListener('change', () => { state.role = role.value; state.offset = 0; load(); });
  form.addEventListener('submit', (e) => { e.preventDefault(); typed.cancel(); state.q = q.value; state.offset = 0; load(); });
  signal.addEventListener('abort', () => typed.cancel(), { once: true });
  await load();
}

// The user to edit: GET by id when the server offers it, else the listed copy.
async function loadUser(id, signal) {
  try {
    return await api.get(`/api/v1/users/${encodeURIComponent(id)}`, { signal });
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 405)) {
      if (!seen.has(String(id))) {
        // look it up in the list (the list is the contract)
        const data = await api.get('/api/v1/users', { query: { limit: 1000 }, signal });
        for (const u of data.items || []) seen.set(String(u.id), u);
      }
      if (seen.has(String(id))) return seen.get(String(id));
    }
    throw err;
  }
}

export async function userFormView({ main, params, signal }) {
  const isNew = params.id === undefined;
  const crumbs = [[t('nav.admin')], [t('users.title'), `#${LIST}`]];
  let user = { username: '', full_name: '', role: 'officer', active: true };
  if (!isNew) {
    main.append(loading());
    try {
      user = await loadUser(params.id, signal);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        setTitle(t('users.not_found'));
        main.replaceChildren(pageHeader(t('users.not_found'), { crumbs }), messageBox(t('users.not_found_text'), 'info'));
        return;
      }
      throw err;
    }
  }
  const title = isNew ? t('users.new') : t('users.edit', { name: user.username });
  setTitle(title);

  const username = h('input', { type: 'text', name: 'username', value: user.username || '', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', class: 'input-short' });
  const fullName = h('input', { type: 'text', name: 'full_name', value: user.full_name || '', autocomplete: 'off' });
  const org = orgPicker({ label: t('users.org'), value: orgOf(user), required: true, signal });
  const role = select(codeChoices('role', ROLES), { name: 'role', value: user.role || 'officer' });
  const active = h('input', { type: 'checkbox', id: 'user-active', name: 'active', checked: user.active !== false });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', class: 'input-short' });

  const area = h('div', { class: 'form-messages' });
  const form = h('form', { class: 'form', novalidate: true },
    h('fieldset', null, h('legend', null, t('users.section_account')),
      field({ label: t('users.username'), control: username, required: isNew, hint: isNew ? t('users.username_hint') : null }),
      field({ label: t('users.full_name'), control: fullName, required: true }),
      org.element,
      field({ label: t('users.role'), control: role, required: true, hint: t('users.role_hint') }),
      h('div', { class: 'field field-check' }, active, h('label', { for: 'user-active' }, t('users.active')))),
    h('fieldset', null, h('legend', null, t('users.section_password')),
      field({ label: isNew ? t('users.password') : t('users.new_password'), control: password, required: isNew, hint: isNew ? t('users.password_hint') : t('users.password_keep') })),
    area,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, isNew ? t('form.create') : t('form.save')),
      h('a', { class: 'btn btn-secondary', href: `#${LIST}` }, t('form.cancel'))));
  if (!isNew) username.readOnly = true;

  const controls = { username, full_name: fullName, organization_id: org.control, organization: org.control, role, active, password };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const required = isNew ? [username, fullName, org.control, role, password] : [fullName, org.control, role];
    if (!checkRequired(required)) return;
    const values = {
      username: username.value.trim(), full_name: fullName.value.trim(), organization_id: org.value(), role: role.value, active: active.checked,
    };
    const saved = await submitWith({
      form, area, controls,
      onConflict: () => { seen.delete(String(user.id)); navigate(`${LIST}/${user.id}`); },
      send: async () => {
        if (isNew) return api.post('/api/v1/users', { ...values, password: password.value });
        const before = {
          username: user.username, full_name: user.full_name, organization_id: orgOf(user) ? orgOf(user).id : null,
          role: user.role, active: user.active !== false,
        };
        const body = changes(before, values);
        delete body.username;
        if (password.value) body.password = password.value;
        if (!Object.keys(body).length) return user;
        return api.patch(`/api/v1/users/${encodeURIComponent(user.id)}`, { ...body, version: user.version });
      },
    });
    if (saved) {
      seen.delete(String(user.id));
      setFlash(t(isNew ? 'users.created' : 'users.saved', { name: saved.username || values.username }));
      navigate(LIST);
    }
  });

  main.replaceChildren(pageHeader(title, { crumbs: [...crumbs, [isNew ? t('users.new') : user.username]] }), form);
  if (isNew) username.focus();
}
