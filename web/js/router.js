// router.js — hash routes: '#/plans?kind=de_an', '#/plans/3'. The part after
// '?' is the screen's state (filters, page), so reload and back keep it.

const routes = [];

// addRoute('/plans/:id', view, {admin: true}) — ':name' matches one segment.
export function addRoute(pattern, view, options = {}) {
  const keys = [];
  const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (m, k) => {
    keys.push(k);
    return '([^/]+)';
  });
  routes.push({ pattern, re: new RegExp(`^${source}$`), keys, view, ...options });
}

// '#/plans?q=x' -> {path: '/plans', query: URLSearchParams}; null for hashes
// that are not routes (empty, or in-page anchors).
export function parseHash(hash = window.location.hash) {
  const raw = hash.replace(/^#/, '');
  if (!raw.startsWith('/')) return null;
  const i = raw.indexOf('?');
  return {
    path: i >= 0 ? raw.slice(0, i) : raw,
    query: new URLSearchParams(i >= 0 ? raw.slice(i + 1) : ''),
  };
}

// The route for path with its decoded params, or null.
export function matchRoute(path) {
  for (const r of routes) {
    const m = r.re.exec(path);
    if (!m) continue;
    const params = {};
    r.keys.forEach((k, i) => {
      try { params[k] = decodeURIComponent(m[i + 1]); } catch { params[k] = m[i + 1]; }
    });
    return { route: r, params };
  }
  return null;
}

// '#/plans' + {q: 'x', kind: ''} -> '#/plans?q=x'.
export function href(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '' && v !== 0) params.set(k, String(v));
  }
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

// Goes to a route (a new history entry).
export function navigate(path, query) {
  const target = href(path, query);
  if (window.location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else window.location.hash = target;
}

// Records a screen's state in the address without redrawing the screen.
export function replaceQuery(path, query) {
  const target = href(path, query);
  if (window.location.hash !== target) window.history.replaceState(window.history.state, '', target);
}
