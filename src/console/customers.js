// LICENSING > Customers: the list with search, "Create new", the detail view (edit, delete,
// the customer's license containers and license consumers, access to the containers) and the
// edit form. Customers are the API's licensees; everything goes through api.js.

import {api, ApiError, listAll} from './api.js';
import {h, none, timeOf, typeLabel} from './dom.js';
import {licensesSection, loadLicenses} from './licenses.js';
import {navigate, notice} from './nav.js';

// The fields of the create form, in the order and with the labels of the 10Duke product page
// ("Create a customer in the UI console"), and the API field each one sets.
const FIELDS = [
  {
    key: 'name', label: 'Formal name', required: true,
    hint: 'For example a B2B customer\'s company name or tax ID, or a B2C customer\'s name on their passport.',
  },
  {key: 'displayName', label: 'Display name (optional)', hint: 'The name to show in lists and views.'},
  {
    key: 'naturalId', label: 'Customer id (optional)',
    hint: 'Unique across your customers; maps this customer to your CRM or shop. Left empty, the system generates one.',
    editHint: 'Unique across your customers. Left empty, the current customer id is kept.',
  },
  {
    key: 'type', label: 'Type', kind: 'select',
    hint: 'Organization: a B2B customer. Person: a B2C customer, who also becomes a license consumer.',
    editHint: 'The type of a customer cannot change.',
  },
  {
    key: 'email', label: 'Email (optional)', kind: 'email',
    hint: 'Unique across your customers; for a Person also across license consumers.',
  },
  {key: 'description', label: 'Description (optional)', kind: 'textarea'},
  {
    key: 'externalReference', label: 'External reference (optional)',
    hint: 'Unique across your customers; for example the customer\'s id in your shop.',
  },
];

// The API names the offending field first in its error description ("email 'a@b.example' is
// already used by licensee …"): that word picks the form field the message goes beside.
export function fieldOfError(description) {
  const first = String(description || '').split(/[\s:]/, 1)[0];
  return FIELDS.some((f) => f.key === first) ? first : null;
}

// A field's label as a sentence's subject: "Email", not "Email (optional)".
function plainLabel(key) {
  return FIELDS.find((f) => f.key === key).label.replace(' (optional)', '');
}

const CITED = /\b(licensee|license consumer) ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g;

// A record an error cites by id, as the user knows it: a customer by its formal name, with a
// link to its page; a license consumer by its name. The id as cited when the lookup fails.
export async function citedRecord(kind, id) {
  try {
    if (kind === 'licensee') {
      const c = (await api('GET', `/licensees/${encodeURIComponent(id)}`)).body;
      return ['customer ', h('a', {href: `#/customers/${encodeURIComponent(c.id)}`}, c.name)];
    }
    const c = (await api('GET', `/license-consumers/${encodeURIComponent(id)}`)).body;
    return [`license consumer ${c.name}`];
  } catch {
    return [`${kind} ${id}`];
  }
}

