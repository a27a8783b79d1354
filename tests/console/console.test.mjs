// End-to-end tests of the web console (/console) in a real browser: Debian's chromium, driven
// by playwright-core, against real scale-mock servers started here on free ports. Every check
// of what the console did is made through the API, as an integration would see it.
//
// Environment (set by run.sh): SCALE_MOCK_BIN, SCALE_MOCK_SCREENSHOTS, SCALE_MOCK_CHROMIUM.

import assert from 'node:assert/strict';
import {spawn, execFileSync} from 'node:child_process';
import {once} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';

import {chromium} from 'playwright-core';

const BIN = process.env.SCALE_MOCK_BIN;
const SHOTS = process.env.SCALE_MOCK_SCREENSHOTS;
const CHROMIUM = process.env.SCALE_MOCK_CHROMIUM || '/usr/bin/chromium';
assert.ok(BIN, 'SCALE_MOCK_BIN names the scale-mock binary');
assert.ok(SHOTS, 'SCALE_MOCK_SCREENSHOTS names the screenshot directory');

// Records of fixtures/default.json.
const ACME = '923a7369-94e3-4f91-9a61-dbe22e44158b';
const ACME_BUILD_FARM = '0cb1e29c-658c-4a14-95e6-0af593bd04cf';
const ADA = '6513270e-269e-4d37-b2a7-4de452e6b438';
const FIXTURE_CUSTOMERS = 5;

const DESKTOP = {width: 1280, height: 860};
const PHONE = {width: 390, height: 844};

// ------------------------------------------------------------------------------ servers

