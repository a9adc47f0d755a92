// The citizen's look-up (Tra cứu hồ sơ), with no login: by the code and the
// last four digits of the phone or the ID number, and by the link of the
// slip's QR code (decoded from the slip's PDF with pdftoppm and zbarimg);
// the public facts and nothing about the applicant; one answer for wrong
// digits, no such code and a made-up token; the limit after ten failures.
// Its days: 2026-07-13..07-24 (the look-up's failures count per address:
// every page here comes from 127.0.0.1, so the limit scenario runs last and
// the others stay under it).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { accessible, api, apiLogin, base, check, goto, mainText, receiveApi, setClock, shot } from "../lib.mjs";

const PROCEDURE = "2.002131";
const PROCEDURE_NAME = "Thủ tục khai báo thiết bị X-quang chẩn đoán trong y tế";
const NOT_FOUND = "Không tìm thấy hồ sơ khớp với thông tin đã nhập";
const applicant = {
  name: "Phạm Thị Lan Tra Cứu", phone: "0912 345 678", id_number: "051234567890",
  address: "45 Hùng Vương, TP Quảng Ngãi",
};
const dossiers = {};      // code of each dossier set up here, by what it is for

// The whole page's text (header and footer too), for what must not show.
const pageText = (p) => p.evaluate(() => document.body.innerText);

// Post the look-up form; the reply's status.
async function lookUp(p, code, digits) {
  await goto(p, "/tra-cuu");
  await p.type("#ma", code);
  await p.type("#so", digits);
  const [resp] = await Promise.all([p.waitForNavigation({ waitUntil: "load" }), p.click("form.lookup-form button[type=submit]")]);
  return resp.status();
}

// Nothing about the applicant on the page.
async function nothingPersonal(p, what) {
  const t = await pageText(p);
  for (const s of [applicant.name, "Phạm Thị Lan", "0912", "345 678", "345678", applicant.id_number, "Hùng Vương"])
    check(!t.includes(s), `${what}: the page shows '${s}'`);
  for (const s of ["Tiếp nhận lúc", "Trần Văn An", "nv.an", "Đăng xuất"])
    check(!t.includes(s), `${what}: the page shows '${s}' (an event, a clerk, a session)`);
}

