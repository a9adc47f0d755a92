// A dossier's page (/ho-so/{code}): a specialist forwarding (with and
// without JavaScript's confirmation), a head refusing with a reason (the
// note asked first, refused without it), two browsers acting on one
// dossier at once (the second is told the page is stale, nothing is
// overwritten), an action the state does not allow, and the timeline in
// Vietnamese. Its days: 2026-05-11 (Monday) .. 2026-05-29.
import { accessible, api, apiLogin, check, goto, login, mainText, receiveApi, setClock, shot, submit }
  from "../lib.mjs";

// A dossier received by the clerk and forwarded by the desk to the
// specialists' unit (its second step): its code.
async function atSpecialists(clerk, csrf, name, key) {
  const d = await receiveApi(clerk, csrf, { procedure: "2.002131", channel: "in_person",
    applicant: { name, phone: "0913" + String(Math.floor(Math.random() * 1e6)).padStart(6, "0") } }, key);
  const r = await api(clerk, "POST", `/api/v1/dossiers/${d.code}/actions`,
    { csrf, json: { action: "forward" }, headers: { "If-Match": `"${d.revision}"` } });
  check(r.status === 200, `forward to the specialists: ${r.status} ${JSON.stringify(r.body)}`);
  return d.code;
}

async function revision(p, code) {
  const r = await api(p, "GET", `/api/v1/dossiers/${code}`);
  check(r.status === 200, `GET ${code}: ${r.status}`);
  return r.body;
}

async function buttons(p) {
  return p.$$eval(".actions form.act button, .actions details summary", (bs) => bs.map((b) => b.textContent.trim()));
}

let refusedCode;

