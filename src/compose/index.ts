/**
 * Compose: Handlebars templates (templates/) + the issue view → the paged-media HTML that
 * Paged.js lays out. Templates are read fresh on every call, so a designer's edit shows at once.
 */
import Handlebars from "handlebars";
import { readFileSync, readdirSync } from "node:fs";
import { join, basename } from "node:path";
import { designDir } from "../paths.js";
import type { IssueView, ArticleView } from "./view.js";
import { qrSvg } from "../assets/qr.js";
import { periodicalBarcode } from "../assets/barcode.js";
import { placeholderHtml } from "../markdown/render-directives.js";


function engine(dir: string): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("join", (list: string[], sep: string) => (list ?? []).join(typeof sep === "string" ? sep : " "));
  hb.registerHelper("isLastPart", (a: ArticleView, part: number) => (a.continuedPage ? part === 2 : part === 1));
  hb.registerHelper("tocSections", (view: IssueView) => tocSections(view));
  hb.registerHelper("tocPages", (view: IssueView) => tocPages(view));
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".hbs")))
    hb.registerPartial(basename(f, ".hbs"), readFileSync(join(dir, f), "utf8"));
  return hb;
}

export interface TocEntry {
  id: string;
  title: string;
  authors?: string;
  page: number;
}

/** The 目录: sections in issue.yaml's order, each with its interior articles that the TOC lists. */
export function tocSections(view: IssueView): { name: string; feature?: string; entries: TocEntry[] }[] {
  const out: { name: string; feature?: string; entries: TocEntry[] }[] = [];
  for (const s of view.issue.data.sections) {
    const entries = view.articles
      .filter((a) => a.section === s.name && typeof a.plannedPage === "number" && a.tocTitle !== false)
      .map((a) => ({ id: a.id, title: (a.tocTitle as string | undefined) ?? a.title, authors: a.tocAuthors, page: a.plannedPage as number }));
    if (entries.length) out.push({ name: s.name, feature: s.feature, entries });
  }
  return out;
}

/**
 * Per-build layout values as CSS: each photo's proportions and each article's copy-fitting
 * density. A stylesheet rather than style attributes: Paged.js treats any element with a style
 * attribute as undisplayed and then ignores page breaks next to it.
 */
export function layoutCss(view: IssueView): string {
  const rules = ["/* Written by the build: photo proportions and copy-fitting densities. */"];
  for (const a of view.articles) for (const p of a.photos) rules.push(`#${a.id}-photo-${p.index} { --rw: ${p.ratio[0]}; --rh: ${p.ratio[1]}; }`);
  for (const s of view.slots)
    if (s.article && s.fit) rules.push(`#${s.article.id}${s.part === 2 ? "-part2" : ""} { --fit: ${s.fit}; }`);
  return rules.join("\n") + "\n";
}

/** The 目录's two pages: the feature box and the sections up to half the entries, then the rest. */
export function tocPages(view: IssueView) {
  const sections = tocSections(view);
  const total = sections.reduce((n, s) => n + s.entries.length, 0);
  const first: typeof sections = [];
  const second: typeof sections = [];
  let n = 0;
  for (const s of sections) {
    if (s.feature || n < total / 2) first.push(s);
    else second.push(s);
    if (!s.feature) n += s.entries.length;
  }
  return { first, second };
}

export function composePrintHtml(view: IssueView, stylesheets: string[], which: "interior" | "cover" = "interior"): string {
  const hb = engine(join(designDir(), "templates/print"));
  const template = hb.compile(readFileSync(join(designDir(), `templates/print/${which}.hbs`), "utf8"), { strict: false });
  const d = view.issue.data;
  const barcode = which === "cover" ? periodicalBarcode(d.publication.issn, d.issue.barcode.variant, d.issue.number, d.issue.barcode.magnification) : undefined;
  const imprintQrs = view.issue.data.publication.qr.map((q) => ({ ...q, svg: qrSvg(q.url, `二维码：${q.label}`) }));
  const cover = d.issue.cover;
  const coverPlaceholder = placeholderHtml(`封面照片：${cover.caption ?? ""}（原图待补）`, cover.caption ?? "", "封面图片待补 · placeholder");
  const inside = d.issue.inside_front;
  const insideFrontPlaceholder = inside ? placeholderHtml(`${inside.caption ?? ""}（原图待补）`, inside.caption ?? "") : "";
  return template(
    { ...view, stylesheets, imprintQrs, barcode, cover, coverPlaceholder, insideFrontPlaceholder },
    { allowProtoPropertiesByDefault: false },
  );
}
