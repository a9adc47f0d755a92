// Attacks on the desk: an applicant's name that is markup, forms posted
// without their CSRF token, a login form from elsewhere, an open redirect,
// and the headers and cookies every page must carry.
// Its days: 2026-08-03 (Monday) on.
import { api, apiLogin, base, check, goto, login, mainText, receiveApi, setClock, shot, submit, users } from "../lib.mjs";

const evil = "<script>alert(1)</script>";
const evilAddress = "\"><img src=x id=pwned onerror=alert(2)>";

// Nothing on the page ran as markup: no dialog, no injected element, no
// inline script, style or handler attribute anywhere.
async function inert(page, what) {
  const r = await page.evaluate(() => ({
    pwned: !!document.getElementById("pwned"),
    inlineScripts: [...document.querySelectorAll("script")].filter((s) => !s.src).length,
    styleAttrs: document.querySelectorAll("[style]").length,
    handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
  }));
  check(!r.pwned, `${what}: an injected element exists`);
  check(r.inlineScripts === 0, `${what}: ${r.inlineScripts} inline scripts`);
  check(r.styleAttrs === 0, `${what}: ${r.styleAttrs} style attributes`);
  check(r.handlers === 0, `${what}: ${r.handlers} elements with on… attributes`);
}

function watchDialogs(page) {
  page.dialogs = [];
  page.on("dialog", async (d) => { page.dialogs.push(d.message()); await d.dismiss(); });
}

