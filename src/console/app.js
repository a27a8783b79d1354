// The console's shell: the router (the part after '#'), the connection dialog, and the
// messages that survive a navigation. The pages themselves are in customers.js and licenses.js.

import {connect, connection, onConnectionChange, useNamespace, useToken} from './api.js';
import {
  createView, detailSkeleton, detailView, editSkeleton, editView, listSkeleton, listView,
} from './customers.js';
import {h} from './dom.js';
import {issueSkeleton, issueView} from './licenses.js';
import {notice, setRenderer, takeNotice} from './nav.js';

const main = document.getElementById('main');
let renderCount = 0;
// Settles once the console has its configuration and token (start()).
let connected = null;

// `skeleton`: the page's frame, shown at once while `view` waits for the API.
const routes = [
  {pattern: /^\/customers$/, view: listView, skeleton: listSkeleton},
  {pattern: /^\/customers\/new$/, view: createView},
  {pattern: /^\/customers\/([^/]+)$/, view: detailView, skeleton: detailSkeleton},
  {pattern: /^\/customers\/([^/]+)\/edit$/, view: editView, skeleton: editSkeleton},
  {pattern: /^\/customers\/([^/]+)\/licenses\/new$/, view: issueView, skeleton: issueSkeleton},
];

function notFoundView() {
  return h('section', {},
    h('h1', {tabindex: -1}, 'Page not found'),
    h('p', {}, 'The console has no such page. ', h('a', {href: '#/customers'}, 'Go to Customers'), '.'));
}

// Renders the page of the current address. `focus`: the id of the element to focus once
// rendered (when it still exists); otherwise the page's heading gets the focus. The page's
// frame (its skeleton) shows at once, marked busy, unless `refresh`: a page that renders
// itself again keeps showing until its new version is ready, so that nothing jumps.
async function render({focus, refresh = false} = {}) {
  const hash = location.hash.replace(/^#/, '');
  if (!hash.startsWith('/')) {
    history.replaceState(null, '', '#/customers');
    return render();
  }
  const [path, queryString = ''] = hash.split('?');
  const id = ++renderCount;
  // A page is current until the next navigation; a page that finishes loading late must not
  // replace a newer one.
  const ctx = {
    params: new URLSearchParams(queryString),
    isCurrent: () => id === renderCount,
    refresh: (focusId) => render({focus: focusId, refresh: true}),
  };
  let view = notFoundView;
  let skeleton = null;
  let args = [];
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (m) {
      view = route.view;
      skeleton = route.skeleton;
      args = m.slice(1).map(decodeURIComponent);
      break;
    }
  }
  main.setAttribute('aria-busy', 'true');
  if (skeleton && !refresh) main.replaceChildren(skeleton(ctx, ...args));
  try {
    await connected;
  } catch (e) {
    if (!ctx.isCurrent()) return;
    main.removeAttribute('aria-busy');
    main.replaceChildren(h('div', {class: 'alert', role: 'alert'}, e.message));
    return;
  }
  const page = await view(ctx, ...args);
  if (!ctx.isCurrent()) return;
  main.removeAttribute('aria-busy');
  const status = h('div', {id: 'notice', class: 'notice', role: 'status'});
  main.replaceChildren(status, page);
  document.title = `${page.dataset.title || 'Customers'} – scale-mock console`;
  const text = takeNotice();
  // Set after insertion, so that screen readers announce it; into the status line that is
  // current then (a page rendered meanwhile has its own).
  if (text) {
    setTimeout(() => {
      const current = document.getElementById('notice');
      if (current) current.textContent = text;
    }, 50);
  }
  const target = (focus && document.getElementById(focus)) || main.querySelector('h1') || main;
  target.focus();
}

setRenderer(() => render());

// ---------------------------------------------------------------------- connection dialog

const connectionButton = document.getElementById('connection-button');

function describeConnection(c) {
  if (c.tokenSource === 'development') return 'Development token';
  if (c.tokenSource === 'own') return 'Your token';
  return 'No token';
}

onConnectionChange((c) => {
  connectionButton.textContent =
    `Connection: ${describeConnection(c)}` + (c.namespace ? `, namespace ${c.namespace}` : '');
  document.getElementById('version').textContent = c.version ? `Version ${c.version}.` : '';
});

function connectionDialog() {
  const c = connection();
  const namespaceInput = h('input', {
    id: 'connection-namespace', name: 'namespace', type: 'text', autocomplete: 'off',
    'aria-describedby': 'connection-namespace-hint', value: c.namespace,
  });
  const tokenInput = h('textarea', {
    id: 'connection-token', name: 'token', rows: 4, spellcheck: 'false',
    'aria-describedby': 'connection-token-hint', value: c.ownToken,
  });
  const explanation = c.tokenSource === 'development'
    ? 'The console uses a development token from this server (POST /__admin/token): it works with --auth off, claims and verify.'
    : c.tokenSource === 'own'
      ? 'The console sends the token you gave with every API call.'
      : `The server gave no development token (${c.tokenProblem || 'unknown reason'}). With --auth claims or verify, paste a token of your own.`;
  const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': 'connection-title'},
    h('form', {method: 'dialog', novalidate: true},
      h('h2', {id: 'connection-title'}, 'Connection'),
      h('p', {}, explanation),
      h('div', {class: 'field'},
        h('label', {for: 'connection-token'}, 'API token (optional)'),
        h('p', {class: 'hint', id: 'connection-token-hint'},
          'A 10Duke Scale JWT, sent as "Authorization: ScaleJwt …". Leave empty to use a development token. Kept for this tab only.'),
        tokenInput),
      h('div', {class: 'field'},
        h('label', {for: 'connection-namespace'}, 'Namespace (optional)'),
        h('p', {class: 'hint', id: 'connection-namespace-hint'},
          'Sent as X-Scale-Mock-Namespace. Leave empty for the default namespace.'),
        namespaceInput),
      h('div', {class: 'actions'},
        h('button', {type: 'submit', class: 'button button-primary', value: 'save'}, 'Save'),
        h('button', {type: 'submit', class: 'button', value: 'cancel'}, 'Cancel'))));
  dialog.addEventListener('close', async () => {
    dialog.remove();
    connectionButton.focus();
    if (dialog.returnValue !== 'save') return;
    useNamespace(namespaceInput.value);
    await useToken(tokenInput.value);
    notice('Connection saved.');
    render();
  });
  document.body.append(dialog);
  dialog.showModal();
}

connectionButton.addEventListener('click', connectionDialog);

// The skip link moves the focus without touching the route in the address.
document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', render);

// The page's frame shows while the console connects; the page follows once it has.
async function start() {
  connected = connect();
  connected.catch(() => {});
  await render();
  try {
    await connected;
  } catch {
    return;
  }
  document.documentElement.dataset.ready = 'true';
}

start();
