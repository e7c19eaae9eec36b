// inbox.js — "Chờ duyệt": the reports submitted to the user for approval,
// oldest deadline first; each opens the report with the approver's buttons.
import { h, append, clear } from './dom.js';
import { t } from './i18n.js';
import { api, isAbort } from './api.js';
import { formatInteger } from './format.js';
import { setTitle, pageHeader, loading, takeFlash, pager, errorBox, childController, toInt } from './ui.js';
import { replaceQuery } from './router.js';
import { reportTable } from './reports.js';

const PAGE = 50;

export async function inboxView({ main, query, signal }) {
  setTitle(t('inbox.title'));
  const state = { offset: toInt(query.get('offset')) };
  const results = h('div', { class: 'results', 'aria-live': 'polite' }, loading());
  append(main, [pageHeader(t('inbox.title'), { intro: t('inbox.intro') }), takeFlash(), results]);

  let current = null;
  async function load() {
    if (current) current.abort();
    const ctl = childController(signal);
    current = ctl;
    replaceQuery('/inbox', state);
    results.setAttribute('aria-busy', 'true');
    try {
      const data = await api.get('/api/v1/reports', { query: { inbox: 1, limit: PAGE, offset: state.offset }, signal: ctl.signal });
      const items = [...(data.items || [])].sort((a, b) => String(a.deadline || '').localeCompare(String(b.deadline || '')));
      const total = Number.isFinite(data.total) ? data.total : items.length;
      clear(results, 
        h('p', { class: 'result-count' }, t('inbox.count', { n: formatInteger(total) })),
        reportTable(items, {
          empty: t('inbox.empty'), caption: t('inbox.title'),
          link: (r) => `#/reports/${encodeURIComponent(r.id)}?from=inbox`,
        }),
        pager({ total, limit: PAGE, offset: state.offset, count: items.length, onChange: (off) => { state.offset = off; load(); } }));
    } catch (err) {
      if (isAbort(err) || ctl !== current) return;
      clear(results, errorBox(err, { retry: load }));
    } finally {
      if (ctl === current) results.removeAttribute('aria-busy');
    }
  }
  await load();
}
