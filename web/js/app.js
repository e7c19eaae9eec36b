// app.js — starts the interface: loads the words, restores the session, draws
// the header and sends each hash route to its screen. Signed out, every route
// shows the sign-in screen and comes back to where the user was going.
import { historyView } from './history.js';
import { h, clear } from './dom.js';
import { t, label, initI18n, getLang, setLang, onLangChange } from './i18n.js';
import { restoreSession, signOut, reportError, clearError, isAbort, setCsrfToken } from './api.js';
import { addRoute, parseHash, matchRoute, navigate } from './router.js';
import { renderLogin } from './login.js';
import { planListView } from './plans.js';
import { planView } from './plan.js';
import { unitsView } from './units.js';
import { orgListView, orgFormView } from './admin-orgs.js';
import { userListView, userFormView } from './admin-users.js';
import { overviewView } from './overview.js';
import { dashboardView } from './dashboard.js';
import { reportListView, reportNewView } from './reports.js';
import { reportView } from './report.js';
import { inboxView } from './inbox.js';
import { approves } from './reporting.js';
import { api } from './api.js';
import { formatInteger } from './format.js';
import { setTitle, pageHeader, messageBox, errorBox } from './ui.js';
import { taskListView, taskFormView, taskView } from './tasks.js';
import { timelineView } from './timeline.js';
import { documentListView, documentFormView } from './documents.js';
import { budgetListView, budgetFormView, financeView } from './budgets.js';
import { findingListView, findingFormView, findingView } from './findings.js';
import { inspectionListView, inspectionFormView, inspectionView } from './inspections.js';
import { modelListView, modelSummaryView, modelFormView, modelView } from './models.js';
import { activityListView, activityFormView } from './activities.js';
import { createBell, noticesView } from './notifications.js';
import { evaluationView } from './evaluation.js';
import { scorecardListView, scorecardView } from './scorecards.js';
import { conferenceView } from './conference.js';
import { registerListView, registerView, registerRecordView, registerImportView, registerSchemaView } from './registers.js';

const app = { user: null, controller: null, firstRender: true, notice: null, bell: null };

addRoute('/overview', overviewView, { nav: 'overview' });
addRoute('/plans', planListView, { nav: 'plans' });
addRoute('/plans/:id', planView, { nav: 'plans' });
addRoute('/plans/:id/dashboard', dashboardView, { nav: 'overview' });
addRoute('/reports', reportListView, { nav: 'reports' });
addRoute('/reports/new', reportNewView, { nav: 'reports' });
addRoute('/reports/:id', reportView, { nav: 'reports' });
addRoute('/inbox', inboxView, { nav: 'inbox' });
addRoute('/units', unitsView, { nav: 'units' });
// follow-up: the fixed paths before the ones with an id
addRoute('/tasks', taskListView, { nav: 'tasks' });
addRoute('/tasks/new', taskFormView, { nav: 'tasks' });
addRoute('/tasks/timeline', timelineView, { nav: 'tasks' });
addRoute('/tasks/:id/edit', taskFormView, { nav: 'tasks' });
addRoute('/tasks/:id', taskView, { nav: 'tasks' });
addRoute('/documents', documentListView, { nav: 'documents' });
addRoute('/documents/new', documentFormView, { nav: 'documents' });
addRoute('/documents/:id', documentFormView, { nav: 'documents' });
addRoute('/budgets', budgetListView, { nav: 'budgets' });
addRoute('/budgets/new', budgetFormView, { nav: 'budgets' });
addRoute('/budgets/summary', financeView, { nav: 'budgets' });
addRoute('/budgets/:id', budgetFormView, { nav: 'budgets' });
addRoute('/findings', findingListView, { nav: 'findings' });
addRoute('/findings/new', findingFormView, { nav: 'findings' });
addRoute('/findings/:id/edit', findingFormView, { nav: 'findings' });
addRoute('/findings/:id', findingView, { nav: 'findings' });
addRoute('/inspections', inspectionListView, { nav: 'inspections' });
addRoute('/inspections/new', inspectionFormView, { nav: 'inspections' });
addRoute('/inspections/:id/edit', inspectionFormView, { nav: 'inspections' });
addRoute('/inspections/:id', inspectionView, { nav: 'inspections' });
addRoute('/models', modelListView, { nav: 'models' });
addRoute('/models/new', modelFormView, { nav: 'models' });
addRoute('/models/summary', modelSummaryView, { nav: 'models' });
addRoute('/models/:id/edit', modelFormView, { nav: 'models' });
addRoute('/models/:id', modelView, { nav: 'models' });
addRoute('/activities', activityListView, { nav: 'activities' });
addRoute('/activities/new', activityFormView, { nav: 'activities' });
addRoute('/activities/:id', activityFormView, { nav: 'activities' });
addRoute('/notifications', noticesView, { nav: 'notifications' });
addRoute('/evaluation', evaluationView, { nav: 'evaluation' });
addRoute('/scorecards', scorecardListView, { nav: 'scorecards' });
addRoute('/scorecards/:id', scorecardView, { nav: 'scorecards' });
addRoute('/history', historyView, { nav: 'history' });
addRoute('/conference', conferenceView, { nav: 'conference' });
addRoute('/registers', registerListView, { nav: 'registers' });
addRoute('/registers/:code', registerView, { nav: 'registers' });
addRoute('/registers/:code/new', registerRecordView, { nav: 'registers' });
addRoute('/registers/:code/import', registerImportView, { nav: 'registers' });
addRoute('/registers/:code/schema', registerSchemaView, { nav: 'registers' });
addRoute('/register-types/new', registerSchemaView, { nav: 'registers' });
addRoute('/registers/:code/:id', registerRecordView, { nav: 'registers' });
addRoute('/admin/organizations', orgListView, { nav: 'orgs', admin: true });
addRoute('/admin/organizations/new', orgFormView, { nav: 'orgs', admin: true });
addRoute('/admin/organizations/:id', orgFormView, { nav: 'orgs', admin: true });
addRoute('/admin/users', userListView, { nav: 'users', admin: true });
addRoute('/admin/users/new', userFormView, { nav: 'users', admin: true });
addRoute('/admin/users/:id', userFormView, { nav: 'users', admin: true });

