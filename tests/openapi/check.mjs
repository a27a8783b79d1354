#!/usr/bin/env node
// Checks scale-mock's OpenAPI document, and optionally a running scale-mock against it.
//
//   node tests/openapi/check.mjs --doc src/http/openapi.json [--base-url http://127.0.0.1:PORT]
//                                [--max-body-bytes N]
//
// (a) The document: valid JSON, free of the sequence that would end the C++ raw string it is
//     embedded in, valid OpenAPI 3.1 (SwaggerParser.validate), and every schema compiles with
//     Ajv's JSON Schema 2020-12 dialect in strict mode.
// (b) With --base-url: drives the server through a sequence of requests covering every
//     operation and every status the document declares for it. Each response's status must be
//     declared for its operation, its JSON body must validate against the declared schema (and
//     carry no undeclared field), and the declared headers (X-Total-Count, Location, Allow)
//     must be present and valid. The request itself is checked against the declared parameters
//     and request body: what the server accepts must be valid for the document, and what the
//     document rejects the server must reject.
//
// Bodies must come with Content-Type: application/json; charset=UTF-8 (documented by 10Duke).
// Prints one line per check and ends with "N passed, M failed"; exits 1 on any failure.
// The sequence creates records with unique values and deletes most of them again; it also
// merges one LICENSE_KEY consumer and a small catalogue through POST /__admin/state (the API
// cannot create either).

import { readFileSync } from "node:fs";
import http from "node:http";
import { randomUUID } from "node:crypto";
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

// ------------------------------------------------------------------ arguments

function usage(message) {
  if (message) console.error(`check.mjs: ${message}`);
  console.error(
    "usage: node check.mjs --doc OPENAPI.json [--base-url http://HOST:PORT[/BASE]] [--max-body-bytes N]",
  );
  process.exit(2);
}

const args = { maxBodyBytes: 1048576 };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const value = () => (i + 1 < process.argv.length ? process.argv[++i] : usage(`${a} needs a value`));
  if (a === "--doc") args.doc = value();
  else if (a === "--base-url") args.baseUrl = value();
  else if (a === "--max-body-bytes") args.maxBodyBytes = Number(value());
  else if (a === "--help" || a === "-h") usage();
  else usage(`unknown argument ${a}`);
}
if (!args.doc) usage("--doc is required");
if (!Number.isInteger(args.maxBodyBytes) || args.maxBodyBytes < 2) usage("--max-body-bytes must be an integer of at least 2");

// ------------------------------------------------------------------ reporting

let passed = 0;
let failed = 0;

function report(ok, label, problems = []) {
  if (ok) passed++;
  else failed++;
  const detail = problems.length ? ` -- ${problems.join("; ")}` : "";
  console.log(`${ok ? "PASS" : "FAIL"} ${label}${detail}`);
}

function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

// ------------------------------------------------------------------ (a) the document

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

let raw;
let doc;
try {
  raw = readFileSync(args.doc, "utf8");
  doc = JSON.parse(raw);
  report(true, `document ${args.doc} is valid JSON (${raw.length} bytes)`);
} catch (e) {
  report(false, `document ${args.doc} is valid JSON`, [e.message]);
  finish();
}

report(
  !raw.includes(')scale_mock_json"'),
  "document does not contain the raw-string delimiter )scale_mock_json\"",
);

try {
  await SwaggerParser.validate(structuredClone(doc));
  report(true, `SwaggerParser.validate: valid OpenAPI ${doc.openapi}`);
} catch (e) {
  report(false, "SwaggerParser.validate", [String(e.message).replace(/\s+/g, " ")]);
}
report(String(doc.openapi).startsWith("3.1."), `document declares OpenAPI 3.1.x (${doc.openapi})`);

let api;
try {
  api = await SwaggerParser.dereference(structuredClone(doc));
} catch (e) {
  report(false, "SwaggerParser.dereference", [e.message]);
  finish();
}

const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats(ajv);

// Compiles a schema, throwing on an invalid one (for the checks of the document).
function compile(schema) {
  return ajv.compile(schema);
}

// Compiles a schema for checking a request or response: an invalid schema gives a validator
// that rejects everything, saying why (the document checks above have reported it already).
const broken = new Map();
function validator(schema) {
  try {
    return ajv.compile(schema);
  } catch (e) {
    if (!broken.has(schema)) {
      const fn = () => false;
      fn.errors = [{ instancePath: "", message: `the declared schema does not compile: ${e.message}` }];
      broken.set(schema, fn);
    }
    return broken.get(schema);
  }
}

for (const [name, schema] of Object.entries(api.components?.schemas ?? {})) {
  try {
    compile(schema);
    report(true, `schema ${name} compiles (JSON Schema 2020-12, strict)`);
  } catch (e) {
    report(false, `schema ${name} compiles (JSON Schema 2020-12, strict)`, [e.message]);
  }
}

const operations = [];
for (const [template, item] of Object.entries(api.paths)) {
  for (const method of METHODS) {
    if (!item[method]) continue;
    const op = item[method];
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])];
    operations.push({ template, method, op, params, seen: new Set() });
  }
}

{
  const problems = [];
  let count = 0;
  for (const { template, method, op, params } of operations) {
    const where = `${method.toUpperCase()} ${template}`;
    const schemas = [];
    for (const p of params) schemas.push([`parameter ${p.name}`, p.schema]);
    if (op.requestBody) schemas.push(["request body", op.requestBody.content?.["application/json"]?.schema]);
    for (const [status, r] of Object.entries(op.responses)) {
      for (const [type, media] of Object.entries(r.content ?? {})) schemas.push([`${status} ${type}`, media.schema]);
      for (const [h, header] of Object.entries(r.headers ?? {})) schemas.push([`${status} header ${h}`, header.schema]);
    }
    for (const [what, schema] of schemas) {
      count++;
      if (!schema) {
        problems.push(`${where}: ${what} has no schema`);
        continue;
      }
      try {
        compile(schema);
      } catch (e) {
        const msg = `${where}: ${what}: ${e.message}`;
        if (problems.length < 10) problems.push(msg);
        else if (problems.length === 10) problems.push("...");
      }
    }
  }
  report(problems.length === 0, `all ${count} parameter, body and header schemas of ${operations.length} operations compile`, problems);
}

if (!args.baseUrl) finish();

// ------------------------------------------------------------------ (b) the running server

const base = new URL(args.baseUrl);
const basePath = base.pathname.replace(/\/+$/, "");