// The slip PDF of `code` as the clerk's page fetches it, its first page
// rendered, its QR code decoded.
async function slipQr(clerk, code) {
  const b64 = await clerk.evaluate(async (url) => {
    const r = await fetch(url, { credentials: "same-origin" });
    if (!r.ok) return `ERR ${r.status}`;
    const bytes = new Uint8Array(await r.arrayBuffer());
    let s = "";
    for (const x of bytes) s += String.fromCharCode(x);
    return btoa(s);
  }, `${base}/api/v1/dossiers/${encodeURIComponent(code)}/slip.pdf`);
  check(!b64.startsWith("ERR"), `the slip of ${code}: ${b64}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mc-qr-"));
  try {
    const pdf = path.join(dir, "slip.pdf");
    fs.writeFileSync(pdf, Buffer.from(b64, "base64"));
    execFileSync("pdftoppm", ["-r", "150", "-png", "-f", "1", "-l", "1", pdf, path.join(dir, "slip")]);
    const png = fs.readdirSync(dir).find((f) => f.endsWith(".png"));
    check(png, "pdftoppm made no image of the slip");
    return execFileSync("zbarimg", ["-q", "--raw", path.join(dir, png)],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function act(clerk, csrf, code, revision, action) {
  const r = await api(clerk, "POST", `/api/v1/dossiers/${encodeURIComponent(code)}/actions`,
    { csrf, json: { action }, headers: { "If-Match": `"${revision}"` } });
  check(r.status === 200, `${action} on ${code}: ${r.status} ${JSON.stringify(r.body)}`);
}

export const scenarios = [
  ["a citizen looks a dossier up by its code and the last digits of the phone, then of the ID number", async ({ person }) => {
    setClock("2026-07-13T08:30:00+07:00");
    const clerk = await person();
    const csrf = await apiLogin(clerk, "clerk");
    const d = await receiveApi(clerk, csrf, { procedure: PROCEDURE, channel: "in_person", applicant });
    dossiers.a = d.code;
    const p = await person();
    await goto(p, "/tra-cuu");
    check((await mainText(p)).includes("Mã hồ sơ"), "no look-up form");
    check(!(await p.$("input[name=csrf]")), "the public form carries a CSRF field");
    await accessible(p, "the look-up form");
    await shot(p, "lookup-form");
    check(await lookUp(p, d.code, "5678") === 200, "the right phone digits were not found");
    let t = await mainText(p);
    for (const s of [d.code, PROCEDURE_NAME, "Hồ sơ đang được giải quyết.", "Hẹn trả kết quả", "Chưa có kết quả."])
      check(t.includes(s), `the facts lack '${s}': ${t}`);
    await nothingPersonal(p, "found by the phone");
    await accessible(p, "the look-up's answer");
    await shot(p, "lookup-found-phone");
    check(await lookUp(p, d.code, "7890") === 200, "the right ID digits were not found");
    t = await mainText(p);
    check(t.includes(PROCEDURE_NAME) && t.includes("Hồ sơ đang được giải quyết."), `by the ID number: ${t}`);
    await nothingPersonal(p, "found by the ID number");
  }],
  ["wrong digits and a code that does not exist get the same answer", async ({ person }) => {
    setClock("2026-07-13T09:00:00+07:00");
    const p = await person();
    p.expectedErrors.push(/404/);
    const s1 = await lookUp(p, dossiers.a, "0000");
    const wrong = await p.$eval("main .error", (e) => e.innerText);
    check(wrong.includes(NOT_FOUND), `wrong digits: ${wrong}`);
    await nothingPersonal(p, "wrong digits");
    await accessible(p, "the not-found answer");
    await shot(p, "lookup-wrong-digits");
    const none = dossiers.a.replace(/\d{4}$/, "9999");
    const s2 = await lookUp(p, none, "5678");
    const missing = await p.$eval("main .error", (e) => e.innerText);
    check(s1 === 404 && s2 === 404, `the statuses differ or are not 404: ${s1}, ${s2}`);
    check(missing === wrong, `no such code is told apart from wrong digits: '${missing}' / '${wrong}'`);
    check(await p.$eval("#ma", (e) => e.value) === none, "the code typed was not kept in the form");
    check(await p.$eval("#so", (e) => e.value) === "", "the digits typed are sent back");
  }],
  ["the slip's QR code opens the look-up of that dossier; a made-up token gets the same answer", async ({ person }) => {
    setClock("2026-07-14T08:00:00+07:00");
    const clerk = await person();
    const csrf = await apiLogin(clerk, "clerk");
    const d = await receiveApi(clerk, csrf, { procedure: PROCEDURE, channel: "online",
      applicant: { name: "Hồ Văn Quét Mã", phone: "0987 111 222" } });
    dossiers.b = d.code;
    const link = await slipQr(clerk, d.code);
    const url = new URL(link);
    check(url.protocol === "https:" && url.pathname.startsWith("/tra-cuu/"), `the QR code holds '${link}'`);
    const token = url.pathname.slice("/tra-cuu/".length);
    check(/^[A-Za-z0-9_-]{32}$/.test(token), `the QR's token '${token}' is not 32 base64url characters`);
    check(!link.includes(d.code), "the QR link carries the sequential code");
    check(await slipQr(clerk, dossiers.a) !== link, "two slips carry the same link");
    const p = await person();
    const r = await goto(p, url.pathname);
    check(r.status() === 200, `the QR link answered ${r.status()}`);
    let t = await mainText(p);
    for (const s of [d.code, PROCEDURE_NAME, "Hồ sơ đang được giải quyết.", "Chưa có kết quả."])
      check(t.includes(s), `the QR page lacks '${s}': ${t}`);
    check(!(await pageText(p)).includes("Quét Mã") && !(await pageText(p)).includes("0987"),
      "the QR page shows the applicant");
    await accessible(p, "the QR link's page");
    await shot(p, "lookup-qr-link");
    // the department works the dossier to its result: the same link says so
    setClock("2026-07-14T08:20:00+07:00");   // within the session's idle time
    for (const [rev, action] of [[1, "forward"], [2, "forward"], [3, "forward"], [4, "result_ready"]])
      await act(clerk, csrf, d.code, rev, action);
    await goto(p, url.pathname);
    t = await mainText(p);
    check(t.includes("Đã có kết quả: mời ông/bà đến") && t.includes("Đã có kết quả, chờ nhận."),
      `the result is not shown ready: ${t}`);
    await shot(p, "lookup-result-ready");
    p.expectedErrors.push(/404/);
    const fake = await goto(p, "/tra-cuu/" + "x".repeat(10) + token.slice(10));
    check(fake.status() === 404, `a made-up token answered ${fake.status()}`);
    const msg = await p.$eval("main .error", (e) => e.innerText);
    check(msg.includes(NOT_FOUND), `a made-up token: ${msg}`);
    await shot(p, "lookup-made-up-token");
  }],
  ["ten failures from one address: the limit page in Vietnamese, and the look-up again after 15 minutes", async ({ person }) => {
    setClock("2026-07-15T08:00:00+07:00");
    const p = await person();
    p.expectedErrors.push(/404/, /429/);
    for (let i = 0; i < 10; i++)
      check(await lookUp(p, dossiers.a, String(1000 + i)) === 404, `failure ${i + 1} was not a 404`);
    const s = await lookUp(p, dossiers.a, "5678");
    const t = await mainText(p);
    check(s === 429, `the 11th look-up answered ${s}`);
    check(t.includes("Đã nhập sai quá nhiều lần") && t.includes("phút"), `no limit message: ${t}`);
    check(!t.includes(PROCEDURE_NAME), "the limit page shows the dossier");
    await accessible(p, "the limit page");
    await shot(p, "lookup-limited");
    setClock("2026-07-15T08:16:00+07:00");
    check(await lookUp(p, dossiers.a, "5678") === 200, "still refused after the window");
    check((await mainText(p)).includes(PROCEDURE_NAME), "no facts after the window");
  }],
];
