// The session and every call to /api/v1. Both tokens live in this module's variables only: never
// in a URL, a cookie or web storage (local or session). A reload forgets them, so it means signing
// in again: the price of leaving no long-lived token where an injected script or a copied browser
// profile could find it.

const BASE = '/api/v1';

/** A refusal of the API, with the problem+json the server sent. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The refusal as an operator should read it: a lockout or a rate limit named as such. */
  get explained() {
    if (this.status === 429) {
      const wait = this.retryAfter ? ` (Retry-After: ${this.retryAfter} s)` : '';
      if (/failed logins/i.test(this.message)) return `Locked out: ${this.message}${wait}`;
      return `Rate limited (429): ${this.message}${wait}`;
    }
    if (this.status === 403) return `Not allowed (403): ${this.message}`;
    if (this.status === 401) return `Not signed in (401): ${this.message}`;
    return this.message;
  }
}

let access = null;
let refresh = null;
let refreshTimer = 0;
let me = null;
const listeners = new Set();

/** Called with the signed-in user, or null on sign-out or an expired session. */
export function onSession(listener) {
  listeners.add(listener);
}

function announce() {
  for (const listener of listeners) listener(me);
}

export function user() {
  return me;
}

/** Whether the signed-in user's permissions grant `action` (deny patterns, "!x", win). */
export function can(action) {
  if (!me) return false;
  const matches = (pattern) => new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`).test(action);
  const perms = me.permissions || [];
  if (perms.some((p) => p.startsWith('!') && matches(p.slice(1)))) return false;
  return perms.some((p) => !p.startsWith('!') && matches(p));
}

function escape(text) {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

async function send(method, path, body, token, extraHeaders = {}) {
  const headers = { Accept: 'application/json', ...extraHeaders };
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (typeof body === 'string') {
    payload = body;
    headers['Content-Type'] = headers['Content-Type'] || 'text/plain';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(BASE + path, { method, headers, body: payload, cache: 'no-store', credentials: 'omit' });
  const text = await response.text();
  let json = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = { detail: text };
  }
  if (!response.ok) throw new ApiError(response.status, json, response.headers.get('Retry-After'));
  return json;
}

function keep(pair) {
  access = pair.access_token;
  refresh = pair.refresh_token;
  clearTimeout(refreshTimer);
  // Rotate well before the access token runs out; the server rotates the refresh token with it.
  const inMs = Math.max(5, (pair.expires_in || 60) * 0.8) * 1000;
  refreshTimer = setTimeout(() => rotate().catch(() => {}), inMs);
}

export async function signIn(username, password) {
  keep(await send('POST', '/auth/login', { username, password }));
  me = await send('GET', '/auth/me', undefined, access);
  announce();
  return me;
}

let rotating = null;
/** Trades the refresh token for a new pair; once at a time. */
export function rotate() {
  if (!refresh) return Promise.reject(new ApiError(401, { detail: 'not signed in' }));
  if (!rotating) {
    rotating = send('POST', '/auth/refresh', { refresh_token: refresh })
      .then((pair) => {
        keep(pair);
        return access;
      })
      .catch((error) => {
        if (error.status === 401) forget();
        throw error;
      })
      .finally(() => {
        rotating = null;
      });
  }
  return rotating;
}

function forget() {
  access = null;
  refresh = null;
  me = null;
  clearTimeout(refreshTimer);
  announce();
}

/** Revokes the session on the server, then forgets it here whatever the answer. */
export async function signOut() {
  const token = access;
  try {
    if (token) await send('POST', '/auth/logout', undefined, token);
  } finally {
    forget();
  }
}

/** A call as the signed-in user; an expired access token is rotated once and the call retried. */
export async function api(method, path, body, headers) {
  if (!access) throw new ApiError(401, { detail: 'not signed in' });
  try {
    return await send(method, path, body, access, headers);
  } catch (error) {
    if (error.status !== 401 || !refresh) throw error;
    await rotate();
    return send(method, path, body, access, headers);
  }
}

export const get = (path) => api('GET', path);

/** The current access token, for the event stream only. */
export function token() {
  return access;
}

/** A query string from the non-empty values of an object. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
