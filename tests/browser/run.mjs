// Runs every scenario of scenarios/ in the order of their names, in one
// headless Chromium, and prints a line for each: "ok NAME" or "not ok NAME"
// with why and the screenshot's path. Exits 1 when one failed.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as lib from "./lib.mjs";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "scenarios");
const only = process.argv[2];     // a part of a file's name: run only those
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".mjs") && (!only || f.includes(only))).sort();

let failed = 0, passed = 0;
await lib.launch();
try {
  for (const f of files) {
    const mod = await import(path.join(dir, f));
    for (const [name, fn] of mod.scenarios) {
      const t0 = Date.now();
      const pages = [];
      const ctx = {
        person: async () => { const p = await lib.person(); pages.push(p); return p; },
      };
      try {
        await fn(ctx);
        const errs = pages.flatMap((p) => lib.errors(p));
        if (errs.length) throw new lib.Failure(errs.join("\n  "));
        console.log(`ok ${f}: ${name} (${Date.now() - t0} ms)`);
        passed++;
      } catch (e) {
        failed++;
        console.log(`not ok ${f}: ${name}\n  ${e instanceof lib.Failure ? e.message : e.stack}`);
        for (const p of pages) {
          try { console.log(`  screenshot: ${await lib.shot(p, "FAILED-" + f.replace(/\.mjs$/, ""))}`); } catch { /* closed */ }
          try { console.log(`  at: ${p.url()}`); } catch { /* closed */ }
        }
      } finally {
        for (const p of pages) await p.context_.close().catch(() => {});
      }
    }
  }
} finally {
  await lib.close();
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
