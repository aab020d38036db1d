/**
 * The interior: lays the issue out, fits every flatplan group to its planned pages (a few passes
 * of Paged.js in the same browser), and checks the result against the flatplan. Overset and
 * underset groups are reported by name and page instead of shifting the rest of the issue.
 */
import { writeFileSync, readFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { CACHE } from "../paths.js";
import type { IssueView } from "../compose/view.js";
import type { Problem } from "../content/errors.js";
import type { PrinterLike } from "./browser.js";
import { layout, type Laid } from "./layout.js";
import { fitGroups, measure, nextDensity, verdict, type FitGroup, type Verdict } from "./fit.js";

// Densities found by earlier builds, so that a warm build lays the issue out once.
const DENSITY_CACHE = join(CACHE, "fit.json");
export function readDensities(): Map<string, number> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(DENSITY_CACHE, "utf8"))));
  } catch {
    return new Map();
  }
}
export function writeDensities(m: Map<string, number>): void {
  mkdirSync(dirname(DENSITY_CACHE), { recursive: true });
  writeFileSync(DENSITY_CACHE, JSON.stringify(Object.fromEntries(m), null, 1));
}

/** Reproducible dates: SOURCE_DATE_EPOCH when set, else the issue's publishing date. */

export const MAX_FIT_PASSES = 6;

export interface FitReport {
  pages: string; // planned, like "14–15"
  articles: string[];
  density: number;
  length: number | null; // pages taken, with the last page's fill
  printed: string | null; // the pages it really took
  verdict: Verdict | "missing";
}

export interface Interior {
  laid: Laid;
  fit: FitReport[];
  passes: number;
  problems: Problem[];
}

const range = (a: number, n: number) => (n <= 1 ? `${a}` : `${a}–${a + n - 1}`);

const groupKey = (g: FitGroup) => g.members.map((m) => `${m.article}#${m.part}`).join("+");

/** The flatplan groups with the densities remembered from an earlier build, set on their slots. */
export function applyDensities(view: IssueView, pageCount: number, densities: Map<string, number>): FitGroup[] {
  const groups = fitGroups(view.slots, pageCount);
  for (const g of groups) {
    g.d = g.fixed ? 0 : (densities.get(groupKey(g)) ?? 0);
    for (const s of g.slots) s.fit = g.d;
  }
  return groups;
}

export async function layoutInterior(
  printer: PrinterLike,
  view: IssueView,
  htmlPath: string,
  compose: (view: IssueView) => string,
  pageCount: number,
  densities: Map<string, number>, // remembered from an earlier build: group key → density
): Promise<Interior> {
  const groups = applyDensities(view, pageCount, densities);
  let laid: Laid | undefined;
  let passes = 0;
  let results: { g: FitGroup; length?: number; first?: number; last?: number; v: Verdict | "missing" }[] = [];
  for (;;) {
    for (const g of groups) for (const s of g.slots) s.fit = g.d;
    writeFileSync(htmlPath, compose(view));
    laid = await layout(printer, htmlPath);
    passes++;
    results = groups.map((g) => {
      const m = measure(laid!.pages, g);
      if (!m) return { g, v: "missing" as const };
      return { g, ...m, v: g.fixed ? ("fits" as const) : verdict(g, m.length) };
    });
    const pending = results.filter((r) => r.v === "adjust");
    if (!pending.length || passes >= MAX_FIT_PASSES) {
      // Out of passes: a group within its pages counts as fitted, if not as full as aimed for.
      for (const r of pending) if (r.length! <= r.g.span && r.length! > r.g.span - 1) r.v = "short";
      break;
    }
    for (const r of pending) r.g.d = nextDensity(r.g, r.length!);
    await laid.page.close();
  }
  for (const g of groups) if (!g.fixed) densities.set(groupKey(g), g.d);

  const problems: Problem[] = [];
  const name = (g: FitGroup) => g.slots.map((s) => (s.kind === "contents" ? "目录" : `《${s.article!.title}》`)).join("、");
  const fileOf = (g: FitGroup) => g.slots.find((s) => s.article)?.article?.file ?? view.issue.file;
  for (const r of results) {
    const g = r.g;
    const planned = range(g.start, g.span);
    if (r.v === "overset" || (r.v === "adjust" && r.length! > g.span))
      problems.push({
        file: fileOf(g),
        message: `overset: ${name(g)} planned ${planned}, needs ${range(g.start, Math.ceil(r.length!))} even at the tightest setting (${r.length!.toFixed(2)} pages)`,
        hint: "shorten the text, make a photo smaller or remove one, or give it more pages in the flatplan",
      });
    else if (r.v === "underset" || (r.v === "adjust" && r.length! <= g.span - 1))
      problems.push({
        file: fileOf(g),
        message: `underset: ${name(g)} planned ${planned}, fills only ${range(g.start, Math.ceil(r.length!))} even at the loosest setting (${r.length!.toFixed(2)} of ${g.span} pages)`,
        hint: "add a photo or text, or give it fewer pages in the flatplan",
      });
    else if (g.fixed && r.length !== undefined && Math.ceil(r.length) !== g.span)
      problems.push({ file: view.issue.file, message: `the ${name(g)} takes ${r.length.toFixed(2)} pages; the flatplan gives it ${planned}`, hint: "adjust the flatplan" });
  }
  // Where the groups really start, and pages that carry nothing.
  if (!problems.length) {
    for (const r of results) {
      const m = measure(laid!.pages, r.g);
      if (m && m.first !== r.g.start)
        problems.push({ file: fileOf(r.g), message: `${name(r.g)} starts on page ${m.first}, planned ${r.g.start}`, hint: "check the groups before it" });
    }
    for (const p of laid!.pages)
      if (!p.fragments.length) problems.push({ file: view.issue.file, message: `page ${p.page} is blank`, hint: "a blank page is never printed: check the flatplan" });
    if (laid!.pages.length !== pageCount)
      problems.push({ file: view.issue.file, message: `the interior has ${laid!.pages.length} pages; format.pages says ${pageCount}`, hint: "check the flatplan and format.pages" });
  }
  const fit = results.map((r) => ({
    pages: range(r.g.start, r.g.span),
    articles: r.g.members.map((m) => (m.part === 2 ? `${m.article} (part 2)` : m.article)),
    density: r.g.d,
    length: r.length === undefined ? null : Math.round(r.length * 100) / 100,
    printed: r.first === undefined ? null : range(r.first, r.last! - r.first + 1),
    verdict: r.v,
  }));
  return { laid: laid!, fit, passes, problems };
}