export const scenarios = [
  ["an applicant named <script>alert(1)</script> is shown inert everywhere", async ({ person }) => {
    setClock("2026-08-03T08:10:00+07:00");
    const p = await person();
    watchDialogs(p);
    const csrf = await apiLogin(p, "clerk");
    const d = await receiveApi(p, csrf, {
      procedure: "2.002131", channel: "in_person",
      applicant: { name: evil, phone: "0912000111", address: evilAddress, id_number: "051190009999" },
    });
    const pages = [`/ho-so/${d.code}`, "/ho-so", `/ho-so?q=${encodeURIComponent(evil)}`,
                   `/ho-so?q=0912000111`, `/tiep-nhan?q=${encodeURIComponent(evil)}`];
    for (const path of pages) {
      await goto(p, path);
      await inert(p, path);
    }
    await goto(p, `/ho-so/${d.code}`);
    check((await mainText(p)).includes(evil), "the name is not shown as the text it is");
    await goto(p, "/ho-so?q=0912000111");
    check((await mainText(p)).includes(evil), "the queue does not show the name as text");
    await shot(p, "xss-inert-queue");
    check(p.dialogs.length === 0, `a script ran: ${p.dialogs.join(", ")}`);
  }],
  ["a form posted without its CSRF token is refused and changes nothing", async ({ person }) => {
    setClock("2026-08-03T09:00:00+07:00");
    const p = await person();
    const csrf = await apiLogin(p, "clerk");
    const d = await receiveApi(p, csrf, {
      procedure: "2.002131", channel: "in_person", applicant: { name: "Trần Thị Cẩn Thận", phone: "0912000222" },
    });
    const before = await api(p, "GET", `/api/v1/dossiers/${d.code}`);
    p.expectedErrors.push(/403/);
    // a form another site could make the browser post: no token, then a wrong one
    for (const token of [null, "0".repeat(64)]) {
      await p.evaluate((action, token) => {
        const f = document.createElement("form");
        f.method = "post";
        f.action = action;
        const add = (n, v) => { const i = document.createElement("input"); i.type = "hidden"; i.name = n; i.value = v; f.appendChild(i); };
        add("action", "forward");
        add("revision", "1");
        if (token) add("csrf", token);
        document.body.appendChild(f);
        f.submit();
      }, `/ho-so/${d.code}`, token);
      await p.waitForNavigation({ waitUntil: "load" });
      check((await mainText(p)).includes("Yêu cầu không hợp lệ"), `no CSRF refusal page (token ${token})`);
    }
    await shot(p, "csrf-refused");
    // the API: the cookie alone is not enough
    const r = await api(p, "POST", `/api/v1/dossiers/${d.code}/actions`, { json: { action: "forward" }, headers: { "If-Match": `"${before.body.revision}"` } });
    check(r.status === 403 && r.body.code === "csrf", `API without X-CSRF-Token: ${r.status}`);
    const after = await api(p, "GET", `/api/v1/dossiers/${d.code}`);
    check(after.body.revision === before.body.revision, "a refused request changed the dossier");
    // and the receipt form without a token makes no dossier
    const count = async () => (await api(p, "GET", "/api/v1/dossiers?q=0912000333")).body;
    await p.evaluate(() => {
      const f = document.createElement("form");
      f.method = "post";
      f.action = "/tiep-nhan";
      for (const [n, v] of [["procedure", "2.002131"], ["channel", "in_person"], ["name", "Không Có Mã"], ["phone", "0912000333"]]) {
        const i = document.createElement("input"); i.type = "hidden"; i.name = n; i.value = v; f.appendChild(i);
      }
      document.body.appendChild(f);
      f.submit();
    });
    await p.waitForNavigation({ waitUntil: "load" });
    check((await mainText(p)).includes("Yêu cầu không hợp lệ"), "the receipt form without a token was not refused");
    const c = await count();
    check(Array.isArray(c.items) && c.items.length === 0, `a receipt without CSRF token was saved: ${JSON.stringify(c)}`);
  }],
  ["the login form needs its own token, and never sends a person to another site", async ({ person }) => {
    const p = await person();
    p.expectedErrors.push(/403/);
    await goto(p, "/tra-cuu");
    // a login posted from a page that never had the login form
    await p.evaluate((login, password) => {
      const f = document.createElement("form");
      f.method = "post";
      f.action = "/dang-nhap";
      for (const [n, v] of [["login", login], ["password", password]]) {
        const i = document.createElement("input"); i.type = "hidden"; i.name = n; i.value = v; f.appendChild(i);
      }
      document.body.appendChild(f);
      f.submit();
    }, users.clerk.login, users.clerk.password);
    await p.waitForNavigation({ waitUntil: "load" });
    check(p.url().includes("/dang-nhap"), "a login without the form's token was taken");
    check((await p.cookies()).every((c) => c.name !== "motcua_session"), "a session cookie was set");
    for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      await goto(p, `/dang-nhap?next=${encodeURIComponent(next)}`);
      await p.type("#login", users.clerk.login);
      await p.type("#password", users.clerk.password);
      await submit(p, "button[type=submit]");
      check(p.url().startsWith(base + "/"), `next=${next} sent the browser to ${p.url()}`);
      await submit(p, "form[action='/dang-xuat'] button");
    }
  }],
  ["every page carries the security headers and the cookie is HttpOnly, SameSite=Strict", async ({ person }) => {
    const p = await person();
    await login(p, "office");
    const cookie = (await p.cookies()).find((c) => c.name === "motcua_session");
    check(cookie && cookie.httpOnly && cookie.sameSite === "Strict", `session cookie: ${JSON.stringify(cookie)}`);
    check(!(await p.evaluate(() => document.cookie)).includes("motcua_session"), "a script can read the session cookie");
    for (const path of ["/dang-nhap", "/tiep-nhan", "/ho-so", "/van-phong", "/tra-cuu"]) {
      const r = await goto(p, path);
      const h = r.headers();
      const csp = h["content-security-policy"] || "";
      check(/script-src 'self'/.test(csp) && !/unsafe-inline/.test(csp) && /frame-ancestors 'none'/.test(csp), `${path}: CSP ${csp}`);
      check(h["x-frame-options"] === "DENY", `${path}: X-Frame-Options ${h["x-frame-options"]}`);
      check(!!h["referrer-policy"], `${path}: no Referrer-Policy`);
      check(h["x-content-type-options"] === "nosniff", `${path}: no nosniff`);
      await inert(p, path);
    }
  }],
];