const isAdmin = () => !!app.user && app.user.role === 'admin';
const EVAL_NAV = ['evaluation', 'scorecards', 'conference'];
const FOLLOW_NAV = ['registers', 'tasks', 'documents', 'budgets', 'findings', 'inspections', 'models', 'activities'];

// Where a signed-in user lands: officers at their reports, everybody else at
// the province overview.
function homePath() {
  return app.user && app.user.role === 'officer' ? '/reports' : '/overview';
}

function navItems() {
  const items = [
    ['overview', '#/overview', t('nav.overview')],
    ['plans', '#/plans', t('nav.plans')],
    ['reports', '#/reports', t('nav.reports')],
  ];
  if (approves(app.user)) items.push(['inbox', '#/inbox', t('nav.inbox')]);
  items.push(['units', '#/units', t('nav.units')], ['history', '#/history', t('nav.history')]);
  items.push(['registers', '#/registers', t('nav.registers')]);
  items.push(['tasks', '#/tasks', t('nav.tasks')], ['documents', '#/documents', t('nav.documents')],
    ['budgets', '#/budgets', t('nav.budgets')], ['findings', '#/findings', t('nav.findings')],
    ['inspections', '#/inspections', t('nav.inspections')], ['models', '#/models', t('nav.models')],
    ['activities', '#/activities', t('nav.activities')]);
  // every role may open these: the server scores and lists within the user's scope
  items.push(['evaluation', '#/evaluation', t('nav.evaluation')], ['scorecards', '#/scorecards', t('nav.scorecards')],
    ['conference', '#/conference', t('nav.conference')]);
  if (isAdmin()) {
    items.push(['orgs', '#/admin/organizations', t('nav.admin_orgs')]);
    items.push(['users', '#/admin/users', t('nav.admin_users')]);
  }
  return items;
}

function langButton() {
  const other = getLang() === 'vi' ? 'en' : 'vi';
  // The button names the other language in that language: "English" / "Tiếng Việt".
  return h('button', {
    type: 'button', class: 'btn btn-quiet lang-switch', lang: other,
    title: t('header.switch_language'),
    onclick: () => setLang(other).catch(reportError),
  }, other === 'en' ? t('lang.en_name') : t('lang.vi_name'));
}

