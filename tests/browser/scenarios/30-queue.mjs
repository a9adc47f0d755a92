// The work queue (/ho-so): a dozen dossiers received through the API, then
// the tabs and their counts, the filters, overdue (red) and due-soon
// (amber) rows as the clock moves, keyset paging, finding one by phone
// number, and a bulk forward (and one refused, which changes nothing).
// Its days: 2026-05-04 (Monday) .. 2026-05-08 (Friday).
import { accessible, api, apiLogin, check, goto, mainText, motcua, receiveApi, setClock, shot, submit }
  from "../lib.mjs";

// Procedures the other scenario files do not use, so that the suite's other
// dossiers stay out of the lists checked here; counts are checked as deltas.
const P1 = "2.002249", P2 = "3.000453";
const phone = (i) => `09120050${String(i).padStart(2, "0")}`;
let codes = [];      // the 12 received on Monday, in order
let late;            // one received two weeks ago (a paper dossier entered late)

async function rows(p) {
  return p.$$eval("table.queue tbody tr", (trs) => trs.map((tr) => ({
    code: tr.dataset.code, cls: tr.className, text: tr.innerText })));
}

async function count(p, state) {
  const sel = state ? `.tabs.states a[data-state=${state}] .count` : ".tabs.states li:first-child .count";
  return Number(await p.$eval(sel, (e) => e.textContent));
}