// Starts scale-mock on a free loopback port with `args`; resolves once it listens.
async function startServer(args) {
  const child = spawn(BIN, ['--host', '127.0.0.1', '--port', '0', '--quiet', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => reject(new Error(`scale-mock exited with ${code}: ${err}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    console: `${url}/console/`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

// Calls the server directly (as an integration would), with `token` when given.
async function call(server, method, path, {body, token, namespace} = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `ScaleJwt ${token}`;
  if (namespace) headers['X-Scale-Mock-Namespace'] = namespace;
  const r = await fetch(server.url + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return {status: r.status, body: text ? JSON.parse(text) : null};
}

function devToken() {
  return execFileSync(BIN, ['token', '--permissions', '*.*'], {encoding: 'utf8'}).trim();
}

// ------------------------------------------------------------------------------ browser

let browser;
let profile;

before(async () => {
  // A fresh profile for every run; nothing may reach the network but the test servers.
  profile = mkdtempSync(join(tmpdir(), 'scale-mock-console-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run',
    ],
    viewport: DESKTOP,
  });
  // script/test --sanitize sets SCALE_MOCK_TIMEOUT_SCALE: a server built with ASan at -O0
  // answers several times slower, and the whole machine is busy.
  browser.setDefaultTimeout(10000 * Number(process.env.SCALE_MOCK_TIMEOUT_SCALE || 1));
});

after(async () => {
  await browser?.close();
  if (profile) rmSync(profile, {recursive: true, force: true});
});

// A new tab on `server`'s console at `hash`, which fails the test on any script error, CSP
// violation or console error other than an HTTP error status the test asked for.
async function openConsole(server, hash = '#/customers', {viewport = DESKTOP} = {}) {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // The browser logs every API answer of 4xx as "Failed to load resource"; the tests
    // provoke those on purpose and check what the console shows instead.
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
    page.problems.push(`console error: ${m.text()}`);
  });
  await page.goto(server.console + hash);
  await page.waitForSelector('html[data-ready="true"]');
  await page.waitForSelector('main h1');
  return page;
}

async function closePage(page) {
  const problems = page.problems;
  await page.close();
  assert.deepEqual(problems, [], 'no script errors and no CSP violations');
}

async function shot(page, name) {
  await page.screenshot({path: join(SHOTS, `${name}.png`), fullPage: true});
}

async function waitForText(locator, text) {
  await locator.filter({hasText: text}).first().waitFor();
}

// The visible rows of the customer list, as the texts of their name cells.
async function listedNames(page) {
  await page.waitForSelector('#customer-count:not(:empty)');
  return page.locator('table tbody tr td:first-child a').allTextContents();
}

async function fillCustomerForm(page, fields) {
  const labels = {
    name: 'Formal name',
    displayName: 'Display name (optional)',
    naturalId: 'Customer id (optional)',
    email: 'Email (optional)',
    description: 'Description (optional)',
    externalReference: 'External reference (optional)',
  };
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'type') await page.getByLabel('Type', {exact: true}).selectOption({label: value});
    else await page.getByLabel(labels[key], {exact: true}).fill(value);
  }
}

async function activeId(page) {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
}

// The elements of `selector` whose text takes more than one line, as "text: N lines". A line
// is a distinct top of the text's boxes (a Range over the text gives one box a line, also
// inside an inline-block, where the element itself would give one box).
async function wrapped(page, selector) {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)].flatMap((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    return tops.size > 1 ? [`${el.textContent}: ${tops.size} lines`] : [];
  }), selector);
}

// =============================================================================== auth off

describe('the console with --auth off and the demo fixtures', () => {
  let server;
  before(async () => {
    server = await startServer(['--auth', 'off', '--seed', '7', '--clock', '2026-03-01T12:00:00Z']);
  });
  after(async () => server?.stop());

  it('serves /console/ and redirects / there', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/');
    assert.equal(new URL(page.url()).pathname, '/console/');
    await page.waitForSelector('html[data-ready="true"]');
    assert.match(page.url(), /#\/customers$/);
    assert.equal(await page.title(), 'Customers – scale-mock console');
    await page.close();
  });

  it('paints the page\'s frame at once, with a loading state, before the API answers', async () => {
    // The server's own fault injection holds every answer about licensees.
    const delayMs = 1500 * Number(process.env.SCALE_MOCK_TIMEOUT_SCALE || 1);
    const fault = await call(server, 'POST', '/__admin/faults', {body: {method: 'GET', path: '/licensees*', delayMs}});
    assert.equal(fault.status, 201);
    const page = await browser.newPage();
    try {
      await page.setViewportSize(DESKTOP);
      await page.goto(server.console + '#/customers');
      const main = page.locator('main');
      await page.getByRole('heading', {level: 1, name: 'Customers'}).waitFor();
      // The frame: the top bar, the navigation, the page's heading and its action, the
      // filters, and the list's column headings.
      assert.ok(await page.locator('header.topbar .brand').isVisible());
      assert.ok(await page.getByRole('navigation', {name: 'Main'}).getByRole('link', {name: 'Customers'}).isVisible());
      assert.ok(await page.getByRole('link', {name: 'Create new'}).isVisible());
      assert.ok(await page.getByLabel('Search').isVisible());
      assert.deepEqual(await main.locator('table thead th').allTextContents(),
        ['Name', 'Customer id', 'Type', 'Email', 'Created']);
      // A clear loading state: said in words, the page marked busy, placeholder rows.
      assert.equal(await main.getAttribute('aria-busy'), 'true');
      assert.equal((await main.getByRole('status').filter({hasText: 'Loading customers…'}).count()), 1);
      assert.ok(await main.locator('tbody .skeleton').count() > 0);
      assert.equal(await main.locator('tbody a').count(), 0, 'no customer yet');
      // All of it before the API answered.
      assert.equal(await page.locator('html[data-ready]').count(), 0, 'the list was still held');
      await shot(page, 'list-loading');

      // Then the list replaces the placeholders, and the page is no longer busy.
      await page.waitForSelector('html[data-ready="true"]');
      assert.ok((await listedNames(page)).length >= FIXTURE_CUSTOMERS);
      assert.equal(await main.getAttribute('aria-busy'), null);
      assert.equal(await main.locator('.skeleton').count(), 0);

      // A customer's page too: its frame (breadcrumbs, the field names, its sections) while
      // the customer is on its way.
      await page.getByRole('link', {name: 'Acme Oy'}).click();
      await main.getByRole('status').filter({hasText: 'Loading the customer…'}).waitFor();
      assert.ok(await page.getByRole('navigation', {name: 'Breadcrumbs'}).getByRole('link', {name: 'Customers'}).isVisible());
      assert.ok(await main.getByText('Formal name', {exact: true}).isVisible());
      assert.ok(await page.getByRole('heading', {level: 2, name: 'License containers'}).isVisible());
      assert.ok(await page.getByRole('heading', {level: 2, name: 'License consumers'}).isVisible());
      assert.equal(await main.getAttribute('aria-busy'), 'true');
      assert.equal(await page.getByRole('heading', {level: 1, name: /Acme/}).count(), 0, 'the customer was still held');
      await shot(page, 'detail-loading');
      await call(server, 'DELETE', '/__admin/faults');
      await page.getByRole('heading', {level: 1, name: /Acme/}).waitFor();
      assert.equal(await main.getAttribute('aria-busy'), null);

      // And the edit form: its labels while the customer is on its way.
      assert.equal((await call(server, 'POST', '/__admin/faults', {body: {method: 'GET', path: '/licensees*', delayMs}})).status, 201);
      await page.getByRole('link', {name: 'Edit'}).click();
      await main.getByRole('status').filter({hasText: 'Loading the customer…'}).waitFor();
      assert.deepEqual(await main.locator('.form .label').allTextContents(), [
        'Formal name', 'Display name (optional)', 'Customer id (optional)', 'Type',
        'Email (optional)', 'Description (optional)', 'External reference (optional)',
      ]);
      assert.equal(await main.getAttribute('aria-busy'), 'true');
      assert.equal(await page.locator('#customer-name').count(), 0, 'the customer was still held');
      await call(server, 'DELETE', '/__admin/faults');
      assert.equal(await page.getByLabel('Formal name').inputValue(), 'Acme Oy');
      assert.equal(await main.getAttribute('aria-busy'), null);
    } finally {
      await call(server, 'DELETE', '/__admin/faults');
      await page.close();
    }
  });

  it('lists the customers, searches by name, email or customer id, and filters by type', async () => {
    const page = await openConsole(server);
    assert.equal((await listedNames(page)).length, FIXTURE_CUSTOMERS);
    assert.equal(await page.locator('#customer-count').textContent(), `${FIXTURE_CUSTOMERS} customers`);
    // The sidebar says where we are: LICENSING > Customers.
    assert.equal(await page.getByRole('navigation', {name: 'Main'}).getByRole('link', {name: 'Customers'})
      .getAttribute('aria-current'), 'page');
    await shot(page, 'list');

    const search = page.getByLabel('Search');
    await search.fill('acme');
    assert.deepEqual(await listedNames(page), ['Acme Oy']);
    await search.fill('IT@NORDLAB.example');
    assert.deepEqual(await listedNames(page), ['Nordlab Research Ab']);
    await search.fill('crm-1003');
    assert.deepEqual(await listedNames(page), ['Globex Corporation']);
    assert.match(page.url(), /#\/customers\?q=crm-1003$/);
    await search.fill('');
    await page.getByLabel('Type', {exact: true}).selectOption({label: 'Person'});
    const persons = await listedNames(page);
    assert.equal(persons.length, 2);
    for (const row of await page.locator('table tbody tr td[data-label="Type"]').allTextContents()) {
      assert.equal(row, 'Person');
    }
    await search.fill('no such customer anywhere');
    await waitForText(page.locator('td.empty'), 'No customer matches the search.');
    await closePage(page);
  });

  it('creates a B2B customer (Organization) through the form: setup-organization', async () => {
    const page = await openConsole(server);
    await page.getByRole('link', {name: 'Create new'}).click();
    await page.waitForSelector('h1:text("Create customer")');
    // Exactly the fields of the product page, in its order, each with its label.
    const labels = await page.locator('form.form .field label').allTextContents();
    assert.deepEqual(labels, [
      'Formal name', 'Display name (optional)', 'Customer id (optional)', 'Type',
      'Email (optional)', 'Description (optional)', 'External reference (optional)',
    ]);
    assert.deepEqual(await page.getByLabel('Type', {exact: true}).locator('option').allTextContents(),
      ['Select a type', 'Organization', 'Person']);
    await shot(page, 'create-form');
    await fillCustomerForm(page, {
      name: 'Initech Oy',
      displayName: 'Initech',
      naturalId: 'crm-2001',
      type: 'Organization',
      email: 'licensing@initech.example',
      description: 'Printers, mostly',
      externalReference: 'shop-acct-201',
    });
    await shot(page, 'create-form-filled');
    await page.getByRole('button', {name: 'Save'}).click();
    await page.waitForSelector('h1:has-text("Initech")');
    await waitForText(page.locator('#notice'), 'Customer Initech Oy created.');

    // Through the API: the customer, its type and fields, and its default container.
    const found = await call(server, 'GET', '/licensees/actions/find-by-naturalid?naturalId=crm-2001');
    assert.equal(found.status, 200);
    assert.equal(found.body.type, 'ORGANIZATION');
    assert.equal(found.body.name, 'Initech Oy');
    assert.equal(found.body.displayName, 'Initech');
    assert.equal(found.body.email, 'licensing@initech.example');
    assert.equal(found.body.description, 'Printers, mostly');
    assert.equal(found.body.externalReference, 'shop-acct-201');
    assert.match(page.url(), new RegExp(`#/customers/${found.body.id}$`));
    const containers = await call(server, 'GET', `/licensees/${found.body.id}/license-containers`);
    assert.equal(containers.body.length, 1);
    assert.equal(containers.body[0].usedAsDefault, true);
    // The journal shows which operation the form used.
    const journal = await call(server, 'GET', '/__admin/requests?method=POST');
    assert.ok(journal.body.requests.some((r) => r.path === '/licensees/actions/setup-organization' && r.status === 201));

    // The detail view shows the default container; the list shows the new customer.
    await waitForText(page.locator('#containers td[data-label="Name"]'), 'default');
    await page.getByRole('navigation', {name: 'Main'}).getByRole('link', {name: 'Customers'}).click();
    await page.getByLabel('Search').fill('initech');
    assert.deepEqual(await listedNames(page), ['Initech Oy']);
    await closePage(page);
  });

  it('creates a B2C customer (Person) with the keyboard only: setup-user', async () => {
    const page = await openConsole(server);
    // The page's heading has the focus; the next stop is "Create new".
    assert.equal(await activeId(page), 'H1');
    await page.keyboard.press('Tab');
    assert.equal(await activeId(page), 'create-new');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:text("Create customer")');
    assert.equal(await activeId(page), 'form-title');
    const steps = [
      ['customer-name', 'Maria Korhonen'],
      ['customer-displayName', 'Maria'],
      ['customer-naturalId', 'shop-cust-30117'],
      ['customer-type', null],
      ['customer-email', 'maria.korhonen@mail.example'],
      ['customer-description', 'Bought the yearly plan'],
      ['customer-externalReference', 'stripe-cus-30117'],
    ];
    for (const [id, text] of steps) {
      await page.keyboard.press('Tab');
      assert.equal(await activeId(page), id);
      if (text !== null) {
        await page.keyboard.type(text);
      } else {
        // A closed <select> takes the first letter of an option.
        await page.keyboard.press('p');
        assert.equal(await page.locator('#customer-type').inputValue(), 'PERSON');
      }
    }
    // Enter in a text field submits the form.
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:has-text("Maria")');
    await waitForText(page.locator('#notice'), 'Customer Maria Korhonen created.');

    const lic = await call(server, 'GET', '/licensees/actions/find-by-email?email=maria.korhonen@mail.example');
    assert.equal(lic.status, 200);
    assert.equal(lic.body.type, 'PERSON');
    assert.equal(lic.body.naturalId, 'shop-cust-30117');
    // setup-user made the license consumer too, with access to the default container.
    const consumer = await call(server, 'GET', '/license-consumers/actions/find-by-email?email=maria.korhonen@mail.example');
    assert.equal(consumer.status, 200);
    assert.equal(consumer.body.type, 'PERSON');
    const access = await call(server, 'GET', `/licensees/${lic.body.id}/license-containers/default/license-consumers`);
    assert.deepEqual(access.body.map((c) => c.id), [consumer.body.id]);
    // The console shows that consumer and its access.
    await waitForText(page.locator('#consumers td[data-label="Name"]'), 'Maria Korhonen');
    assert.equal(await page.getByRole('checkbox', {name: 'Maria Korhonen has access to default'}).isChecked(), true);

    await page.getByRole('link', {name: 'Customers', exact: true}).first().click();
    await page.getByLabel('Type', {exact: true}).selectOption({label: 'Person'});
    assert.ok((await listedNames(page)).includes('Maria Korhonen'));
    await closePage(page);
  });

  it('shows every missing field at once, before any request', async () => {
    const page = await openConsole(server, '#/customers/new');
    const posts = async () => (await call(server, 'GET', '/__admin/requests?method=POST')).body.requests.length;
    const before = await posts();
    // The empty form: the formal name and the type are both missing, and both are said.
    await page.getByRole('button', {name: 'Save'}).click();
    await waitForText(page.locator('#customer-name-error'), 'Formal name is required');
    assert.equal(await page.locator('#customer-name-error').textContent(), 'Formal name is required');
    assert.equal(await page.locator('#customer-type-error').isVisible(), true, 'the Type error together with the name\'s');
    assert.match(await page.locator('#customer-type-error').textContent(), /^Type is required/);
    assert.equal(await page.locator('.field-error:not([hidden])').count(), 2);
    for (const label of ['Formal name', 'Type']) {
      assert.equal(await page.getByLabel(label, {exact: true}).getAttribute('aria-invalid'), 'true');
    }
    assert.match(await page.locator('#customer-form-alert').textContent(), /Check Formal name and Type\.$/);
    // The first field in error has the focus.
    assert.equal(await activeId(page), 'customer-name');
    await shot(page, 'create-form-empty-errors');
    // A name of blanks is no name either.
    await fillCustomerForm(page, {name: '   '});
    await page.getByRole('button', {name: 'Save'}).click();
    await waitForText(page.locator('#customer-name-error'), 'Formal name must not be blank');
    assert.equal(await page.locator('.field-error:not([hidden])').count(), 2);
    // Each fixed field loses its error; the form is sent only once nothing is missing.
    await fillCustomerForm(page, {type: 'Organization'});
    await page.getByRole('button', {name: 'Save'}).click();
    await waitForText(page.locator('#customer-name-error'), 'Formal name must not be blank');
    assert.equal(await page.locator('#customer-type-error').isHidden(), true);
    assert.equal(await page.locator('.field-error:not([hidden])').count(), 1);
    assert.equal(await posts(), before, 'the console checked these itself: no request');
    await closePage(page);
  });

  it('shows the API\'s message beside its field, in the form\'s words, naming the customer it cites', async () => {
    const page = await openConsole(server, '#/customers/new');
    await fillCustomerForm(page, {name: 'Acme Copy Oy', type: 'Organization', email: 'licensing@acme.example'});
    await page.getByRole('button', {name: 'Save'}).click();
    const error = page.locator('#customer-email-error');
    await error.waitFor();

    // The description the API gives for the same request...
    const direct = await call(server, 'POST', '/licensees/actions/setup-organization',
      {body: {name: 'Acme Copy Oy', email: 'licensing@acme.example'}});
    assert.equal(direct.status, 409);
    assert.equal(direct.body.description, `email 'licensing@acme.example' is already used by licensee ${ACME}`);
    // ...said with the form's label, and the customer's name (a link to its page) instead
    // of its id.
    assert.equal(await error.textContent(), "Email 'licensing@acme.example' is already used by customer Acme Oy");
    assert.equal(await error.getByRole('link', {name: 'Acme Oy'}).getAttribute('href'), `#/customers/${ACME}`);
    // The API's own words stay at hand for developers.
    assert.equal(await error.getAttribute('title'), direct.body.description);
    assert.equal(await page.locator('#customer-email-error-raw').textContent(), `API: ${direct.body.description}`);
    assert.equal(await page.locator('#customer-email-error-raw').isVisible(), true);
    // Beside the Email field: in its block, and tied to the input for assistive technology.
    const email = page.getByLabel('Email (optional)');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.ok((await email.getAttribute('aria-describedby')).split(' ').includes('customer-email-error'));
    assert.equal(await page.locator('#customer-email-field #customer-email-error').count(), 1);
    assert.equal(await activeId(page), 'customer-email');
    // No other field is marked.
    assert.equal(await page.locator('.field-error:not([hidden])').count(), 1);
    assert.match(await page.locator('#customer-form-alert').textContent(), /Check Email\.$/);
    await shot(page, 'create-form-error');
    // Nothing was created.
    const list = await call(server, 'GET', '/licensees?limit=1000');
    assert.ok(!list.body.some((c) => c.name === 'Acme Copy Oy'));

    // A Person's email must also be unused among license consumers (setup-user): the
    // consumer is named too (it has no page of its own in the console).
    await fillCustomerForm(page, {name: 'Ada Again', type: 'Person', email: 'ada.lindqvist@acme.example'});
    await page.getByRole('button', {name: 'Save'}).click();
    await waitForText(error, 'ada.lindqvist@acme.example');
    assert.equal(await error.textContent(), "Email 'ada.lindqvist@acme.example' is already used by license consumer Ada Lindqvist");
    assert.equal(await page.locator('#customer-email-error-raw').textContent(),
      `API: email 'ada.lindqvist@acme.example' is already used by license consumer ${ADA}`);

    // Other fields, other rules: a bad email is 400; a formal name too long for the API.
    await fillCustomerForm(page, {email: 'not-an-address', type: 'Organization'});
    await page.getByRole('button', {name: 'Save'}).click();
    await waitForText(error, "Email 'not-an-address' is not a valid email address");
    await fillCustomerForm(page, {name: 'N'.repeat(256), email: ''});
    await page.getByRole('button', {name: 'Save'}).click();
    await waitForText(page.locator('#customer-name-error'), 'Formal name is longer than 255 characters');
    assert.equal(await page.locator('#customer-name-error-raw').textContent(), 'API: name is longer than 255 characters');
    assert.equal(await error.isHidden(), true);
    assert.equal(await page.locator('#customer-email-error-raw').isHidden(), true);
    await closePage(page);
  });

  it('edits a customer: PUT /licensees/{id}', async () => {
    const before = await call(server, 'GET', '/licensees/actions/find-by-naturalid?naturalId=crm-2001');
    const page = await openConsole(server, `#/customers/${before.body.id}`);
    await page.getByRole('link', {name: 'Edit'}).click();
    await page.waitForSelector('h1:text("Edit Initech")');
    // The type cannot change; the form says so.
    assert.equal(await page.getByLabel('Type', {exact: true}).isDisabled(), true);
    assert.equal(await page.getByLabel('Formal name').inputValue(), 'Initech Oy');
    await fillCustomerForm(page, {displayName: 'Initech Group', description: '', email: 'sales@initech.example'});
    await page.getByRole('button', {name: 'Save'}).click();
    await page.waitForSelector('h1:has-text("Initech Group")');
    await waitForText(page.locator('#notice'), 'Customer Initech Oy saved.');
    const afterEdit = await call(server, 'GET', `/licensees/${before.body.id}`);
    assert.equal(afterEdit.body.displayName, 'Initech Group');
    assert.equal(afterEdit.body.description, null);
    assert.equal(afterEdit.body.email, 'sales@initech.example');
    assert.equal(afterEdit.body.naturalId, 'crm-2001');
    assert.equal(afterEdit.body.type, 'ORGANIZATION');

    // The edit form checks the formal name itself too.
    await page.getByRole('link', {name: 'Edit'}).click();
    await fillCustomerForm(page, {name: ''});
    await page.getByRole('button', {name: 'Save'}).click();
    await waitForText(page.locator('#customer-name-error'), 'Formal name is required');
    assert.equal((await call(server, 'GET', `/licensees/${before.body.id}`)).body.name, 'Initech Oy');
    // A clash on edit lands beside its field, naming the customer that has the value; its
    // link leads there.
    await fillCustomerForm(page, {name: 'Initech Oy', naturalId: 'crm-1001'});
    await page.getByRole('button', {name: 'Save'}).click();
    const clash = page.locator('#customer-naturalId-error');
    await waitForText(clash, "Customer id 'crm-1001' is already used by customer Acme Oy");
    assert.equal(await page.locator('#customer-name-error').isHidden(), true);
    await clash.getByRole('link', {name: 'Acme Oy'}).click();
    await page.getByRole('heading', {level: 1, name: /^Acme/}).waitFor();
    assert.match(page.url(), new RegExp(`#/customers/${ACME}$`));
    await closePage(page);
  });

  it('shows a customer\'s containers and consumers, and grants and revokes access', async () => {
    const page = await openConsole(server, `#/customers/${ACME}`);
    const containers = await page.locator('#containers td[data-label="Name"]').allTextContents();
    assert.deepEqual(containers, ['default', 'Build farm']);
    await waitForText(page.locator('#consumers td[data-label="Name"]'), 'Ada Lindqvist');
    await shot(page, 'detail');

    const box = page.getByRole('checkbox', {name: 'Ada Lindqvist has access to Build farm'});
    assert.equal(await box.isChecked(), false);
    await box.check();
    await waitForText(page.locator('#notice'), 'Granted Ada Lindqvist access to Build farm.');
    let access = await call(server, 'GET', `/licensees/${ACME}/license-containers/${ACME_BUILD_FARM}/license-consumers`);
    assert.ok(access.body.some((c) => c.id === ADA));
    // The focus stays on the box after the page refreshes.
    assert.equal(await activeId(page), `access-${ADA}-${ACME_BUILD_FARM}`);

    await page.getByRole('checkbox', {name: 'Ada Lindqvist has access to Build farm'}).uncheck();
    await waitForText(page.locator('#notice'), "Revoked Ada Lindqvist's access to Build farm.");
    access = await call(server, 'GET', `/licensees/${ACME}/license-containers/${ACME_BUILD_FARM}/license-consumers`);
    assert.ok(!access.body.some((c) => c.id === ADA));

    // Grant access to a consumer of another customer: it becomes associated too.
    const maria = await call(server, 'GET', '/license-consumers/actions/find-by-email?email=maria.korhonen@mail.example');
    await page.getByLabel('License consumer', {exact: true}).selectOption(maria.body.id);
    await page.getByLabel('License container', {exact: true}).selectOption(ACME_BUILD_FARM);
    await page.getByRole('button', {name: 'Grant access'}).click();
    await waitForText(page.locator('#notice'), 'Granted Maria Korhonen access to Build farm.');
    assert.equal(await page.getByRole('checkbox', {name: 'Maria Korhonen has access to Build farm'}).isChecked(), true);
    const associated = await call(server, 'GET', `/licensees/${ACME}/license-consumers`);
    assert.ok(associated.body.some((c) => c.id === maria.body.id));

    // Remove the association again: access to all of Acme's containers goes with it.
    await page.getByRole('button', {name: 'Remove Maria Korhonen from this customer'}).click();
    await waitForText(page.locator('#notice'), 'Removed Maria Korhonen from Acme.');
    const afterRemove = await call(server, 'GET', `/licensees/${ACME}/license-consumers`);
    assert.ok(!afterRemove.body.some((c) => c.id === maria.body.id));
    await closePage(page);
  });

  it('deletes an Organization with DELETE /licensees/{id}', async () => {
    const initech = await call(server, 'GET', '/licensees/actions/find-by-naturalid?naturalId=crm-2001');
    const page = await openConsole(server, `#/customers/${initech.body.id}`);
    await page.getByRole('button', {name: 'Delete'}).click();
    const dialog = page.getByRole('dialog', {name: 'Delete Initech Group?'});
    await dialog.waitFor();
    // Cancel first: nothing happens.
    await dialog.getByRole('button', {name: 'Cancel'}).click();
    assert.equal((await call(server, 'GET', `/licensees/${initech.body.id}`)).status, 200);
    await page.getByRole('button', {name: 'Delete'}).click();
    await dialog.getByRole('button', {name: 'Delete'}).click();
    await waitForText(page.locator('#notice'), 'Customer Initech Oy deleted.');
    assert.match(page.url(), /#\/customers$/);
    assert.ok(!(await listedNames(page)).includes('Initech Oy'));
    assert.equal((await call(server, 'GET', `/licensees/${initech.body.id}`)).status, 404);
    const journal = await call(server, 'GET', '/__admin/requests?method=DELETE');
    assert.ok(journal.body.requests.some((r) => r.path === `/licensees/${initech.body.id}`));
    await closePage(page);
  });

  it('deletes a Person with delete-user, which deletes its license consumer too', async () => {
    const maria = await call(server, 'GET', '/licensees/actions/find-by-email?email=maria.korhonen@mail.example');
    const page = await openConsole(server, `#/customers/${maria.body.id}`);
    await page.getByRole('button', {name: 'Delete'}).click();
    const dialog = page.getByRole('dialog', {name: 'Delete Maria?'});
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Person license consumer that has the customer's email/);
    // Escape cancels.
    await page.keyboard.press('Escape');
    await dialog.waitFor({state: 'detached'});
    assert.equal(await activeId(page), 'customer-delete');
    // Enter on the focused Delete button opens the dialog again; Tab to its Delete button.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Cancel');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForText(page.locator('#notice'), 'Customer Maria Korhonen deleted.');
    assert.equal((await call(server, 'GET', `/licensees/${maria.body.id}`)).status, 404);
    const consumer = await call(server, 'GET', '/license-consumers/actions/find-by-email?email=maria.korhonen@mail.example');
    assert.equal(consumer.status, 404);
    const journal = await call(server, 'GET', '/__admin/requests?method=DELETE');
    assert.ok(journal.body.requests.some((r) => r.path === '/licensees/actions/delete-user' &&
      r.query.includes(maria.body.id) && r.status === 204));
    await closePage(page);
  });

  it('never breaks a Type badge inside its word, nor a date, however long the other cells', async () => {
    // What a new user saw at 1400 px: long names and emails squeezed every column, so that
    // "Organization" broke as "Organizatio / n" and the Created dates took two lines.
    const long = await call(server, 'POST', '/licensees/actions/setup-organization', {body: {
      name: 'Consolidated International Precision Instruments and Laboratory Equipment Holdings Oy',
      displayName: 'Consolidated International Precision Instruments Group',
      naturalId: 'crm-consolidated-international-precision-instruments-0001',
      email: 'software.licensing.procurement.department@consolidated-international-precision.example',
    }});
    assert.equal(long.status, 201);
    try {
      for (const viewport of [{width: 1400, height: 900}, DESKTOP, PHONE]) {
        const page = await openConsole(server, '#/customers', {viewport});
        await listedNames(page);
        assert.ok(await page.locator('td .badge').count() > 0);
        assert.ok(await page.locator('td time').count() > 0);
        if (viewport.width === 1400) await shot(page, 'list-1400');
        assert.deepEqual(await wrapped(page, 'td .badge'), [], `badges at ${viewport.width} px`);
        assert.deepEqual(await wrapped(page, 'td time'), [], `dates at ${viewport.width} px`);
        await page.goto(`${server.console}#/customers/${long.body.id}`);
        await page.waitForSelector('#containers');
        assert.ok(await page.locator('time').count() >= 3, 'created, modified and the container\'s created');
        if (viewport.width === 1400) await shot(page, 'detail-1400');
        assert.deepEqual(await wrapped(page, '.badge'), [], `the heading's badge at ${viewport.width} px`);
        assert.deepEqual(await wrapped(page, 'time'), [], `the detail's dates at ${viewport.width} px`);
        await closePage(page);
      }
    } finally {
      await call(server, 'DELETE', `/licensees/${long.body.id}`);
    }
  });

  it('fits a phone-sized window', async () => {
    const page = await openConsole(server, '#/customers', {viewport: PHONE});
    await listedNames(page);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.equal(await fits(), true, 'no sideways scrolling on the list');
    await shot(page, 'phone-list');
    await page.getByRole('link', {name: 'Create new'}).click();
    await page.waitForSelector('h1:text("Create customer")');
    assert.equal(await fits(), true, 'no sideways scrolling on the form');
    await shot(page, 'phone-create-form');
    await page.goto(`${server.console}#/customers/${ACME}`);
    await page.waitForSelector('#consumers');
    assert.equal(await fits(), true, 'no sideways scrolling on the detail view');
    await shot(page, 'phone-detail');
    await closePage(page);
  });

  it('labels every input, select and textarea', async () => {
    for (const hash of ['#/customers', '#/customers/new', `#/customers/${ACME}`, `#/customers/${ACME}/edit`]) {
      const page = await openConsole(server, hash);
      await page.waitForSelector('main h1');
      await page.waitForLoadState('networkidle');
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
        .map((el) => el.outerHTML));
      assert.deepEqual(unlabelled, [], `every control of ${hash} has a label`);
      await closePage(page);
    }
  });
});

// ================================================================ licenses (section 10)

// A catalogue and two customers of the tests' own (PUT /__admin/state), so that these tests
// do not hang on what the demo fixtures hold.
const NORTHWIND = 'a1000000-0000-4000-8000-000000000001';
const NORTHWIND_DEFAULT = 'a1000000-0000-4000-8000-000000000002';
const NORTHWIND_LAB = 'a1000000-0000-4000-8000-000000000003';
const CONTOSO = 'a2000000-0000-4000-8000-000000000001';
const ATLAS_PRO = 'c1000000-0000-4000-8000-000000000001';
const ATLAS_RENDER = 'c1000000-0000-4000-8000-000000000002';
const ORBIT_CALLS = 'c2000000-0000-4000-8000-000000000001';
const NORTHWIND_SEATS = 'd1000000-0000-4000-8000-000000000001';
const NORTHWIND_ENDED = 'd1000000-0000-4000-8000-000000000002';
const CONTOSO_KEY = 'CONTOSO-KEY-000000001';
const LICENSE_STATE = {
  licensees: [
    {id: NORTHWIND, type: 'ORGANIZATION', name: 'Northwind Oy', licenseContainers: [
      {id: NORTHWIND_DEFAULT, name: 'default', usedAsDefault: true, licenses: [
        {id: NORTHWIND_SEATS, productConfigId: ATLAS_PRO, licenseKey: 'NORTHWIND-KEY-0001-ABCD',
          validFrom: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z'},
      ]},
      {id: NORTHWIND_LAB, name: 'Lab', usedAsDefault: false, licenses: [
        {id: NORTHWIND_ENDED, productConfigId: ORBIT_CALLS,
          validFrom: '2025-01-01T00:00:00Z', validUntil: '2025-12-31T00:00:00Z'},
      ]},
    ]},
    {id: CONTOSO, type: 'ORGANIZATION', name: 'Contoso Ab', licenseContainers: [
      {name: 'default', usedAsDefault: true, licenses: [
        {productConfigId: ATLAS_RENDER, licenseKey: CONTOSO_KEY},
      ]},
    ]},
  ],
  licenseConsumers: [],
  licenseModels: [{id: 'b1000000-0000-4000-8000-000000000001', name: 'named-user',
    concurrentUserAppInstancesPerSeat: 1, concurrentUserDevicesPerSeat: 2}],
  products: [
    {id: 'e1000000-0000-4000-8000-000000000001', name: 'atlas', displayName: 'Atlas Studio', productConfigurations: [
      {id: ATLAS_PRO, name: 'atlas-pro', displayName: 'Atlas Pro', features: ['sketch', 'publish'],
        licenseModelId: 'b1000000-0000-4000-8000-000000000001', qtyDimension: 'SEATS',
        qtyEnforcementType: 'ENFORCED', qty: 5, validityDays: 365},
      {id: ATLAS_RENDER, name: 'atlas-render', displayName: 'Render time', features: ['render'],
        licenseModelId: 'b1000000-0000-4000-8000-000000000001', qtyDimension: 'USE_TIME',
        qtyEnforcementType: 'METERED', qty: 36000, validityDays: null},
    ]},
    {id: 'e2000000-0000-4000-8000-000000000001', name: 'orbit', displayName: 'Orbit Analytics', productConfigurations: [
      {id: ORBIT_CALLS, name: 'orbit-api', displayName: 'API calls', features: ['query'],
        licenseModelId: 'b1000000-0000-4000-8000-000000000001', qtyDimension: 'USE_COUNT',
        qtyEnforcementType: 'METERED', qty: 1000, validityDays: 30},
    ]},
  ],
};

// The licenses of a customer, by the API.
async function licensesOf(server, licensee) {
  return (await call(server, 'GET', `/licensees/${licensee}/licenses?withMetadata=true&limit=1000`)).body;
}

// The cells of the licenses table, one object a row, by column.
async function licenseRows(page) {
  await page.waitForSelector('#licenses');
  return page.locator('#licenses tbody tr').evaluateAll((rows) => rows.map((row) =>
    Object.fromEntries([...row.cells].map((td) => [td.dataset.label, td.innerText.replace(/\s+/g, ' ').trim()]))));
}

describe('a customer\'s licenses: the list, "Issue license" and "Revoke"', () => {
  let server;
  before(async () => {
    server = await startServer(['--auth', 'off', '--seed', '11', '--clock', '2026-03-01T12:00:00Z']);
    const loaded = await call(server, 'PUT', '/__admin/state', {body: LICENSE_STATE});
    assert.equal(loaded.status, 204, JSON.stringify(loaded.body));
  });
  after(async () => server?.stop());

  it('shows each license: product, quantity with its dimension, validity, key and container', async () => {
    const page = await openConsole(server, `#/customers/${NORTHWIND}`);
    assert.deepEqual(await page.locator('#licenses thead th').allTextContents(),
      ['Product', 'Quantity', 'Validity', 'License key', 'Container', 'Action']);
    const rows = await licenseRows(page);
    const seats = rows.find((r) => r.Product.startsWith('Atlas Studio'));
    assert.deepEqual(seats, {
      Product: 'Atlas Studio Atlas Pro',
      Quantity: '5 seats Enforced',
      Validity: 'Valid From 2026-01-01 00:00 UTC Until 2027-01-01 00:00 UTC',
      'License key': 'NORTHWIND-KEY-0001-ABCD',
      Container: 'default (default)',
      Action: 'Revoke',
    });
    // An ended license says so on the namespace's clock (2026-03-01), and has nothing to revoke.
    const ended = rows.find((r) => r.Product.startsWith('Orbit Analytics'));
    assert.deepEqual(ended, {
      Product: 'Orbit Analytics API calls',
      Quantity: '1000 uses Metered',
      Validity: 'Ended From 2025-01-01 00:00 UTC Until 2025-12-31 00:00 UTC',
      'License key': '—',
      Container: 'Lab',
      Action: 'Ended',
    });
    assert.equal(rows.length, 2);
    assert.equal(await page.getByRole('button', {name: /^Revoke/}).count(), 1);
    await shot(page, 'detail-licenses');

    // A customer without licenses says so, and offers to issue one.
    const empty = await call(server, 'POST', '/licensees/actions/setup-organization', {body: {name: 'Fabrikam Oy'}});
    assert.equal(empty.status, 201);
    await page.goto(`${server.console}#/customers/${empty.body.id}`);
    await waitForText(page.locator('#licenses-empty'), 'This customer has no licenses yet.');
    assert.equal(await page.getByRole('link', {name: 'Issue license'}).getAttribute('href'),
      `#/customers/${empty.body.id}/licenses/new`);
    await closePage(page);
  });

  it('checks the issue form itself and shows every problem at once, before any request', async () => {
    const page = await openConsole(server, `#/customers/${NORTHWIND}`);
    await page.getByRole('link', {name: 'Issue license'}).click();
    await page.getByRole('heading', {level: 1, name: 'Issue license to Northwind Oy'}).waitFor();
    // The configurations of GET /products, grouped by product, each with what it issues.
    assert.deepEqual(await page.locator('#license-productConfigId optgroup').evaluateAll((groups) =>
      groups.map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.textContent)])), [
      ['Atlas Studio', ['Atlas Pro (5 seats, enforced, for 365 days)', 'Render time (10 h of use time, metered, perpetual)']],
      ['Orbit Analytics', ['API calls (1000 uses, metered, for 30 days)']],
    ]);
    // The default container is chosen unless another is.
    assert.equal(await page.getByLabel('License container').inputValue(), NORTHWIND_DEFAULT);
    assert.equal(await page.getByLabel('No key').isChecked(), true);
    await shot(page, 'issue-form');

    const posts = async () => (await call(server, 'GET', '/__admin/requests?method=POST')).body.requests.length;
    const before = await posts();
    await page.getByLabel('Quantity (optional)').fill('five');
    await page.getByLabel('Use this key:').check();
    await page.getByRole('button', {name: 'Issue license'}).click();
    await page.locator('#license-form-alert').waitFor();
    assert.equal(await page.locator('#license-productConfigId-error').textContent(), 'Product configuration is required: select one');
    assert.equal(await page.locator('#license-qty-error').textContent(), "Quantity 'five' is not a whole number");
    assert.match(await page.locator('#license-licenseKey-error').textContent(), /^License key is required/);
    assert.equal(await page.locator('.field-error:not([hidden])').count(), 3);
    assert.match(await page.locator('#license-form-alert').textContent(),
      /Check Product configuration, Quantity and License key\.$/);
    assert.equal(await activeId(page), 'license-productConfigId');
    for (const id of ['license-productConfigId', 'license-qty', 'license-licenseKey']) {
      assert.equal(await page.locator(`#${id}`).getAttribute('aria-invalid'), 'true', id);
    }
    await shot(page, 'issue-form-errors');
    // A key that breaks the key rule is caught too; fixed fields lose their errors.
    await page.getByLabel('Product configuration').selectOption(ATLAS_PRO);
    await page.getByLabel('Quantity (optional)').fill('');
    await page.getByLabel('License key to use').fill('short');
    await page.getByRole('button', {name: 'Issue license'}).click();
    await waitForText(page.locator('#license-licenseKey-error'), "License key 'short' is not a license key");
    assert.equal(await page.locator('.field-error:not([hidden])').count(), 1);
    assert.equal(await posts(), before, 'the console checked these itself: no request');
    await closePage(page);
  });

  it('shows the API\'s refusals beside their field, in the form\'s words, naming the license a key belongs to', async () => {
    const page = await openConsole(server, `#/customers/${NORTHWIND}/licenses/new`);
    await page.getByLabel('Product configuration').selectOption(ATLAS_PRO);
    await page.getByLabel('Use this key:').check();
    await page.getByLabel('License key to use').fill(CONTOSO_KEY);
    await page.getByRole('button', {name: 'Issue license'}).click();
    const keyError = page.locator('#license-licenseKey-error');
    await waitForText(keyError, 'already used');

    // The API's description of the same request...
    const direct = await call(server, 'POST', `/licensees/${NORTHWIND}/licenses`,
      {body: {productConfigId: ATLAS_PRO, licenseKey: CONTOSO_KEY}});
    assert.equal(direct.status, 409);
    const contosoLicense = (await licensesOf(server, CONTOSO))[0];
    assert.equal(direct.body.description, `licenseKey '${CONTOSO_KEY}' is already used by license ${contosoLicense.id}`);
    // ...in the form's words: the field's label, the license by its product and key, and the
    // customer that holds it, with a link.
    assert.equal(await keyError.textContent(),
      `License key '${CONTOSO_KEY}' is already used by license Atlas Studio (key ${CONTOSO_KEY}) of customer Contoso Ab`);
    assert.equal(await keyError.getByRole('link', {name: 'Contoso Ab'}).getAttribute('href'), `#/customers/${CONTOSO}`);
    assert.equal(await page.locator('#license-licenseKey-error-raw').textContent(), `API: ${direct.body.description}`);
    assert.equal(await page.getByLabel('License key to use').getAttribute('aria-invalid'), 'true');
    assert.equal(await activeId(page), 'license-licenseKey');
    await shot(page, 'issue-form-api-error');

    // A quantity out of the dimension's range, under Quantity.
    await page.getByLabel('No key').check();
    await page.getByLabel('Quantity (optional)').fill('0');
    await page.getByRole('button', {name: 'Issue license'}).click();
    const qtyError = page.locator('#license-qty-error');
    await waitForText(qtyError, 'out of range');
    assert.equal(await qtyError.textContent(), "Quantity '0' is out of range: a SEATS license has 1 to 1000 seats");
    assert.equal(await page.locator('#license-qty-error-raw').textContent(),
      "API: qty '0' is out of range: a SEATS license has 1 to 1000 seats");
    assert.equal(await keyError.isHidden(), true);
    assert.equal(await page.locator('.field-error:not([hidden])').count(), 1);
    // Nothing was issued.
    assert.equal((await licensesOf(server, NORTHWIND)).length, 2);
    await closePage(page);
  });

  it('issues a license from a configuration, with a given key into the default container', async () => {
    const page = await openConsole(server, `#/customers/${NORTHWIND}/licenses/new`);
    await page.getByLabel('Product configuration').selectOption(ATLAS_PRO);
    await page.getByLabel('Quantity (optional)').fill('3');
    await page.getByLabel('Use this key:').check();
    await page.getByLabel('License key to use').fill('NORTHWIND-KEY-0002-WXYZ');
    await page.getByRole('button', {name: 'Issue license'}).click();
    await waitForText(page.locator('#notice'), 'Issued Atlas Studio (key NORTHWIND-KEY-0002-WXYZ) to Northwind Oy.');
    assert.match(page.url(), new RegExp(`#/customers/${NORTHWIND}$`));

    const issued = (await licensesOf(server, NORTHWIND)).find((l) => l.licenseKey?.licenseKey === 'NORTHWIND-KEY-0002-WXYZ');
    assert.ok(issued, 'the license is there, with its key');
    assert.equal(issued.qty, 3);
    assert.equal(issued.qtyDimension, 'SEATS');
    assert.equal(issued.licenseMetadata.productConfigInfo.productConfigId, ATLAS_PRO);
    assert.equal(issued.licenseMetadata.licenseContainer.id, NORTHWIND_DEFAULT);
    // The default container was the API's choice: the console named none.
    const journal = await call(server, 'GET', `/__admin/requests?method=POST&path=/licensees/${NORTHWIND}/licenses`);
    const request = journal.body.requests.at(-1);
    assert.equal(request.status, 201);
    assert.deepEqual(request.body,
      {productConfigId: ATLAS_PRO, qty: 3, licenseKey: 'NORTHWIND-KEY-0002-WXYZ'});
    // The page lists it.
    const row = (await licenseRows(page)).find((r) => r['License key'] === 'NORTHWIND-KEY-0002-WXYZ');
    assert.equal(row.Quantity, '3 seats Enforced');
    assert.equal(row.Validity, 'Valid From 2026-03-01 00:00 UTC Until 2027-03-01 00:00 UTC');
    await closePage(page);
  });

  it('issues a license with a generated key into a chosen container', async () => {
    const page = await openConsole(server, `#/customers/${NORTHWIND}`);
    await page.getByRole('link', {name: 'Issue license'}).click();
    await page.getByLabel('Product configuration').selectOption({label: 'API calls (1000 uses, metered, for 30 days)'});
    await page.getByLabel('Generate a key').check();
    await page.getByLabel('License container').selectOption({label: 'Lab'});
    await page.getByRole('button', {name: 'Issue license'}).click();
    await waitForText(page.locator('#notice'), 'Issued Orbit Analytics (key ');

    const issued = (await licensesOf(server, NORTHWIND)).filter((l) => l.productName === 'orbit' && l.licenseKey);
    assert.equal(issued.length, 1);
    assert.equal(issued[0].licenseMetadata.licenseContainer.id, NORTHWIND_LAB);
    assert.equal(issued[0].qty, 1000);
    const key = issued[0].licenseKey.licenseKey;
    assert.equal(await page.locator('#notice').textContent(), `Issued Orbit Analytics (key ${key}) to Northwind Oy.`);
    const row = (await licenseRows(page)).find((r) => r['License key'] === key);
    assert.equal(row.Container, 'Lab');
    assert.equal(row.Quantity, '1000 uses Metered');
    await closePage(page);
  });

  it('revokes a license after a confirmation: PUT …/licenses/actions/revoke', async () => {
    const page = await openConsole(server, `#/customers/${NORTHWIND}`);
    const name = 'Revoke Atlas Studio (key NORTHWIND-KEY-0001-ABCD)';
    await page.getByRole('button', {name}).click();
    const dialog = page.getByRole('dialog', {name: 'Revoke Atlas Studio (key NORTHWIND-KEY-0001-ABCD)?'});
    await dialog.waitFor();
    // Cancel first: nothing happens.
    await dialog.getByRole('button', {name: 'Cancel'}).click();
    await dialog.waitFor({state: 'detached'});
    const still = (await licensesOf(server, NORTHWIND)).find((l) => l.id === NORTHWIND_SEATS);
    assert.equal(still.validUntil, '2027-01-01T00:00:00.000Z');
    await page.getByRole('button', {name}).click();
    await dialog.getByRole('button', {name: 'Revoke'}).click();
    await waitForText(page.locator('#notice'), 'Revoked Atlas Studio (key NORTHWIND-KEY-0001-ABCD).');

    // Its validity ended at the namespace's (frozen) now.
    const revoked = (await licensesOf(server, NORTHWIND)).find((l) => l.id === NORTHWIND_SEATS);
    assert.equal(revoked.validUntil, '2026-03-01T12:00:00.000Z');
    const journal = await call(server, 'GET', '/__admin/requests?method=PUT');
    const request = journal.body.requests.find((r) => r.path === `/licensees/${NORTHWIND}/licenses/actions/revoke`);
    assert.equal(request.status, 200);
    assert.deepEqual(request.body, {licenseIds: [NORTHWIND_SEATS]});
    // The page shows it ended, with nothing left to revoke.
    const row = (await licenseRows(page)).find((r) => r['License key'] === 'NORTHWIND-KEY-0001-ABCD');
    assert.equal(row.Validity, 'Ended From 2026-01-01 00:00 UTC Until 2026-03-01 12:00 UTC');
    assert.equal(row.Action, 'Ended');
    assert.equal(await activeId(page), 'licenses-title');
    await closePage(page);
  });

  it('says why a revoke failed, naming the license instead of its id', async () => {
    const page = await openConsole(server, `#/customers/${NORTHWIND}`);
    const victim = (await licensesOf(server, NORTHWIND)).find((l) => l.licenseKey?.licenseKey === 'NORTHWIND-KEY-0002-WXYZ');
    // Deleted behind the page's back.
    assert.equal((await call(server, 'DELETE', `/licensees/${NORTHWIND}/licenses/${victim.id}`)).status, 204);
    await page.getByRole('button', {name: 'Revoke Atlas Studio (key NORTHWIND-KEY-0002-WXYZ)'}).click();
    await page.getByRole('dialog').getByRole('button', {name: 'Revoke'}).click();
    const alert = page.locator('#licenses-alert');
    await waitForText(alert, 'was not revoked');
    const text = await alert.textContent();
    assert.match(text, /^The license was not revoked: .*license Atlas Studio \(key NORTHWIND-KEY-0002-WXYZ\)/);
    assert.ok(!text.includes(victim.id), `no bare id in "${text}"`);
    await shot(page, 'detail-licenses-revoke-error');
    await closePage(page);
  });

  it('says so when the catalogue has nothing to issue from', async () => {
    // A namespace with a customer and no catalogue, chosen as under Connection.
    const namespace = 'no-catalogue';
    const state = {licensees: [{id: NORTHWIND, type: 'ORGANIZATION', name: 'Northwind Oy'}], licenseConsumers: []};
    assert.equal((await call(server, 'PUT', '/__admin/state', {body: state, namespace})).status, 204);
    const page = await browser.newPage();
    page.problems = [];
    page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
    await page.addInitScript((ns) => sessionStorage.setItem('scale-mock-console.namespace', ns), namespace);
    await page.goto(`${server.console}#/customers/${NORTHWIND}/licenses/new`);
    await waitForText(page.locator('#catalogue-empty'), 'The catalogue has no product configurations to issue from.');
    assert.equal(await page.locator('form.form').count(), 0, 'no form that could only fail');
    await closePage(page);
  });

  it('keeps badges and dates on one line, fits a phone, and labels every control', async () => {
    for (const viewport of [{width: 1400, height: 900}, DESKTOP, PHONE]) {
      const page = await openConsole(server, `#/customers/${NORTHWIND}`, {viewport});
      await licenseRows(page);
      assert.deepEqual(await wrapped(page, '#licenses .badge'), [], `badges at ${viewport.width} px`);
      assert.deepEqual(await wrapped(page, '#licenses time'), [], `dates at ${viewport.width} px`);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true,
        `no sideways scrolling at ${viewport.width} px`);
      if (viewport === PHONE) await shot(page, 'phone-detail-licenses');
      await page.goto(`${server.console}#/customers/${NORTHWIND}/licenses/new`);
      await page.waitForSelector('#license-productConfigId');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true,
        `no sideways scrolling on the issue form at ${viewport.width} px`);
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
        .map((el) => el.outerHTML));
      assert.deepEqual(unlabelled, []);
      if (viewport === PHONE) await shot(page, 'phone-issue-form');
      await closePage(page);
    }
  });
});

