// notifications.js — what needs the user's attention: tasks due or overdue,
// reports due, returned or waiting for approval, findings addressed to them,
// answered, reopened or escalated. The bell in the header with the number
// unread and the latest notices; the inbox page with all of them. A notice
// opens its record and is marked read; all can be marked read at once.
import { h, clear } from './dom.js';
import { t, label } from './i18n.js';
import { api, isAbort, errorText } from './api.js';
import { formatInteger, formatClock } from './format.js';
import { replaceQuery } from './router.js';
import { setTitle, pageHeader, field, select, loading, errorBox, pager, badge, messageBox, childController, toInt } from './ui.js';

const BASE = '/api/v1/notifications';
const NS = 'http://www.w3.org/2000/svg';
const KIND_VARIANT = {
  task_overdue: 'error', finding_escalated: 'error', report_returned: 'warn', task_due: 'warn', report_due: 'warn',
  approval_waiting: 'primary', finding_addressed: 'accent', finding_answered: 'ok', finding_reopened: 'warn',
};

// Viewers read notices but do not mark them.
export function marksRead(user) {
  return !!user && user.role !== 'viewer';
}

// Only the application's own routes are followed.
function safeLink(link) {
  return typeof link === 'string' && /^#\/[\w/?=&%.-]*$/.test(link) ? link : null;
}

function bellIcon() {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'bell-icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', 'M12 2a6 6 0 0 0-6 6v3.6l-1.7 3.4A1 1 0 0 0 5.2 16.5h13.6a1 1 0 0 0 .9-1.5L18 11.6V8a6 6 0 0 0-6-6zm0 20a3 3 0 0 0 2.8-2h-5.6A3 3 0 0 0 12 22z');
  svg.append(path);
  return svg;
}

async function markRead(id) {
  return api.post(`${BASE}/${encodeURIComponent(id)}/read`, {});
}

function noticeLine(n, { onOpen } = {}) {
  const href = safeLink(n.link);
  const text = [h('span', { class: 'notice-title' }, n.title),
    h('span', { class: 'notice-meta' }, badge(label('notice_kind', n.kind), KIND_VARIANT[n.kind] || 'neutral'), h('span', { class: 'muted small' }, formatClock(n.created_at)))];
  if (!href) return h('span', { class: 'notice-link' }, text);
  return h('a', { class: 'notice-link', href, onclick: onOpen ? (e) => onOpen(e, n, href) : null }, text);
}

// The bell: createBell(user) -> {element, refresh()}. refresh() asks for the
// unread count (the app calls it after each screen change and every minute).
export function createBell(user) {
  const count = h('span', { class: 'nav-count bell-count', hidden: true });
  const sr = h('span', { class: 'visually-hidden' }, t('notices.bell_none'));
  const button = h('button', {
    type: 'button', class: 'bell', 'aria-expanded': 'false', 'aria-controls': 'notice-panel', title: t('notices.title'),
  }, bellIcon(), h('span', { class: 'visually-hidden' }, t('notices.title')), sr, count);
  const list = h('div', { class: 'notice-list' });
  const markAll = marksRead(user) ? h('button', { type: 'button', class: 'btn btn-link btn-small' }, t('notices.mark_all')) : null;
  const panelEl = h('div', { id: 'notice-panel', class: 'notice-panel', hidden: true, role: 'region', 'aria-label': t('notices.title') },
    h('div', { class: 'notice-panel-head' }, h('h2', null, t('notices.latest')), markAll),
    list,
    h('p', { class: 'notice-panel-foot' }, h('a', { href: '#/notifications', onclick: () => close() }, t('notices.see_all'))));
  const element = h('div', { class: 'bell-wrap' }, button, panelEl);
  let last = { items: [], unread: 0 };
  let loadCtl = null;

  function show(data) {
    last = data;
    const n = data.unread;
    count.textContent = formatInteger(n);
    count.hidden = n === 0;
    count.setAttribute('aria-hidden', 'true');
    sr.textContent = n ? t('notices.bell_unread', { n: formatInteger(n) }) : t('notices.bell_none');
    if (markAll) markAll.disabled = n === 0;
    if (!panelEl.hidden) drawList();
  }
  function drawList() {
    const items = last.items || [];
    clear(list, items.length
      ? h('ul', null, items.map((x) => h('li', null, noticeLine(x, { onOpen: open }))))
      : h('p', { class: 'muted small' }, t('notices.none_unread')));
  }
  async function refresh() {
    if (loadCtl) loadCtl.abort();
    const ctl = new AbortController();
    loadCtl = ctl;
    try {
      const data = await api.get(BASE, { query: { unread: 1, limit: 8 }, signal: ctl.signal });
      if (ctl !== loadCtl) return;
      const unread = Number.isFinite(data.unread) ? data.unread : (Number.isFinite(data.total) ? data.total : (data.items || []).length);
      show({ items: data.items || [], unread });
    } catch {
      // the bell is a convenience: the inbox page shows any error
    }
  }
  // opening a notice marks it read first (viewers only follow it)
  async function open(e, n, href) {
    if (!marksRead(user) || n.read) { close(); return; }
    e.preventDefault();
    try { await markRead(n.id); } catch { /* the record matters more than the mark */ }
    close();
    window.location.hash = href;
    refresh();
  }
  function close() {
    panelEl.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  }
  button.addEventListener('click', () => {
    const opening = panelEl.hidden;
    panelEl.hidden = !opening;
    button.setAttribute('aria-expanded', String(opening));
    if (opening) { drawList(); refresh(); }
  });
  if (markAll) {
    markAll.addEventListener('click', async () => {
      markAll.disabled = true;
      try {
        await api.post(`${BASE}/read-all`, {});
        window.dispatchEvent(new CustomEvent('tiendo:notices-changed'));
        await refresh();
        button.focus();
      } catch (err) {
        clear(list, h('p', { class: 'field-error', role: 'alert' }, errorText(err)));
        markAll.disabled = false;
      }
    });
  }
  element.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panelEl.hidden) { e.stopPropagation(); close(); button.focus(); }
  });
  // a click elsewhere closes the panel; a header drawn again drops this bell
  function outside(e) {
    if (!element.isConnected) { document.removeEventListener('click', outside); return; }
    if (!panelEl.hidden && !element.contains(e.target)) close();
  }
  document.addEventListener('click', outside);
  return { element, refresh, close };
}

