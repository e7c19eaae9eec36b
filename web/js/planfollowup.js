// planfollowup.js — "Theo dõi thực hiện" on a plan's page: its tasks by status,
// its documents (late ones too), its budget, its findings by status, its
// inspections, models and activities at a glance, each figure a link to the
// list it counts.
import { h, clear } from './dom.js';
import { t, label } from './i18n.js';
import { api, isAbort } from './api.js';
import { formatInteger, formatPercent, formatNumber } from './format.js';
import { loading, errorBox } from './ui.js';
import { TASK_STATUSES, FINDING_STATUSES, ACTIVITY_KINDS, LATE_ALLOCATION_DAYS, formatVnd } from './followup.js';

function link(path, query) {
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v !== null && v !== undefined)).toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

// One card: its title (a link to the whole list), its lines [text, value, href, cls].
function card(title, href, total, lines, extraClass) {
  return h('section', { class: `fu-card${extraClass ? ` ${extraClass}` : ''}`, 'aria-label': title },
    h('h3', null, h('a', { href }, title), h('span', { class: 'fu-total' }, total)),
    h('ul', null, lines.filter(Boolean).map(([text, value, to, cls]) => h('li', { class: cls || null },
      to ? h('a', { href: to }, h('span', null, text), h('strong', null, value)) : [h('span', null, text), h('strong', null, value)]))));
}

export async function fillFollowUp(panelEl, plan, signal) {
  const body = h('div', null, loading());
  panelEl.append(body);
  try {
    const d = await api.get(`/api/v1/plans/${encodeURIComponent(plan.id)}/follow-up`, { signal });
    const p = plan.id;
    const tasks = d.tasks || {};
    const docs = d.documents || {};
    const bud = d.budgets || {};
    const fin = d.findings || {};
    const insp = d.inspections || {};
    const mod = d.models || {};
    const act = d.activities || {};
    const kinds = act.by_kind || {};
    const cards = [
      card(t('fu.tasks'), link('/tasks', { plan: p }), formatInteger(tasks.total || 0),
        TASK_STATUSES.map((s) => [label('task_status', s), formatInteger(tasks[s] || 0), link('/tasks', { plan: p, status: s }),
          (s === 'overdue' || s === 'done_late') && tasks[s] ? `fu-${s}` : null]).concat([[t('fu.timeline'), '', link('/tasks/timeline', { plan: p })]])),
      card(t('fu.budgets'), link('/budgets', { plan: p }), formatVnd(bud.planned || 0), [
        [t('budgets.allocated'), formatVnd(bud.allocated || 0), link('/budgets/summary', { plan: p })],
        [t('budgets.disbursed'), formatVnd(bud.disbursed || 0), link('/budgets/summary', { plan: p })],
        [t('budgets.rate'), bud.disbursement_rate === null || bud.disbursement_rate === undefined ? t('common.none') : formatPercent(bud.disbursement_rate, 1), null],
        [t('budgets.avg_delay'), bud.avg_allocation_delay_days === null || bud.avg_allocation_delay_days === undefined ? t('common.none')
          : t('budgets.avg_days', { n: formatNumber(bud.avg_allocation_delay_days, { maxFractionDigits: 0 }) }), null,
        (bud.avg_allocation_delay_days || 0) > LATE_ALLOCATION_DAYS ? 'fu-overdue' : null],
        bud.pending_lines ? [t('budgets.pending'), formatInteger(bud.pending_lines), link('/budgets', { plan: p }), 'fu-overdue'] : null,
      ], 'fu-wide'),
      card(t('fu.findings'), link('/findings', { plan: p }), formatInteger(fin.total || 0),
        FINDING_STATUSES.map((s) => [label('finding_status', s), formatInteger(fin[s] || 0), link('/findings', { plan: p, status: s })])
          .concat([fin.overdue ? [t('fu.findings_overdue'), formatInteger(fin.overdue), link('/findings', { plan: p, overdue: 1 }), 'fu-overdue'] : null])),
      card(t('fu.documents'), link('/documents', { plan: p }), formatInteger(docs.total || 0), [
        [t('fu.documents_late'), formatInteger(docs.late || 0), link('/documents', { plan: p, late: 1 }), docs.late ? 'fu-done_late' : null],
      ]),
      card(t('fu.inspections'), link('/inspections', { plan: p }), formatInteger(insp.total || 0), [
        [t('fu.inspections_open'), formatInteger(insp.open || 0), link('/inspections', { plan: p })],
      ]),
      card(t('fu.models'), link('/models', { plan: p }), formatInteger(mod.total || 0), [
        [t('models.replications'), formatInteger(mod.replications || 0), link('/models/summary', { plan: p })],
        [t('models.recognized_n'), formatInteger(mod.recognized || 0), link('/models', { plan: p, recognized: 1 })],
      ]),
      card(t('fu.activities'), link('/activities', { plan: p }), formatInteger(act.total || 0),
        [[t('activities.participants'), formatInteger(act.participants || 0), null]]
          .concat(ACTIVITY_KINDS.filter((k) => kinds[k]).map((k) => [label('activity_kind', k), formatInteger(kinds[k]), link('/activities', { plan: p, kind: k })]))),
    ];
    clear(body, h('div', { class: 'fu-grid' }, cards));
  } catch (err) {
    if (isAbort(err)) return;
    clear(body, errorBox(err));
  }
}
