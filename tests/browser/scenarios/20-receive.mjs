// The receipt page: a clerk's morning (three dossiers: 08:30, 16:55 and on
// the holiday 30/04, whose slip says when the clock starts), the slip PDF
// in two copies, a double submit that makes one dossier, errors in
// Vietnamese beside the fields, and the roles that may not receive.
// Its days: 2026-04-28 (Tuesday; Monday 27/04 is a day off) .. 2026-04-30
// (Thursday, a day off).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { accessible, api, base, check, goto, login, mainText, setClock, shot, submit } from "../lib.mjs";

// The slip PDF of `code` as the page's person: its page count and text.
async function slip(page, code) {
  const cookies = await page.cookies();
  const r = await fetch(`${base}/api/v1/dossiers/${code}/slip.pdf`, {
    headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
  });
  check(r.status === 200, `slip of ${code}: ${r.status}`);
  const buf = Buffer.from(await r.arrayBuffer());
  check(buf.subarray(0, 4).toString() === "%PDF", "the slip is not a PDF");
  const file = path.join(os.tmpdir(), `motcua-slip-${process.pid}-${code}.pdf`);
  fs.writeFileSync(file, buf);
  try {
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    const pages = Number((/Pages:\s+(\d+)/.exec(info) || [])[1]);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    return { pages, text: text.replace(/\s+/g, " ") };
  } finally {
    fs.unlinkSync(file);
  }
}

// Choose a procedure by typing in the filter and pressing Enter.
async function choose(page, typed, code) {
  await goto(page, "/tiep-nhan");
  await page.type("#q", typed);
  const visible = await page.$$eval("#procedure-pick option", (os) =>
    os.filter((o) => !o.hidden).map((o) => o.value));
  check(visible.includes(code), `typing "${typed}" does not keep ${code}: ${visible.join(", ")}`);
  check(visible.length < (await page.$$eval("#procedure-pick option", (os) => os.length)),
    `typing "${typed}" filtered nothing`);
  await page.select("#procedure-pick", code);
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#pick")]);
  check(page.url().includes(`procedure=${code}`), `not on the procedure's form: ${page.url()}`);
}

// Check every document of the checklist not yet checked (a complete dossier).
async function checkAll(page) {
  for (const box of await page.$$("#documents input[type=checkbox]:not(:checked)")) await box.click();
}

async function fill(page, a) {
  await page.type("#f-applicant", a.name);
  if (a.kind) await page.click(`#f-kind-${a.kind}`);
  if (a.id) await page.type("#f-id_number", a.id);
  if (a.phone) await page.type("#f-phone", a.phone);
  if (a.email) await page.type("#f-email", a.email);
  if (a.address) await page.type("#f-address", a.address);
  if (a.delivery) await page.click(`#f-delivery-${a.delivery}`);
  await checkAll(page);
}

async function text(page, sel) {
  return page.$eval(sel, (e) => e.textContent.trim());
}

// The appointment the page shows before saving, once the live update ran.
async function appointmentShown(page) {
  await page.waitForSelector("#appointment[data-live]");
  return text(page, "#appointment-at");
}

async function save(page) {
  await checkAll(page);
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#save")]);
  check(page.url().includes("da-nhan="), `not on the result page: ${page.url()}`);
  return text(page, "#done-code");
}

