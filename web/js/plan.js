// plan.js — one plan: who owns it and who is accountable for it (the owner's
// current head), who coordinates and who supervises, its objectives, the
// document that approved it and its summary.
import { h } from './dom.js';
import { t, label } from './i18n.js';
import { api, ApiError } from './api.js';
import { formatDate, formatYears, sortVi } from './format.js';
import { setTitle, pageHeader, loading, messageBox, details, kindBadge, statusBadge, badge } from './ui.js';

function coordinatorName(c) {
  return c.name || (c.organization && c.organization.name) || '';
}

function objectiveText(o) {
  if (typeof o === 'string') return { code: '', title: o };
  return { code: o.code || '', title: o.title || o.name || '' };
}

function section(titleKey, ...content) {
  const id = `sec-${titleKey.replace(/\W/g, '-')}`;
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, t(titleKey)), content);
}

// Splits stored text into paragraphs (blank lines) keeping single line breaks.
function paragraphs(text) {
  return String(text).split(/\n\s*\n/).filter((p) => p.trim()).map((p) => h('p', { class: 'prose' }, p.trim()));
}

export async function planView({ main, params, signal }) {
  const back = [t('plans.title'), '#/plans'];
  main.append(loading());
  let plan;
  try {
    plan = await api.get(`/api/v1/plans/${encodeURIComponent(params.id)}`, { signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      setTitle(t('plan.not_found'));
      main.replaceChildren(pageHeader(t('plan.not_found'), { crumbs: [back] }),
        messageBox(t('plan.not_found_text'), 'info'), h('p', null, h('a', { href: '#/plans' }, t('plan.back'))));
      return;
    }
    throw err;
  }
  setTitle(plan.code ? `${plan.code} — ${plan.title}` : plan.title);

  const owner = plan.owner || {};
  const head = owner.head || null;
  const headValue = head && head.name
    ? h('span', { class: 'head' },
      h('strong', null, head.name),
      head.title ? h('span', { class: 'head-title' }, head.title) : null,
      head.term_from ? h('span', { class: 'muted small' }, t('plan.head_since', { date: formatDate(head.term_from) })) : null)
    : '';

  const ownerPanel = section('plan.owner_section', details([
    [t('plan.owner'), owner.name || ''],
    [t('plan.system'), label('system', owner.system)],
    [t('plan.unit'), owner.unit ? (owner.unit.name || owner.unit.code || '') : ''],
    [t('plan.head'), headValue],
  ]));

  const coordinators = Array.isArray(plan.coordinators) ? plan.coordinators : [];
  const groups = ['coordinate', 'supervise'];
  const known = new Set(groups);
  const other = coordinators.filter((c) => !known.has(c.role));
  const coordPanel = section('plan.coordinators_section',
    coordinators.length === 0 ? h('p', { class: 'muted' }, t('plan.no_coordinators')) : null,
    groups.map((role) => {
      const list = sortVi(coordinators.filter((c) => c.role === role), coordinatorName);
      if (!list.length) return null;
      return h('ul', { class: 'org-list', 'aria-label': label('coord_role', role) },
        list.map((c) => h('li', null, h('span', null, coordinatorName(c)), badge(label('coord_role', c.role), role === 'supervise' ? 'accent' : 'primary'))));
    }),
    other.length ? h('ul', { class: 'org-list' }, sortVi(other, coordinatorName).map((c) => h('li', null,
      h('span', null, coordinatorName(c)), c.role ? badge(label('coord_role', c.role)) : null))) : null);

  const objectives = (Array.isArray(plan.objectives) ? plan.objectives : []).map(objectiveText);
  const objPanel = section('plan.objectives_section',
    objectives.length
      ? h('ol', { class: objectives.every((o) => o.code) ? 'objectives coded' : 'objectives' }, objectives.map((o) => h('li', null,
        o.code ? h('span', { class: 'code' }, o.code) : null, h('span', null, o.title))))
      : h('p', { class: 'muted' }, t('plan.no_objectives')));

  const docPanel = section('plan.document_section', details([
    [t('plan.approving_doc'), plan.approving_doc || ''],
    [t('plan.approved_on'), formatDate(plan.approved_on)],
    [t('plan.years'), formatYears(plan.start_year, plan.end_year)],
  ]));

  const summaryPanel = section('plan.summary_section',
    plan.summary ? paragraphs(plan.summary) : h('p', { class: 'muted' }, t('plan.no_summary')));

  const header = pageHeader(plan.title || plan.code, { crumbs: [back, [plan.code || String(plan.id)]] });
  header.append(h('p', { class: 'plan-meta' },
    h('span', { class: 'code' }, plan.code), kindBadge(plan.kind), statusBadge(plan.status),
    h('span', null, t('plan.period', { years: formatYears(plan.start_year, plan.end_year) }))));

  main.replaceChildren(header,
    h('div', { class: 'plan-layout' },
      h('div', { class: 'plan-main' }, summaryPanel, objPanel),
      h('div', { class: 'plan-side' }, ownerPanel, coordPanel, docPanel)));
}