function renderHeader() {
  const header = document.getElementById('site-header');
  const brand = h('a', { class: 'brand', href: app.user ? `#${homePath()}` : '#/' },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
    h('span', { class: 'brand-text' }, h('span', { class: 'brand-name' }, t('app.name')), h('span', { class: 'brand-tagline' }, t('app.tagline'))));
  if (!app.user) {
    app.bell = null;
    clear(header, h('div', { class: 'masthead' }, h('div', { class: 'masthead-inner' }, brand, h('div', { class: 'account account-out' }, langButton()))));
    return;
  }
  const u = app.user;
  const toggle = h('button', {
    type: 'button', class: 'menu-toggle', 'aria-expanded': 'false', 'aria-controls': 'site-menu',
  }, h('span', { class: 'menu-icon', 'aria-hidden': 'true' }), t('nav.menu'),
    // on a phone the menu is closed: the toggle carries the waiting count too
    approves(u) ? h('span', { class: 'nav-count', id: 'menu-count', hidden: true }) : null);
  const account = h('div', { class: 'account' },
    h('div', { class: 'user' },
      h('span', { class: 'user-name' }, u.full_name || u.username),
      h('span', { class: 'user-org' }, (u.organization && u.organization.name) || ''),
      h('span', { class: 'user-role' }, label('role', u.role))),
    h('div', { class: 'account-actions' },
      langButton(),
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: doSignOut }, t('header.sign_out'))));
  const links = navItems();
  const adminLinks = links.filter(([key]) => key === 'orgs' || key === 'users');
  const followLinks = links.filter(([key]) => FOLLOW_NAV.includes(key));
  const evalLinks = links.filter(([key]) => EVAL_NAV.includes(key));
  const plainLinks = links.filter((l) => !adminLinks.includes(l) && !followLinks.includes(l) && !evalLinks.includes(l));
  const link = ([key, href, text]) => h('li', null, h('a', { href, dataset: { nav: key } }, text,
    key === 'inbox' ? h('span', { class: 'nav-count', id: 'inbox-count', hidden: true }) : null));
  const group = (id, text, list) => (list.length ? h('li', { class: 'nav-group' },
    h('span', { class: 'nav-group-label', id }, text),
    h('ul', { 'aria-labelledby': id }, list.map(link))) : null);
  const nav = h('nav', { class: 'mainnav', 'aria-label': t('nav.main') },
    h('ul', { class: 'nav-list' }, plainLinks.map(link),
      group('nav-follow-label', t('nav.followup'), followLinks),
      group('nav-eval-label', t('nav.assessment'), evalLinks),
      group('nav-admin-label', t('nav.admin'), adminLinks)));
  const menu = h('div', { id: 'site-menu', class: 'menu' }, nav, account);
  // the bell stays outside the menu, so a phone shows it with the menu closed
  app.bell = createBell(u);
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    menu.classList.toggle('open', open);
  });
  clear(header, h('div', { class: 'masthead' }, h('div', { class: 'masthead-inner' }, brand, app.bell.element, toggle, menu)));
  markActiveNav();
  refreshInboxCount();
  app.bell.refresh();
}

// The number of reports waiting for the user's approval, next to "Chờ duyệt".
// Asked again after each screen change and whenever a report changes state.
let inboxLoad = null;
async function refreshInboxCount() {
  const el = document.getElementById('inbox-count');
  if (!el || !approves(app.user)) return;
  if (inboxLoad) inboxLoad.abort();
  const mine = new AbortController();
  inboxLoad = mine;
  try {
    const data = await api.get('/api/v1/reports', { query: { inbox: 1, limit: 1 }, signal: mine.signal });
    if (inboxLoad !== mine) return;
    const n = Number.isFinite(data.total) ? data.total : (data.items || []).length;
    const target = document.getElementById('inbox-count');
    if (!target) return;
    target.textContent = formatInteger(n);
    target.hidden = n === 0;
    const onToggle = document.getElementById('menu-count');
    if (onToggle) {
      onToggle.replaceChildren(h('span', { 'aria-hidden': 'true' }, formatInteger(n)),
        h('span', { class: 'visually-hidden' }, t('nav.inbox_waiting', { n: formatInteger(n) })));
      onToggle.hidden = n === 0;
    }
  } catch {
    // the count is a convenience: the inbox itself shows any error
  }
}

function closeMenu() {
  const toggle = document.querySelector('.menu-toggle');
  const menu = document.getElementById('site-menu');
  if (toggle) toggle.setAttribute('aria-expanded', 'false');
  if (menu) menu.classList.remove('open');
}