// ============================================================================= auth verify

describe('the console with --auth verify, --enforce-permissions and --base-path /api', () => {
  let server;
  before(async () => {
    server = await startServer(['--auth', 'verify', '--enforce-permissions', '--base-path', '/api']);
  });
  after(async () => server?.stop());

  it('gets a development token from the server and works as with --auth off', async () => {
    assert.equal((await call(server, 'GET', '/api/licensees')).status, 401);
    const page = await openConsole(server);
    assert.equal((await listedNames(page)).length, FIXTURE_CUSTOMERS);
    assert.match(await page.locator('#connection-button').textContent(), /Development token/);

    await page.getByRole('link', {name: 'Create new'}).click();
    await fillCustomerForm(page, {name: 'Verified Oy', type: 'Organization', email: 'ops@verified.example'});
    await page.getByRole('button', {name: 'Save'}).click();
    await page.waitForSelector('h1:has-text("Verified Oy")');
    const token = devToken();
    const found = await call(server, 'GET', '/api/licensees/actions/find-by-email?email=ops@verified.example', {token});
    assert.equal(found.status, 200);
    assert.equal(found.body.type, 'ORGANIZATION');
    // The console's API calls went under the base path and carried the token (masked in the
    // journal).
    const journal = await call(server, 'GET', '/__admin/requests?method=POST');
    const setup = journal.body.requests.find((r) => r.path === '/api/licensees/actions/setup-organization');
    assert.equal(setup.status, 201);
    assert.match(setup.headers.Authorization, /^ScaleJwt /);

    // Errors still land beside their field under auth.
    await page.getByRole('link', {name: 'Edit'}).click();
    await fillCustomerForm(page, {email: 'licensing@acme.example'});
    await page.getByRole('button', {name: 'Save'}).click();
    await waitForText(page.locator('#customer-email-error'), "Email 'licensing@acme.example' is already used by customer Acme Oy");

    // Access changes and delete under verify as well; the licenses load under the
    // permissions of section 10 (License.read).
    await page.goto(`${server.console}#/customers/${ACME}`);
    await page.waitForSelector('#licenses, #licenses-empty');
    assert.equal(await page.getByText('The licenses could not be loaded').count(), 0);
    await page.getByRole('checkbox', {name: 'Ada Lindqvist has access to Build farm'}).check();
    await waitForText(page.locator('#notice'), 'Granted Ada Lindqvist access to Build farm.');
    const access = await call(server, 'GET', `/api/licensees/${ACME}/license-containers/${ACME_BUILD_FARM}/license-consumers`, {token});
    assert.ok(access.body.some((c) => c.id === ADA));
    await page.goto(`${server.console}#/customers/${found.body.id}`);
    await page.getByRole('button', {name: 'Delete'}).click();
    await page.getByRole('dialog').getByRole('button', {name: 'Delete'}).click();
    await waitForText(page.locator('#notice'), 'Customer Verified Oy deleted.');
    assert.equal((await call(server, 'GET', `/api/licensees/${found.body.id}`, {token})).status, 404);
    await closePage(page);
  });
});

