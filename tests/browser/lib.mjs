// The browser suite's harness: one headless Chromium (Debian's), pages that
// fail the scenario on any console error or uncaught exception, the test
// clock, logins, screenshots and an accessibility check (axe-core).
//
// run.sh starts PostgreSQL and `motcua serve` under libfaketime, both
// reading the clock's offset from the file MOTCUA_CLOCK_FILE: setClock()
// writes it, so the database and the server agree on the moment a scenario
// needs (a receipt at 16:55, on a holiday). Scenarios move the clock
// forward only: each has its own days (see scenarios/README.md).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);

export const base = process.env.MOTCUA_DESK_URL;
export const shotDir = process.env.MOTCUA_SHOTS;
const clockFile = process.env.MOTCUA_CLOCK_FILE;
export const users = JSON.parse(process.env.MOTCUA_USERS || "{}");

export class Failure extends Error {}

export function check(cond, message) {
  if (!cond) throw new Failure(message);
}

// Set the clock of the database and the server to `iso` (e.g.
// "2026-04-29T16:55:00+07:00"); it runs on from there.
export function setClock(iso) {
  const target = Date.parse(iso);
  check(!Number.isNaN(target), `setClock: bad moment ${iso}`);
  const offset = Math.round((target - Date.now()) / 1000);
  // written aside and renamed: libfaketime re-reads the file at every call
  // (FAKETIME_NO_CACHE), and a reader between the truncation and the write
  // would see no offset at all, a jump of months for that one reading
  fs.writeFileSync(`${clockFile}.new`, `${offset >= 0 ? "+" : ""}${offset}s\n`);
  fs.renameSync(`${clockFile}.new`, clockFile);
}

let browser;
export async function launch() {
  browser = await puppeteer.launch({
    executablePath: process.env.MOTCUA_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=vi-VN",
           "--no-first-run", "--no-default-browser-check"],
  });
  return browser;
}

export async function close() {
  if (browser) await browser.close();
}

// A fresh browser context (its own cookies: another person at another PC)
// and a page in it. Every console error, page error or failed request of
// this server fails the scenario at its end (errors()).
export async function person() {
  const ctx = await browser.createBrowserContext();
  const page = await ctx.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => {
    // a download the browser hands over (a PDF opened) is no failure
    const f = r.failure();
    if (f && !/ERR_ABORTED/.test(f.errorText)) problems.push(`request failed: ${r.url()} ${f.errorText}`);
  });
  page.problems = problems;
  page.expectedErrors = [];   // console texts a scenario provokes on purpose (a 4xx it asks for)
  page.context_ = ctx;
  return page;
}

export function errors(page) {
  return page.problems.filter((p) => !page.expectedErrors.some((re) => re.test(p)));
}

export async function goto(page, p) {
  const r = await page.goto(base + p, { waitUntil: "load" });
  return r;
}

// Log in through the login page as users[key]; lands where the role starts.
export async function login(page, key) {
  const u = users[key];
  check(u, `no test user ${key}`);
  await goto(page, "/dang-nhap");
  await page.type("#login", u.login);
  await page.type("#password", u.password);
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("button[type=submit]")]);
  check(!page.url().includes("/dang-nhap"), `${key} could not log in: still on ${page.url()}`);
}

let shots = 0;
export async function shot(page, name) {
  fs.mkdirSync(shotDir, { recursive: true });
  const file = path.join(shotDir, `${String(++shots).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// The text of the page's <main>.
export async function mainText(page) {
  return page.$eval("main", (m) => m.innerText);
}

// axe-core's WCAG 2 A/AA rules on the page as it is; fails on any
// violation. Run through the DevTools protocol (page.evaluate), which the
// page's CSP does not govern: the page itself allows no inline script.
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export async function accessible(page, what) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  });
  check(res.length === 0, `${what}: accessibility violations:\n  ${res.join("\n  ")}`);
}

// Submit the form of `selector` (a button) and wait for the next page.
export async function submit(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(selector)]);
}

// Run the motcua CLI on the suite's database at the test clock (e.g. the
// nightly job): its stdout; throws with its stderr when it fails.
export function motcua(...args) {
  return execFileSync(process.env.MOTCUA, args, {
    env: { ...process.env, LD_PRELOAD: process.env.MOTCUA_FAKETIME_LIB },
    encoding: "utf8",
  });
}

// The JSON API as `page`'s person (their session cookie; the CSRF token
// from GET /api/v1/me is not needed for reads). For a write, pass `csrf`
// (from apiLogin) in opts. Returns { status, headers, body } (body parsed
// when JSON).
export async function api(page, method, p, opts = {}) {
  return page.evaluate(async (method, url, opts) => {
    const h = { ...(opts.headers || {}) };
    if (opts.csrf) h["X-CSRF-Token"] = opts.csrf;
    if (opts.json !== undefined) h["Content-Type"] = "application/json";
    const r = await fetch(url, { method, headers: h, credentials: "same-origin",
      body: opts.json !== undefined ? JSON.stringify(opts.json) : undefined });
    const ct = r.headers.get("content-type") || "";
    const text = await r.text();
    const headers = {};
    r.headers.forEach((v, k) => { headers[k] = v; });
    return { status: r.status, headers, body: /json/.test(ct) ? JSON.parse(text) : text };
  }, method, base + p, opts);
}

// Log `page` in through the API as users[key] (its cookie then serves the
// desk's pages too); returns the CSRF token for the API's writes.
export async function apiLogin(page, key) {
  const u = users[key];
  check(u, `no test user ${key}`);
  await goto(page, "/dang-nhap");      // an origin for fetch
  const r = await api(page, "POST", "/api/v1/session", { json: { login: u.login, password: u.password } });
  check(r.status === 200, `API login of ${key}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.csrf;
}

// Receive a dossier through the API as the page's (logged-in) clerk.
export async function receiveApi(page, csrf, body, key = String(Math.random())) {
  const r = await api(page, "POST", "/api/v1/dossiers", { csrf, json: body, headers: { "Idempotency-Key": key } });
  check(r.status === 201 || r.status === 200, `receipt: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
