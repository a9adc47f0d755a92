// The office's page "Văn phòng": a night's alerts per unit, the apologies
// due, drafting and issuing an apology letter and its PDF, the period
// report with its charts and CSV, and the admin's users. Leaders read the
// alerts but not the users.
// Its days: 2026-06-01 (Monday) .. 2026-07-10.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import {
  accessible, api, apiLogin, base, check, goto, login, mainText, motcua, receiveApi, setClock,
  shot, submit, users,
} from "../lib.mjs";

const late = {};     // the dossiers set up on 2026-06-01: key -> code

// The bytes of `p` (a path of the desk) as `page`'s person, through Node
// (a PDF is not text for the page's fetch).
async function download(page, p) {
  const cookies = await page.cookies(base);
  const r = await fetch(base + p, { headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") } });
  return { status: r.status, type: r.headers.get("content-type") || "", bytes: Buffer.from(await r.arrayBuffer()) };
}

function pdfText(bytes) {
  const f = path.join(os.tmpdir(), `motcua-office-${process.pid}.pdf`);
  fs.writeFileSync(f, bytes);
  try {
    return execFileSync("pdftotext", [f, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  } finally {
    fs.unlinkSync(f);
  }
}

// Log in through the login page with a login and password of our own, to
// the page `next`.
async function loginAs(page, login, password, next = "/") {
  await goto(page, `/dang-nhap?next=${encodeURIComponent(next)}`);
  await page.type("#login", login);
  await page.type("#password", password);
  await submit(page, "button[type=submit]");
}

export const scenarios = [
  ["dossiers received on 1 June run late by Friday; the nightly job raises alerts", async ({ person }) => {
    setClock("2026-06-01T08:00:00+07:00");
    const p = await person();
    const csrf = await apiLogin(p, "clerk");
    const mk = async (key, procedure, name, address) => {
      const d = await receiveApi(p, csrf, { procedure, channel: "in_person",
        applicant: { name, address, phone: "0905111222" } });
      late[key] = d.code;
    };
    await mk("hoa", "2.002131", "Nguyễn Thị Hoa", "12 Phan Đình Phùng, TP Quảng Ngãi");
    await mk("bao", "2.002131", "Trần Văn Bảo", "45 Hùng Vương, TP Quảng Ngãi");
    // Friday before the due Monday: the 5-day dossiers cannot finish in time;
    // a 25-day dossier received this morning (its clock starts at 07:00) can
    setClock("2026-06-05T06:30:00+07:00");
    const csrf2 = await apiLogin(p, "clerk");
    const d = await receiveApi(p, csrf2, { procedure: "1.002935", channel: "online",
      applicant: { name: "Công ty TNHH Ánh Dương", address: "8 Lê Trung Đình, TP Quảng Ngãi" } });
    late.anh = d.code;
    check(late.hoa && late.bao && late.anh, `receipts: ${JSON.stringify(late)}`);
    motcua("nightly");
  }],

  ["the office sees the night's alerts per unit and the apologies due", async ({ person }) => {
    setClock("2026-06-05T07:40:00+07:00");
    const p = await person();
    await login(p, "office");
    check(p.url().endsWith("/van-phong"), `the office starts at ${p.url()}`);
    let t = await mainText(p);
    check(t.includes("Cảnh báo đêm 05/06/2026"), `no night heading: ${t.slice(0, 400)}`);
    check(t.includes(late.hoa) && t.includes(late.bao), "the late dossiers are not among the alerts");
    check(t.includes("Cần thư xin lỗi"), "no apology-required alert");
    check(/\d+ cảnh báo/.test(t), "no count of alerts");
    check(t.includes("Bước: Tiếp nhận, kiểm tra và chuyển hồ sơ") && !t.includes("tiep_nhan"),
      "a step is shown by its id, not its name");
    check(await p.$("section.unit-alerts h3") !== null, "the alerts are not grouped per unit");
    await accessible(p, "the office's alerts");
    await shot(p, "office-alerts");
    // a past night: not evaluated
    await goto(p, "/van-phong?muc=canh-bao&dem=2026-06-02");
    check((await mainText(p)).includes("Đêm 02/06/2026 chưa được đánh giá"), "a night not run is not said so");
    // the apologies due, with the deadline to send them
    await goto(p, "/van-phong?muc=xin-loi");
    t = await mainText(p);
    check(t.includes("Hồ sơ cần thư xin lỗi"), "no apologies-due list");
    check(t.includes(late.hoa) && t.includes("Nguyễn Thị Hoa"), "Hoa's dossier is not due an apology");
    check(!t.includes(late.anh), "the 25-day dossier is listed as due an apology");
    check(t.includes("Hạn gửi thư"), "no deadline column");
    await accessible(p, "the apologies due");
    await shot(p, "office-apologies-due");
  }],

  ["the office drafts and issues an apology letter and opens it as a PDF", async ({ person }) => {
    setClock("2026-06-05T08:10:00+07:00");
    const p = await person();
    await login(p, "office");
    await goto(p, "/van-phong?muc=xin-loi");
    await Promise.all([p.waitForNavigation({ waitUntil: "load" }),
      p.click(`a[href*="ma=${encodeURIComponent(late.hoa)}"]`)]);
    let t = await mainText(p);
    check(t.includes(`Soạn thư xin lỗi: hồ sơ ${late.hoa}`), "the draft did not open");
    const pre = await p.$eval("pre.letter", (e) => e.innerText);
    check(pre.includes("Kính gửi: Nguyễn Thị Hoa") && pre.includes("DỰ THẢO"), `the draft letter: ${pre.slice(0, 300)}`);
    // the script follows the reason in the preview
    const reason = "Hồ sơ cần xin ý kiến thẩm định của Sở Y tế";
    await p.type("#ly_do", reason);
    check((await p.$eval("#ly-do-xem", (e) => e.textContent)) === reason, "the preview does not follow the reason");
    await accessible(p, "the letter's draft");
    await shot(p, "office-apology-draft");
    // the preview without the script: the server draws the letter with it
    await submit(p, "button[value=xem-truoc]");
    check((await p.$eval("pre.letter", (e) => e.innerText)).includes(`Lý do: ${reason}.`), "the preview lacks the reason");
    // a new appointment of our own, then issue
    await p.$eval("#hen_moi", (e) => { e.value = "2026-06-12T16:00"; });
    await submit(p, "#phat-hanh");
    t = await mainText(p);
    check(t.includes(`Đã phát hành thư xin lỗi cho hồ sơ ${late.hoa}`), `not issued: ${t.slice(0, 500)}`);
    check(t.includes("Thư đã phát hành") && t.includes("1/2026"), "the letter is not listed as issued");
    check(!(await p.$eval("table.apologies-due", (e) => e.innerText)).includes(late.hoa), "Hoa's dossier is still due a letter");
    await shot(p, "office-apology-issued");
    const href = await p.$eval("#thu-pdf", (a) => a.getAttribute("href"));
    check(href === `/van-phong/thu-xin-loi/${late.hoa}.pdf`, `the letter's link: ${href}`);
    const pdf = await download(p, href);
    check(pdf.status === 200 && pdf.type.includes("application/pdf"), `the letter: ${pdf.status} ${pdf.type}`);
    check(pdf.bytes.subarray(0, 4).toString() === "%PDF", "the letter is not a PDF");
    const text = pdfText(pdf.bytes);
    check(text.includes("Nguyễn Thị Hoa"), "the PDF lacks the applicant's name");
    check(text.includes("Số: 01/XL-SKHCN") && text.includes(reason), "the PDF lacks the number or the reason");
    check(text.includes("12/06/2026"), "the PDF lacks the new appointment");
    // the CLI reprints the same letter from its record
    const cli = motcua("form", late.hoa, "apology").replace(/\s+/g, " ");
    check(cli.includes("Số: 01/XL-SKHCN") && cli.includes(reason) && cli.includes("12/06/2026"),
      `motcua form apology: ${cli.slice(0, 300)}`);
    // an empty reason is refused, in Vietnamese
    await goto(p, `/van-phong?muc=xin-loi&ma=${encodeURIComponent(late.bao)}`);
    p.expectedErrors.push(/422/);
    await p.$eval("#ly_do", (e) => e.removeAttribute("required"));
    await submit(p, "#phat-hanh");
    check((await mainText(p)).includes("Vui lòng nêu lý do chậm trễ"), "an empty reason is not refused in Vietnamese");
    // no letter for the 25-day dossier yet: told so
    p.expectedErrors.push(/404/);
    const none = await goto(p, `/van-phong/thu-xin-loi/${late.anh}.pdf`);
    check(none.status() === 404 && (await mainText(p)).includes("chưa có thư xin lỗi"), "a missing letter is not a 404 page");
  }],

  ["the period report: figures, charts with their values, CSV", async ({ person }) => {
    setClock("2026-06-05T09:00:00+07:00");
    const p = await person();
    await login(p, "office");
    await goto(p, "/van-phong?muc=bao-cao");
    const t = await mainText(p);
    check(t.includes("từ 15/03/2026 đến 14/06/2026"), `not the department's quarter: ${t.slice(0, 300)}`);
    const bars = await p.$$eval("#chart-results rect", (rs) => rs.length);
    check(bars === 8, `the results chart has ${bars} bars`);
    // the figures, over days that hold only this file's receipts (other
    // scenarios of the suite received in April and May: carried over)
    await goto(p, "/van-phong?muc=bao-cao&tu=2026-06-01&den=2026-06-05");
    const values = await p.$$eval("#chart-channels text.value", (ts) => ts.map((x) => x.textContent));
    check(values.slice(1).join(" ") === "2 0 1", `the channels chart's values: ${values}`);
    // the total is what came over from before and the period's three
    const total = await p.$eval("#so-tiep-nhan", (e) => e.textContent);
    check(Number(total) === Number(values[0]) + 3, `${total} dossiers in all, ${values[0]} carried over`);
    await goto(p, "/van-phong?muc=bao-cao");
    check(await p.$("#chart-months") !== null, "no chart per month");
    check(await p.$("[style]") === null, "a style attribute on the page");
    const csv = await p.$eval("#csv", (a) => a.getAttribute("href"));
    check(csv === "/api/v1/reports?from=2026-03-15&to=2026-06-14&format=csv", `the CSV link: ${csv}`);
    const r = await api(p, "GET", csv);
    check(r.status === 200 && /text\/csv/.test(r.headers["content-type"]), `the CSV: ${r.status}`);
    check(r.body.split("\n").length >= 2, "the CSV is empty");
    await accessible(p, "the report");
    await shot(p, "office-report");
    // another period from the usual ones: the year
    await Promise.all([p.waitForNavigation({ waitUntil: "load" }), p.click("a[href*='tu=2025-12-15'][href*='den=2026-12-14']")]);
    check((await mainText(p)).includes("từ 15/12/2025 đến 14/12/2026"), "the year's period");
    await p.emulateMediaType("print");
    await shot(p, "office-report-print");
    await p.emulateMediaType(null);
  }],

  ["an admin adds a user who logs in, then disables them", async ({ person }) => {
    setClock("2026-06-08T08:00:00+07:00");
    const a = await person();
    a.on("dialog", (d) => d.accept());
    await login(a, "admin");
    await goto(a, "/van-phong");
    await Promise.all([a.waitForNavigation({ waitUntil: "load" }), a.click("a[href='/van-phong/nguoi-dung']")]);
    let t = await mainText(a);
    check(t.includes("Người dùng và vai trò") && t.includes(users.clerk.login) && t.includes("Tiếp nhận"),
      "the users and their roles are not listed");
    await accessible(a, "the users");
    const pw = "mat-khau-moi-2026";
    await a.type("#ten_dang_nhap", "nv.moi");
    await a.type("#ho_ten", "Nguyễn Văn Mới");
    await a.select("#vai_tro", "clerk");
    await a.select("#don_vi", "mot_cua");
    await a.type("#mat_khau", pw);
    await a.type("#mat_khau_2", pw + "x");
    a.expectedErrors.push(/422/);
    await submit(a, "#them-nguoi-dung");
    t = await mainText(a);
    check(t.includes("Hai lần nhập mật khẩu không khớp"), "mismatched passwords are not refused in Vietnamese");
    check(await a.$eval("#ho_ten", (e) => e.value) === "Nguyễn Văn Mới", "the name was not kept");
    await a.type("#mat_khau", pw);
    await a.type("#mat_khau_2", pw);
    await submit(a, "#them-nguoi-dung");
    t = await mainText(a);
    check(t.includes("Đã thêm người dùng nv.moi"), `not added: ${t.slice(0, 400)}`);
    await shot(a, "office-users");
    // a taken login
    await a.type("#ten_dang_nhap", "nv.moi");
    await a.type("#ho_ten", "Người khác");
    await a.type("#mat_khau", pw);
    await a.type("#mat_khau_2", pw);
    await submit(a, "#them-nguoi-dung");
    check((await mainText(a)).includes("Tên đăng nhập này đã có người dùng"), "a taken login is not refused");
    // the new clerk logs in
    const n = await person();
    await loginAs(n, "nv.moi", pw, "/van-phong");
    check(n.url().endsWith("/van-phong"), `the new clerk did not log in: ${n.url()}`);
    n.expectedErrors.push(/403/);     // a clerk has no office page: logged in, refused
    check((await mainText(n)).includes("Trang Văn phòng dành cho"), "a clerk got the office page");
    // disabled: their session ends, and they cannot log in again
    await goto(a, "/van-phong/nguoi-dung");
    await submit(a, "#user-nv\\.moi button.danger");
    t = await mainText(a);
    check(t.includes("Đã vô hiệu hóa người dùng nv.moi"), "not disabled");
    check((await a.$eval("#user-nv\\.moi", (e) => e.innerText)).includes("Đã vô hiệu hóa"), "the row does not say disabled");
    await goto(n, "/ho-so");
    check(n.url().includes("/dang-nhap"), "the disabled user's session lives on");
    n.expectedErrors.push(/401/);
    await loginAs(n, "nv.moi", pw);
    check(n.url().includes("/dang-nhap"), "a disabled user logged in");
  }],

  ["a leader sees the alerts but not the users; the auditor reads but issues nothing", async ({ person }) => {
    setClock("2026-06-08T09:00:00+07:00");
    const l = await person();
    await login(l, "leader");
    check(l.url().endsWith("/van-phong"), `the leader starts at ${l.url()}`);
    await goto(l, "/van-phong?muc=canh-bao&dem=2026-06-05");
    check((await mainText(l)).includes(late.bao), "the leader does not see the alerts");
    check(await l.$("a[href='/van-phong/nguoi-dung']") === null, "the leader has a users tab");
    await accessible(l, "the leader's alerts");
    await shot(l, "office-leader");
    l.expectedErrors.push(/403/);
    const r = await goto(l, "/van-phong/nguoi-dung");
    check(r.status() === 403, `the leader got the users: ${r.status()}`);
    const r2 = await goto(l, "/van-phong?muc=nguoi-dung");
    check(r2.status() === 403, `the leader got the users' tab: ${r2.status()}`);
    const au = await person();
    await loginAs(au, users.auditor.login, users.auditor.password, "/van-phong?muc=xin-loi");
    check(au.url().includes("/van-phong"), `the auditor did not log in: ${au.url()}`);
    await goto(au, `/van-phong?muc=xin-loi&ma=${encodeURIComponent(late.bao)}`);
    check(await au.$("#phat-hanh") === null, "the auditor may issue a letter");
    check((await au.$eval("pre.letter", (e) => e.innerText)).includes("Trần Văn Bảo"), "the auditor sees no draft");
    await accessible(au, "the auditor's draft");
    const pdf = await download(au, `/van-phong/thu-xin-loi/${late.hoa}.pdf`);
    check(pdf.status === 200 && pdf.bytes.subarray(0, 4).toString() === "%PDF", "the auditor cannot read the letter");
  }],
];
