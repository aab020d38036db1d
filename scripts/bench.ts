/**
 * `npm run bench`: the reference issue built cold (fresh process, no caches) and warm, next to raw
 * pagedjs-cli on our own print HTML (the honest yardstick for our overhead), with the peak memory
 * of the whole process tree (Chromium's processes included). Prints a table and writes
 * dist/bench.json. Timing is reported, never asserted.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_ARGS, chromiumPath, createPrinter } from "../src/print/browser.js";
import { ROOT, CACHE } from "../src/paths.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Resident memory of a process and all its descendants, in MB (from /proc). */
function treeRssMb(pid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const d of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(fields[1]);
      rss.set(Number(d), (Number(fields[21]) * 4096) / 1048576);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* the process ended meanwhile */
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

async function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ s: number; peakMb: number; code: number }> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRssMb(child.pid!))), 100);
  const code: number = await new Promise((r) => child.on("exit", (c) => r(c ?? 1)));
  clearInterval(timer);
  return { s: (performance.now() - t0) / 1000, peakMb: Math.round(peak), code };
}

/**
 * A synthetic issue of 64 × copies interior pages: the reference issue's articles repeated
 * under new ids, each copy placed 64 pages after the one before. Made on the fly, not committed.
 */
function syntheticIssue(copies: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), `kanwu-scale-${copies * 64}-`)), "issue");
  cpSync(join(ROOT, "issue"), dir, { recursive: true });
  const yaml = readFileSync(join(dir, "issue.yaml"), "utf8");
  const entries: string[] = [];
  for (let k = 1; k < copies; k++) {
    for (const f of readdirSync(join(dir, "articles")).filter((n) => /^\d/.test(n) && !/-k\d+\.md$/.test(n))) {
      const text = readFileSync(join(dir, "articles", f), "utf8");
      const id = /^id: (.+)$/m.exec(text)![1];
      writeFileSync(join(dir, "articles", f.replace(".md", `-k${k}.md`)), text.replace(/^id: .+$/m, `id: ${id}-k${k}`));
    }
    for (const m of yaml.matchAll(/^  - \{ page: (\d+), article: ([a-z0-9-]+)(.*)\}$/gm))
      // Out of the 目录, which keeps its two pages; a continuation stays a continuation.
      if (m[2] !== "contents") entries.push(`  - { page: ${Number(m[1]) + 64 * k}, article: ${m[2]}-k${k}${/part: 2/.test(m[3]) ? ", part: 2" : ", toc: false"} }`);
  }
  // The copies go after page 64 and before the covers.
  const withCopies = yaml.replace(/^(  - \{ page: c3)/m, `${entries.join("\n")}\n$1`).replace(/^  pages: 64/m, `  pages: ${64 * copies}`);
  writeFileSync(join(dir, "issue.yaml"), withCopies);
  return dir;
}

