// units.js — the administrative unit tree (province → district → commune, any
// depth), loaded a level at a time, and a search that ignores diacritics on the
// server ("lang giang" finds "Huyện Lạng Giang").
import { h, debounce, uid } from './dom.js';
import { t, label } from './i18n.js';
import { api, isAbort, errorText } from './api.js';
import { formatInteger, sortVi } from './format.js';
import { replaceQuery } from './router.js';
import { setTitle, pageHeader, field, loading, errorBox, dataTable, badge, childController } from './ui.js';

const MAX = 1000;
const names = new Map();   // unit code -> full name, for showing parents

function remember(items) {
  for (const u of items) if (u && u.code) names.set(u.code, u.full_name || u.name || u.code);
}

function unitLine(u) {
  return h('span', { class: 'unit-line' },
    h('span', { class: 'unit-name' }, u.full_name || u.name),
    badge(label('level', u.level), 'muted'),
    h('span', { class: 'code small' }, u.code));
}

// One node: a disclosure button when it may have children, its list below.
function treeNode(u, signal) {
  const li = h('li', { class: 'tree-node' });
  const mayHaveChildren = u.has_children !== false;
  if (!mayHaveChildren) {
    li.append(h('div', { class: 'tree-row' }, h('span', { class: 'tree-spacer', 'aria-hidden': 'true' }), unitLine(u)));
    return li;
  }
  const listId = uid('children');
  const toggle = h('button', {
    type: 'button', class: 'tree-toggle', 'aria-expanded': 'false', 'aria-controls': listId,
  }, h('span', { class: 'tree-icon', 'aria-hidden': 'true' }), unitLine(u));
  const children = h('div', { id: listId, class: 'tree-children', hidden: true });
  let loaded = false;
  toggle.addEventListener('click', async () => {
    const open = toggle.getAttribute('aria-expanded') === 'true';
    if (open) {
      toggle.setAttribute('aria-expanded', 'false');
      children.hidden = true;
      return;
    }
    toggle.setAttribute('aria-expanded', 'true');
    children.hidden = false;
    if (loaded) return;
    children.replaceChildren(loading());
    try {
      const data = await api.get('/api/v1/org-units', { query: { parent: u.code, limit: MAX }, signal });
      const items = data.items || [];
      remember(items);
      loaded = true;
      if (!items.length) {
        children.replaceChildren(h('p', { class: 'muted small tree-empty' }, t('units.no_children')));
        return;
      }
      children.replaceChildren(treeList(sortVi(items, (x) => x.name || x.full_name), signal));
    } catch (err) {
      if (isAbort(err)) return;
      children.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, errorText(err)));
    }
  });
  li.append(h('div', { class: 'tree-row' }, toggle), children);
  return li;
}

function treeList(items, signal) {
  return h('ul', { class: 'tree' }, items.map((u) => treeNode(u, signal)));
}

// Parent names for search results: known ones from what was already loaded, the
// rest asked for once each.
async function parentNames(items, signal) {
  const missing = [...new Set(items.map((u) => u.parent_code).filter((c) => c && !names.has(c)))];
  await Promise.all(missing.map(async (code) => {
    try {
      const u = await api.get(`/api/v1/org-units/${encodeURIComponent(code)}`, { signal });
      remember([u]);
    } catch (err) {
      if (isAbort(err)) throw err;
      names.set(code, code);
    }
  }));
}

export async function unitsView({ main, query, signal }) {
  setTitle(t('units.title'));
  const q = h('input', { type: 'search', name: 'q', value: query.get('q') || '', placeholder: t('units.search_placeholder'), autocomplete: 'off' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('units.search') },
    field({ label: t('units.search'), control: q, hint: t('units.search_hint'), className: 'field-grow' }));
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const treeBox = h('section', { class: 'panel tree-panel', 'aria-labelledby': 'tree-title' },
    h('h2', { id: 'tree-title' }, t('units.tree')));
  main.append(pageHeader(t('units.title'), { intro: t('units.intro') }), form, results, treeBox);

  let current = null;
  async function search() {
    if (current) current.abort();
    const text = q.value.trim();
    replaceQuery('/units', { q: text });
    if (!text) {
      results.replaceChildren();
      treeBox.hidden = false;
      return;
    }
    treeBox.hidden = true;
    current = childController(signal);
    const mine = current;
    results.setAttribute('aria-busy', 'true');
    results.replaceChildren(loading());
    try {
      const data = await api.get('/api/v1/org-units', { query: { q: text, limit: 100 }, signal: mine.signal });
      const items = data.items || [];
      remember(items);
      await parentNames(items, mine.signal);
      if (mine !== current) return;
      const total = Number.isFinite(data.total) ? data.total : items.length;
      results.replaceChildren(
        h('p', { class: 'result-count' }, total > items.length
          ? t('units.count_more', { n: formatInteger(items.length), total: formatInteger(total) })
          : t('units.count', { n: formatInteger(total) })),
        dataTable({
          caption: t('units.results'),
          empty: t('units.empty'),
          rows: items,
          columns: [
            { label: t('units.col_name'), className: 'col-title', cell: (u) => h('strong', null, u.full_name || u.name) },
            { label: t('units.col_level'), cell: (u) => label('level', u.level) },
            { label: t('units.col_code'), cell: (u) => h('span', { class: 'code' }, u.code) },
            { label: t('units.col_parent'), cell: (u) => (u.parent_code ? names.get(u.parent_code) || u.parent_code : '') },
          ],
        }));
    } catch (err) {
      if (isAbort(err) || mine !== current) return;
      results.replaceChildren(errorBox(err, { retry: search }));
    } finally {
      if (mine === current) results.removeAttribute('aria-busy');
    }
  }
  const typed = debounce(search, 300);
  q.addEventListener('input', typed);
  form.addEventListener('submit', (e) => { e.preventDefault(); typed.cancel(); search(); });
  signal.addEventListener('abort', () => typed.cancel(), { once: true });

  // the roots of the tree
  const rootBox = h('div', null, loading());
  treeBox.append(rootBox);
  const rootsLoad = (async () => {
    try {
      const data = await api.get('/api/v1/org-units', { query: { limit: MAX }, signal });
      const all = data.items || [];
      remember(all);
      // the top of what this user may see: units whose parent is not in the list
      const codes = new Set(all.map((u) => u.code));
      const items = all.filter((u) => !u.parent_code || !codes.has(u.parent_code));
      rootBox.replaceChildren(items.length ? treeList(sortVi(items, (x) => x.name || x.full_name), signal)
        : h('p', { class: 'muted' }, t('units.empty_tree')));
    } catch (err) {
      if (!isAbort(err)) rootBox.replaceChildren(errorBox(err));
    }
  })();
  if (q.value.trim()) await Promise.all([rootsLoad, search()]);
  else await rootsLoad;
}