export const scenarios = [
  ["a clerk's morning: three receipts, the slip in two copies, one dossier for a double submit", async ({ person }) => {
    setClock("2026-04-28T08:30:00+07:00");      // (Monday 27/04 is a day off in lieu of Giỗ Tổ)
    const p = await person();
    await login(p, "clerk");
    check(p.url().endsWith("/tiep-nhan"), `a clerk starts at ${p.url()}`);
    await accessible(p, "the receipt page (no procedure chosen)");

    // 08:30: found by a word of its name, without accents
    await choose(p, "khai bao thiet bi", "2.002131");
    const info = await mainText(p);
    check(/0?5 ngày làm việc/.test(info), `no time in force: ${info}`);
    check(info.includes("Trực tiếp"), "no channels shown");
    check(!(await p.$("#off-hours")), `an off-hours warning at 08:30 on a Tuesday (the server's now: ${
      await p.$eval("#appointment", (e) => e.getAttribute("data-now"))})`);
    await fill(p, { name: "Nguyễn Thị Hoa", kind: "citizen", id: "051190001234", phone: "0905 777 888",
      email: "hoa.nguyen@example.vn", address: "12 Lê Lợi, TP Quảng Ngãi", delivery: "post" });
    await accessible(p, "the receipt form");
    const shown1 = await appointmentShown(p);
    await shot(p, "receive-form-0830");
    // the same form posted again later (a retry, the back button): captured now
    const again = await p.$eval("#receipt", (f) => new URLSearchParams(new FormData(f)).toString());
    // a double click: one submission
    await Promise.all([p.waitForNavigation({ waitUntil: "load" }), p.click("#save", { clickCount: 2 })]);
    const code1 = await text(p, "#done-code");
    check(/-260428-0001$/.test(code1), `first receipt of the day is ${code1}`);
    check(await text(p, "#done-appointment") === shown1,
      `the appointment saved (${await text(p, "#done-appointment")}) is not the one shown (${shown1})`);
    const link = await p.$eval("#print-slip", (a) => [a.getAttribute("href"), a.target, a.textContent]);
    check(link[0] === `/api/v1/dossiers/${code1}/slip.pdf` && link[1] === "_blank" && /In phiếu hẹn/.test(link[2]),
      `the slip link: ${link}`);
    await accessible(p, "the receipt's result");
    await shot(p, "receive-done-0830");
    const reposted = await p.evaluate(async (body) => {
      const r = await fetch("/tiep-nhan", { method: "POST", body: new URLSearchParams(body) });
      return r.url;
    }, again);
    check(reposted.endsWith(`da-nhan=${code1}`), `the same form posted again went to ${reposted}`);
    const s1 = await slip(p, code1);
    check(s1.pages === 2, `the slip has ${s1.pages} pages, not two copies`);
    check(s1.text.includes("Liên 1") && s1.text.includes("Liên 2"), "the copies are not labelled");
    check(s1.text.includes(code1) && s1.text.includes("hoa.nguyen@example.vn"), "the slip lacks the code or the e-mail");
    check(s1.text.includes("Nhận qua bưu chính"), "the slip lacks the result delivery");
    const j = await api(p, "GET", `/api/v1/dossiers/${code1}`);
    check(j.body.applicant_email === "hoa.nguyen@example.vn" && j.body.applicant_kind === "citizen" &&
      j.body.delivery === "post", `the dossier's facts: ${JSON.stringify(j.body)}`);

    // 16:55: five minutes of the day left, an organisation
    setClock("2026-04-28T16:55:00+07:00");
    await login(p, "clerk");             // (the morning's session went idle)
    await choose(p, "hoạt động lần đầu cho tổ chức", "qng.khcn.01");
    check(!(await p.$("#off-hours")), "an off-hours warning at 16:55");
    await fill(p, { name: "Công ty TNHH Khoa học Sông Trà", kind: "organisation", id: "4300123456",
      phone: "0255 3822 999", delivery: "desk" });
    const shown2 = await appointmentShown(p);
    await shot(p, "receive-form-1655");
    const code2 = await save(p);
    check(/-260428-0002$/.test(code2), `the second receipt is ${code2}: the double submit made two?`);
    check(await text(p, "#done-appointment") === shown2, `16:55: saved ${await text(p, "#done-appointment")}, shown ${shown2}`);
    check(shown2.startsWith("16 giờ 55 phút"), `16:55 + 15 working days is ${shown2}`);
    await shot(p, "receive-done-1655");

    // 30/04: a day off: the clock starts at the next session (Monday 04/05, 07:00)
    setClock("2026-04-30T09:10:00+07:00");
    await login(p, "clerk");
    await choose(p, "2.002131", "2.002131");
    const warn = await text(p, "#off-hours");
    check(warn.includes("phiên làm việc tiếp theo") && warn.includes("07 giờ 00 phút, ngày 04/05/2026"),
      `the holiday warning: ${warn}`);
    await fill(p, { name: "Trần Văn Lễ", phone: "0912345678" });
    const shown3 = await appointmentShown(p);
    await shot(p, "receive-form-holiday");
    const code3 = await save(p);
    check(await text(p, "#done-appointment") === shown3, `holiday: saved ${await text(p, "#done-appointment")}, shown ${shown3}`);
    check((await text(p, "#off-hours")).includes("04/05/2026"), "the result does not say when the clock starts");
    await shot(p, "receive-done-holiday");
    const s3 = await slip(p, code3);
    check(s3.pages === 2, `holiday slip: ${s3.pages} pages`);
    check(s3.text.includes("ngoài giờ hành chính") && s3.text.includes("07 giờ 00 phút, ngày 04/05/2026"),
      `the holiday slip does not say when the clock starts: ${s3.text}`);
  }],

  ["errors in Vietnamese beside the fields, the form refilled, nothing written", async ({ person }) => {
    setClock("2026-04-30T10:00:00+07:00");
    const p = await person();
    await login(p, "clerk2");
    p.expectedErrors.push(/422/);
    await goto(p, "/tiep-nhan?procedure=2.002131");
    await p.type("#f-phone", "09-abc");
    await p.type("#f-email", "không phải thư");
    await p.type("#f-address", "Số 5 Hùng Vương");
    await submit(p, "#save");
    const t = await mainText(p);
    check(t.includes("Hồ sơ chưa được tiếp nhận"), `no summary: ${t}`);
    check(await text(p, "#err-applicant") === "Vui lòng nhập họ và tên người nộp hồ sơ.", "no required-name error");
    check((await text(p, "#err-phone")).startsWith("Số điện thoại không hợp lệ"), "no phone error");
    check((await text(p, "#err-email")).startsWith("Địa chỉ thư điện tử không hợp lệ"), "no e-mail error");
    check(await p.$eval("#f-address", (e) => e.value) === "Số 5 Hùng Vương", "the address was not kept");
    check(await p.$eval("#f-phone", (e) => e.value) === "09-abc", "the phone was not kept");
    check((await p.$eval("#f-phone", (e) => e.getAttribute("aria-describedby"))).startsWith("err-phone"), "the error is not tied to its field");
    await accessible(p, "the receipt form with errors");
    await shot(p, "receive-errors");
    // fixed, it is received: the errors wrote nothing (the next number follows the morning's)
    await p.$eval("#f-phone", (e) => { e.value = ""; });
    await p.$eval("#f-email", (e) => { e.value = ""; });
    await p.type("#f-applicant", "Lê Văn Sửa");
    await p.type("#f-phone", "0905123456");
    const code = await save(p);
    check(/-260430-0002$/.test(code), `after the errors the receipt is ${code}`);

    await goto(p, "/tiep-nhan?procedure=9.999999");
    check((await mainText(p)).includes("Không tìm thấy thủ tục"), "an unknown procedure is not told");
    check(!(await p.$("#receipt")), "a form for an unknown procedure");
    await goto(p, "/tiep-nhan?procedure=qng.tcd.01");
    const u = await mainText(p);
    check(u.includes("chưa có thời hạn giải quyết"), `a procedure of unknown time is not refused: ${u}`);
    check(!(await p.$("#receipt")), "a form for a procedure of unknown time");
    await shot(p, "receive-unknown-time");
    // posted anyway (an old form): refused, nothing written
    const st = await p.evaluate(async () => {
      const csrf = document.querySelector("input[name=csrf]");
      const r = await fetch("/tiep-nhan", { method: "POST", body: new URLSearchParams({
        csrf: csrf ? csrf.value : "", procedure: "qng.tcd.01", applicant: "X", key: "a".repeat(64) }) });
      return r.status;
    });
    check(st === 422 || st === 403, `a receipt of a procedure of unknown time: ${st}`);
  }],

  ["only the clerk, the office and the admin receive", async ({ person }) => {
    const p = await person();
    p.expectedErrors.push(/403/, /501/);     // (the queue, a specialist's home, is another page)
    await login(p, "specialist");
    const r = await goto(p, "/tiep-nhan");
    check(r.status() === 403, `a specialist gets ${r.status()} on the receipt page`);
    check((await mainText(p)).includes("Không có quyền"), "no refusal in Vietnamese");
    await shot(p, "receive-refused-specialist");
    const o = await person();
    o.expectedErrors.push(/501/);
    await login(o, "office");
    const r2 = await goto(o, "/tiep-nhan?procedure=2.002131");
    check(r2.status() === 200 && (await o.$("#receipt")), "the office cannot open the receipt form");
  }],

  ["the documents received: two of 1.000173 checked, the missing ones listed once, the slip lists them", async ({ person }) => {
    setClock("2026-04-30T10:30:00+07:00");
    const p = await person();
    await login(p, "clerk");
    await goto(p, "/tiep-nhan?procedure=1.000173");
    const boxes = await p.$$eval("#documents input[type=checkbox]", (bs) => bs.map((b) => ({
      id: b.id, label: document.querySelector(`label[for="${b.id}"]`).textContent.trim() })));
    check(boxes.length === 5, `the checklist of 1.000173 has ${boxes.length} documents`);
    check(boxes.every((b) => b.label.includes("bắt buộc")), `required ones not marked: ${JSON.stringify(boxes)}`);
    await accessible(p, "the receipt form with its checklist");
    await p.type("#f-applicant", "Phan Thị Giấy");
    await p.click("#f-doc-0");
    await p.click("#f-doc-4");
    const name0 = boxes[0].label.replace(/\s*\(.*$/, ""), name4 = boxes[4].label.replace(/\s*\(.*$/, "");
    await shot(p, "receive-checklist");
    // three required ones unchecked: the page asks once, nothing is saved
    await submit(p, "#save");
    check(!p.url().includes("da-nhan="), `saved without asking: ${p.url()}`);
    const warn = await text(p, "#missing-documents");
    check(warn.includes("thiếu giấy tờ bắt buộc") && !warn.includes(name0) && warn.includes(boxes[1].label.replace(/\s*\(.*$/, "")),
      `the warning: ${warn}`);
    check(await p.$eval("#f-doc-0", (b) => b.checked) && await p.$eval("#f-doc-4", (b) => b.checked) &&
      !(await p.$eval("#f-doc-1", (b) => b.checked)), "the checks were not kept");
    check(await p.$eval("#f-applicant", (e) => e.value) === "Phan Thị Giấy", "the name was not kept");
    await accessible(p, "the missing documents' warning");
    await shot(p, "receive-missing-documents");
    // confirmed: received with the two documents
    await Promise.all([p.waitForNavigation({ waitUntil: "load" }), p.click("#save")]);
    check(p.url().includes("da-nhan="), `not saved after confirming: ${p.url()}`);
    const code = await text(p, "#done-code");
    const listed = await p.$$eval("#done-documents li", (ls) => ls.map((l) => l.textContent.trim()));
    check(listed.length === 2 && listed[0] === name0 && listed[1] === name4, `the result lists ${JSON.stringify(listed)}`);
    await shot(p, "receive-done-documents");
    const j = await api(p, "GET", `/api/v1/dossiers/${code}`);
    check(JSON.stringify(j.body.documents) === JSON.stringify([name0, name4]), `the dossier's documents: ${JSON.stringify(j.body.documents)}`);
    const s = await slip(p, code);
    check(s.text.includes("Thành phần hồ sơ đã nhận gồm:") && s.text.includes(`1) ${name0}`) &&
      s.text.includes(`2) ${name4}`), `the slip does not list the documents: ${s.text}`);
  }],
];
