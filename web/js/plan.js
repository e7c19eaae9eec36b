// plan.js — one plan: who owns it and who is accountable for it (the owner's
// current head), who coordinates and who supervises, its objectives, the
// document that approved it and its summary, and how its follow-up stands.
import { h, clear } from './dom.js';
import { t, label } from './i18n.js';
import { api, ApiError, isAbort } from './api.js';
import { formatDate, formatYears, sortVi } from './format.js';
import { setTitle, pageHeader, loading, messageBox, details, kindBadge, statusBadge, badge, dataTable, errorBox } from './ui.js';
import { defaultYear } from './periods.js';
import { planIndicators, formatValue, unitCode } from './reporting.js';
import { fillFollowUp } from './planfollowup.js';

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

// The plan's indicators with this year's target for the user's unit, read
// after the page is shown (one request per indicator for its target).
async function fillIndicators(panel, plan, user, signal) {
  const year = defaultYear(plan.start_year, plan.end_year);
  const unit = (user && user.scope_unit) || null;
  const body = h('div', null, loading());
  panel.append(body);
  try {
    const inds = await planIndicators(plan.id, signal);
    const targets = await Promise.all(inds.map(async (ind) => {
      try {
        const data = await api.get(`/api/v1/indicators/${encodeURIComponent(ind.id)}/targets`, {
          query: { year, unit: unit ? unit.code : '' }, signal,
        });
        const items = Array.isArray(data) ? data : (data.items || []);
        const mine = items.find((x) => unitCode(x.unit) === (unit && unit.code) && Number(x.year) === year)
          || items.find((x) => Number(x.year) === year);
        return mine ? mine.value : null;
      } catch (err) {
        if (isAbort(err)) throw err;
        return undefined;
      }
    }));
    clear(body,
      inds.length ? h('p', { class: 'hint' }, t('plan.targets_for', { year, unit: unit ? unit.name || unit.code : '' })) : null,
      dataTable({
        caption: t('plan.indicators_section'),
        empty: t('plan.no_indicators'),
        rows: inds.map((ind, i) => ({ ind, target: targets[i] })),
        columns: [
          { label: t('plan.col_ind_code'), className: 'col-nowrap', cell: (r) => h('span', { class: 'code' }, r.ind.code) },
          { label: t('plan.col_ind_name'), className: 'col-title', cell: (r) => r.ind.name },
          { label: t('plan.col_ind_unit'), cell: (r) => r.ind.unit_label || '' },
          { label: t('plan.col_ind_frequency'), cell: (r) => label('frequency', r.ind.frequency) },
          {
            label: t('plan.col_ind_target', { year }), className: 'col-num',
            cell: (r) => (r.target === null || r.target === undefined
              ? h('span', { class: 'muted' }, r.target === undefined ? t('plan.target_unavailable') : t('plan.no_target'))
              : formatValue(r.target, r.ind)),
          },
        ],
      }));
  } catch (err) {
    if (isAbort(err)) return;
    clear(body, errorBox(err));
  }
}

export async function planView({ main, params, signal, user }) {
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

  const year = defaultYear(plan.start_year, plan.end_year);
  const header = pageHeader(plan.title || plan.code, {
    crumbs: [back, [plan.code || String(plan.id)]],
    actions: [
      h('a', { class: 'btn btn-primary', href: `#/plans/${encodeURIComponent(plan.id)}/dashboard?period=${year}` }, t('plan.dashboard')),
      h('a', { class: 'btn btn-secondary', href: `#/reports?plan=${encodeURIComponent(plan.id)}` }, t('plan.reports')),
    ],
  });
  header.append(h('p', { class: 'plan-meta' },
    h('span', { class: 'code' }, plan.code), kindBadge(plan.kind), statusBadge(plan.status),
    h('span', null, t('plan.period', { years: formatYears(plan.start_year, plan.end_year) }))));

  const indPanel = section('plan.indicators_section');
  const followPanel = section('plan.followup_section');
  main.replaceChildren(header,
    h('div', { class: 'plan-layout' },
      h('div', { class: 'plan-main' }, summaryPanel, objPanel),
      h('div', { class: 'plan-side' }, ownerPanel, coordPanel, docPanel)),
    followPanel,
    indPanel);
  // the follow-up and the indicators come after: the page is usable (and focused) meanwhile
  fillFollowUp(followPanel, plan, signal);
  fillIndicators(indPanel, plan, user, signal);
}