function markActiveNav(key) {
  const active = key || (matchRoute((parseHash() || { path: '' }).path) || { route: {} }).route.nav;
  for (const a of document.querySelectorAll('.mainnav a[data-nav]')) {
    if (a.dataset.nav === active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function renderFooter() {
  const footer = document.getElementById('site-footer');
  clear(footer, h('div', { class: 'footer-inner' }, h('p', null, t('footer.text'))));
}

function staticTexts() {
  const skip = document.getElementById('skip-link');
  if (skip) skip.textContent = t('nav.skip');
  document.getElementById('main').setAttribute('aria-label', t('nav.content'));
}

async function doSignOut() {
  try {
    await signOut();
  } catch (err) {
    // A session that already ended is signed out all the same.
    if (!(err && err.status === 401)) { reportError(err); return; }
  }
  app.user = null;
  app.notice = t('login.signed_out');
  renderHeader();
  navigate('/');
}

async function renderRoute() {
  if (app.controller) app.controller.abort();
  const controller = new AbortController();
  app.controller = controller;
  const main = document.getElementById('main');
  closeMenu();
  clearError();

  const parsed = parseHash();
  const home = !parsed || parsed.path === '/' || parsed.path === '';
  if (home && app.user) {
    window.history.replaceState(window.history.state, '', `#${homePath()}`);
    return renderRoute();
  }
  const moveFocus = !app.firstRender;
  app.firstRender = false;

  if (!app.user) {
    const notice = app.notice;
    app.notice = null;
    renderLogin(main, {
      notice,
      onSignedIn: (user) => {
        app.user = user;
        renderHeader();
        renderRoute();
      },
    });
    return undefined;
  }

  const found = matchRoute(parsed.path);
  main.replaceChildren();
  refreshInboxCount();
  if (app.bell) { app.bell.close(); app.bell.refresh(); }
  if (!found) {
    setTitle(t('notfound.title'));
    main.append(pageHeader(t('notfound.title')), messageBox(t('notfound.text'), 'info'), h('p', null, h('a', { href: `#${homePath()}` }, t('notfound.home'))));
    markActiveNav('');
    if (moveFocus) focusHeading(main);
    return undefined;
  }
  markActiveNav(found.route.nav);
  if (found.route.admin && !isAdmin()) {
    setTitle(t('forbidden.title'));
    main.append(pageHeader(t('forbidden.title')), messageBox(t('forbidden.text'), 'warning'));
    if (moveFocus) focusHeading(main);
    return undefined;
  }
  main.setAttribute('aria-busy', 'true');
  const view = found.route.view({ main, params: found.params, query: parsed.query, signal: controller.signal, user: app.user });
  if (moveFocus) focusHeading(main);
  try {
    await view;
  } catch (err) {
    if (isAbort(err) || controller.signal.aborted) return undefined;
    main.replaceChildren(errorBox(err, { retry: renderRoute }));
  } finally {
    if (app.controller === controller) main.removeAttribute('aria-busy');
  }
  if (moveFocus && controller === app.controller && !main.contains(document.activeElement)) focusHeading(main);
  return undefined;
}

// After a route change, reading starts at the new screen's heading.
function focusHeading(main) {
  const heading = main.querySelector('h1');
  if (heading && !main.contains(document.activeElement)) heading.focus({ preventScroll: false });
}

async function boot() {
  try {
    await initI18n();
  } catch {
    // the dictionaries are part of the page; without them nothing can be shown
    document.getElementById('main').textContent = 'Không tải được giao diện. Could not load the interface.';
    return;
  }
  staticTexts();
  renderFooter();
  try {
    app.user = await restoreSession();
  } catch (err) {
    app.user = null;
    reportError(err);
  }
  renderHeader();

  document.getElementById('skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    const main = document.getElementById('main');
    (main.querySelector('h1') || main).focus();
  });
  window.addEventListener('hashchange', () => { renderRoute(); });
  window.addEventListener('tiendo:reports-changed', () => { refreshInboxCount(); if (app.bell) app.bell.refresh(); });
  window.addEventListener('tiendo:notices-changed', () => { if (app.bell) app.bell.refresh(); });
  // the bell asks again every minute while the page is in view
  setInterval(() => {
    if (app.user && app.bell && document.visibilityState === 'visible') app.bell.refresh();
  }, 60000);
  window.addEventListener('tiendo:unauthorized', () => {
    if (!app.user) return;
    app.user = null;
    setCsrfToken(null);
    app.notice = t('login.session_ended');
    renderHeader();
    renderRoute();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && document.querySelector('#site-menu.open')) {
      closeMenu();
      const toggle = document.querySelector('.menu-toggle');
      if (toggle) toggle.focus();
    }
  });
  onLangChange(() => {
    staticTexts();
    renderHeader();
    renderFooter();
    renderRoute().then(() => {
      const b = document.querySelector('.lang-switch');
      if (b) b.focus();
    });
  });
  await renderRoute();
  document.body.classList.add('ready');
}

boot();
