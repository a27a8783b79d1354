// A customer's licenses (contract section 10.2): the Licenses section of its page, with
// "Revoke", and the "Issue license" page, which issues one license from a product
// configuration of the catalogue (section 10.1). Everything goes through api.js.

import {admin, api, ApiError, listAll} from './api.js';
import {
  alertBox, breadcrumbs, citedRecord, customerName, errorPage, explain, loadingStatus, page,
  skeletonHeading,
} from './customers.js';
import {h, none, timeOf} from './dom.js';
import {navigate, notice} from './nav.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
// The records an error of the license API may cite by id. The longer kinds come first, so
// that "license consumer …" is not read as "license …".
const CITED = new RegExp(
  `\\b(license consumer|license container|licensee|license|product configuration) (${UUID})\\b`, 'g');

// The key rule of the SDK, which the API applies too (contract section 10.2).
const KEY_RULE = /^[A-Za-z0-9_-]{16,64}$/;

// ------------------------------------------------------------------------------- wording

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// Seconds of use as the largest whole unit: "10 h", "90 min", "45 s".
function duration(seconds) {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

// A quantity with its dimension: "5 seats", "100 uses", "10 h of use time", "Unlimited uses".
export function quantityText(qty, dimension) {
  if (dimension === 'SEATS') return qty === -1 ? 'Unlimited seats' : plural(qty, 'seat', 'seats');
  if (dimension === 'USE_COUNT') return qty === -1 ? 'Unlimited uses' : plural(qty, 'use', 'uses');
  if (dimension === 'USE_TIME') return qty === -1 ? 'Unlimited use time' : `${duration(qty)} of use time`;
  return `${qty} ${dimension || ''}`.trim();
}

function enforcementText(type) {
  return type === 'METERED' ? 'Metered' : type === 'ENFORCED' ? 'Enforced' : type || '';
}

// The product a license is of, as the catalogue shows it.
function productLabel(license) {
  const info = license.licenseMetadata?.productConfigInfo;
  return info?.productDisplayName || license.productName;
}

// The product configuration a license was issued from, when it came from one.
function configurationLabel(license) {
  const info = license.licenseMetadata?.productConfigInfo;
  return info ? info.productConfigDisplayName || info.productConfigName : null;
}

// A license as a sentence names it: "Atlas Studio (key KEY-…)".
function licenseName(license) {
  const key = license.licenseKey?.licenseKey;
  return key ? `${productLabel(license)} (key ${key})` : productLabel(license);
}

function containerLabel(container) {
  if (!container) return '';
  return (container.name || '(no name)') + (container.usedAsDefault ? ' (default)' : '');
}

// Where a license stands at `now` (ms): valid, not yet valid, or ended.
function standing(license, now) {
  const from = Date.parse(license.validFrom);
  const until = license.validUntil ? Date.parse(license.validUntil) : Infinity;
  if (now < from) return {key: 'future', text: 'Not yet valid'};
  if (now >= until) return {key: 'ended', text: 'Ended'};
  return {key: 'valid', text: 'Valid'};
}

// A license the API cites by id, as the user knows it: its product (and key), and the
// customer that holds it, with a link. `known.licenses`: the licenses of the page's customer,
// named without their customer; other customers are asked whether they hold it.
async function citedLicense(id, known) {
  const own = known.licenses?.find((l) => l.id === id);
  if (own) return [`license ${licenseName(own)}`];
  try {
    const customers = await listAll('/licensees');
    // A development tool with a handful of customers: ask each whether it holds the license.
    if (customers.length <= 200) {
      const found = await Promise.all(customers.map(async (c) => {
        try {
          const l = (await api('GET', `/licensees/${encodeURIComponent(c.id)}/licenses/${encodeURIComponent(id)}`,
            {query: {withMetadata: 'true'}})).body;
          return [c, l];
        } catch {
          return null;
        }
      }));
      const hit = found.find(Boolean);
      if (hit) return [`license ${licenseName(hit[1])} of customer `, customerLink(hit[0])];
    }
  } catch {
    // Fall back to the id as cited.
  }
  return [`license ${id}`];
}

function customerLink(c) {
  return h('a', {href: `#/customers/${encodeURIComponent(c.id)}`}, c.name);
}

// The records `text` cites by id, named instead: a customer with a link to its page, a
// license by its product and key (and its customer), a container and a product configuration
// by name. `known`: what the page already has ({customer, licenses, containers,
// configurations}). Resolves to the nodes of the sentence.
async function citedInWords(text, known) {
  const parts = [];
  let at = 0;
  for (const m of text.matchAll(CITED)) {
    const [whole, kind, id] = m;
    parts.push(text.slice(at, m.index));
    at = m.index + whole.length;
    if (kind === 'licensee' && known.customer?.id === id) {
      parts.push(['customer ', customerLink(known.customer)]);
    } else if (kind === 'licensee' || kind === 'license consumer') {
      parts.push(citedRecord(kind, id));
    } else if (kind === 'license') {
      parts.push(citedLicense(id, known));
    } else if (kind === 'license container') {
      const c = known.containers?.find((x) => x.id === id);
      parts.push(c ? `license container ${containerLabel(c)}` : whole);
    } else {
      const c = known.configurations?.find((x) => x.id === id);
      parts.push(c ? `product configuration ${c.label}` : whole);
    }
  }
  parts.push(text.slice(at));
  return (await Promise.all(parts)).flat();
}

// ---------------------------------------------------------------------- on a customer's page

function revokeDialog(license) {
  return new Promise((resolve) => {
    const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': 'revoke-title', 'aria-describedby': 'revoke-text'},
      h('form', {method: 'dialog'},
        h('h2', {id: 'revoke-title'}, `Revoke ${licenseName(license)}?`),
        h('p', {id: 'revoke-text'},
          'Its validity ends now, on the server\'s clock (PUT …/licenses/actions/revoke). The license stays listed, ended; ' +
          'leases on it end too. A revoke cannot be undone.'),
        h('div', {class: 'actions'},
          h('button', {type: 'submit', value: 'cancel', class: 'button', autofocus: true}, 'Cancel'),
          h('button', {type: 'submit', value: 'revoke', class: 'button button-danger'}, 'Revoke'))));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'revoke');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

const LICENSE_COLUMNS = ['Product', 'Quantity', 'Validity', 'License key', 'Container', 'Action'];

// What the Licenses section needs: the customer's licenses with their metadata, and the
// server's time (the namespace's clock, which --clock or /__admin/clock may have set) to say
// which are valid. Resolves to {licenses, now} or {error}.
export async function loadLicenses(customerId) {
  try {
    const [licenses, now] = await Promise.all([
      listAll(`/licensees/${encodeURIComponent(customerId)}/licenses`, {withMetadata: 'true'}),
      admin('GET', '/__admin/clock').then((c) => Date.parse(c.now)).catch(() => Date.now()),
    ]);
    return {licenses, now};
  } catch (error) {
    return {error};
  }
}

// The Licenses section of a customer's page. `loaded`: what loadLicenses gave.
export function licensesSection(ctx, customer, containers, loaded) {
  const lid = encodeURIComponent(customer.id);
  const sectionAlert = h('div', {class: 'alert', role: 'alert', hidden: true, id: 'licenses-alert'});
  const header = h('div', {class: 'section-header'},
    h('h2', {id: 'licenses-title', tabindex: -1}, 'Licenses'),
    h('a', {href: `#/customers/${lid}/licenses/new`, class: 'button', id: 'issue-license'}, 'Issue license'));
  if (loaded.error) {
    return h('section', {class: 'subsection', 'aria-labelledby': 'licenses-title'},
      header, alertBox(`The licenses could not be loaded: ${explain(loaded.error)}`));
  }
  const {licenses, now} = loaded;

  async function revoke(license, button) {
    if (!(await revokeDialog(license))) {
      button.focus();
      return;
    }
    sectionAlert.hidden = true;
    try {
      await api('PUT', `/licensees/${lid}/licenses/actions/revoke`, {body: {licenseIds: [license.id]}});
      notice(`Revoked ${licenseName(license)}.`);
      ctx.refresh('licenses-title');
    } catch (err) {
      const words = err instanceof ApiError && err.status !== 401
        ? await citedInWords(err.description, {customer, licenses, containers})
        : [explain(err)];
      sectionAlert.replaceChildren('The license was not revoked: ', ...words);
      sectionAlert.title = err.message;
      sectionAlert.hidden = false;
      button.focus();
    }
  }

  const rows = licenses.map((l) => {
    const state = standing(l, now);
    const config = configurationLabel(l);
    const key = l.licenseKey?.licenseKey;
    const revokeButton = state.key === 'ended' ? null : h('button', {
      type: 'button', class: 'button button-small button-danger',
      'aria-label': `Revoke ${licenseName(l)}`,
    }, 'Revoke');
    revokeButton?.addEventListener('click', () => revoke(l, revokeButton));
    return h('tr', {'data-license-id': l.id},
      h('td', {'data-label': 'Product'}, h('div', {},
        productLabel(l),
        config ? h('span', {class: 'secondary'}, config) : null,
        l.displayName ? h('span', {class: 'secondary'}, l.displayName) : null)),
      h('td', {'data-label': 'Quantity'}, h('div', {},
        quantityText(l.qty, l.qtyDimension),
        h('span', {class: 'secondary'}, enforcementText(l.qtyEnforcementType)))),
      h('td', {'data-label': 'Validity'}, h('div', {},
        h('span', {class: `badge badge-${state.key}`}, state.text),
        h('span', {class: 'validity'}, 'From ', timeOf(l.validFrom)),
        h('span', {class: 'validity'}, l.validUntil ? ['Until ', timeOf(l.validUntil)] : 'Perpetual'))),
      h('td', {'data-label': 'License key'}, key ? h('code', {class: 'key'}, key) : none()),
      h('td', {'data-label': 'Container'}, containerLabel(l.licenseMetadata?.licenseContainer) || none()),
      h('td', {'data-label': 'Action'}, revokeButton || none('Ended')));
  });

  return h('section', {class: 'subsection', 'aria-labelledby': 'licenses-title'},
    header,
    sectionAlert,
    licenses.length === 0
      ? h('p', {class: 'empty', id: 'licenses-empty'}, 'This customer has no licenses yet.')
      : h('div', {class: 'table-wrap'},
        h('table', {class: 'table table-stack', id: 'licenses'},
          h('caption', {class: 'visually-hidden'}, 'Licenses'),
          h('thead', {}, h('tr', {}, LICENSE_COLUMNS.map((t) => h('th', {scope: 'col'}, t)))),
          h('tbody', {}, rows))));
}

// ------------------------------------------------------------------------ Issue license

// The fields of the issue form, and the API fields whose errors each one shows.
const FIELDS = [
  {key: 'productConfigId', label: 'Product configuration', api: ['productConfigId', 'productName', 'features', 'qtyDimension', 'qtyEnforcementType']},
  {key: 'qty', label: 'Quantity (optional)', api: ['qty']},
  {key: 'licenseKey', label: 'License key', api: ['licenseKey', 'generateLicenseKey']},
  {key: 'licenseContainerId', label: 'License container', api: ['licenseContainerId']},
];

function plainLabel(key) {
  return FIELDS.find((f) => f.key === key).label.replace(' (optional)', '');
}

// The form field that shows an API error: the API names its field first.
function fieldOfLicenseError(description) {
  const first = String(description || '').split(/[\s:]/, 1)[0];
  return FIELDS.find((f) => f.api.includes(first)) || null;
}

// Every configuration of the catalogue, with its product: [{id, label, product, config}].
async function loadCatalogue() {
  const products = await listAll('/products');
  const lists = await Promise.all(products.map((p) =>
    listAll(`/products/${encodeURIComponent(p.id)}/product-configurations`)));
  return products.flatMap((product, i) => lists[i].map((config) => ({
    id: config.id,
    label: `${product.displayName || product.name}: ${config.displayName || config.name}`,
    product,
    config,
  })));
}

// What a configuration issues by default: "5 seats, enforced, for 365 days".
function configurationSummary(config) {
  return [
    quantityText(config.qty, config.qtyDimension),
    enforcementText(config.qtyEnforcementType).toLowerCase(),
    config.validityDays == null ? 'perpetual' : `for ${plural(config.validityDays, 'day', 'days')}`,
  ].join(', ');
}

function fieldBlock(key, label, hint, ...controls) {
  const id = `license-${key}`;
  return h('div', {class: 'field', id: `${id}-field`},
    label,
    hint ? h('p', {class: 'hint', id: `${id}-hint`}, hint) : null,
    ...controls,
    h('p', {class: 'field-error', id: `${id}-error`, hidden: true}),
    h('p', {class: 'field-error-raw', id: `${id}-error-raw`, hidden: true}));
}

function issueForm(customer, containers, catalogue) {
  const lid = encodeURIComponent(customer.id);
  const known = {customer, containers, configurations: catalogue};
  const described = (key, hint = true) => [hint ? `license-${key}-hint` : null, `license-${key}-error`].filter(Boolean).join(' ');

  const byProduct = new Map();
  for (const c of catalogue) {
    if (!byProduct.has(c.product.id)) byProduct.set(c.product.id, {product: c.product, items: []});
    byProduct.get(c.product.id).items.push(c);
  }
  const configSelect = h('select', {id: 'license-productConfigId', name: 'productConfigId', 'aria-describedby': described('productConfigId')},
    h('option', {value: ''}, 'Select a product configuration'),
    [...byProduct.values()].map(({product, items}) => h('optgroup', {label: product.displayName || product.name},
      items.map((c) => h('option', {value: c.id},
        `${c.config.displayName || c.config.name} (${configurationSummary(c.config)})`)))));
  const qtyInput = h('input', {
    id: 'license-qty', name: 'qty', type: 'text', inputmode: 'numeric', autocomplete: 'off',
    'aria-describedby': described('qty'),
  });
  const qtyHint = h('p', {class: 'hint', id: 'license-qty-hint'},
    'Left empty, the configuration\'s quantity. -1 is unlimited, for a metered configuration only.');
  configSelect.addEventListener('change', () => {
    const chosen = catalogue.find((c) => c.id === configSelect.value);
    qtyInput.placeholder = chosen ? String(chosen.config.qty) : '';
  });

  const keyChoice = (value, text, checked = false) => h('label', {class: 'choice'},
    h('input', {type: 'radio', name: 'keyMode', value, checked, id: `license-key-${value}`}), ' ', text);
  const keyInput = h('input', {
    id: 'license-licenseKey', name: 'licenseKey', type: 'text', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': described('licenseKey'), 'aria-label': 'License key to use', disabled: true,
  });
  const keyFieldset = h('fieldset', {class: 'field choices', id: 'license-licenseKey-field', 'aria-describedby': 'license-licenseKey-hint'},
    h('legend', {}, 'License key'),
    h('p', {class: 'hint', id: 'license-licenseKey-hint'},
      'A key license is used through its key, which the API also makes a LICENSE_KEY consumer of. A key of your own: 16 to 64 of A-Z a-z 0-9 - _, unique.'),
    keyChoice('none', 'No key', true),
    keyChoice('generate', 'Generate a key'),
    keyChoice('given', 'Use this key:'),
    keyInput,
    h('p', {class: 'field-error', id: 'license-licenseKey-error', hidden: true}),
    h('p', {class: 'field-error-raw', id: 'license-licenseKey-error-raw', hidden: true}));
  const keyMode = () => keyFieldset.querySelector('input[name="keyMode"]:checked').value;
  keyFieldset.addEventListener('change', (e) => {
    if (e.target.name !== 'keyMode') return;
    keyInput.disabled = keyMode() !== 'given';
    if (!keyInput.disabled) keyInput.focus();
  });

  const defaultContainer = containers.find((c) => c.usedAsDefault);
  const containerSelect = h('select', {
    id: 'license-licenseContainerId', name: 'licenseContainerId', 'aria-describedby': described('licenseContainerId'),
    value: defaultContainer?.id ?? '',
  }, containers.map((c) => h('option', {value: c.id}, containerLabel(c))));

  const formAlert = h('div', {class: 'alert', role: 'alert', hidden: true, id: 'license-form-alert'});
  const save = h('button', {type: 'submit', class: 'button button-primary', id: 'license-issue'}, 'Issue license');
  const form = h('form', {class: 'form', novalidate: true, 'aria-labelledby': 'form-title'},
    formAlert,
    fieldBlock('productConfigId', h('label', {for: 'license-productConfigId'}, 'Product configuration'),
      'The product, its features, quantity, license model and validity come from the configuration.',
      configSelect),
    fieldBlock('qty', h('label', {for: 'license-qty'}, 'Quantity (optional)'), null, qtyHint, qtyInput),
    keyFieldset,
    fieldBlock('licenseContainerId', h('label', {for: 'license-licenseContainerId'}, 'License container'),
      'The customer\'s default container unless you pick another.', containerSelect),
    h('div', {class: 'actions'},
      save,
      h('a', {href: `#/customers/${lid}`, class: 'button'}, 'Cancel')));

  const controlOf = (key) => form.querySelector(`#license-${key}`);
  const part = (key, suffix) => form.querySelector(`#license-${key}-${suffix}`);
  function clearErrors() {
    formAlert.hidden = true;
    formAlert.replaceChildren();
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
  // Marks every field of `errors` ([{key, text, raw}]) at once, sums them up above the form,
  // and focuses the first, as the customer form does.
  function showFieldErrors(errors) {
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
      part(key, 'field').classList.add('has-error');
      const control = key === 'licenseKey' && keyInput.disabled
        ? keyFieldset.querySelector('input[name="keyMode"]:checked') : controlOf(key);
      control.setAttribute('aria-invalid', 'true');
    }
    const labels = errors.map((e) => plainLabel(e.key));
    const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0];
    formAlert.textContent = `The license was not issued. Check ${list}.`;
    formAlert.hidden = false;
    const first = errors[0].key;
    (first === 'licenseKey' && keyInput.disabled
      ? keyFieldset.querySelector('input[name="keyMode"]:checked') : controlOf(first)).focus();
  }
  async function showFormError(err) {
    const words = err instanceof ApiError && err.status !== 401
      ? await citedInWords(err.description, known) : [explain(err)];
    formAlert.replaceChildren('The license was not issued: ', ...words);
    formAlert.hidden = false;
    formAlert.setAttribute('tabindex', '-1');
    formAlert.focus();
  }
  // What the console checks itself, all at once and before any request. The API judges the
  // rest (the quantity's range for the dimension, the key's uniqueness).
  function problems() {
    const errors = [];
    if (!configSelect.value) {
      errors.push({key: 'productConfigId', text: 'Product configuration is required: select one'});
    }
    const qty = qtyInput.value.trim();
    if (qty !== '' && !/^-?\d+$/.test(qty)) {
      errors.push({key: 'qty', text: `Quantity '${qty}' is not a whole number`});
    }
    if (keyMode() === 'given') {
      if (keyInput.value === '') {
        errors.push({key: 'licenseKey', text: 'License key is required: type the key, or pick "Generate a key"'});
      } else if (!KEY_RULE.test(keyInput.value)) {
        errors.push({key: 'licenseKey', text: `License key '${keyInput.value}' is not a license key: it must be 16 to 64 of A-Z a-z 0-9 - _`});
      }
    }
    return errors;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (save.disabled) return;
    clearErrors();
    const errors = problems();
    if (errors.length) return showFieldErrors(errors);
    const body = {productConfigId: configSelect.value};
    const qty = qtyInput.value.trim();
    if (qty !== '') body.qty = Number(qty);
    if (keyMode() === 'generate') body.generateLicenseKey = true;
    if (keyMode() === 'given') body.licenseKey = keyInput.value;
    // The default container is the API's own choice when none is named.
    if (containerSelect.value && containerSelect.value !== defaultContainer?.id) {
      body.licenseContainerId = containerSelect.value;
    }
    save.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const issued = (await api('POST', `/licensees/${lid}/licenses`, {body})).body;
      notice(`Issued ${licenseName(issued)} to ${customer.name}.`);
      navigate(`#/customers/${lid}`);
    } catch (err) {
      const field = err instanceof ApiError ? fieldOfLicenseError(err.description) : null;
      if (field) {
        const apiWord = err.description.split(/[\s:]/, 1)[0];
        const text = plainLabel(field.key) + err.description.slice(apiWord.length);
        showFieldErrors([{key: field.key, text: await citedInWords(text, known), raw: err.description}]);
      } else {
        await showFormError(err);
      }
    } finally {
      save.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

const FORM_LABELS = ['Product configuration', 'Quantity (optional)', 'License key', 'License container'];

// The issue page before the customer and the catalogue arrive: its labels, with bars.
export function issueSkeleton() {
  return page('Issue license',
    breadcrumbs(),
    skeletonHeading('Issue license'),
    loadingStatus('Loading the customer and the catalogue…'),
    h('div', {class: 'form'},
      FORM_LABELS.map((label) => h('div', {class: 'field'},
        h('p', {class: 'label'}, label),
        h('span', {class: 'skeleton skeleton-input', 'aria-hidden': 'true'})))));
}

export async function issueView(ctx, id) {
  const lid = encodeURIComponent(id);
  let customer;
  let containers;
  let catalogue;
  try {
    customer = (await api('GET', `/licensees/${lid}`)).body;
    [containers, catalogue] = await Promise.all([
      listAll(`/licensees/${lid}/license-containers`),
      loadCatalogue(),
    ]);
  } catch (e) {
    return errorPage(customer ? `Issue license to ${customerName(customer)}` : 'Customer not found', e);
  }
  const title = `Issue license to ${customerName(customer)}`;
  return page(title,
    breadcrumbs(h('a', {href: `#/customers/${lid}`}, customerName(customer))),
    h('h1', {tabindex: -1, id: 'form-title'}, title),
    catalogue.length === 0
      ? h('p', {class: 'empty', id: 'catalogue-empty'},
        'The catalogue has no product configurations to issue from. Load products through fixtures or PUT /__admin/state.')
      : issueForm(customer, containers, catalogue));
}
