// conference.js — "Báo cáo hội nghị": the server's draft of the year's report
// shown as sections to edit (headings fixed, each paragraph in a text box,
// tables read-only), downloaded as .docx by POSTing the edited draft back; a
// Party or State format; and links to the spreadsheet exports.
import { h, clear, uid } from './dom.js';
import { t } from './i18n.js';
import { api, download, saveBlob, errorText, buildUrl } from './api.js';
import { navigate, replaceQuery } from './router.js';
import { setTitle, pageHeader, field, select, loading, messageBox } from './ui.js';
import { plansOf, yearChoices, unitPicker } from './followup.js';
import { currentYear } from './periods.js';

const FORMATS = ['party', 'state'];

function readOnlyTable(tb) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table conf-table' },
    tb.caption ? h('caption', null, tb.caption) : null,
    h('thead', null, h('tr', null, (tb.columns || []).map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, (tb.rows || []).map((r) => h('tr', null, r.map((c, i) => h('td', { 'data-label': (tb.columns || [])[i] || '' }, c)))))));
}

// One section (or subsection) with its paragraphs bound to the draft object.
function sectionNode(sec, level, path) {
  const id = uid('conf');
  const heading = h(level === 2 ? 'h2' : 'h3', { id }, sec.heading || '');
  const paras = (sec.paragraphs || []).map((p, i) => {
    const area = h('textarea', { rows: String(Math.min(8, Math.max(2, Math.ceil(p.length / 110)))), class: 'conf-para', dataset: { path: `${path}.paragraphs.${i}` } });
    area.value = p;
    area.addEventListener('input', () => { sec.paragraphs[i] = area.value; });
    return field({ label: t('conf.paragraph', { n: i + 1 }), control: area, className: 'conf-field' });
  });
  return h('section', { class: level === 2 ? 'panel conf-section' : 'conf-subsection', 'aria-labelledby': id },
    heading, paras,
    (sec.tables || []).map(readOnlyTable),
    (sec.subsections || []).map((s, i) => sectionNode(s, 3, `${path}.subsections.${i}`)));
}

function exportLinks(state, plans) {
  const q = { year: state.year, unit: state.unit };
  const list = [
    ['scores', t('conf.xlsx_scores'), q],
    ['tasks', t('conf.xlsx_tasks'), q],
    ['budgets', t('conf.xlsx_budgets'), q],
    ['findings', t('conf.xlsx_findings'), q],
  ];
  return h('section', { class: 'panel', 'aria-labelledby': 'conf-xlsx' },
    h('h2', { id: 'conf-xlsx' }, t('conf.xlsx_title')),
    h('ul', { class: 'export-links' },
      list.map(([name, text, query]) => h('li', null, h('a', { href: buildUrl(`/api/v1/exports/${name}.xlsx`, query), download: '' }, text))),
      plans.map((p) => h('li', null, h('a', {
        href: buildUrl('/api/v1/exports/indicators.xlsx', { plan: p.id, period: state.year, unit: state.unit }), download: '',
      }, t('conf.xlsx_indicators', { plan: p.code }))))));
}

export async function conferenceView({ main, query, signal }) {
  setTitle(t('conf.title'));
  main.append(loading());
  const plans = await plansOf(signal);
  const state = {
    year: query.get('year') || String(currentYear() - 1),
    unit: query.get('unit') || '',
    format: FORMATS.includes(query.get('format')) ? query.get('format') : 'party',
  };
  replaceQuery('/conference', state);
  const yearSel = select(yearChoices(plans), { value: state.year });
  const formatSel = select(FORMATS.map((f) => [f, t(`conf.format_${f}`)]), { value: state.format });
  const unitSel = unitPicker({ label: t('eval.unit'), value: state.unit ? { code: state.unit } : null, signal });
  const form = h('form', { class: 'filters', 'aria-label': t('eval.filters') },
    field({ label: t('eval.year'), control: yearSel }), unitSel.element,
    field({ label: t('conf.format'), control: formatSel }),
    h('div', { class: 'filters-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('conf.load'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate('/conference', { year: yearSel.value, unit: unitSel.value(), format: formatSel.value });
  });

  const draft = await api.get('/api/v1/exports/conference-report.json', { query: state, signal });
  const status = h('div', { class: 'conf-status', 'aria-live': 'polite' });
  const dl = h('button', { type: 'button', class: 'btn btn-primary' }, t('conf.download'));
  dl.addEventListener('click', async () => {
    dl.disabled = true;
    clear(status, messageBox(t('conf.preparing'), 'info'));
    try {
      const { blob, filename } = await download('POST', '/api/v1/exports/conference-report.docx', { query: { year: state.year, unit: state.unit, format: state.format }, body: draft, signal });
      saveBlob(blob, filename || `bao-cao-hoi-nghi-${state.year}.docx`);
      clear(status, messageBox(t('conf.downloaded'), 'success'));
    } catch (err) {
      if (signal.aborted) return;
      clear(status, h('div', { class: 'alert alert-error', role: 'alert' }, h('p', null, errorText(err))));
    } finally {
      dl.disabled = false;
    }
  });
  const meta = draft.meta || {};
  const doc = h('div', { class: 'conf-doc' },
    h('div', { class: 'panel conf-meta' },
      h('div', { class: 'conf-meta-row' }, h('p', { class: 'conf-issuer' }, meta.issuer || ''), h('p', { class: 'conf-place' }, meta.place_date || '')),
      h('p', { class: 'conf-number' }, meta.number || ''),
      h('p', { class: 'conf-doc-title' }, meta.title || ''),
      h('p', { class: 'conf-subject' }, meta.subject || '')),
    (draft.sections || []).map((s, i) => sectionNode(s, 2, `sections.${i}`)));
  clear(main,
    pageHeader(t('conf.title'), { intro: t('conf.intro'), actions: [dl] }),
    form, status, doc, exportLinks(state, plans));
}
