/**
 * Copy fitting: every flatplan group (the articles that start on one planned page) must fill
 * exactly the pages up to the next group's page. Each group has one density, `--fit`, from -1
 * (tighter) to +1 (looser); the print styles map it to body size, leading, tracking and photo
 * crop within the bounds declared in styles/tokens.css. Groups are independent (each starts on
 * a new page), so one layout pass measures them all; a few passes converge.
 */
import type { FlatplanSlot } from "../compose/view.js";
import type { PageInfo } from "./layout.js";

export interface FitGroup {
  start: number; // planned first page
  span: number; // planned number of pages
  slots: FlatplanSlot[];
  members: { article: string; part: number }[];
  fixed: boolean; // generated pages (目录) are not fitted
  d: number;
  lo: number; // bracket of densities: the answer lies in [lo, hi]
  hi: number;
  history: { d: number; length: number }[];
}

/** Planned pages of each group: from its page to the next group's page (or past the last page). */
export function fitGroups(slots: FlatplanSlot[], pageCount: number): FitGroup[] {
  const groups: FitGroup[] = [];
  for (const s of slots) {
    const page = s.page as number;
    let g = groups.at(-1);
    if (!g || g.start !== page) {
      g = { start: page, span: 0, slots: [], members: [], fixed: false, d: 0, lo: -1, hi: 1, history: [] };
      groups.push(g);
    }
    g.slots.push(s);
    g.members.push({ article: s.kind === "contents" ? "contents" : s.article!.id, part: s.part });
    if (s.kind === "contents") g.fixed = true;
  }
  groups.forEach((g, i) => (g.span = (groups[i + 1]?.start ?? pageCount + 1) - g.start));
  return groups;
}

/** How many pages a group took: whole pages, plus the filled part of its last page. */
export function measure(pages: PageInfo[], g: FitGroup): { first: number; last: number; length: number } | undefined {
  const mine = (f: { article: string; part: number }) => g.members.some((m) => m.article === f.article && m.part === f.part);
  const onPages = pages.filter((p) => p.fragments.some(mine));
  if (!onPages.length) return undefined;
  const first = onPages[0].page;
  const last = onPages.at(-1)!.page;
  const fill = Math.max(...onPages.at(-1)!.fragments.filter(mine).map((f) => f.bottom));
  return { first, last, length: last - first + fill };
}

// A last page filled to between 70% and 100% counts as fitted.
const LOOSE = 0.3;
const TARGET = 0.12; // aim for the last page 88% full

export type Verdict = "fits" | "short" | "overset" | "underset" | "adjust";

export function verdict(g: FitGroup, length: number): Verdict {
  if (length <= g.span && length >= g.span - LOOSE) return "fits";
  if (length > g.span) return g.d <= -1 ? "overset" : "adjust";
  if (length <= g.span - 1) return g.d >= 1 ? "underset" : "adjust";
  return g.d >= 1 ? "short" : "adjust"; // the last page not quite full, at the loosest setting
}

/** The next density to try: secant on the last two measurements, kept inside the bracket. */
export function nextDensity(g: FitGroup, length: number): number {
  g.history.push({ d: g.d, length });
  const target = g.span - TARGET;
  if (length > g.span) g.hi = Math.min(g.hi, g.d);
  else g.lo = Math.max(g.lo, g.d);
  const h = g.history;
  let slope = 0.25 * Math.max(length, 0.3); // a first guess: the levers move the length by about ±25%
  if (h.length >= 2) {
    const [a, b] = h.slice(-2);
    if (b.d !== a.d && (b.length - a.length) / (b.d - a.d) > 0.02) slope = (b.length - a.length) / (b.d - a.d);
  }
  let d = g.d + (target - length) / slope;
  const eps = 0.02;
  if (d <= g.lo) d = g.lo === -1 ? -1 : (g.lo + g.d) / 2 + eps;
  if (d >= g.hi) d = g.hi === 1 ? 1 : (g.hi + g.d) / 2 - eps;
  return Math.max(-1, Math.min(1, Math.round(d * 1000) / 1000));
}