const PAGE = 50;

export async function noticesView({ main, query, signal, user }) {
  setTitle(t('notices.title'));
  const state = { show: query.get('show') === 'all' ? 'all' : 'unread', offset: toInt(query.get('offset')) };
  const showSel = select([['unread', t('notices.show_unread')], ['all', t('notices.show_all')]], { name: 'show', value: state.show });
  const markAll = marksRead(user) ? h('button', { type: 'button', class: 'btn btn-secondary' }, t('notices.mark_all')) : null;
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('followup.filters') }, field({ label: t('notices.show'), control: showSel }));
  form.addEventListener('submit', (e) => e.preventDefault());
  const messages = h('div', { 'aria-live': 'polite' });
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  main.append(pageHeader(t('notices.title'), { intro: t('notices.intro'), actions: markAll ? [markAll] : [] }), messages, form, results);

  let current = null;
  async function load() {
    if (current) current.abort();
    current = childController(signal);
    const mine = current;
    replaceQuery('/notifications', { show: state.show === 'all' ? 'all' : '', offset: state.offset });
    results.replaceChildren(loading());
    try {
      const data = await api.get(BASE, { query: { unread: state.show === 'unread' ? 1 : '', limit: PAGE, offset: state.offset }, signal: mine.signal });
      if (mine !== current) return;
      const items = data.items || [];
      const total = Number.isFinite(data.total) ? data.total : items.length;
      if (markAll) markAll.disabled = !data.unread;
      clear(results,
        h('p', { class: 'result-count' }, t('notices.count', { n: formatInteger(total), unread: formatInteger(data.unread ?? 0) })),
        items.length
          ? h('ul', { class: 'notice-page-list' }, items.map((n) => h('li', { class: n.read ? 'notice-read' : 'notice-unread' },
            noticeLine(n, { onOpen: (e, x, href) => open(e, x, href) }),
            h('span', { class: 'notice-state' }, n.read ? h('span', { class: 'muted small' }, t('notices.read')) : badge(t('notices.unread'), 'primary'),
              !n.read && marksRead(user) ? h('button', {
                type: 'button', class: 'btn btn-link btn-small', onclick: () => markOne(n),
              }, t('notices.mark_one'), h('span', { class: 'visually-hidden' }, `: ${n.title}`)) : null))))
          : h('p', { class: 'empty' }, state.show === 'unread' ? t('notices.none_unread') : t('notices.none')),
        pager({ total, limit: PAGE, offset: state.offset, count: items.length, onChange: (off) => { state.offset = off; load(); } }));
    } catch (err) {
      if (isAbort(err) || mine !== current) return;
      clear(results, errorBox(err, { retry: load }));
    }
  }
  async function markOne(n) {
    try {
      await markRead(n.id);
      window.dispatchEvent(new CustomEvent('tiendo:notices-changed'));
      await load();
    } catch (err) {
      if (!signal.aborted) clear(messages, errorBox(err));
    }
  }
  async function open(e, n, href) {
    if (!marksRead(user) || n.read) return;
    e.preventDefault();
    try { await markRead(n.id); } catch { /* the record matters more than the mark */ }
    window.dispatchEvent(new CustomEvent('tiendo:notices-changed'));
    window.location.hash = href;
  }
  if (markAll) {
    markAll.addEventListener('click', async () => {
      markAll.disabled = true;
      try {
        const r = await api.post(`${BASE}/read-all`, {}, { signal });
        window.dispatchEvent(new CustomEvent('tiendo:notices-changed'));
        clear(messages, messageBox(t('notices.all_marked', { n: formatInteger((r && r.read) || 0) }), 'success'));
        await load();
      } catch (err) {
        if (!signal.aborted) { clear(messages, errorBox(err)); markAll.disabled = false; }
      }
    });
  }
  showSel.addEventListener('change', () => { state.show = showSel.value; state.offset = 0; load(); });
  await load();
}
