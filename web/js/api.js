// api.js — the one way the interface talks to the server: JSON in and out, the
// session's CSRF token on every unsafe method, and API errors
// {"error":{"code","message","field"}} turned into ApiError and into words the
// user can read.
import { t, has, getLang } from './i18n.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken = null;

export function setCsrfToken(token) { csrfToken = token || null; }

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;          // 0 when the server could not be reached
    this.code = code;
    this.serverMessage = message || '';
    this.field = field || null;
  }
}

// '/api/v1/plans', {q: 'x', kind: ''} -> '/api/v1/plans?q=x' (empty values left out).
export function buildUrl(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

// request('GET', '/api/v1/plans', {query, body, signal}) -> parsed JSON, or
// null for 204. Throws ApiError for HTTP errors and unreachable servers;
// aborted requests reject with the AbortError untouched. `raw` (a File or
// Blob) is sent as the body itself, with its own type.
export async function request(method, path, { query, body, raw, signal } = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store', signal };
  if (raw !== undefined) {
    headers['Content-Type'] = raw.type || 'application/octet-stream';
    init.body = raw;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(buildUrl(path, query), init);
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', '', null);
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = undefined; }
  }
  if (!res.ok) {
    const e = (data && typeof data === 'object' && data.error) || {};
    if (res.status === 401 && !path.startsWith('/api/v1/session')) {
      // The session ended (expired, or signed out elsewhere): the app shows sign-in.
      window.dispatchEvent(new CustomEvent('tiendo:unauthorized'));
    }
    throw new ApiError(res.status, e.code || `http_${res.status}`, e.message || '', e.field || null);
  }
  if (data === undefined) throw new ApiError(res.status, 'bad_response', '', null);
  return data;
}

export const api = {
  get: (path, opts) => request('GET', path, opts),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
  // upload('/api/v1/reports/3/files', file, {query: {name}}) — the file's bytes as the body
  upload: (path, file, opts) => request('POST', path, { ...opts, raw: file }),
};

// A file from the server (an export): POSTs JSON when body is given, and
// returns {blob, filename}; errors as request() throws them.
export async function download(method, path, { query, body, signal } = {}) {
  const headers = { Accept: '*/*' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store', signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(buildUrl(path, query), init);
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', '', null);
  }
  if (!res.ok) {
    let e = {};
    try { e = ((await res.json()) || {}).error || {}; } catch { /* not JSON */ }
    if (res.status === 401) window.dispatchEvent(new CustomEvent('tiendo:unauthorized'));
    throw new ApiError(res.status, e.code || `http_${res.status}`, e.message || '', e.field || null);
  }
  const cd = res.headers.get('Content-Disposition') || '';
  let filename = '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const plain = /filename="([^"]+)"/i.exec(cd);
  if (star) { try { filename = decodeURIComponent(star[1]); } catch { filename = ''; } }
  if (!filename && plain) filename = plain[1];
  return { blob: await res.blob(), filename };
}

// Hands a Blob to the browser as a file download.
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename || 'download';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function isAbort(e) { return !!e && e.name === 'AbortError'; }

// The words to show for an error. A dictionary entry for the error code wins;
// otherwise, in Vietnamese, the server's own (Vietnamese) message; in English,
// a sentence for the status with the server's message after it.
export function errorText(err) {
  if (!(err instanceof ApiError)) return t('error.unexpected');
  if (err.status === 0) return t('error.network');
  const byCode = `error.code.${err.code}`;
  if (has(byCode)) return t(byCode);
  if (getLang() === 'vi' && err.serverMessage) return err.serverMessage;
  const byStatus = `error.status.${err.status}`;
  const generic = has(byStatus) ? t(byStatus) : t('error.unexpected');
  return err.serverMessage ? `${generic} (${err.serverMessage})` : generic;
}

// Shows an error in the page's alert region (announced by screen readers).
export function reportError(err) {
  if (isAbort(err)) return;
  const region = document.getElementById('app-alert');
  if (!region) return;
  const p = document.createElement('p');
  p.textContent = errorText(err);
  region.replaceChildren(p);
  region.hidden = false;
}

export function clearError() {
  const region = document.getElementById('app-alert');
  if (region) { region.replaceChildren(); region.hidden = true; }
}

// Session helpers: sign-in keeps the CSRF token for later unsafe requests.
export async function signIn(username, password) {
  const s = await api.post('/api/v1/session', { username, password });
  setCsrfToken(s.csrf_token);
  return s.user;
}

// The current session's user, or null when nobody is signed in (401).
export async function restoreSession() {
  try {
    const s = await api.get('/api/v1/session');
    setCsrfToken(s.csrf_token);
    return s.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export async function signOut() {
  try {
    await api.del('/api/v1/session');
  } finally {
    setCsrfToken(null);
  }
}