export const scenarios = [
  ["a specialist forwards a dossier to the leader", async ({ person }) => {
    setClock("2026-05-11T08:30:00+07:00");
    const clerk = await person();
    const csrf = await apiLogin(clerk, "clerk");
    const a = await atSpecialists(clerk, csrf, "Trương Thị Chuyển", "dossier-a");
    const b = await atSpecialists(clerk, csrf, "Hồ Văn Xác Nhận", "dossier-b");

    const p = await person();
    await login(p, "specialist");
    check(p.url().endsWith("/ho-so"), `a specialist starts at ${p.url()}`);
    // (a specialist starts on "Hồ sơ của tôi": these two are the unit's, nobody's yet)
    await goto(p, "/ho-so?scope=phong");
    const mine = await p.$$eval("table.queue tbody tr", (trs) => trs.map((t) => t.dataset.code));
    check(mine.includes(a) && mine.includes(b), `not in the specialist's unit queue: ${mine}`);
    await goto(p, `/ho-so/${a}`);
    await accessible(p, "a dossier's page");
    let t = await mainText(p);
    check(t.includes("Trương Thị Chuyển") && t.includes("Đang giải quyết") && t.includes("Thẩm định hồ sơ"),
      `header: ${t}`);
    const bs = await buttons(p);
    check(bs.includes("Chuyển bước tiếp theo") && bs.includes("Yêu cầu bổ sung") && bs.includes("Tạm dừng"),
      `buttons: ${bs}`);
    // only what a specialist may do (roles.c): no refusal (heads sign them), no void (the office's)
    check(!bs.includes("Từ chối giải quyết") && !bs.includes("Hủy (tiếp nhận nhầm)") && !bs.includes("Rút hồ sơ"),
      `a specialist is offered another role's action: ${bs}`);
    check(await p.$("a[href$='/forms/control.pdf']") && await p.$("a[href$='/forms/receipt.pdf']"), "no PDF links");
    await shot(p, "dossier-specialist");
    let asked = null;
    p.on("dialog", (d) => { asked = d.message(); d.accept(); });
    await submit(p, "form.act-forward button");
    check(asked && asked.includes("Chuyển bước tiếp theo"), `no confirmation asked: ${asked}`);
    check(p.url().includes(`/ho-so/${a}?ok=forward`), `not back to the dossier: ${p.url()}`);
    t = await mainText(p);
    check(t.includes("Đã thực hiện: Chuyển bước tiếp theo"), "no success message");
    check(t.includes("Lãnh đạo Sở xem xét, ký duyệt"), "the current step is not the leader's");
    check((await revision(p, a)).revision === 3, "not forwarded once");

    // without JavaScript: the confirmation view first
    await goto(p, `/ho-so/${b}?xac-nhan=forward`);
    await accessible(p, "the confirmation view");
    check((await mainText(p)).includes("Xác nhận: Chuyển bước tiếp theo"), "no confirmation view");
    await shot(p, "dossier-confirm");
    check((await revision(p, b)).revision === 2, "the confirmation view changed the dossier");
    await submit(p, "form button[type=submit].primary");
    check(p.url().includes(`/ho-so/${b}?ok=forward`), `confirmed forward: ${p.url()}`);
    // a form posted without its confirmation (no script) is shown the view, nothing done
    await goto(p, `/ho-so/${b}`);
    await p.$eval("form.act-forward input[name=confirm]", (i) => i.remove());
    p.removeAllListeners("dialog");
    p.on("dialog", (d) => d.accept());
    await submit(p, "form.act-forward button");
    check((await mainText(p)).includes("Xác nhận: Chuyển bước tiếp theo"), "a post without confirm went through");
    check((await revision(p, b)).revision === 3, "a post without confirm changed the dossier");
  }],

  ["a head refuses with a reason; without one the refusal is refused", async ({ person }) => {
    setClock("2026-05-12T09:00:00+07:00");
    const clerk = await person();
    const csrf = await apiLogin(clerk, "clerk");
    const c = await atSpecialists(clerk, csrf, "Đinh Văn Từ Chối", "dossier-c");
    refusedCode = c;
    const p = await person();
    await login(p, "head");
    await goto(p, `/ho-so/${c}`);
    await p.click("#d-refuse summary");
    await accessible(p, "the refusal's note");
    // the browser asks for the reason: the form is not sent
    await p.click("#d-refuse button[type=submit]");
    check(await p.$eval("#note-refuse", (e) => !e.validity.valid), "an empty reason is valid");
    check(p.url().endsWith(`/ho-so/${c}`), "sent without a reason");
    // and the server refuses one sent without it all the same
    await p.$eval("#note-refuse", (e) => e.removeAttribute("required"));
    p.expectedErrors.push(/422/);
    await submit(p, "#d-refuse button[type=submit]");
    check((await mainText(p)).includes("cần ghi rõ lý do"), "no message for a refusal without a reason");
    check(await p.$("#d-refuse[open]"), "the refusal's note is not open again to be filled in");
    check((await revision(p, c)).state === "in_step", "refused without a reason");
    await shot(p, "dossier-refuse-no-reason");
    await goto(p, `/ho-so/${c}`);
    await p.click("#d-refuse summary");
    await p.type("#note-refuse", "Thiết bị không thuộc danh mục phải khai báo (Thông tư 02/2024)");
    await submit(p, "#d-refuse button[type=submit]");
    const t = await mainText(p);
    check(t.includes("Đã thực hiện: Từ chối giải quyết"), `no success: ${t}`);
    check(t.includes("Thiết bị không thuộc danh mục phải khai báo"), "the reason is not in the timeline");
    check((await revision(p, c)).state === "refused", "not refused");
    check((await buttons(p)).length === 0, "a refused dossier still offers actions to the head");
    await accessible(p, "a refused dossier");
    await shot(p, "dossier-refused");
    // an action its state does not allow: 409, naming the state
    const rev = (await revision(p, c)).revision;
    p.expectedErrors.push(/409/);
    await Promise.all([p.waitForNavigation({ waitUntil: "load" }), p.evaluate((code, rev) => {
      const f = document.createElement("form");
      f.method = "post";
      f.action = `/ho-so/${code}`;
      const add = (n, v) => { const i = document.createElement("input"); i.type = "hidden"; i.name = n; i.value = v; f.appendChild(i); };
      add("csrf", document.querySelector("input[name=csrf]").value);
      add("action", "forward");
      add("revision", String(rev));
      add("confirm", "1");
      document.body.appendChild(f);
      f.submit();
    }, c, rev)]);
    const t2 = await mainText(p);
    check(t2.includes("Không thể \"Chuyển bước tiếp theo\"") && t2.includes("Từ chối giải quyết"), `409 page: ${t2}`);
  }],

  ["two browsers act on one dossier at once: the second is told, nothing overwritten", async ({ person }) => {
    setClock("2026-05-13T09:00:00+07:00");
    const clerk = await person();
    const csrf = await apiLogin(clerk, "clerk");
    const d = await atSpecialists(clerk, csrf, "Mai Thị Đồng Thời", "dossier-d");
    const one = await person(), two = await person();
    await login(one, "specialist");
    await login(two, "specialist2");
    await goto(one, `/ho-so/${d}`);
    await goto(two, `/ho-so/${d}`);
    one.on("dialog", (x) => x.accept());
    two.on("dialog", (x) => x.accept());
    await submit(one, "form.act-forward button");
    check((await mainText(one)).includes("Đã thực hiện"), "the first did not forward");
    // the second browser still shows the page drawn before: it asks for a supplement
    await two.click("#d-supplement_request summary");
    await two.type("#note-supplement_request", "Thiếu bản sao giấy phép");
    two.expectedErrors.push(/409/);
    await submit(two, "#d-supplement_request button[type=submit]");
    const t = await mainText(two);
    check(t.includes("Hồ sơ đã được người khác cập nhật"), `not told the page is stale: ${t}`);
    check(t.includes("Đang giải quyết"), "the current state is not named");
    await accessible(two, "the stale page");
    await shot(two, "dossier-stale");
    const now = await revision(two, d);
    check(now.revision === 3 && now.state === "in_step", `overwritten: ${now.revision} ${now.state}`);
    await submit(two, "#reload");
    const t2 = await mainText(two);
    check(t2.includes("Lãnh đạo Sở xem xét, ký duyệt") && !t2.includes("Thiếu bản sao giấy phép"),
      "the reloaded page is not the current dossier");
  }],

  ["the timeline reads in Vietnamese, with who and when", async ({ person }) => {
    setClock("2026-05-14T10:00:00+07:00");
    const p = await person();
    await login(p, "auditor");
    check(p.url().endsWith("/ho-so"), `an auditor starts at ${p.url()}`);
    check((await p.$$("table.queue tbody tr")).length > 0, "an auditor sees no dossier");
    check(!(await p.$("table.queue input[type=checkbox]")) && !(await p.$(".bulk-actions")),
      "an auditor is offered the bulk forward");
    await accessible(p, "the auditor's queue");
    await goto(p, `/ho-so/${refusedCode}`);
    const items = await p.$$eval("ol.timeline li", (li) => li.map((x) => x.innerText));
    check(items.length === 3, `events: ${items.length}`);
    check(items[0].includes("Tiếp nhận") && items[0].includes("nv.an") && /\d\d\/05\/2026 \d\d:\d\d/.test(items[0]),
      `receipt: ${items[0]}`);
    check(items[1].includes("Chuyển bước tiếp theo"), `forward: ${items[1]}`);
    check(items[2].includes("Từ chối giải quyết") && items[2].includes("tp.chi"), `refusal: ${items[2]}`);
    check((await buttons(p)).length === 0, "an auditor is offered actions");
    await accessible(p, "the auditor's view of a dossier");
    await shot(p, "dossier-timeline");
  }],
];
