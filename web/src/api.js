// api.js - every call the interface makes to fazhi's HTTP API goes through
// here: JSON in and out, the session cookie (sent by the browser), the CSRF
// token on unsafe methods, and the one error shape
// {"error":{"code","message","field"}} turned into an ApiError.

export class ApiError extends Error {
  constructor(status, code, field, message) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

let csrfToken = '';
let onUnauthenticated = null;

export function setCsrf(token) {
  csrfToken = token || '';
}

// Called (once per burst) when a request answers 401 on a page that needs a
// session: the router sends the user to the login page.
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

export function buildQuery(query) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v === undefined || v === null || v === '') continue;
    p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function errorOf(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const e = body && body.error;
  if (e) return new ApiError(res.status, e.code, e.field, e.message);
  return new ApiError(res.status, 'http', null, `HTTP ${res.status}`);
}

async function send(method, path, { json, query, headers = {}, body } = {}) {
  const h = { ...headers };
  let payload = body;
  if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(json);
  }
  if (!['GET', 'HEAD'].includes(method) && csrfToken) h['X-CSRF-Token'] = csrfToken;
  const res = await fetch(path + buildQuery(query), {
    method,
    headers: h,
    body: payload,
    credentials: 'same-origin',
  });
  if (!res.ok) {
    const err = await errorOf(res);
    if (res.status === 401 && onUnauthenticated && !path.endsWith('/auth/login')) onUnauthenticated(err);
    throw err;
  }
  return res;
}

export async function api(method, path, opts = {}) {
  const res = await send(method, path, opts);
  if (res.status === 204) return null;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path, query) => api('GET', path, { query });
// GET a text answer as it is (the report's HTML preview).
export const getText = async (path, query) => (await send('GET', path, { query })).text();
export const post = (path, json, query) => api('POST', path, { json: json || {}, query });
export const put = (path, json) => api('PUT', path, { json: json || {} });
export const del = (path) => api('DELETE', path);

// The file name of a download: RFC 5987 filename* first, then filename.
function fileName(res, fallback) {
  const cd = res.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="([^"]+)"/i.exec(cd);
  return plain ? plain[1] : fallback;
}

// GET a file and hand it to the browser as a download (an API error is
// thrown, not saved as a file).
export async function download(path, query, fallback = 'download') {
  const res = await send('GET', path, { query });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName(res, fallback);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return a.download;
}

// Upload raw bytes (evidence files): the file's own type as Content-Type.
export async function upload(path, file, query) {
  const res = await send('POST', path, {
    query,
    body: file,
    headers: { 'Content-Type': file.type || 'application/octet-stream' },
  });
  return res.json();
}