// An API error's description in the form's words: the field's label instead of the API's
// field name ("Formal name is required", not "name is required"), and the records it cites
// by name instead of by id. Resolves to the nodes of the sentence.
async function inFormWords(key, description) {
  const text = key ? plainLabel(key) + description.slice(key.length) : description;
  const parts = [];
  let at = 0;
  for (const m of text.matchAll(CITED)) {
    parts.push(text.slice(at, m.index), citedRecord(m[1], m[2]));
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return (await Promise.all(parts)).flat();
}

// The blanks the server's rule knows (validation.cpp is_blank), not every Unicode space.
const BLANK = /^[ \t\n\r\f\v]*$/;

export function customerName(c) {
  return c.displayName || c.name;
}

export function page(title, ...children) {
  const section = h('section', {class: 'page'}, ...children);
  section.dataset.title = title;
  return section;
}

export function alertBox(text) {
  return h('div', {class: 'alert', role: 'alert'}, text);
}

// The error's text, and where to go from a 401.
export function explain(error) {
  return error.status === 401
    ? `${error.message}. Paste a token under Connection (top right).`
    : error.message;
}

export function errorPage(title, error) {
  return page(title,
    h('h1', {tabindex: -1}, title),
    alertBox(explain(error)),
    h('p', {}, h('a', {href: '#/customers'}, 'Back to Customers')));
}

// ---------------------------------------------------------------------------------- list

const TYPE_FILTERS = [
  {value: '', label: 'All types'},
  {value: 'ORGANIZATION', label: 'Organization'},
  {value: 'PERSON', label: 'Person'},
];

function matches(customer, words, type) {
  if (type && customer.type !== type) return false;
  const haystack = [customer.name, customer.displayName, customer.email, customer.naturalId]
    .filter(Boolean).join('\n').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

function customerRow(c) {
  return h('tr', {},
    h('td', {'data-label': 'Name'},
      h('div', {},
        h('a', {href: `#/customers/${encodeURIComponent(c.id)}`}, c.name),
        c.displayName && c.displayName !== c.name ? h('span', {class: 'secondary'}, c.displayName) : null)),
    h('td', {'data-label': 'Customer id'}, c.naturalId || none()),
    h('td', {'data-label': 'Type'}, h('span', {class: `badge badge-${c.type.toLowerCase()}`}, typeLabel(c.type))),
    h('td', {'data-label': 'Email'}, c.email || none()),
    h('td', {'data-label': 'Created'}, timeOf(c.created)));
}

const LIST_COLUMNS = ['Name', 'Customer id', 'Type', 'Email', 'Created'];

// The list page around its rows: the heading, "Create new", the search and the table's
// headings. `loading`: the frame shown while the customers are on their way.
function listFrame(ctx, {loading = false} = {}) {
  const search = h('input', {
    id: 'customer-search', name: 'q', type: 'search', autocomplete: 'off', disabled: loading,
    'aria-describedby': 'customer-search-hint', value: ctx.params.get('q') || '',
  });
  const typeFilter = h('select', {id: 'customer-type', name: 'type', disabled: loading, value: ctx.params.get('type') || ''},
    TYPE_FILTERS.map((t) => h('option', {value: t.value}, t.label)));
  const tbody = h('tbody');
  const table = h('div', {class: 'table-wrap'},
    h('table', {class: 'table table-stack'},
      h('caption', {class: 'visually-hidden'}, 'Customers'),
      h('thead', {}, h('tr', {}, LIST_COLUMNS.map((t) => h('th', {scope: 'col'}, t)))),
      tbody));
  const view = page('Customers',
    h('div', {class: 'page-header'},
      h('h1', {tabindex: -1}, 'Customers'),
      h('a', {href: '#/customers/new', class: 'button button-primary', id: 'create-new'}, 'Create new')),
    h('form', {class: 'filters', role: 'search', 'aria-label': 'Customers', onsubmit: (e) => e.preventDefault()},
      h('div', {class: 'field'},
        h('label', {for: 'customer-search'}, 'Search'),
        search,
        h('p', {class: 'hint', id: 'customer-search-hint'}, 'Name, email or customer id.')),
      h('div', {class: 'field'},
        h('label', {for: 'customer-type'}, 'Type'),
        typeFilter)));
  return {view, search, typeFilter, tbody, table};
}

// Placeholder rows: grey bars where the cells will be, hidden from assistive technology
// (the status line says what is happening).
function skeletonRows(columns, rows = 3) {
  return Array.from({length: rows}, () => h('tr', {class: 'skeleton-row', 'aria-hidden': 'true'},
    columns.map((label) => h('td', {'data-label': label}, h('span', {class: 'skeleton'})))));
}

export function loadingStatus(text) {
  return h('p', {class: 'loading', role: 'status'}, text);
}

export function listSkeleton(ctx) {
  const {view, tbody, table} = listFrame(ctx, {loading: true});
  tbody.append(...skeletonRows(LIST_COLUMNS));
  view.append(loadingStatus('Loading customers…'), table);
  return view;
}

export async function listView(ctx) {
  let customers = [];
  let loadError = null;
  try {
    customers = await listAll('/licensees');
  } catch (e) {
    loadError = e;
  }
  const {view, search, typeFilter, tbody, table} = listFrame(ctx);
  const count = h('p', {class: 'count', id: 'customer-count', role: 'status'});

  function apply() {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = customers.filter((c) => matches(c, words, typeFilter.value));
    tbody.replaceChildren(...shown.map(customerRow));
    if (shown.length === 0) {
      tbody.append(h('tr', {}, h('td', {colspan: LIST_COLUMNS.length, class: 'empty'},
        customers.length === 0 ? 'No customers yet.' : 'No customer matches the search.')));
    }
    const all = customers.length;
    count.textContent = shown.length === all
      ? `${all} ${all === 1 ? 'customer' : 'customers'}`
      : `${shown.length} of ${all} customers match`;
    // Keep the search in the address, so that Back returns to it.
    const query = new URLSearchParams();
    if (search.value) query.set('q', search.value);
    if (typeFilter.value) query.set('type', typeFilter.value);
    const hash = '#/customers' + (query.toString() ? `?${query}` : '');
    if (ctx.isCurrent() && location.hash !== hash) history.replaceState(null, '', hash);
  }
  search.addEventListener('input', apply);
  typeFilter.addEventListener('change', apply);

  if (loadError) view.append(alertBox(`The customers could not be loaded: ${explain(loadError)}`));
  else view.append(count, table);
  apply();
  return view;
}

// ---------------------------------------------------------------------------------- form

function fieldControl(field, customer, editing) {
  const id = `customer-${field.key}`;
  const hintText = editing && field.editHint ? field.editHint : field.hint;
  const describedBy = [hintText ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  const value = customer ? customer[field.key] ?? '' : '';
  let control;
  if (field.kind === 'select') {
    control = h('select', {id, name: field.key, 'aria-describedby': describedBy, disabled: editing, value},
      editing ? null : h('option', {value: ''}, 'Select a type'),
      h('option', {value: 'ORGANIZATION'}, 'Organization'),
      h('option', {value: 'PERSON'}, 'Person'));
  } else if (field.kind === 'textarea') {
    control = h('textarea', {id, name: field.key, rows: 3, 'aria-describedby': describedBy, value});
  } else {
    // Email is a text input: the API, not the browser, judges (and reports on) the address,
    // and the value goes to it exactly as typed.
    control = h('input', {
      id, name: field.key, type: 'text', value, 'aria-describedby': describedBy,
      'aria-required': field.required ? 'true' : null,
      inputmode: field.kind === 'email' ? 'email' : null,
      autocomplete: field.kind === 'email' ? 'email' : 'off',
      spellcheck: field.kind === 'email' ? 'false' : null,
    });
  }
  return h('div', {class: 'field', id: `${id}-field`},
    h('label', {for: id}, field.label),
    hintText ? h('p', {class: 'hint', id: `${id}-hint`}, hintText) : null,
    control,
    h('p', {class: 'field-error', id: `${id}-error`, hidden: true}),
    // The API's own description of an error, for developers; not read with the field.
    h('p', {class: 'field-error-raw', id: `${id}-error-raw`, hidden: true}));
}

// The create and edit form. `customer`: the record to edit, or null to create one.
function customerForm(customer) {
  const editing = Boolean(customer);
  const formAlert = h('div', {class: 'alert', role: 'alert', hidden: true, id: 'customer-form-alert'});
  const save = h('button', {type: 'submit', class: 'button button-primary', id: 'customer-save'}, 'Save');
  const cancelHref = editing ? `#/customers/${encodeURIComponent(customer.id)}` : '#/customers';
  const form = h('form', {class: 'form', novalidate: true, 'aria-labelledby': 'form-title'},
    formAlert,
    FIELDS.map((f) => fieldControl(f, customer, editing)),
    h('div', {class: 'actions'},
      save,
      h('a', {href: cancelHref, class: 'button'}, 'Cancel')));

  const controlOf = (key) => form.querySelector(`#customer-${key}`);
  const part = (key, suffix) => form.querySelector(`#customer-${key}-${suffix}`);
  function clearErrors() {
    formAlert.hidden = true;
    formAlert.textContent = '';
    for (const f of FIELDS) {
      for (const el of [part(f.key, 'error'), part(f.key, 'error-raw')]) {
        el.hidden = true;
        el.replaceChildren();
        el.removeAttribute('title');
      }
      controlOf(f.key).removeAttribute('aria-invalid');
      part(f.key, 'field').classList.remove('has-error');
    }
  }
  // Marks the fields of `errors` ([{key, text: a string or nodes, raw: the API's
  // description, if it came from the API}]) at once, sums them up above the form, and
  // focuses the first.
  function showFieldErrors(errors) {
    const keys = errors.map((e) => e.key);
    for (const {key, text, raw} of errors) {
      const error = part(key, 'error');
      error.replaceChildren(...[text].flat());
      error.hidden = false;
      if (raw) {
        error.title = raw;
        const rawLine = part(key, 'error-raw');
        rawLine.textContent = `API: ${raw}`;
        rawLine.hidden = false;
      }
      controlOf(key).setAttribute('aria-invalid', 'true');
      part(key, 'field').classList.add('has-error');
    }
    const labels = keys.map(plainLabel);
    const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0];
    formAlert.textContent = `The customer was not saved. Check ${list}.`;
    formAlert.hidden = false;
    controlOf(keys[0]).focus();
  }
  function showFormError(text) {
    formAlert.textContent = `The customer was not saved: ${text}`;
    formAlert.hidden = false;
    formAlert.setAttribute('tabindex', '-1');
    formAlert.focus();
  }
  // What the console checks itself, all at once and before any request: what is required.
  // The API judges the rest (an email's form, uniqueness, lengths).
  function missing() {
    const errors = [];
    const name = controlOf('name').value;
    if (name === '') errors.push({key: 'name', text: 'Formal name is required'});
    else if (BLANK.test(name)) errors.push({key: 'name', text: 'Formal name must not be blank'});
    // The type picks the API operation.
    if (!editing && !controlOf('type').value) {
      errors.push({key: 'type', text: 'Type is required: select Organization or Person'});
    }
    return errors;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    clearErrors();
    const errors = missing();
    if (errors.length) return showFieldErrors(errors);
    const body = {};
    for (const f of FIELDS) {
      if (f.key === 'type') continue;
      const value = controlOf(f.key).value;
      // An empty optional field is left out: the API reads absent, null and "" alike.
      if (value !== '') body[f.key] = value;
    }
    let method;
    let path;
    if (editing) {
      method = 'PUT';
      path = `/licensees/${encodeURIComponent(customer.id)}`;
    } else {
      method = 'POST';
      path = controlOf('type').value === 'PERSON'
        ? '/licensees/actions/setup-user'
        : '/licensees/actions/setup-organization';
    }
    save.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const saved = (await api(method, path, {body})).body;
      notice(editing ? `Customer ${saved.name} saved.` : `Customer ${saved.name} created.`);
      navigate(`#/customers/${encodeURIComponent(saved.id)}`);
    } catch (err) {
      const key = err instanceof ApiError ? fieldOfError(err.description) : null;
      if (key) {
        const text = await inFormWords(key, err.description);
        showFieldErrors([{key, text, raw: err.description}]);
      } else {
        showFormError(explain(err));
      }
    } finally {
      save.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

export async function createView() {
  return page('Create customer',
    breadcrumbs(),
    h('h1', {tabindex: -1, id: 'form-title'}, 'Create customer'),
    customerForm(null));
}

// The edit form before the customer arrives: its labels, with bars where the values go.
export function editSkeleton() {
  return page('Edit customer',
    breadcrumbs(),
    skeletonHeading('Edit customer'),
    loadingStatus('Loading the customer…'),
    h('div', {class: 'form'},
      FIELDS.map((f) => h('div', {class: 'field'},
        h('p', {class: 'label'}, f.label),
        h('span', {class: 'skeleton skeleton-input', 'aria-hidden': 'true'})))));
}

export async function editView(ctx, id) {
  let customer;
  try {
    customer = (await api('GET', `/licensees/${encodeURIComponent(id)}`)).body;
  } catch (e) {
    return errorPage('Customer not found', e);
  }
  return page(`Edit ${customerName(customer)}`,
    breadcrumbs(h('a', {href: `#/customers/${encodeURIComponent(customer.id)}`}, customerName(customer))),
    h('h1', {tabindex: -1, id: 'form-title'}, `Edit ${customerName(customer)}`),
    customerForm(customer));
}

// -------------------------------------------------------------------------------- detail

// A customer's fields on its page: the label, and the value of a record.
const DETAILS = [
  ['Formal name', (c) => c.name],
  ['Display name', (c) => c.displayName],
  ['Customer id', (c) => c.naturalId],
  ['Type', (c) => typeLabel(c.type)],
  ['Email', (c) => c.email],
  ['Description', (c) => c.description],
  ['External reference', (c) => c.externalReference],
  ['Id', (c) => c.id],
  ['Created', (c) => timeOf(c.created)],
  ['Modified', (c) => timeOf(c.modified)],
];

// `c`: the customer, or null for placeholders while it loads.
function fieldList(c) {
  return h('dl', {class: 'details'},
    DETAILS.map(([label, value]) => h('div', {}, h('dt', {}, label),
      h('dd', {}, c ? value(c) || none() : h('span', {class: 'skeleton', 'aria-hidden': 'true'})))));
}

export function breadcrumbs(...links) {
  return h('nav', {class: 'breadcrumbs', 'aria-label': 'Breadcrumbs'},
    h('a', {href: '#/customers'}, 'Customers'), links.map((link) => [' / ', link]));
}

// A heading whose text is on its way: a bar, and `name` for assistive technology.
export function skeletonHeading(name) {
  return h('h1', {tabindex: -1, class: 'skeleton-heading'},
    h('span', {class: 'visually-hidden'}, name), h('span', {class: 'skeleton', 'aria-hidden': 'true'}));
}

// A section of a customer's page while it loads: its heading and placeholder lines.
export function skeletonSection(id, title) {
  return h('section', {class: 'subsection', 'aria-labelledby': id},
    h('h2', {id}, title),
    h('div', {class: 'skeleton-block', 'aria-hidden': 'true'},
      h('span', {class: 'skeleton'}), h('span', {class: 'skeleton'})));
}

// The customer's page before the customer arrives. The sections are those of detailView.
export function detailSkeleton() {
  return page('Customer',
    breadcrumbs(),
    h('div', {class: 'page-header'}, skeletonHeading('Customer')),
    loadingStatus('Loading the customer…'),
    fieldList(null),
    skeletonSection('licenses-title', 'Licenses'),
    skeletonSection('containers-title', 'License containers'),
    skeletonSection('consumers-title', 'License consumers'));
}

function confirmDelete(customer) {
  const person = customer.type === 'PERSON';
  return new Promise((resolve) => {
    const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': 'delete-title', 'aria-describedby': 'delete-text'},
      h('form', {method: 'dialog'},
        h('h2', {id: 'delete-title'}, `Delete ${customerName(customer)}?`),
        h('p', {id: 'delete-text'}, person
          ? 'This deletes the customer, its license containers with their licenses and access grants, and the Person license consumer that has the customer\'s email (delete-user). It cannot be undone.'
          : 'This deletes the customer, its license containers with their licenses and access grants. Its license consumers stay. It cannot be undone.'),
        h('div', {class: 'actions'},
          h('button', {type: 'submit', value: 'cancel', class: 'button', autofocus: true}, 'Cancel'),
          h('button', {type: 'submit', value: 'delete', class: 'button button-danger'}, 'Delete'))));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'delete');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

function containersSection(containers, access) {
  return h('section', {class: 'subsection', 'aria-labelledby': 'containers-title'},
    h('h2', {id: 'containers-title'}, 'License containers'),
    h('div', {class: 'table-wrap'},
      h('table', {class: 'table table-stack', id: 'containers'},
        h('caption', {class: 'visually-hidden'}, 'License containers'),
        h('thead', {}, h('tr', {},
          ['Name', 'Default', 'Consumers with access', 'Created'].map((t) => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, containers.map((c, i) => h('tr', {},
          h('td', {'data-label': 'Name'}, c.name || none('(no name)')),
          h('td', {'data-label': 'Default'}, c.usedAsDefault ? 'Default' : none('No')),
          h('td', {'data-label': 'Consumers with access'},
            access[i].length ? access[i].map((x) => x.name).join(', ') : none('None')),
          h('td', {'data-label': 'Created'}, timeOf(c.created))))))));
}

function consumersSection(ctx, customer, containers, access, consumers, allConsumers) {
  const lid = encodeURIComponent(customer.id);
  const containerName = (c) => c.name || '(no name)';
  const sectionAlert = h('div', {class: 'alert', role: 'alert', hidden: true, id: 'consumers-alert'});
  function fail(err) {
    sectionAlert.textContent = explain(err);
    sectionAlert.hidden = false;
  }
  async function change(method, path, message, focusId) {
    try {
      await api(method, path);
      notice(message);
      ctx.refresh(focusId);
    } catch (err) {
      fail(err);
      return false;
    }
    return true;
  }

  const hasAccess = (consumerId, index) => access[index].some((x) => x.id === consumerId);
  const rows = consumers.map((consumer) => {
    const cid = encodeURIComponent(consumer.id);
    return h('tr', {},
      h('td', {'data-label': 'Name'}, h('div', {}, consumer.name,
        consumer.displayName ? h('span', {class: 'secondary'}, consumer.displayName) : null)),
      h('td', {'data-label': 'Type'}, typeLabel(consumer.type)),
      h('td', {'data-label': 'Email'}, consumer.email || none()),
      containers.map((container, i) => {
        const boxId = `access-${consumer.id}-${container.id}`;
        const granted = hasAccess(consumer.id, i);
        const box = h('input', {
          type: 'checkbox', id: boxId, checked: granted,
          'aria-label': `${consumer.name} has access to ${containerName(container)}`,
        });
        box.addEventListener('change', async () => {
          const path = `/licensees/${lid}/license-containers/${encodeURIComponent(container.id)}/license-consumers/${cid}`;
          const ok = box.checked
            ? await change('PUT', path, `Granted ${consumer.name} access to ${containerName(container)}.`, boxId)
            : await change('DELETE', path, `Revoked ${consumer.name}'s access to ${containerName(container)}.`, boxId);
          if (!ok) box.checked = granted;
        });
        return h('td', {'data-label': `Access: ${containerName(container)}`, class: 'center'}, box);
      }),
      h('td', {'data-label': 'Association'},
        h('button', {
          type: 'button', class: 'button button-small',
          'aria-label': `Remove ${consumer.name} from this customer`,
          onclick: () => change('DELETE', `/licensees/${lid}/license-consumers/${cid}`,
            `Removed ${consumer.name} from ${customerName(customer)}.`, 'grant-consumer'),
        }, 'Remove')));
  });

  // Grant access to a consumer (associating it when it is not yet): LICENSE_KEY consumers
  // cannot be granted access.
  const candidates = allConsumers.filter((c) => c.type !== 'LICENSE_KEY');
  const consumerSelect = h('select', {id: 'grant-consumer', name: 'consumer'},
    h('option', {value: ''}, 'Select a license consumer'),
    candidates.map((c) => h('option', {value: c.id},
      `${c.name} (${typeLabel(c.type)}${c.email ? `, ${c.email}` : ''})`)));
  const containerSelect = h('select', {id: 'grant-container', name: 'container'},
    containers.map((c) => h('option', {value: c.id}, containerName(c) + (c.usedAsDefault ? ' (default)' : ''))));
  const grantForm = h('form', {class: 'inline-form', novalidate: true, 'aria-labelledby': 'grant-title'},
    h('h3', {id: 'grant-title'}, 'Grant access'),
    h('div', {class: 'field'}, h('label', {for: 'grant-consumer'}, 'License consumer'), consumerSelect),
    h('div', {class: 'field'}, h('label', {for: 'grant-container'}, 'License container'), containerSelect),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button'}, 'Grant access')));
  grantForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    sectionAlert.hidden = true;
    const consumer = candidates.find((c) => c.id === consumerSelect.value);
    const container = containers.find((c) => c.id === containerSelect.value);
    if (!consumer) {
      fail(new Error('Select the license consumer to grant access to.'));
      consumerSelect.focus();
      return;
    }
    await change('PUT',
      `/licensees/${lid}/license-containers/${encodeURIComponent(container.id)}/license-consumers/${encodeURIComponent(consumer.id)}`,
      `Granted ${consumer.name} access to ${containerName(container)}.`, 'grant-consumer');
  });

  return h('section', {class: 'subsection', 'aria-labelledby': 'consumers-title'},
    h('h2', {id: 'consumers-title'}, 'License consumers'),
    h('p', {class: 'hint'}, 'The consumers associated with this customer, and the containers each may use.'),
    sectionAlert,
    consumers.length === 0
      ? h('p', {class: 'empty'}, 'No license consumers are associated with this customer.')
      : h('div', {class: 'table-wrap'},
        h('table', {class: 'table table-stack', id: 'consumers'},
          h('caption', {class: 'visually-hidden'}, 'License consumers and their access'),
          h('thead', {}, h('tr', {},
            h('th', {scope: 'col'}, 'Name'),
            h('th', {scope: 'col'}, 'Type'),
            h('th', {scope: 'col'}, 'Email'),
            containers.map((c) => h('th', {scope: 'col', class: 'center'}, `Access: ${containerName(c)}`)),
            h('th', {scope: 'col'}, 'Association'))),
          h('tbody', {}, rows))),
    grantForm);
}

export async function detailView(ctx, id) {
  const lid = encodeURIComponent(id);
  let customer;
  let containers;
  let consumers;
  let allConsumers;
  let access;
  let licenses;
  try {
    customer = (await api('GET', `/licensees/${lid}`)).body;
    // The licenses fail on their own: the rest of the page works without them.
    [containers, consumers, allConsumers, licenses] = await Promise.all([
      listAll(`/licensees/${lid}/license-containers`),
      listAll(`/licensees/${lid}/license-consumers`),
      listAll('/license-consumers'),
      loadLicenses(id),
    ]);
    access = await Promise.all(containers.map((c) =>
      listAll(`/licensees/${lid}/license-containers/${encodeURIComponent(c.id)}/license-consumers`)));
  } catch (e) {
    return errorPage(customer ? customerName(customer) : 'Customer not found', e);
  }

  const actionAlert = h('div', {class: 'alert', role: 'alert', hidden: true, id: 'customer-alert'});
  const deleteButton = h('button', {type: 'button', class: 'button button-danger', id: 'customer-delete'}, 'Delete');
  deleteButton.addEventListener('click', async () => {
    if (!(await confirmDelete(customer))) {
      deleteButton.focus();
      return;
    }
    try {
      if (customer.type === 'PERSON') {
        await api('DELETE', '/licensees/actions/delete-user', {query: {licenseeId: customer.id}});
      } else {
        await api('DELETE', `/licensees/${lid}`);
      }
      notice(`Customer ${customer.name} deleted.`);
      navigate('#/customers');
    } catch (err) {
      actionAlert.textContent = `The customer was not deleted: ${explain(err)}`;
      actionAlert.hidden = false;
      deleteButton.focus();
    }
  });

  return page(customerName(customer),
    breadcrumbs(),
    h('div', {class: 'page-header'},
      h('h1', {tabindex: -1}, customerName(customer),
        ' ', h('span', {class: `badge badge-${customer.type.toLowerCase()}`}, typeLabel(customer.type))),
      h('div', {class: 'actions'},
        h('a', {href: `#/customers/${lid}/edit`, class: 'button', id: 'customer-edit'}, 'Edit'),
        deleteButton)),
    actionAlert,
    fieldList(customer),
    // detailSkeleton keeps the same order.
    licensesSection(ctx, customer, containers, licenses),
    containersSection(containers, access),
    consumersSection(ctx, customer, containers, access, consumers, allConsumers));
}
