// The console's only way to the server: the public License Management API (under the
// server's --base-path) and the test-double controls under /__admin, called from the browser
// like any other client. Nothing else is read or written.
//
// Authorization: the console asks the server for a development token (POST /__admin/token,
// signed with the development key that --auth verify trusts, and well formed for --auth
// claims) and sends it as "Authorization: ScaleJwt <token>" on every API call; with --auth off
// the server ignores it. When the server has no development key (--no-dev-key) the user can
// paste a token of their own under "Connection"; it is kept for this browser tab only.

const TOKEN_KEY = 'scale-mock-console.token';
const NAMESPACE_KEY = 'scale-mock-console.namespace';
const TOKEN_TTL_SECONDS = 3600;

const state = {
  basePath: '',
  version: '',
  token: null,
  // 'development' (minted by the server), 'own' (pasted by the user) or 'none'.
  tokenSource: 'none',
  tokenExpires: 0,
  // Why there is no development token, when there is none.
  tokenProblem: '',
  namespace: '',
};

const listeners = new Set();

function changed() {
  for (const fn of listeners) fn(connection());
}

// Calls fn(connection()) whenever the token or the namespace changes.
export function onConnectionChange(fn) {
  listeners.add(fn);
}

// What the console is connected with: {version, basePath, tokenSource, tokenProblem, namespace}.
export function connection() {
  return {
    version: state.version,
    basePath: state.basePath,
    tokenSource: state.tokenSource,
    tokenProblem: state.tokenProblem,
    namespace: state.namespace,
    ownToken: state.tokenSource === 'own' ? state.token : '',
  };
}

// An API answer that was not a success: the envelope's description, and the field it names.
export class ApiError extends Error {
  constructor(status, description) {
    super(description);
    this.status = status;
    this.description = description;
  }
}

async function errorOf(response) {
  let description = '';
  try {
    const body = await response.json();
    if (body && typeof body.description === 'string') description = body.description;
  } catch {
    // Not the envelope: fall back to the status line.
  }
  if (!description) description = `${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, description);
}

async function send(method, url, {body, headers = {}} = {}) {
  const init = {method, headers: {...headers}, cache: 'no-store'};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (state.namespace) init.headers['X-Scale-Mock-Namespace'] = state.namespace;
  try {
    return await fetch(url, init);
  } catch (e) {
    throw new ApiError(0, `The server did not answer (${e.message}). Is scale-mock still running?`);
  }
}

// Asks the server for a development token; false (with tokenProblem set) when it has none.
async function mintToken() {
  const r = await send('POST', '/__admin/token', {
    body: {sub: 'scale-mock-console', permissions: ['*.*'], ttlSeconds: TOKEN_TTL_SECONDS},
  });
  if (r.ok) {
    const {token} = await r.json();
    state.token = token;
    state.tokenSource = 'development';
    state.tokenExpires = Date.now() + TOKEN_TTL_SECONDS * 1000;
    state.tokenProblem = '';
    return true;
  }
  state.token = null;
  state.tokenSource = 'none';
  state.tokenProblem = (await errorOf(r)).description;
  return false;
}

// Reads /console/config.json and gets a token. Call once, before anything else.
export async function connect() {
  const r = await fetch('/console/config.json', {cache: 'no-store'});
  if (!r.ok) throw new ApiError(r.status, 'The console could not read its configuration.');
  const config = await r.json();
  state.basePath = config.basePath || '';
  state.version = config.version || '';
  state.namespace = sessionStorage.getItem(NAMESPACE_KEY) || '';
  const own = sessionStorage.getItem(TOKEN_KEY);
  if (own) {
    state.token = own;
    state.tokenSource = 'own';
  } else {
    await mintToken();
  }
  changed();
}

// Uses `token` (a JWT the user pasted) from now on; an empty one goes back to a development
// token from the server.
export async function useToken(token) {
  token = (token || '').trim();
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    state.token = token;
    state.tokenSource = 'own';
    state.tokenProblem = '';
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
    await mintToken();
  }
  changed();
}

// Sends X-Scale-Mock-Namespace: `name` from now on (empty: the default namespace).
export function useNamespace(name) {
  state.namespace = (name || '').trim();
  if (state.namespace) sessionStorage.setItem(NAMESPACE_KEY, state.namespace);
  else sessionStorage.removeItem(NAMESPACE_KEY);
  changed();
}

// Calls the API: `path` is relative to the base path ("/licensees"), `query` an object of
// query parameters, `body` a JSON value. Resolves to {status, body, total} (total from
// X-Total-Count); rejects with an ApiError carrying the envelope's description.
export async function api(method, path, {query, body} = {}) {
  let url = state.basePath + path;
  if (query) url += '?' + new URLSearchParams(query).toString();
  if (state.tokenSource === 'development' && Date.now() > state.tokenExpires - 60000) {
    await mintToken();
  }
  const call = () =>
    send(method, url, {
      body,
      headers: state.token ? {Authorization: `ScaleJwt ${state.token}`} : {},
    });
  let r = await call();
  // A development token the server no longer takes (it restarted with other keys): get a new
  // one, once.
  if (r.status === 401 && state.tokenSource === 'development') {
    if (await mintToken()) r = await call();
    changed();
  }
  if (!r.ok) throw await errorOf(r);
  const total = r.headers.get('X-Total-Count');
  return {
    status: r.status,
    body: r.status === 204 ? null : await r.json(),
    total: total === null ? null : Number(total),
  };
}

// Every item of a list endpoint, page by page; `query`: more query parameters (filters,
// withMetadata).
export async function listAll(path, query = {}) {
  const items = [];
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const page = await api('GET', path, {query: {...query, offset, limit}});
    items.push(...page.body);
    const total = page.total ?? items.length;
    if (page.body.length === 0 || items.length >= total) return items;
  }
}

// Calls a test-double control under /__admin (outside the base path, no token), in the
// console's namespace. Resolves to the answer's JSON (null for 204); rejects with an ApiError.
export async function admin(method, path, {body} = {}) {
  const r = await send(method, path, {body});
  if (!r.ok) throw await errorOf(r);
  return r.status === 204 ? null : r.json();
}