// ====================================================== no development key: your own token

describe('the console when the server has no development key', () => {
  let server;
  before(async () => {
    server = await startServer(['--auth', 'claims', '--no-dev-key']);
  });
  after(async () => server?.stop());

  it('shows the 401, then works with a token pasted under Connection, and a namespace', async () => {
    const page = await openConsole(server);
    await waitForText(page.getByRole('alert'), 'no Authorization header');
    assert.match(await page.getByRole('alert').textContent(), /Paste a token under Connection/);
    assert.equal(await page.locator('table').count(), 0, 'no empty list pretending there are no customers');
    assert.match(await page.locator('#connection-button').textContent(), /No token/);

    await page.getByRole('button', {name: /^Connection/}).click();
    const dialog = page.getByRole('dialog', {name: 'Connection'});
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /--no-dev-key/);
    // `scale-mock token` signs with the development key; --auth claims does not check it.
    await dialog.getByLabel('API token (optional)').fill(devToken());
    await dialog.getByRole('button', {name: 'Save'}).click();
    await waitForText(page.locator('#notice'), 'Connection saved.');
    assert.equal((await listedNames(page)).length, FIXTURE_CUSTOMERS);
    assert.match(await page.locator('#connection-button').textContent(), /Your token/);

    // A namespace of its own: empty it through /__admin, and the console shows nothing.
    const token = devToken();
    assert.equal((await call(server, 'POST', '/__admin/reset', {body: {to: 'empty'}, namespace: 'console-e2e'})).status, 204);
    await page.getByRole('button', {name: /^Connection/}).click();
    await dialog.getByLabel('Namespace (optional)').fill('console-e2e');
    await dialog.getByRole('button', {name: 'Save'}).click();
    await waitForText(page.locator('td.empty'), 'No customers yet.');
    assert.match(await page.locator('#connection-button').textContent(), /namespace console-e2e/);
    await page.getByRole('link', {name: 'Create new'}).click();
    await fillCustomerForm(page, {name: 'Namespaced Oy', type: 'Organization'});
    await page.getByRole('button', {name: 'Save'}).click();
    await page.waitForSelector('h1:has-text("Namespaced Oy")');
    const inNamespace = await call(server, 'GET', '/licensees', {token, namespace: 'console-e2e'});
    assert.deepEqual(inNamespace.body.map((c) => c.name), ['Namespaced Oy']);
    const inDefault = await call(server, 'GET', '/licensees?limit=1000', {token});
    assert.ok(!inDefault.body.some((c) => c.name === 'Namespaced Oy'));
    await closePage(page);
  });
});
