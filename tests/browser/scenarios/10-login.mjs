// Logging in and out of the desk: wrong password, lockout, the page a role
// starts on, a page asked for before logging in, logout.
// Its days: 2026-03-02 (Monday).
import { check, goto, login, mainText, setClock, shot, submit, users, accessible } from "../lib.mjs";

export const scenarios = [
  ["a clerk logs in after a wrong password and lands on the receipt page", async ({ person }) => {
    setClock("2026-03-02T07:45:00+07:00");
    const p = await person();
    await goto(p, "/ho-so");
    check(p.url().includes("/dang-nhap?next=%2Fho-so"), `not sent to the login page: ${p.url()}`);
    await accessible(p, "the login page");
    await p.type("#login", users.clerk.login);
    await p.type("#password", "not-the-password");
    p.expectedErrors.push(/401/);
    await submit(p, "button[type=submit]");
    check((await mainText(p)).includes("Tên đăng nhập hoặc mật khẩu không đúng"), "no wrong-password message");
    check(await p.$eval("#login", (e) => e.value) === users.clerk.login, "the login was not kept in the form");
    await shot(p, "login-wrong-password");
    await p.type("#password", users.clerk.password);
    await submit(p, "button[type=submit]");
    check(p.url().endsWith("/ho-so"), `not back to the page asked for: ${p.url()}`);
    await goto(p, "/");
    check(p.url().endsWith("/tiep-nhan"), `a clerk starts at ${p.url()}`);
    await shot(p, "clerk-home");
    await submit(p, "form[action='/dang-xuat'] button");
    check(p.url().includes("/dang-nhap"), "logout did not go to the login page");
    await goto(p, "/ho-so");
    check(p.url().includes("/dang-nhap"), "the session outlived its logout");
  }],
  ["five wrong passwords lock the account, in Vietnamese", async ({ person }) => {
    const p = await person();
    p.expectedErrors.push(/401/, /429/);
    for (let i = 0; i < 5; i++) {
      await goto(p, "/dang-nhap");
      await p.type("#login", users.clerk2.login);
      await p.type("#password", "wrong-" + i);
      await submit(p, "button[type=submit]");
    }
    await goto(p, "/dang-nhap");
    await p.type("#login", users.clerk2.login);
    await p.type("#password", users.clerk2.password);
    await submit(p, "button[type=submit]");
    const t = await mainText(p);
    check(t.includes("Tài khoản tạm khóa"), `no lockout message: ${t}`);
    await shot(p, "login-locked");
  }],
  ["each role starts on its own page", async ({ person }) => {
    const starts = { specialist: "/ho-so", head: "/ho-so", leader: "/van-phong", office: "/van-phong", auditor: "/ho-so" };
    for (const [key, where] of Object.entries(starts)) {
      const p = await person();
      await login(p, key);
      check(p.url().endsWith(where), `${key} starts at ${p.url()}, expected ${where}`);
    }
  }],
];
