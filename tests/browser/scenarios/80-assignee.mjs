// The holder of a dossier's step (migration 0020): a head gives a dossier of
// the specialists' unit to one specialist on its page (Giao xử lý); that
// specialist finds it under "Hồ sơ của tôi", her first view, with its count
// and her name in the "Người xử lý" column; another specialist's own view
// does not hold it; she forwards it naming the leader (Chuyển cho), whose
// own view then holds it. Its days: 2026-08-17 (Monday) on.
import { accessible, api, apiLogin, check, goto, login, mainText, receiveApi, setClock, shot, submit, users }
  from "../lib.mjs";

async function queueCodes(p) {
  return p.$$eval("table.queue tbody tr", (trs) => trs.map((t) => t.dataset.code));
}

async function ownCount(p) {
  return Number(await p.$eval("#scope-toi .count", (e) => e.textContent));
}

export const scenarios = [
  ["a head assigns a dossier in the browser; the specialist sees it under Hồ sơ của tôi", async ({ person }) => {
    setClock("2026-08-17T08:30:00+07:00");
    const clerk = await person();
    const csrf = await apiLogin(clerk, "clerk");
    const d = await receiveApi(clerk, csrf, { procedure: "2.002131", channel: "in_person",
      applicant: { name: "Đoàn Thị Giao Việc", phone: "0914" + String(Math.floor(Math.random() * 1e6)).padStart(6, "0") } },
      "assignee-1");
    let r = await api(clerk, "POST", `/api/v1/dossiers/${d.code}/actions`,
      { csrf, json: { action: "forward" }, headers: { "If-Match": `"${d.revision}"` } });
    check(r.status === 200 && r.body.assignee === null, `forward to the specialists: ${r.status} ${JSON.stringify(r.body)}`);

    // the specialist's own view before: the count as it was
    const sp = await person();
    await login(sp, "specialist");
    check(sp.url().endsWith("/ho-so"), `a specialist starts at ${sp.url()}`);
    const before = await ownCount(sp);
    check(!(await queueCodes(sp)).includes(d.code), "the dossier is hers before it is given to her");

    // the head gives it to her on the dossier's page
    const head = await person();
    await login(head, "head");
    await goto(head, `/ho-so/${d.code}`);
    check((await mainText(head)).includes("Chưa giao"), "the dossier is not shown as nobody's yet");
    await head.click("#d-assign summary");
    await accessible(head, "the assign form");
    const options = await head.$$eval("#assignee-assign option", (os) => os.map((o) => o.value));
    check(options.includes(users.specialist.login) && options.includes(users.specialist2.login),
      `the specialists are not offered: ${options}`);
    check(!options.includes(users.clerk.login) && !options.includes(users.office.login),
      `a clerk or the office is offered: ${options}`);
    await head.select("#assignee-assign", users.specialist.login);
    await shot(head, "assignee-assign-form");
    await submit(head, "#d-assign button[type=submit]");
    check(head.url().includes(`/ho-so/${d.code}?ok=assign`), `not back to the dossier: ${head.url()}`);
    let t = await mainText(head);
    check(t.includes("Đã thực hiện: Giao xử lý"), `no success message: ${t}`);
    check(await head.$eval("#assignee", (e) => e.textContent) === users.specialist.name, "the holder is not named");
    check(t.includes(`Giao cho: ${users.specialist.name}`), "the timeline does not say to whom");
    await accessible(head, "a dossier with its holder");

    // she finds it under "Hồ sơ của tôi", her first view
    await goto(sp, "/ho-so");
    check(await sp.$eval("#scope-toi", (a) => a.getAttribute("aria-current")) === "page",
      "Hồ sơ của tôi is not the specialist's first view");
    check(await ownCount(sp) === before + 1, `her count is ${await ownCount(sp)}, was ${before}`);
    check((await queueCodes(sp)).includes(d.code), "the dossier is not under Hồ sơ của tôi");
    const cell = await sp.$eval(`tr[data-code="${d.code}"] td.assignee`, (td) => td.textContent);
    check(cell === users.specialist.name, `the Người xử lý column says ${cell}`);
    await accessible(sp, "Hồ sơ của tôi");
    await shot(sp, "assignee-my-dossiers");

    // another specialist's own view does not hold it; the unit's does
    const other = await person();
    await login(other, "specialist2");
    check(!(await queueCodes(other)).includes(d.code), "the dossier is in another specialist's own view");
    await goto(other, "/ho-so?scope=phong");
    check((await queueCodes(other)).includes(d.code), "the dossier is not in the unit's view");

    // she forwards it to the leader, naming him (Chuyển cho)
    await goto(sp, `/ho-so/${d.code}`);
    await sp.select("#assignee-forward", users.leader.login);
    sp.on("dialog", (x) => x.accept());
    await submit(sp, "form.act-forward button");
    check(sp.url().includes(`/ho-so/${d.code}?ok=forward`), `forward: ${sp.url()}`);
    t = await mainText(sp);
    check(t.includes("Lãnh đạo Sở xem xét, ký duyệt") && t.includes(users.leader.name), `the leader does not hold it: ${t}`);
    await goto(sp, "/ho-so");
    check(!(await queueCodes(sp)).includes(d.code), "a forwarded dossier stays under her own view");
    const leader = await person();
    await login(leader, "leader");
    await goto(leader, "/ho-so?scope=toi");
    check((await queueCodes(leader)).includes(d.code), "the dossier is not under the leader's own view");
    r = await api(leader, "GET", `/api/v1/dossiers/${d.code}`);
    check(r.status === 200 && r.body.assignee === users.leader.login && r.body.assignee_name === users.leader.name,
      `the API's holder: ${JSON.stringify({ a: r.body.assignee, n: r.body.assignee_name })}`);
  }],
];
