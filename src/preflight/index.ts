/**
 * `kanwu check` (also the last step of every build): runs the checks on what was built and
 * writes dist/preflight.json, a readable dist/preflight.html, and the proofs: a picture of
 * every page (dist/pages/) and the spreads as the bound magazine shows them (dist/proof.html).
 */
import { readFileSync, writeFileSync, mkdirSync, rmSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Manifest } from "../build.js";
import type { Issue } from "../content/load.js";
import { ALL_CHECKS, type Check, type Context } from "./checks.js";
import { loadFaces, fontConfig } from "../assets/fonts.js";
import { coverageProblems } from "../assets/coverage.js";
import { xml } from "../epub/index.js";

const run = promisify(execFile);

export interface Preflight {
  errors: number;
  warnings: number;
  checks: Check[];
}

async function coverage(ctx: Context): Promise<Check[]> {
  const faces = loadFaces();
  const fallback = faces.find((f) => f.family === fontConfig().fallback && f.weight === 400)!;
  const sources = [
    { file: ctx.issue.file, text: readFileSync(join(ctx.issue.dir, "issue.yaml"), "utf8"), firstLine: 1 },
    ...ctx.issue.articles.map((a) => ({ file: a.file, text: readFileSync(a.file, "utf8"), firstLine: 1 })),
  ];
  const gaps = coverageProblems(sources, fallback);
  return gaps.length
    ? gaps.map((g) => ({ id: "fonts.coverage", status: "fail" as const, message: g.message, file: `${g.file}:${g.line}` }))
    : [{ id: "fonts.coverage", status: "pass", message: `every character of the issue has a glyph in ${fallback.family}` }];
}

/** Pictures of every page and the spreads: 封一 alone, 封二 + 1, 2 + 3, …, N + 封三, 封四 alone. */
async function proofs(dist: string, manifest: Manifest): Promise<void> {
  const dir = join(dist, "pages");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await Promise.all([
    run("pdftoppm", ["-r", "24", "-png", join(dist, manifest.outputs.interior), join(dir, "p")]),
    run("pdftoppm", ["-r", "24", "-png", join(dist, manifest.outputs.cover), join(dir, "c")]),
  ]);
  const files = readdirSync(dir).sort();
  const interior = files.filter((f) => f.startsWith("p-"));
  const cover = files.filter((f) => f.startsWith("c-"));
  const img = (f: string | undefined, label: string) => (f ? `<figure><img src="pages/${f}" alt="${label}"/><figcaption>${label}</figcaption></figure>` : `<figure class="empty"></figure>`);
  const seq = [img(cover[1], "封二"), ...interior.map((f, i) => img(f, String(i + 1))), img(cover[2], "封三")];
  const spreads = [`<div class="spread">${img(undefined, "")}${img(cover[0], "封一")}</div>`];
  for (let i = 0; i < seq.length; i += 2) spreads.push(`<div class="spread">${seq[i]}${seq[i + 1] ?? img(undefined, "")}</div>`);
  spreads.push(`<div class="spread">${img(cover[3], "封四")}${img(undefined, "")}</div>`);
  writeFileSync(
    join(dist, "proof.html"),
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"/><title>${xml(manifest.title)} 校样</title>
<style>body{font-family:sans-serif;background:#777;margin:1em}h1{color:#fff;font-size:1.2em}.spreads{display:flex;flex-wrap:wrap;gap:18px}.spread{display:flex;background:#555;padding:4px}figure{margin:0;width:200px}figure img{width:200px;display:block;background:#fff}figcaption{color:#eee;font-size:11px;text-align:center}</style></head>
<body><h1>${xml(manifest.title)} — 校样（按装订后的对页排列） · <a style="color:#fff" href="preflight.html">预检报告</a></h1><div class="spreads">${spreads.join("\n")}</div></body></html>`,
  );
}

function html(manifest: Manifest, p: Preflight): string {
  const row = (c: Check) =>
    `<tr class="${c.status}"><td>${c.status === "pass" ? "✓" : c.status === "warn" ? "!" : "✗"}</td><td>${xml(c.id)}</td><td>${xml(c.message)}</td><td>${c.page ?? ""}</td><td>${xml(c.file ?? "")}</td></tr>`;
  const order = { fail: 0, warn: 1, pass: 2 };
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"/><title>${xml(manifest.title)} 预检报告</title>
<style>body{font-family:sans-serif;margin:2em;max-width:75em}table{border-collapse:collapse;width:100%}td{border-bottom:1px solid #ddd;padding:3px 6px;font-size:14px;vertical-align:top}tr.fail td{background:#fde2e2}tr.warn td{background:#fff6d6}.sum{font-size:1.2em}</style></head>
<body><h1>${xml(manifest.title)} — preflight</h1>
<p class="sum">${p.errors} errors, ${p.warnings} warnings, ${p.checks.length} checks · <a href="proof.html">proofs: every page, as spreads</a></p>
<table><tr><th></th><th>check</th><th>result</th><th>page</th><th>file</th></tr>
${[...p.checks].sort((a, b) => order[a.status] - order[b.status]).map(row).join("\n")}
</table></body></html>`;
}

export async function preflight(dist: string, issue: Issue): Promise<Preflight> {
  const manifest: Manifest = JSON.parse(readFileSync(join(dist, "manifest.json"), "utf8"));
  const ctx: Context = { dist, manifest, issue, out: (key) => join(dist, manifest.outputs[key]) };
  const results = await Promise.all([...ALL_CHECKS, coverage].map((c) => c(ctx)));
  await proofs(dist, manifest);
  for (const f of readdirSync(dist).filter((n) => n.startsWith(".preflight-"))) rmSync(join(dist, f), { force: true });
  const checks = results.flat();
  const p: Preflight = { errors: checks.filter((c) => c.status === "fail").length, warnings: checks.filter((c) => c.status === "warn").length, checks };
  writeFileSync(join(dist, "preflight.json"), JSON.stringify(p, null, 2) + "\n");
  writeFileSync(join(dist, "preflight.html"), html(manifest, p));
  manifest.outputs.preflight = "preflight.json";
  manifest.outputs.preflightReport = "preflight.html";
  manifest.outputs.proof = "proof.html";
  writeFileSync(join(dist, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return p;
}

/** A few lines for the terminal: the counts, then every error and warning, grouped. */
export function summary(p: Preflight, dist: string): string {
  const lines = [`preflight: ${p.errors} errors, ${p.warnings} warnings, ${p.checks.length} checks — ${relative(process.cwd(), join(dist, "preflight.html"))}`];
  const byId = new Map<string, Check[]>();
  for (const c of p.checks.filter((c) => c.status !== "pass")) byId.set(`${c.status} ${c.id}`, [...(byId.get(`${c.status} ${c.id}`) ?? []), c]);
  for (const [key, cs] of byId) lines.push(`  ${key}: ${cs.length === 1 ? cs[0].message : `${cs.length}×, e.g. ${cs[0].message}`}`);
  return lines.join("\n");
}
