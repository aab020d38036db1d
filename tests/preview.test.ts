// The designer's loop, in a real headless Chromium: the preview shows the pages, a token changed
// in a copy of the design shows without a manual reload, a bad save shows the overlay and a good
// one clears it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { ROOT, copyIssue } from "./helpers/issue-copy.js";
import { createPrinter, type PrinterLike } from "../src/print/browser.js";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

let design: string;
let server: ChildProcess;
let url: string;
let printer: PrinterLike;

beforeAll(async () => {
  design = mkdtempSync(join(tmpdir(), "kanwu-design-"));
  cpSync(join(ROOT, "templates"), join(design, "templates"), { recursive: true });
  cpSync(join(ROOT, "styles"), join(design, "styles"), { recursive: true });
  const port = await freePort();
  server = spawn(process.execPath, [join(ROOT, "bin/kanwu.mjs"), "preview", copyIssue(), "--port", String(port)], { cwd: ROOT, env: { ...process.env, KANWU_DESIGN: design } });
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (d) => {
      out += d;
      const m = /preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`preview exited ${code}: ${out}`)));
  });
  printer = await createPrinter(design);
});

afterAll(async () => {
  server?.kill();
  await printer?.close();
});

describe("kanwu preview", () => {
  it("shows the pages, follows a token change and shows and clears the error overlay", async () => {
    const browser = (printer as unknown as { browser: import("puppeteer").Browser }).browser;
    const page = await browser.newPage();
    await page.goto(`${url}?article=kekeya`);
    const ready = () => page.waitForFunction(() => document.documentElement.dataset.kanwuReady === "1" && document.querySelectorAll(".pagedjs_page").length > 0, { timeout: 30_000 });
    await ready();
    const accent = () => page.evaluate(() => getComputedStyle(document.querySelector(".section-label")!).backgroundColor);
    expect(await accent()).toBe("rgb(200, 22, 29)");
    expect(await page.evaluate(() => document.querySelectorAll(".pagedjs_page").length)).toBe(3); // 柯柯牙, pp. 47–49

    // A designer changes a token: the open page reloads by itself and shows it.
    const tokens = join(design, "styles/tokens.css");
    const t0 = performance.now();
    writeFileSync(tokens, readFileSync(tokens, "utf8").replace("--color-accent: #c8161d;", "--color-accent: #1d4ec8;"));
    await page.waitForFunction(() => {
      const el = document.querySelector(".section-label");
      return document.documentElement.dataset.kanwuReady === "1" && el && getComputedStyle(el).backgroundColor === "rgb(29, 78, 200)";
    }, { timeout: 30_000 });
    console.log(`preview: a token change showed in ${Math.round(performance.now() - t0)} ms`);

    // A bad save: the overlay says what is wrong; the next good save clears it.
    const template = join(design, "templates/print/article.hbs");
    const good = readFileSync(template, "utf8");
    writeFileSync(template, good + "\n{{#if}}\n");
    await page.waitForSelector("#kanwu-overlay", { timeout: 30_000 });
    expect(await page.$eval("#kanwu-overlay", (e) => e.textContent)).toMatch(/if/i);
    writeFileSync(template, good);
    await page.waitForFunction(() => !document.getElementById("kanwu-overlay") && document.documentElement.dataset.kanwuReady === "1", { timeout: 30_000 });
    expect(await accent()).toBe("rgb(29, 78, 200)");
    await page.close();
  });
});
