// dom.js — builds elements without ever parsing HTML: text always goes in as
// text nodes (textContent), so whatever users stored is shown, never executed.

// h('a', {href: '#/plans', class: 'link'}, 'text', childNode, [more]) -> Element.
// Props: class, text, dataset, on<Event> (functions, via addEventListener),
// DOM properties for non-string values (checked, disabled), attributes otherwise.
// `value` is set last so a <select> can pick among the options just appended.
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  let value;
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'value') value = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (typeof v === 'boolean') el.toggleAttribute(k, v);
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  if (value !== undefined) el.value = String(value);
  return el;
}

// Appends nodes and strings (as text) to el, skipping null/undefined/false.
export function append(el, ...children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Replaces every child of el.
export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let idCounter = 0;
// A document-unique id for label/input pairs.
export function uid(prefix = 'f') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// Calls fn after `ms` of quiet; the returned function also has .flush() and .cancel().
export function debounce(fn, ms) {
  let timer = null;
  let lastArgs = [];
  const d = (...args) => {
    lastArgs = args;
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; fn(...lastArgs); }, ms);
  };
  d.cancel = () => { clearTimeout(timer); timer = null; };
  d.flush = () => { if (timer) { d.cancel(); fn(...lastArgs); } };
  return d;
}