export const scenarios = [
  ["a clerk's queue: a dozen dossiers, tabs with counts, filters", async ({ person }) => {
    setClock("2026-05-04T08:00:00+07:00");
    const p = await person();
    const csrf = await apiLogin(p, "clerk");
    await goto(p, "/ho-so");
    const base = await count(p), baseIn = await count(p, "in_step"), baseSup = await count(p, "supplement_requested");
    for (let i = 1; i <= 12; i++) {
      const d = await receiveApi(p, csrf, {
        procedure: i <= 8 ? P1 : P2,
        channel: i % 4 === 0 ? "post" : i % 3 === 0 ? "online" : "in_person",
        applicant: { name: `Nguyễn Thị Hàng ${i}`, phone: phone(i), id_number: `05119000${String(i).padStart(4, "0")}` },
      }, `queue-${i}`);
      codes.push(d.code);
    }
    // a paper dossier of two weeks ago, entered now with its real moment
    motcua("receive", "--procedure", P1, "--channel", "in_person", "--applicant", "Lê Văn Trễ Hạn",
      "--phone", "0912999888", "--at", "2026-04-20T09:00", "--reason", "hồ sơ giấy nhập lại");
    const found = await api(p, "GET", "/api/v1/dossiers?q=0912999888");
    check(found.status === 200 && found.body.items.length === 1, `the late dossier: ${JSON.stringify(found.body)}`);
    late = found.body.items[0].code;

    await goto(p, "/ho-so");
    await accessible(p, "the work queue");
    check(await count(p) === base + 13, `open count ${await count(p)}, was ${base}`);
    check(await count(p, "in_step") === baseIn + 13, "in_step count");
    check(await count(p, "supplement_requested") === baseSup, "supplement count");
    let r = await rows(p);
    check(codes.every((c) => r.some((x) => x.code === c)) && r.some((x) => x.code === late), "a dossier is missing");
    const mine = (x) => x.code === late || codes.includes(x.code);
    r = r.filter(mine);
    check(r[0].code === late, `the soonest due is not first: ${r[0].code}`);
    check(r[0].cls.includes("overdue"), `the late dossier is not red: ${r[0].cls}`);
    check(r[0].text.includes("Quá hạn"), `no "Quá hạn" in ${r[0].text}`);
    check(r.slice(1).every((x) => !x.cls.includes("overdue")), "a new dossier is red");
    check(r[1].text.includes("Còn") && r[1].text.includes("ngày"), `no time left in ${r[1].text}`);
    const color = await p.$eval("tr.overdue td", (td) => getComputedStyle(td).backgroundColor);
    check(color !== "rgba(0, 0, 0, 0)", "the overdue row has no colour");
    await shot(p, "queue-clerk");

    // filters: procedure, channel, received between
    await p.select("#procedure", P2);
    await submit(p, "form.filters button[type=submit]");
    r = await rows(p);
    check(r.length === 4 && r.every((x) => codes.slice(8).includes(x.code)), `procedure filter: ${r.map((x) => x.code)}`);
    check(await count(p) === 4, "the counts follow the filters");
    await goto(p, `/ho-so?channel=post&procedure=${P1}`);
    r = await rows(p);
    check(r.length === 2 && r.every((x) => [codes[3], codes[7]].includes(x.code)), `channel filter: ${r.length}`);
    await goto(p, "/ho-so?received_from=2026-05-04&received_to=2026-05-04");
    check((await rows(p)).length === 12, "received between today and today");
    await goto(p, "/ho-so?received_to=2026-04-21");
    r = await rows(p);
    check(r.length === 1 && r[0].code === late, "received until 21/04");
    await goto(p, `/ho-so?view=qua-han&procedure=${P1}`);
    r = await rows(p);
    check(r.length === 1 && r[0].code === late, `the overdue view: ${r.map((x) => x.code)}`);
    await goto(p, "/ho-so?sort=code");
    r = await rows(p);
    const sorted = [...r.map((x) => x.code)].sort();
    check(JSON.stringify(r.map((x) => x.code)) === JSON.stringify(sorted), "sorted by code");
    await shot(p, "queue-filters");
  }],

  ["keyset paging: four a page, forward and back, none twice", async ({ person }) => {
    const p = await person();
    await apiLogin(p, "clerk");
    await goto(p, `/ho-so?limit=4&procedure=${P1}`);
    const seen = [];
    const pages = [];
    for (;;) {
      const r = (await rows(p)).map((x) => x.code);
      pages.push(r);
      seen.push(...r);
      const next = await p.$("a[rel=next]");
      if (!next) break;
      await submit(p, "a[rel=next]");
    }
    check(pages.length === 3 && pages[2].length === 1, `pages: ${pages.map((x) => x.length)}`);
    check(new Set(seen).size === 9 && seen.length === 9, `dossiers seen: ${seen.length}`);
    await accessible(p, "the queue's last page");
    await submit(p, "a[rel=prev]");
    const back = (await rows(p)).map((x) => x.code);
    check(JSON.stringify(back) === JSON.stringify(pages[1]), `previous page: ${back} vs ${pages[1]}`);
    await shot(p, "queue-page-2");
  }],

  ["find one by phone number", async ({ person }) => {
    const p = await person();
    await apiLogin(p, "clerk");
    await goto(p, "/ho-so");
    await p.type("#q", phone(7));
    await submit(p, "form.filters button[type=submit]");
    const r = await rows(p);
    check(r.length === 1 && r[0].code === codes[6], `by phone: ${r.map((x) => x.code)}`);
    check(r[0].text.includes("Nguyễn Thị Hàng 7"), "the applicant is not shown");
    await goto(p, "/ho-so?q=khong-co-ai");
    check((await mainText(p)).includes("Không có hồ sơ nào"), "no empty message");
    await shot(p, "queue-by-phone");
  }],

  ["late in the week: due within one working day is amber", async ({ person }) => {
    setClock("2026-05-08T15:00:00+07:00");
    const p = await person();
    await apiLogin(p, "clerk");
    await goto(p, `/ho-so?procedure=${P1}`);
    const r = await rows(p);
    const soon = r.filter((x) => x.cls.includes("due-soon"));
    check(soon.length === 8, `due soon: ${soon.length} (${r.map((x) => x.cls)})`);
    check(r.filter((x) => x.cls.includes("overdue")).length === 1, "the late one is still red");
    await goto(p, `/ho-so?view=3-ngay&procedure=${P1}`);
    const three = await rows(p);
    check(three.length === 8 && three.every((x) => x.code !== late), `3 working days: ${three.length}`);
    await accessible(p, "the queue with amber rows");
    await shot(p, "queue-due-soon");
  }],

  ["bulk forward of three; a mixed choice is refused and changes nothing", async ({ person }) => {
    const p = await person();
    await apiLogin(p, "clerk");
    p.on("dialog", (d) => d.accept());
    await goto(p, `/ho-so?procedure=${P1}&sort=code`);
    for (const c of codes.slice(0, 3)) await p.click(`tr[data-code="${c}"] input[type=checkbox]`);
    await submit(p, ".bulk-actions button");
    check(p.url().includes("da-chuyen=3"), `not back to the queue: ${p.url()}`);
    check((await mainText(p)).includes("Đã chuyển 3 hồ sơ"), "no success message");
    for (const c of codes.slice(0, 3)) {
      const d = await api(p, "GET", `/api/v1/dossiers/${c}`);
      check(d.body.revision === 2, `${c} was not forwarded: revision ${d.body.revision}`);
    }
    await shot(p, "queue-bulk-done");
    // one in the second step and one in the first: not the same step
    await goto(p, `/ho-so?procedure=${P1}&sort=code`);
    await p.click(`tr[data-code="${codes[0]}"] input[type=checkbox]`);
    await p.click(`tr[data-code="${codes[3]}"] input[type=checkbox]`);
    p.expectedErrors.push(/409/);
    await submit(p, ".bulk-actions button");
    const t = await mainText(p);
    check(t.includes("Không chuyển được hồ sơ") && t.includes(codes[3]) && t.includes("khác thủ tục hoặc khác bước"),
      `refusal page: ${t}`);
    await accessible(p, "the refused bulk forward");
    await shot(p, "queue-bulk-refused");
    for (const [c, rev] of [[codes[0], 2], [codes[3], 1]]) {
      const d = await api(p, "GET", `/api/v1/dossiers/${c}`);
      check(d.body.revision === rev, `${c} changed: revision ${d.body.revision}`);
    }
  }],
];