function send(method, path, { headers = {}, body, root = false } = {}) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (body !== undefined) h["Content-Length"] = Buffer.byteLength(body);
    else if (["POST", "PUT", "PATCH"].includes(method)) h["Content-Length"] = 0;
    const req = http.request(
      {
        host: base.hostname,
        port: base.port || 80,
        method,
        path: (root ? "" : basePath) + path,
        headers: h,
        agent: false,
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(30000, () => req.destroy(new Error("timed out after 30 s")));
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// The operation of the document that a concrete path and method reach, as the server's router
// chooses: among the templates that match, the one whose first difference is a literal.
function resolve(method, path) {
  const segs = path.split("/").slice(1);
  let best = null;
  for (const template of Object.keys(api.paths)) {
    const tsegs = template.split("/").slice(1);
    if (tsegs.length !== segs.length) continue;
    const ok = tsegs.every((t, i) => (/^\{.+\}$/.test(t) ? segs[i] !== "" : t === segs[i]));
    if (!ok) continue;
    if (!best) {
      best = { template, tsegs };
      continue;
    }
    for (let i = 0; i < segs.length; i++) {
      const a = /^\{/.test(best.tsegs[i]);
      const b = /^\{/.test(tsegs[i]);
      if (a !== b) {
        if (!b) best = { template, tsegs };
        break;
      }
    }
  }
  if (!best) return { kind: "noRoute" };
  const item = api.paths[best.template];
  const pathParams = {};
  best.tsegs.forEach((t, i) => {
    const m = /^\{(.+)\}$/.exec(t);
    if (m) pathParams[m[1]] = segs[i];
  });
  const entry = operations.find((o) => o.template === best.template && o.method === method.toLowerCase());
  const effective = method === "HEAD" ? operations.find((o) => o.template === best.template && o.method === "get") : entry;
  if (!effective) return { kind: "noMethod", template: best.template, item, pathParams };
  return { kind: "operation", template: best.template, item, entry: effective, pathParams };
}

function allowFor(item) {
  const m = METHODS.filter((x) => item[x] && x !== "head" && x !== "options").map((x) => x.toUpperCase());
  if (m.includes("GET")) m.push("HEAD");
  m.push("OPTIONS");
  return m;
}

function sameSet(a, b) {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function ajvErrors(validate) {
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join(", ");
}

// Fields a response has that its schema does not declare (the schemas leave
// additionalProperties open so that clients tolerate additions; the server should not add any).
function undeclared(schema, value, where = "") {
  if (!schema || value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) return schema.items ? value.flatMap((v, i) => undeclared(schema.items, v, `${where}/${i}`)) : [];
  if (!schema.properties) return [];
  return Object.keys(value)
    .filter((k) => !(k in schema.properties))
    .map((k) => `${where}/${k}`);
}

function coerce(schema, text) {
  const t = schema?.type;
  if ((t === "integer" || t === "number") && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

// Whether the request is valid for the document: parameters and JSON body. Returns the problems.
function requestProblems(entry, pathParams, query, json) {
  const problems = [];
  for (const p of entry.params) {
    let present;
    let value;
    if (p.in === "path") {
      present = p.name in pathParams;
      value = pathParams[p.name];
    } else if (p.in === "query") {
      present = query !== undefined && p.name in query;
      value = present ? String(query[p.name]) : undefined;
    } else continue;
    if (!present) {
      if (p.required) problems.push(`${p.in} parameter ${p.name} is missing`);
      continue;
    }
    const v = validator(p.schema);
    if (!v(coerce(p.schema, value))) problems.push(`${p.in} parameter ${p.name}: ${ajvErrors(v)}`);
  }
  if (json !== undefined && entry.op.requestBody) {
    const v = validator(entry.op.requestBody.content["application/json"].schema);
    if (!v(json)) problems.push(`body: ${ajvErrors(v)}`);
  }
  return problems;
}

function checkHeaders(declared, res, problems) {
  for (const [name, h] of Object.entries(declared.headers ?? {})) {
    const value = res.headers[name.toLowerCase()];
    if (value === undefined) {
      if (h.required) problems.push(`header ${name} is missing`);
      continue;
    }
    const v = validator(h.schema);
    if (h.schema?.type === "integer" && !/^\d+$/.test(value)) problems.push(`header ${name} '${value}' is not an integer`);
    else if (!v(coerce(h.schema, value))) problems.push(`header ${name} '${value}': ${ajvErrors(v)}`);
  }
}

function checkBody(declared, res, problems, strictFields) {
  const type = res.headers["content-type"];
  if (!declared.content) {
    if (res.text !== "") problems.push(`has a body but none is declared: ${res.text.slice(0, 80)}`);
    if (type !== undefined) problems.push(`has Content-Type '${type}' but no body is declared`);
    return undefined;
  }
  const mediaType = (type ?? "").split(";")[0].trim().toLowerCase();
  if (!/;\s*charset=utf-8\s*$/i.test(type ?? "")) problems.push(`Content-Type '${type}' does not say charset=UTF-8`);
  const media = declared.content[mediaType];
  if (!media) {
    problems.push(`Content-Type '${type}' is not declared (${Object.keys(declared.content).join(", ")})`);
    return undefined;
  }
  let body;
  try {
    body = JSON.parse(res.text);
  } catch (e) {
    problems.push(`body is not JSON: ${res.text.slice(0, 80)}`);
    return undefined;
  }
  const v = validator(media.schema);
  if (!v(body)) problems.push(`body does not match the declared schema: ${ajvErrors(v)}`);
  if (strictFields) {
    const extra = undeclared(media.schema, body);
    if (extra.length) problems.push(`undeclared fields ${extra.join(", ")}`);
  }
  return body;
}

// One request and its check. opts: query, json (object sent as JSON), raw (string body),
// contentType, expect (status), requestValid (true/false: what the document should say of the
// request; default true for 2xx, 404 and 409), location (expected path of a 201), note.
async function call(label, method, path, opts = {}) {
  const query = opts.query;
  const qs = query ? `?${new URLSearchParams(query)}` : "";
  const headers = {};
  let body;
  if (opts.json !== undefined) body = JSON.stringify(opts.json);
  if (opts.raw !== undefined) body = opts.raw;
  if (opts.contentType !== undefined) {
    if (opts.contentType !== null) headers["Content-Type"] = opts.contentType;
  } else if (body !== undefined) headers["Content-Type"] = "application/json";

  const title = `${String(opts.expect ?? "").padEnd(3)} ${method} ${path}${qs.length > 80 ? qs.slice(0, 80) + "..." : qs}: ${label}`;
  let res;
  try {
    res = await send(method, path + qs, { headers, body });
  } catch (e) {
    report(false, title, [`request failed: ${e.message}`]);
    return { status: 0, body: undefined, headers: {} };
  }

  const problems = [];
  if (opts.expect !== undefined && res.status !== opts.expect) problems.push(`status ${res.status}, expected ${opts.expect}`);
  const where = resolve(method, path);
  let parsed;

  if (where.kind === "noRoute") {
    if (res.status !== 404) problems.push(`no path of the document matches, so 404 was due, got ${res.status}`);
    else parsed = checkBody(api.components.responses.NoRoute, res, problems, false);
  } else if (where.kind === "noMethod") {
    if (res.status !== 405) problems.push(`${method} is not described on ${where.template}, so 405 was due, got ${res.status}`);
    else {
      const declared = api.components.responses.MethodNotAllowed;
      parsed = checkBody(declared, res, problems, false);
      checkHeaders(declared, res, problems);
      const allow = (res.headers.allow ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      const want = allowFor(where.item);
      if (!sameSet(allow, want)) problems.push(`Allow '${res.headers.allow}', the document says ${want.join(", ")}`);
    }
  } else {
    const { entry } = where;
    entry.seen.add(res.status);
    const declared = entry.op.responses[String(res.status)];
    if (!declared) {
      problems.push(`status ${res.status} is not declared for ${entry.op.operationId} (declared: ${Object.keys(entry.op.responses).join(", ")})`);
    } else if (method === "HEAD") {
      if (res.text !== "") problems.push("HEAD answered with a body");
      checkHeaders(declared, res, problems);
    } else {
      parsed = checkBody(declared, res, problems, res.status < 300);
      checkHeaders(declared, res, problems);
    }
    // The request against the document.
    const reqProblems = requestProblems(entry, where.pathParams, query, opts.json);
    const wantValid = opts.requestValid ?? (res.status < 300 || res.status === 404 || res.status === 409 ? true : undefined);
    if (wantValid === true && reqProblems.length) problems.push(`the server answered ${res.status} to a request the document rejects: ${reqProblems.join(", ")}`);
    if (wantValid === false && !reqProblems.length) problems.push(`the document accepts a request that the server answered ${res.status}`);
  }

  if (opts.location !== undefined && res.status === 201) {
    const want = basePath + opts.location(parsed ?? {});
    if (res.headers.location !== want) problems.push(`Location '${res.headers.location}', expected '${want}'`);
  }
  if (Array.isArray(parsed) && res.headers["x-total-count"] !== undefined) {
    const total = Number(res.headers["x-total-count"]);
    if (total < parsed.length) problems.push(`X-Total-Count ${total} is less than the ${parsed.length} items returned`);
    if (query?.limit !== undefined && parsed.length > Number(query.limit)) problems.push(`${parsed.length} items for limit ${query.limit}`);
  }
  if (opts.verify && res.status === opts.expect) {
    const more = opts.verify(parsed, res);
    if (more) problems.push(more);
  }
  report(problems.length === 0, title, problems);
  return { status: res.status, body: parsed, headers: res.headers };
}

// ------------------------------------------------------------------ the sequence

try {
  await send("GET", "/__admin/health", { root: true });
} catch (e) {
  report(false, `server at ${args.baseUrl} answers`, [e.message]);
  finish();
}

const s = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const unknown = randomUUID();
const TEXT = "text/plain";
const idOf = (r) => r.body?.id ?? randomUUID();
const expectField = (field, value) => (b) => (b?.[field] === value ? null : `${field} is ${JSON.stringify(b?.[field])}, expected ${JSON.stringify(value)}`);

// ---- licensees
const org = await call("set up an organization", "POST", "/licensees/actions/setup-organization", {
  expect: 201,
  json: {
    name: `Org ${s}`,
    displayName: `Org ${s} display`,
    naturalId: `org-${s}`,
    email: `org-${s}@example.test`,
    description: "OpenAPI check",
    externalReference: `org-ext-${s}`,
  },
  location: (b) => `/licensees/${b.id}`,
});
const orgId = idOf(org);
const org2 = await call("set up an organization with only a name", "POST", "/licensees/actions/setup-organization", {
  expect: 201,
  json: { name: `Org2 ${s}`, type: "ORGANIZATION", displayName: null, email: "" },
  location: (b) => `/licensees/${b.id}`,
  verify: expectField("email", null),
});
const org2Id = idOf(org2);
const user = await call("set up a user", "POST", "/licensees/actions/setup-user", {
  expect: 201,
  json: { name: `User ${s}`, email: `user-${s}@example.test`, connectedIdentityId: `sub-${s}`, externalReference: `user-ext-${s}` },
  location: (b) => `/licensees/${b.id}`,
  verify: expectField("type", "PERSON"),
});
const userId = idOf(user);
await call("duplicate email, other case", "POST", "/licensees/actions/setup-organization", {
  expect: 409,
  json: { name: "Dup", email: `ORG-${s}@EXAMPLE.TEST` },
});
await call("duplicate naturalId", "POST", "/licensees/actions/setup-organization", { expect: 409, json: { name: "Dup", naturalId: `org-${s}` } });
await call("duplicate email among licensees", "POST", "/licensees/actions/setup-user", { expect: 409, json: { name: "Dup", email: `user-${s}@example.test` } });
await call("missing name", "POST", "/licensees/actions/setup-organization", { expect: 400, json: { email: `x-${s}@example.test` }, requestValid: false });
await call("name of the wrong JSON type", "POST", "/licensees/actions/setup-organization", { expect: 400, json: { name: 5 }, requestValid: false });
await call("blank name", "POST", "/licensees/actions/setup-user", { expect: 400, json: { name: " \t" }, requestValid: false });
await call("type contradicts the action", "POST", "/licensees/actions/setup-organization", { expect: 400, json: { name: "X", type: "PERSON" }, requestValid: false });
await call("invalid email", "POST", "/licensees/actions/setup-organization", { expect: 400, json: { name: "X", email: "not-an-email" }, requestValid: false });
await call("name too long", "POST", "/licensees/actions/setup-organization", { expect: 400, json: { name: "n".repeat(256) }, requestValid: false });
await call("connectedIdentityId of the wrong JSON type", "POST", "/licensees/actions/setup-organization", { expect: 400, json: { name: "X", connectedIdentityId: 7 }, requestValid: false });
await call("malformed JSON", "POST", "/licensees/actions/setup-organization", { expect: 400, raw: '{"name": "x",}' });
await call("body not an object", "POST", "/licensees/actions/setup-organization", { expect: 400, json: [], requestValid: false });
await call("text/plain body", "POST", "/licensees/actions/setup-organization", { expect: 415, raw: "name=x", contentType: TEXT });
await call("text/plain body", "POST", "/licensees/actions/setup-user", { expect: 415, raw: "name=x", contentType: TEXT });
await call("body without Content-Type", "POST", "/licensees/actions/setup-user", { expect: 415, raw: '{"name":"x"}', contentType: null });
await call("JSON media type in another case, with parameters", "POST", "/licensees/actions/setup-organization", {
  expect: 201,
  json: { name: `Org3 ${s}` },
  contentType: "Application/JSON; charset=utf-8",
  location: (b) => `/licensees/${b.id}`,
});

await call("list", "GET", "/licensees", { expect: 200 });
await call("one page", "GET", "/licensees", { expect: 200, query: { offset: 1, limit: 2 } });
await call("limit=0", "GET", "/licensees", { expect: 200, query: { limit: 0 }, verify: (b) => (b?.length === 0 ? null : "expected []") });
await call("limit over 1000", "GET", "/licensees", { expect: 400, query: { limit: 1001 }, requestValid: false });
await call("negative offset", "GET", "/licensees", { expect: 400, query: { offset: -1 }, requestValid: false });
await call("limit not a number", "GET", "/licensees", { expect: 400, query: { limit: "ten" }, requestValid: false });

const orgGet = await call("get", "GET", `/licensees/${orgId}`, { expect: 200, verify: expectField("naturalId", `org-${s}`) });
await call("get by uppercase id", "GET", `/licensees/${orgId.toUpperCase()}`, { expect: 200, verify: expectField("id", orgId) });
await call("unknown id", "GET", `/licensees/${unknown}`, { expect: 404 });
await call("id not a UUID", "GET", "/licensees/nope", { expect: 400, requestValid: false });
await call("'actions' is not a UUID", "GET", "/licensees/actions", { expect: 400, requestValid: false });

await call("find by email, other case", "GET", "/licensees/actions/find-by-email", { expect: 200, query: { email: `ORG-${s}@EXAMPLE.TEST` }, verify: expectField("id", orgId) });
await call("find by unknown email", "GET", "/licensees/actions/find-by-email", { expect: 404, query: { email: `none-${s}@example.test` } });
await call("find by email without email", "GET", "/licensees/actions/find-by-email", { expect: 400, requestValid: false });
await call("find by empty email", "GET", "/licensees/actions/find-by-email", { expect: 400, query: { email: "" }, requestValid: false });
await call("find by naturalId", "GET", "/licensees/actions/find-by-naturalid", { expect: 200, query: { naturalId: `org-${s}` }, verify: expectField("id", orgId) });
await call("find by unknown naturalId", "GET", "/licensees/actions/find-by-naturalid", { expect: 404, query: { naturalId: `none-${s}` } });
await call("find by naturalId without naturalId", "GET", "/licensees/actions/find-by-naturalid", { expect: 400, requestValid: false });

await call("edit", "PUT", `/licensees/${orgId}`, {
  expect: 200,
  json: { name: `Org ${s} renamed`, email: `org-${s}@example.test`, externalReference: `org-ext-${s}` },
  verify: (b) => (b?.naturalId === `org-${s}` && b?.displayName === null ? null : "naturalId should stay and displayName become null"),
});
const cur = (await call("get after edit", "GET", `/licensees/${orgId}`, { expect: 200 })).body ?? {};
await call("edit with id, type, created and modified as they are", "PUT", `/licensees/${orgId}`, {
  expect: 200,
  json: { id: cur.id, type: cur.type, created: cur.created, modified: cur.modified, name: cur.name, email: cur.email },
});
await call("edit with another id", "PUT", `/licensees/${orgId}`, { expect: 400, json: { id: unknown, name: "X" }, requestValid: true });
await call("edit changing the type", "PUT", `/licensees/${orgId}`, { expect: 400, json: { type: "PERSON", name: "X" }, requestValid: true });
await call("edit without name", "PUT", `/licensees/${orgId}`, { expect: 400, json: {}, requestValid: false });
await call("edit with malformed JSON", "PUT", `/licensees/${orgId}`, { expect: 400, raw: "{name}" });
await call("edit to another licensee's email", "PUT", `/licensees/${orgId}`, { expect: 409, json: { name: "X", email: `USER-${s}@example.test` } });
await call("edit an unknown licensee", "PUT", `/licensees/${unknown}`, { expect: 404, json: { name: "X" } });
await call("edit with id not a UUID", "PUT", "/licensees/nope", { expect: 400, json: { name: "X" }, requestValid: false });
await call("edit with text/plain body", "PUT", `/licensees/${orgId}`, { expect: 415, raw: "name=x", contentType: TEXT });
void orgGet;

// ---- license containers
const boxes = `/licensees/${orgId}/license-containers`;
const list0 = await call("list containers", "GET", boxes, { expect: 200, verify: (b) => (b?.length === 1 && b[0].usedAsDefault && b[0].name === "default" ? null : "expected one default container named default") });
const firstDefaultId = list0.body?.[0]?.id ?? randomUUID();
await call("get the default container by alias", "GET", `${boxes}/default`, { expect: 200, verify: expectField("id", firstDefaultId) });
await call("get the default container by id", "GET", `${boxes}/${firstDefaultId}`, { expect: 200 });
const extra = await call("create a container", "POST", boxes, { expect: 201, json: { name: "extra" }, location: (b) => `${boxes}/${b.id}`, verify: expectField("usedAsDefault", false) });
const extraId = idOf(extra);
const unnamed = await call("create a container without a name", "POST", boxes, { expect: 201, json: {}, location: (b) => `${boxes}/${b.id}`, verify: expectField("name", null) });
const unnamedId = idOf(unnamed);
const newDefault = await call("create a container as the new default", "POST", boxes, { expect: 201, json: { name: "new default", usedAsDefault: true }, location: (b) => `${boxes}/${b.id}`, verify: expectField("usedAsDefault", true) });
const newDefaultId = idOf(newDefault);
await call("the old default is no longer default", "GET", `${boxes}/${firstDefaultId}`, { expect: 200, verify: expectField("usedAsDefault", false) });
await call("create a container with a name of the wrong type", "POST", boxes, { expect: 400, json: { name: 5 }, requestValid: false });
await call("create a container with malformed JSON", "POST", boxes, { expect: 400, raw: "{" });
await call("create a container with a text/plain body", "POST", boxes, { expect: 415, raw: "x", contentType: TEXT });
await call("create a container under an unknown licensee", "POST", `/licensees/${unknown}/license-containers`, { expect: 404, json: { name: "x" } });
await call("create a container under a non-UUID licensee", "POST", "/licensees/nope/license-containers", { expect: 400, json: { name: "x" }, requestValid: false });
await call("list containers, one page", "GET", boxes, { expect: 200, query: { offset: 1, limit: 1 } });
await call("list containers with a bad limit", "GET", boxes, { expect: 400, query: { limit: -5 }, requestValid: false });
await call("list containers of an unknown licensee", "GET", `/licensees/${unknown}/license-containers`, { expect: 404 });
await call("get a container of another licensee", "GET", `/licensees/${org2Id}/license-containers/${extraId}`, { expect: 404 });
await call("get an unknown container", "GET", `${boxes}/${unknown}`, { expect: 404 });
await call("get a container whose id is not a UUID", "GET", `${boxes}/nope`, { expect: 400, requestValid: false });

await call("rename a container", "PUT", `${boxes}/${extraId}`, { expect: 200, json: { name: "extra renamed" }, verify: expectField("usedAsDefault", false) });
await call("un-default the default container", "PUT", `${boxes}/default`, { expect: 409, json: { usedAsDefault: false } });
await call("make another container the default", "PUT", `${boxes}/${unnamedId}`, { expect: 200, json: { usedAsDefault: true, name: "now default" }, verify: expectField("usedAsDefault", true) });
const defBox = await call("edit the default container by alias", "PUT", `${boxes}/default`, { expect: 200, json: { name: "default again" }, verify: expectField("id", unnamedId) });
await call("edit a container with id, created and modified as they are", "PUT", `${boxes}/${unnamedId}`, {
  expect: 200,
  json: { id: defBox.body?.id, name: "default again", created: defBox.body?.created, modified: defBox.body?.modified },
});
await call("edit a container with usedAsDefault of the wrong type", "PUT", `${boxes}/${extraId}`, { expect: 400, json: { usedAsDefault: "yes" }, requestValid: false });
await call("edit a container with malformed JSON", "PUT", `${boxes}/${extraId}`, { expect: 400, raw: "[" });
await call("edit a container with a text/plain body", "PUT", `${boxes}/${extraId}`, { expect: 415, raw: "x", contentType: TEXT });
await call("edit an unknown container", "PUT", `${boxes}/${unknown}`, { expect: 404, json: { name: "x" } });
await call("edit a container whose id is not a UUID", "PUT", `${boxes}/nope`, { expect: 400, json: { name: "x" }, requestValid: false });

await call("delete the default container", "DELETE", `${boxes}/default`, { expect: 409 });
await call("delete a container", "DELETE", `${boxes}/${newDefaultId}`, { expect: 204 });
await call("delete it again", "DELETE", `${boxes}/${newDefaultId}`, { expect: 404 });
await call("delete a container whose id is not a UUID", "DELETE", `${boxes}/nope`, { expect: 400, requestValid: false });

// ---- license consumers
const person = await call("create a PERSON consumer", "POST", "/license-consumers", {
  expect: 201,
  json: {
    type: "PERSON",
    name: `Person ${s}`,
    displayName: "Person",
    displayLabel: "P",
    email: `person-${s}@example.test`,
    connectedIdentityId: `psub-${s}`,
    contactInfo: "+358 40 000 0000",
    description: "OpenAPI check",
    externalReference: `person-ext-${s}`,
    naturalId: `person-${s}`,
  },
  location: (b) => `/license-consumers/${b.id}`,
});
const personId = idOf(person);
const device = await call("create a DEVICE consumer", "POST", "/license-consumers", { expect: 201, json: { type: "DEVICE", name: `Device ${s}` }, location: (b) => `/license-consumers/${b.id}` });
const deviceId = idOf(device);
await call("create a LICENSE_KEY consumer", "POST", "/license-consumers", { expect: 400, json: { type: "LICENSE_KEY", name: `KEY${s}` }, requestValid: false });
await call("create a consumer without type", "POST", "/license-consumers", { expect: 400, json: { name: "x" }, requestValid: false });
await call("create a consumer with a blank name", "POST", "/license-consumers", { expect: 400, json: { type: "DEVICE", name: "   " }, requestValid: false });
await call("create a consumer with a duplicate email", "POST", "/license-consumers", { expect: 409, json: { type: "PERSON", name: "Dup", email: `PERSON-${s}@example.test` } });
await call("create a consumer with a duplicate connectedIdentityId", "POST", "/license-consumers", { expect: 409, json: { type: "DEVICE", name: "Dup", connectedIdentityId: `psub-${s}` } });
await call("create a consumer with malformed JSON", "POST", "/license-consumers", { expect: 400, raw: "nope" });
await call("create a consumer with a text/plain body", "POST", "/license-consumers", { expect: 415, raw: "x", contentType: TEXT });
await call("set up a user whose email a consumer has", "POST", "/licensees/actions/setup-user", { expect: 409, json: { name: "Dup", email: `person-${s}@example.test` } });

await call("list consumers", "GET", "/license-consumers", { expect: 200 });
await call("list consumers, one page", "GET", "/license-consumers", { expect: 200, query: { offset: 0, limit: 1 } });
await call("list consumers with limit over 1000", "GET", "/license-consumers", { expect: 400, query: { limit: 5000 }, requestValid: false });
await call("get a consumer", "GET", `/license-consumers/${personId}`, { expect: 200 });
await call("get an unknown consumer", "GET", `/license-consumers/${unknown}`, { expect: 404 });
await call("get a consumer whose id is not a UUID", "GET", "/license-consumers/nope", { expect: 400, requestValid: false });
await call("find a consumer by email", "GET", "/license-consumers/actions/find-by-email", { expect: 200, query: { email: `PERSON-${s}@EXAMPLE.test` }, verify: expectField("id", personId) });
await call("find setup-user's consumer by email", "GET", "/license-consumers/actions/find-by-email", {
  expect: 200,
  query: { email: `user-${s}@example.test` },
  verify: (b) => (b?.type === "PERSON" && b?.connectedIdentityId === `sub-${s}` && b?.naturalId === user.body?.naturalId ? null : "expected the PERSON copy of the user"),
});
await call("find a consumer by unknown email", "GET", "/license-consumers/actions/find-by-email", { expect: 404, query: { email: `none-${s}@example.test` } });
await call("find a consumer by email without email", "GET", "/license-consumers/actions/find-by-email", { expect: 400, requestValid: false });
await call("find a consumer by externalReference", "GET", "/license-consumers/actions/find-by-externalreference", { expect: 200, query: { externalReference: `person-ext-${s}` }, verify: expectField("id", personId) });
await call("find a consumer by unknown externalReference", "GET", "/license-consumers/actions/find-by-externalreference", { expect: 404, query: { externalReference: `none-${s}` } });
await call("find a consumer by empty externalReference", "GET", "/license-consumers/actions/find-by-externalreference", { expect: 400, query: { externalReference: "" }, requestValid: false });

await call("switch a DEVICE to PERSON", "PUT", `/license-consumers/${deviceId}`, { expect: 200, json: { type: "PERSON", name: `Device ${s} now a person` }, verify: expectField("type", "PERSON") });
await call("edit without type keeps PERSON", "PUT", `/license-consumers/${deviceId}`, { expect: 200, json: { name: `Device ${s}` }, verify: expectField("type", "PERSON") });
await call("switch it back to DEVICE", "PUT", `/license-consumers/${deviceId}`, { expect: 200, json: { type: "DEVICE", name: `Device ${s}`, id: deviceId.toUpperCase() } });
await call("switch to LICENSE_KEY", "PUT", `/license-consumers/${deviceId}`, { expect: 400, json: { type: "LICENSE_KEY", name: "x" }, requestValid: true });
await call("edit a consumer without name", "PUT", `/license-consumers/${deviceId}`, { expect: 400, json: { type: "DEVICE" }, requestValid: false });
await call("edit a consumer with malformed JSON", "PUT", `/license-consumers/${deviceId}`, { expect: 400, raw: "{'a':1}" });
await call("edit a consumer to a used externalReference", "PUT", `/license-consumers/${deviceId}`, { expect: 409, json: { name: "x", externalReference: `person-ext-${s}` } });
await call("edit an unknown consumer", "PUT", `/license-consumers/${unknown}`, { expect: 404, json: { name: "x" } });
await call("edit a consumer whose id is not a UUID", "PUT", "/license-consumers/nope", { expect: 400, json: { name: "x" }, requestValid: false });
await call("edit a consumer with a text/plain body", "PUT", `/license-consumers/${deviceId}`, { expect: 415, raw: "x", contentType: TEXT });

// ---- relations
const assoc = `/licensees/${orgId}/license-consumers`;
await call("list associated consumers (none)", "GET", assoc, { expect: 200, verify: (b) => (b?.length === 0 ? null : "expected []") });
await call("associate a consumer", "PUT", `${assoc}/${personId}`, { expect: 204 });
await call("associate it again, with a text/plain body that is not read", "PUT", `${assoc}/${personId}`, { expect: 204, raw: "ignored", contentType: TEXT });
await call("list associated consumers", "GET", assoc, { expect: 200, verify: (b) => (b?.length === 1 && b[0].id === personId ? null : "expected the consumer once") });
await call("list associated consumers with limit=0", "GET", assoc, { expect: 200, query: { limit: 0 } });
await call("list associated consumers with a bad offset", "GET", assoc, { expect: 400, query: { offset: "1.5" }, requestValid: false });
await call("list associated consumers of an unknown licensee", "GET", `/licensees/${unknown}/license-consumers`, { expect: 404 });
await call("consumers with access to the default container", "GET", `${boxes}/default/license-consumers`, { expect: 200, verify: (b) => (b?.some((c) => c.id === personId) ? null : "association should grant access to the default container") });
await call("grant access to a container", "PUT", `${boxes}/${extraId}/license-consumers/${deviceId}`, { expect: 204 });
await call("grant it again", "PUT", `${boxes}/${extraId}/license-consumers/${deviceId}`, { expect: 204 });
await call("consumers with access to the container", "GET", `${boxes}/${extraId}/license-consumers`, { expect: 200, query: { offset: 0, limit: 10 }, verify: (b) => (b?.length === 1 ? null : "expected one consumer") });
await call("access implies association", "GET", assoc, { expect: 200, verify: (b) => (b?.some((c) => c.id === deviceId) ? null : "the granted consumer should be associated") });
await call("consumers with access, bad limit", "GET", `${boxes}/${extraId}/license-consumers`, { expect: 400, query: { limit: 1001 }, requestValid: false });
await call("consumers with access to an unknown container", "GET", `${boxes}/${unknown}/license-consumers`, { expect: 404 });
await call("revoke access", "DELETE", `${boxes}/${extraId}/license-consumers/${deviceId}`, { expect: 204 });
await call("revoke it again", "DELETE", `${boxes}/${extraId}/license-consumers/${deviceId}`, { expect: 404 });
await call("revoke with a consumer id not a UUID", "DELETE", `${boxes}/${extraId}/license-consumers/nope`, { expect: 400, requestValid: false });
await call("dissociate a consumer", "DELETE", `${assoc}/${personId}`, { expect: 204 });
await call("dissociate it again", "DELETE", `${assoc}/${personId}`, { expect: 404 });
await call("dissociate with a licensee id not a UUID", "DELETE", `/licensees/nope/license-consumers/${personId}`, { expect: 400, requestValid: false });
await call("associate an unknown consumer", "PUT", `${assoc}/${unknown}`, { expect: 404 });
await call("associate with an unknown licensee", "PUT", `/licensees/${unknown}/license-consumers/${personId}`, { expect: 404 });
await call("associate a consumer whose id is not a UUID", "PUT", `${assoc}/nope`, { expect: 400, requestValid: false });
await call("grant access to an unknown container", "PUT", `${boxes}/${unknown}/license-consumers/${personId}`, { expect: 404 });
await call("grant access to a container of another licensee", "PUT", `/licensees/${org2Id}/license-containers/${extraId}/license-consumers/${personId}`, { expect: 404 });
await call("grant access to a container whose id is not a UUID", "PUT", `${boxes}/nope/license-consumers/${personId}`, { expect: 400, requestValid: false });

// A LICENSE_KEY consumer cannot come from the API: merge one through the test-double controls.
const keyId = randomUUID();
let keyReady = false;
try {
  const r = await send("POST", "/__admin/state", {
    root: true,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ licenseConsumers: [{ id: keyId, type: "LICENSE_KEY", name: `KEY-${s}` }] }),
  });
  keyReady = r.status === 204;
  report(keyReady, "setup: merge a LICENSE_KEY consumer through POST /__admin/state", keyReady ? [] : [`status ${r.status}: ${r.text.slice(0, 120)}`]);
} catch (e) {
  report(false, "setup: merge a LICENSE_KEY consumer through POST /__admin/state", [e.message]);
}
if (keyReady) {
  await call("get a LICENSE_KEY consumer", "GET", `/license-consumers/${keyId}`, { expect: 200, verify: expectField("type", "LICENSE_KEY") });
  await call("associate a LICENSE_KEY consumer", "PUT", `${assoc}/${keyId}`, { expect: 400, requestValid: true });
  await call("grant a LICENSE_KEY consumer access", "PUT", `${boxes}/default/license-consumers/${keyId}`, { expect: 400, requestValid: true });
  await call("change a LICENSE_KEY consumer's name", "PUT", `/license-consumers/${keyId}`, { expect: 400, json: { name: `KEY-${s}-2` }, requestValid: true });
  await call("switch a LICENSE_KEY consumer to PERSON", "PUT", `/license-consumers/${keyId}`, { expect: 400, json: { name: `KEY-${s}`, type: "PERSON" }, requestValid: true });
  await call("give a LICENSE_KEY consumer a connectedIdentityId", "PUT", `/license-consumers/${keyId}`, { expect: 400, json: { name: `KEY-${s}`, connectedIdentityId: `k-${s}` }, requestValid: true });
  await call("edit a LICENSE_KEY consumer keeping its name", "PUT", `/license-consumers/${keyId}`, { expect: 200, json: { name: `KEY-${s}`, description: "key" } });
  await call("delete the LICENSE_KEY consumer", "DELETE", `/license-consumers/${keyId}`, { expect: 204 });
}

// ---- the catalogue and licenses (contract section 10): the catalogue comes from the controls
const modelId = randomUUID();
const productId = randomUUID();
const seatsConfigId = randomUUID();
const meteredConfigId = randomUUID();
let catalogueReady = false;
try {
  const r = await send("POST", "/__admin/state", {
    root: true,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      licenseModels: [{ id: modelId, name: `model-${s}`, concurrentUserAppInstancesPerSeat: 1, concurrentUserDevicesPerSeat: 2 }],
      products: [
        {
          id: productId,
          name: `product-${s}`,
          displayName: `Product ${s}`,
          productConfigurations: [
            { id: seatsConfigId, name: "seats", features: ["f1", "f2"], licenseModelId: modelId, qtyDimension: "SEATS", qtyEnforcementType: "ENFORCED", qty: 5, validityDays: 365 },
            { id: meteredConfigId, name: "metered", features: ["f3"], licenseModelId: modelId, qtyDimension: "USE_COUNT", qtyEnforcementType: "METERED", qty: 100 },
          ],
        },
      ],
    }),
  });
  catalogueReady = r.status === 204;
  report(catalogueReady, "setup: merge a catalogue through POST /__admin/state", catalogueReady ? [] : [`status ${r.status}: ${r.text.slice(0, 120)}`]);
} catch (e) {
  report(false, "setup: merge a catalogue through POST /__admin/state", [e.message]);
}
const configs = `/products/${productId}/product-configurations`;
await call("list license models", "GET", "/license-models", { expect: 200, verify: (b) => (b?.some((m) => m.id === modelId) ? null : "expected the merged model") });
await call("list license models, limit over 1000", "GET", "/license-models", { expect: 400, query: { limit: 1001 }, requestValid: false });
await call("get a license model", "GET", `/license-models/${modelId}`, { expect: 200, verify: expectField("maxAssignmentsPerUser", null) });
await call("get an unknown license model", "GET", `/license-models/${unknown}`, { expect: 404 });
await call("get a license model whose id is not a UUID", "GET", "/license-models/nope", { expect: 400, requestValid: false });
await call("list products", "GET", "/products", { expect: 200, query: { offset: 0, limit: 10 } });
await call("list products, bad offset", "GET", "/products", { expect: 400, query: { offset: "x" }, requestValid: false });
await call("get a product", "GET", `/products/${productId}`, { expect: 200, verify: expectField("externalReference", null) });
await call("get an unknown product", "GET", `/products/${unknown}`, { expect: 404 });
await call("get a product whose id is not a UUID", "GET", "/products/nope", { expect: 400, requestValid: false });
await call("list a product's configurations", "GET", configs, { expect: 200, verify: (b) => (b?.length === 2 ? null : "expected two configurations") });
await call("list the configurations of an unknown product", "GET", `/products/${unknown}/product-configurations`, { expect: 404 });
await call("list configurations, product id not a UUID", "GET", "/products/nope/product-configurations", { expect: 400, requestValid: false });
await call("get a product configuration", "GET", `${configs}/${seatsConfigId}`, { expect: 200, verify: expectField("validityDays", 365) });
await call("get a configuration under another product", "GET", `/products/${unknown}/product-configurations/${seatsConfigId}`, { expect: 404 });
await call("get a configuration whose id is not a UUID", "GET", `${configs}/nope`, { expect: 400, requestValid: false });

const lics = `/licensees/${orgId}/licenses`;
const product = await call("issue a product license", "POST", lics, {
  expect: 201,
  json: { productConfigId: seatsConfigId, orderReference: `order-${s}` },
  location: (b) => `${lics}/${b.id}`,
  verify: (b) => (b?.qty === 5 && b?.licenseMetadata?.productConfigInfo?.productConfigId === seatsConfigId ? null : "expected the configuration's qty and metadata"),
});
const productLicenseId = idOf(product);
const keyed = await call("issue a feature license with a key, into a named container", "POST", lics, {
  expect: 201,
  json: { productName: `feature-${s}`, features: ["a", { feature: "b" }], qtyDimension: "USE_TIME", qtyEnforcementType: "METERED", qty: -1, licenseKey: `KEY-LIC-${s}`, licenseContainerId: extraId, validUntil: "2099-01-01T00:00:00Z" },
  location: (b) => `${lics}/${b.id}`,
  verify: (b) => (b?.licenseKey?.licenseKey === `KEY-LIC-${s}` && b?.licenseMetadata?.licenseModel === null ? null : "expected the key and a null model"),
});
const keyedId = idOf(keyed);
await call("issue with a generated key", "POST", lics, { expect: 201, json: { productConfigId: meteredConfigId, generateLicenseKey: true }, location: (b) => `${lics}/${b.id}` });
await call("issue with a key already used", "POST", lics, { expect: 409, json: { productConfigId: meteredConfigId, licenseKey: `KEY-LIC-${s}` } });
await call("issue with qty of the wrong JSON type", "POST", lics, { expect: 400, json: { productConfigId: seatsConfigId, qty: "3" }, requestValid: false });
await call("issue 1001 seats", "POST", lics, { expect: 400, json: { productConfigId: seatsConfigId, qty: 1001 } });
await call("issue a feature license without qty", "POST", lics, { expect: 400, json: { productName: "x", qtyDimension: "SEATS", qtyEnforcementType: "ENFORCED" } });
await call("issue with a dimension that contradicts the configuration", "POST", lics, { expect: 400, json: { productConfigId: seatsConfigId, qtyDimension: "USE_COUNT" } });
await call("issue from an unknown configuration", "POST", lics, { expect: 404, json: { productConfigId: unknown } });
await call("issue for an unknown licensee", "POST", `/licensees/${unknown}/licenses`, { expect: 404, json: { productConfigId: seatsConfigId } });
await call("issue into another licensee's container", "POST", `/licensees/${org2Id}/licenses`, { expect: 404, json: { productConfigId: seatsConfigId, licenseContainerId: extraId } });
await call("issue with a licensee id not a UUID", "POST", "/licensees/nope/licenses", { expect: 400, json: { productConfigId: seatsConfigId }, requestValid: false });
await call("issue with a text/plain body", "POST", lics, { expect: 415, raw: "x", contentType: TEXT });

await call("list licenses", "GET", lics, { expect: 200, verify: (b) => (b?.length === 3 && !("licenseMetadata" in b[0]) ? null : "expected three licenses without metadata") });
await call("list licenses with metadata and filters", "GET", lics, {
  expect: 200,
  query: { withMetadata: "true", licenseContainerId: extraId, productName: `feature-${s}`, valid: "true", offset: 0, limit: 5 },
  verify: (b) => (b?.length === 1 && b[0].id === keyedId && b[0].licenseMetadata ? null : "expected the keyed license with metadata"),
});
await call("list licenses of the default container", "GET", lics, { expect: 200, query: { licenseContainerId: "default", valid: "false" } });
await call("list licenses, valid=yes", "GET", lics, { expect: 400, query: { valid: "yes" }, requestValid: false });
await call("list licenses, withMetadata=1", "GET", lics, { expect: 400, query: { withMetadata: "1" }, requestValid: false });
await call("list licenses, empty productName", "GET", lics, { expect: 400, query: { productName: "" }, requestValid: false });
await call("list licenses of an unknown licensee", "GET", `/licensees/${unknown}/licenses`, { expect: 404 });
await call("list licenses in another licensee's container", "GET", `/licensees/${org2Id}/licenses`, { expect: 404, query: { licenseContainerId: extraId } });

await call("get a license", "GET", `${lics}/${productLicenseId}`, { expect: 200, verify: (b) => (b && !("licenseMetadata" in b) ? null : "expected no metadata") });
await call("get a license with metadata", "GET", `${lics}/${productLicenseId}`, { expect: 200, query: { withMetadata: "true" }, verify: (b) => (b?.licenseMetadata?.orderReference === `order-${s}` ? null : "expected the order reference") });
await call("get a license of another licensee", "GET", `/licensees/${org2Id}/licenses/${productLicenseId}`, { expect: 404 });
await call("get a license whose id is not a UUID", "GET", `${lics}/nope`, { expect: 400, requestValid: false });

await call("edit a license's validity and move it", "PUT", `${lics}/${productLicenseId}`, {
  expect: 200,
  json: { validFrom: "2030-01-01T00:00:00Z", validUntil: "2031-01-01T00:00:00Z", displayName: "edited", licenseContainerId: extraId, qty: 5 },
  verify: expectField("displayName", "edited"),
});
await call("edit a license changing its qty", "PUT", `${lics}/${productLicenseId}`, { expect: 400, json: { qty: 6 }, requestValid: true });
await call("edit a license with validFrom of the wrong JSON type", "PUT", `${lics}/${productLicenseId}`, { expect: 400, json: { validFrom: 5 }, requestValid: false });
await call("edit an unknown license", "PUT", `${lics}/${unknown}`, { expect: 404, json: {} });
await call("edit a license with a text/plain body", "PUT", `${lics}/${productLicenseId}`, { expect: 415, raw: "x", contentType: TEXT });

const revoke = `${lics}/actions/revoke`;
await call("revoke licenses", "PUT", revoke, { expect: 200, json: { licenseIds: [keyedId, productLicenseId], validUntil: "2040-01-01T00:00:00Z" }, verify: (b) => (b?.length === 2 ? null : "expected two licenses") });
await call("revoke now, with metadata", "PUT", revoke, { expect: 200, query: { withMetadata: "true" }, json: { licenseIds: [keyedId] } });
await call("revoke an unknown license", "PUT", revoke, { expect: 404, json: { licenseIds: [keyedId, unknown] } });
await call("revoke nothing", "PUT", revoke, { expect: 400, json: { licenseIds: [] }, requestValid: false });
await call("revoke with a text/plain body", "PUT", revoke, { expect: 415, raw: "x", contentType: TEXT });
await call("GET on revoke", "GET", revoke, { expect: 405 });

await call("delete a key license", "DELETE", `${lics}/${keyedId}`, { expect: 204 });
await call("delete it again", "DELETE", `${lics}/${keyedId}`, { expect: 404 });
await call("delete a license whose id is not a UUID", "DELETE", `${lics}/nope`, { expect: 400, requestValid: false });
await call("its key consumer went with it", "GET", "/license-consumers", {
  expect: 200,
  query: { limit: 1000 },
  verify: (b) => (b?.some((c) => c.name === `KEY-LIC-${s}`) ? "the LICENSE_KEY consumer is still there" : null),
});

// ---- deletions
await call("delete a consumer", "DELETE", `/license-consumers/${deviceId}`, { expect: 204 });
await call("delete it again", "DELETE", `/license-consumers/${deviceId}`, { expect: 404 });
await call("delete a consumer whose id is not a UUID", "DELETE", "/license-consumers/nope", { expect: 400, requestValid: false });
await call("delete-user of an ORGANIZATION", "DELETE", "/licensees/actions/delete-user", { expect: 400, query: { licenseeId: orgId }, requestValid: true });
await call("delete-user without licenseeId", "DELETE", "/licensees/actions/delete-user", { expect: 400, requestValid: false });
await call("delete-user with licenseeId not a UUID", "DELETE", "/licensees/actions/delete-user", { expect: 400, query: { licenseeId: "nope" }, requestValid: false });
await call("delete-user of an unknown licensee", "DELETE", "/licensees/actions/delete-user", { expect: 404, query: { licenseeId: unknown } });
await call("delete-user", "DELETE", "/licensees/actions/delete-user", { expect: 204, query: { licenseeId: userId } });
await call("delete-user again", "DELETE", "/licensees/actions/delete-user", { expect: 404, query: { licenseeId: userId } });
await call("delete-user deleted the PERSON consumer", "GET", "/license-consumers/actions/find-by-email", { expect: 404, query: { email: `user-${s}@example.test` } });
await call("delete a licensee", "DELETE", `/licensees/${org2Id}`, { expect: 204 });
await call("delete it again", "DELETE", `/licensees/${org2Id}`, { expect: 404 });
await call("delete a licensee whose id is not a UUID", "DELETE", "/licensees/nope", { expect: 400, requestValid: false });

// ---- routes and methods the document does not describe
await call("PATCH is not served", "PATCH", "/licensees", { expect: 405, json: { name: "x" } });
await call("DELETE on a list", "DELETE", "/licensees", { expect: 405 });
await call("POST on a licensee", "POST", `/licensees/${orgId}`, { expect: 405, json: { name: "x" } });
await call("GET on an action", "GET", "/licensees/actions/setup-user", { expect: 405 });
await call("PUT on the consumer list", "PUT", "/license-consumers", { expect: 405, json: {} });
await call("GET on a relation", "GET", `${assoc}/${personId}`, { expect: 405 });
await call("trailing slash", "GET", "/licensees/", { expect: 404 });
await call("unknown path", "GET", `/nothing-${s}`, { expect: 404 });
await call("unknown action", "POST", "/licensees/actions/setup-robot", { expect: 404, json: { name: "x" } });

// ---- HEAD and OPTIONS, described in the document's introduction
await call("no body, X-Total-Count as for GET", "HEAD", "/licensees", { expect: 200 });
await call("no body, as for GET", "HEAD", `${boxes}/default`, { expect: 200 });
for (const [path, template] of [
  ["/licensees", "/licensees"],
  [`/licensees/${orgId}`, "/licensees/{licenseeId}"],
  [`${boxes}/default/license-consumers/${personId}`, "/licensees/{licenseeId}/license-containers/{licenseContainerId}/license-consumers/{licenseConsumerId}"],
]) {
  const title = `204 OPTIONS ${path}: Allow lists the document's methods, HEAD with GET, and OPTIONS`;
  try {
    const r = await send("OPTIONS", path);
    const problems = [];
    if (r.status !== 204) problems.push(`status ${r.status}`);
    if (r.text !== "") problems.push("has a body");
    const allow = (r.headers.allow ?? "").split(",").map((x) => x.trim()).filter(Boolean);
    const want = allowFor(api.paths[template]);
    if (!sameSet(allow, want)) problems.push(`Allow '${r.headers.allow}', the document says ${want.join(", ")}`);
    report(problems.length === 0, title, problems);
  } catch (e) {
    report(false, title, [e.message]);
  }
}

// ---- body size: exactly the limit passes, one byte more is 413 on every operation that declares it
{
  const name = `Big ${s}`;
  const head = JSON.stringify({ name });
  const exact = head.slice(0, -1) + " ".repeat(args.maxBodyBytes - head.length) + "}";
  const big = await call(`a body of exactly ${args.maxBodyBytes} bytes`, "POST", "/licensees/actions/setup-organization", {
    expect: 201,
    raw: exact,
    location: (b) => `/licensees/${b.id}`,
  });
  if (big.body?.id) await send("DELETE", `/licensees/${big.body.id}`);
}
const oversized = "{" + " ".repeat(args.maxBodyBytes - 1) + "}";
const sample = {
  licenseeId: unknown,
  licenseContainerId: randomUUID(),
  licenseConsumerId: randomUUID(),
};
for (const { template, method, op, params } of operations) {
  if (!op.responses["413"]) continue;
  const path = template.replace(/\{(\w+)\}/g, (_, n) => sample[n] ?? randomUUID());
  const query = {};
  for (const p of params) if (p.in === "query" && p.required) query[p.name] = p.name === "licenseeId" ? unknown : "x";
  await call(`a body of ${args.maxBodyBytes + 1} bytes (${op.operationId})`, method.toUpperCase(), path, {
    expect: 413,
    raw: oversized,
    query: Object.keys(query).length ? query : undefined,
  });
}
await call("a GET's body is ignored, whatever its size", "GET", "/license-consumers", { expect: 200, raw: oversized });
await call("a path id that is not a UUID comes before 413", "PUT", "/licensees/nope", { expect: 400, raw: oversized });
await call("a wrong Content-Type comes before 413", "POST", "/license-consumers", { expect: 415, raw: oversized, contentType: TEXT });

// ---- clean-up
await call("delete a licensee", "DELETE", `/licensees/${orgId}`, { expect: 204 });
await call("its consumers stay", "GET", `/license-consumers/${personId}`, { expect: 200 });
await call("delete a consumer", "DELETE", `/license-consumers/${personId}`, { expect: 204 });

// ------------------------------------------------------------------ coverage

{
  const missing = [];
  for (const { template, method, op, seen } of operations) {
    const declared = Object.keys(op.responses).filter((k) => k !== "default");
    const untested = declared.filter((k) => !seen.has(Number(k)));
    if (untested.length) missing.push(`${op.operationId ?? `${method} ${template}`}: ${untested.join(", ")}`);
  }
  report(
    missing.length === 0,
    `coverage: every declared status of all ${operations.length} operations was answered by the server`,
    missing,
  );
}

finish();