/** The designer's loop: how long a token edit takes to show in the preview, one article and the whole issue. */
async function benchPreview(): Promise<{ article_edit_s: number; issue_edit_s: number }> {
  const design = mkdtempSync(join(tmpdir(), "kanwu-bench-design-"));
  cpSync(join(ROOT, "templates"), join(design, "templates"), { recursive: true });
  cpSync(join(ROOT, "styles"), join(design, "styles"), { recursive: true });
  const server = spawn(process.execPath, [join(ROOT, "bin/kanwu.mjs"), "preview", "issue", "--port", "0"], { cwd: ROOT, env: { ...process.env, KANWU_DESIGN: design } });
  const url = await new Promise<string>((resolve) => {
    let out = "";
    server.stdout!.on("data", (d) => {
      out += d;
      const m = /preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  const printer = await createPrinter(design);
  const browser = (printer as unknown as { browser: import("puppeteer").Browser }).browser;
  const tokens = join(design, "styles/tokens.css");
  const timeEdit = async (address: string, from: string, to: string, rgb: string) => {
    const page = await browser.newPage();
    await page.goto(address);
    await page.waitForFunction(() => document.documentElement.dataset.kanwuReady === "1", { timeout: 120_000 });
    const t0 = performance.now();
    writeFileSync(tokens, readFileSync(tokens, "utf8").replace(from, to));
    await page.waitForFunction(
      (want) => document.documentElement.dataset.kanwuReady === "1" && getComputedStyle(document.querySelector(".section-label")!).backgroundColor === want,
      { timeout: 120_000 },
      rgb,
    );
    const s = (performance.now() - t0) / 1000;
    await page.close();
    return s;
  };
  try {
    return {
      article_edit_s: await timeEdit(`${url}?article=kekeya`, "--color-accent: #c8161d;", "--color-accent: #1d4ec8;", "rgb(29, 78, 200)"),
      issue_edit_s: await timeEdit(url, "--color-accent: #1d4ec8;", "--color-accent: #c8161d;", "rgb(200, 22, 29)"),
    };
  } finally {
    await printer.close();
    server.kill();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kanwu = (out: string) => run(process.execPath, [join(ROOT, "bin/kanwu.mjs"), "build", "issue", "--out", out]);

async function main() {
  const out = mkdtempSync(join(tmpdir(), "kanwu-bench-"));
  const cold: Awaited<ReturnType<typeof run>>[] = [];
  const warm: Awaited<ReturnType<typeof run>>[] = [];
  const manifests: any[] = [];
  const coldPasses: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(CACHE, { recursive: true, force: true });
    cold.push(await kanwu(out));
    coldPasses.push(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).timings_ms.fit_passes);
    warm.push(await kanwu(out));
    manifests.push(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")));
  }
  if ([...cold, ...warm].some((r) => r.code !== 0)) throw new Error("a build failed");
  // Raw pagedjs-cli on the same print HTML, same pages, same browser.
  const raw: Awaited<ReturnType<typeof run>>[] = [];
  for (let i = 0; i < RUNS; i++)
    raw.push(
      await run(process.execPath, [join(ROOT, "node_modules/pagedjs-cli/src/cli.js"), join(out, "print/interior.html"), "-o", join(out, "raw.pdf"), "--browserArgs", CHROMIUM_ARGS.join(",")], {
        PUPPETEER_EXECUTABLE_PATH: chromiumPath(),
      }),
    );
  // The press PDFs, once.
  const pressRun = await run(process.execPath, [join(ROOT, "bin/kanwu.mjs"), "build", "issue", "--out", out, "--press"]);
  const press_s = pressRun.code === 0 ? JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).timings_ms.press / 1000 : null;
  const preview = await benchPreview();
  // Scaling: synthetic issues of 64, 128 and 256 interior pages, the reference articles repeated.
  const scaling: { pages: number; s: number; s_per_page: number }[] = [];
  for (const copies of [1, 2, 4]) {
    const dir = syntheticIssue(copies);
    // --draft: the copies are not fitted to a real flatplan (their 目录 pages are missing); the
    // figure wanted is the time per page.
    const r = await run(process.execPath, [join(ROOT, "bin/kanwu.mjs"), "build", dir, "--out", join(dir, "dist"), "--draft"]);
    if (!existsSync(join(dir, "dist/manifest.json"))) throw new Error(`the ${copies * 64}-page issue did not build`);
    const pages = JSON.parse(readFileSync(join(dir, "dist/manifest.json"), "utf8")).pages.interior;
    scaling.push({ pages, s: Math.round(r.s * 10) / 10, s_per_page: Math.round((r.s / pages) * 1000) / 1000 });
    rmSync(dir, { recursive: true, force: true });
  }
  const t = (k: string) => median(manifests.map((m) => m.timings_ms[k] ?? 0)) / 1000;
  const m = manifests.at(-1);
  const print_s = t("layout") + t("page_pdf") + t("cover") + t("pdf_finish") + t("reader_pdf");
  const bench = {
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    runs: RUNS,
    pages: m.pages,
    build_s: median(cold.map((r) => r.s)),
    build_warm_s: median(warm.map((r) => r.s)),
    print_s,
    raw_pagedjs_s: median(raw.map((r) => r.s)),
    epub_s: t("epub"),
    press_s,
    tree_peak_mb: Math.max(...cold.map((r) => r.peakMb), ...warm.map((r) => r.peakMb)),
    raw_tree_peak_mb: Math.max(...raw.map((r) => r.peakMb)),
    fit_passes_cold: coldPasses,
    stages_ms_warm: m.timings_ms,
    sizes_kb: Object.fromEntries(
      Object.entries(m.outputs as Record<string, string>)
        .filter(([, f]) => f.includes("."))
        .map(([k, f]) => [k, Math.round(statSync(join(out, f)).size / 1024)]),
    ),
    scaling,
    preview,
  };
  mkdirSync(join(ROOT, "dist"), { recursive: true });
  writeFileSync(join(ROOT, "dist/bench.json"), JSON.stringify(bench, null, 2) + "\n");
  const rows: [string, string][] = [
    ["machine", `${bench.machine.cores} cores, ${bench.machine.cpu}`],
    ["pages", `interior ${m.pages.interior}, cover ${m.pages.cover}, reader ${m.pages.reader}`],
    ["kanwu build, cold (median)", `${bench.build_s.toFixed(1)} s`],
    ["kanwu build, warm (median)", `${bench.build_warm_s.toFixed(1)} s`],
    ["  fit passes, cold", bench.fit_passes_cold.join(", ")],
    ...Object.entries(m.timings_ms as Record<string, number>).map(([k, v]): [string, string] => [`  ${k} (warm)`, k === "fit_passes" ? String(v) : `${v} ms`]),
    ["print PDFs (interior + cover + reader)", `${print_s.toFixed(1)} s`],
    ["raw pagedjs-cli, same HTML (median)", `${bench.raw_pagedjs_s.toFixed(1)} s`],
    ["EPUB", `${bench.epub_s.toFixed(1)} s`],
    ["preview: a token edit shows, one article", `${preview.article_edit_s.toFixed(1)} s`],
    ["preview: a token edit shows, whole issue", `${preview.issue_edit_s.toFixed(1)} s`],
    ["press PDF/X (interior + cover)", press_s === null ? "failed" : `${press_s.toFixed(1)} s`],
    ...scaling.map((x): [string, string] => [`  ${x.pages} pages, cold`, `${x.s} s (${(x.s_per_page * 1000).toFixed(0)} ms a page)`]),
    ["process tree peak (kanwu / raw)", `${bench.tree_peak_mb} MB / ${bench.raw_tree_peak_mb} MB`],
    ...Object.entries(bench.sizes_kb).map(([k, v]): [string, string] => [`  ${k}`, `${v} KB`]),
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
  console.log(`\nwritten: dist/bench.json`);
  rmSync(out, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
