/**
 * `kanwu build`: issue folder → dist/. Each stage takes the previous one's value; outputs are
 * written into a temporary folder inside dist/ and moved into place only when every stage has
 * succeeded, so a failed build leaves the previous good outputs untouched.
 */
import { mkdirSync, writeFileSync, renameSync, rmSync, readFileSync } from "node:fs";
import { join, resolve, relative, dirname } from "node:path";
import type { Issue } from "./content/load.js";
import { ContentError, formatProblem } from "./content/errors.js";
import { buildView } from "./compose/view.js";
import { composePrintHtml, layoutCss } from "./compose/index.js";
import { stagePrint, interiorSheets } from "./compose/stage.js";
import { imageInfo } from "./assets/images.js";
import { preflight, summary, type Preflight } from "./preflight/index.js";
import { preparePrint } from "./print/prepare.js";
import { pressPdf } from "./press/index.js";
import type { PhotoInfo, QrInfo } from "./markdown/index.js";
import { createPrinter } from "./print/browser.js";
import { layout, printPdf, type PageInfo } from "./print/layout.js";
import { pageMarks } from "./epub/page-marks.js";
import { layoutInterior, readDensities, writeDensities, type FitReport } from "./print/interior.js";
import { finishPdf, addCropMarks } from "./print/pdf-finish.js";
import { readerPdf } from "./print/reader.js";
import { buildEpub, epubImageWriters } from "./epub/index.js";

export interface BuildOptions {
  issueDir: string;
  outDir: string;
  log?: (msg: string) => void;
  /** Write the outputs even when the layout does not fit the flatplan (reported as warnings). */
  draft?: boolean;
  /** Crop marks in a slug outside the bleed, on the interior and cover PDFs. */
  marks?: boolean;
  /** Also the press PDFs: PDF/X in CMYK through Ghostscript. */
  press?: boolean;
}

export interface Manifest {
  title: string;
  issue: { year: number; number: number; total: number; date: string };
  outputs: Record<string, string>;
  pages: { interior: number; cover: number; reader: number };
  articles: { id: string; title: string; section: string; file: string; plannedPage: number | string; pages: number[]; startPage?: number; continuedPage?: number; qrs: string[] }[];
  fit: FitReport[];
  blocked: { url: string; reason: string }[]; // requests the renderer refused
  photos: {
    id: string;
    article: string;
    file: string;
    caption: string;
    src: string | null; // null: a placeholder, the artwork is missing
    page: number | string | null;
    printedMm: [number, number] | null;
    pixels: [number, number] | null;
    colour: string | null; // the artwork's colour space, from its header
  }[];
  timings_ms: Record<string, number>;
}

export function buildDate(issue: Issue): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${issue.data.issue.date}T00:00:00Z`);
}

export async function build(opts: BuildOptions): Promise<Manifest & { preflight: Preflight }> {
  const log = opts.log ?? (() => {});
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };
  const issueDir = resolve(opts.issueDir);
  const outDir = resolve(opts.outDir);

  const work = join(outDir, `.kanwu-tmp-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  try {
    // Load, check, render the Markdown, check the glyphs, subset the fonts.
    const { issue, faces, printView, subsets } = await preparePrint(issueDir, join(work, "print"), time);

    // Compose the print HTML: fonts and styles staged, the cover composed; the interior is
    // composed by the fitting, pass by pass.
    const sheets = await time("compose", () => {
      const sheets = stagePrint(join(work, "print"), issue, printView, faces, subsets);
      writeFileSync(join(work, "print/cover.html"), composePrintHtml(printView, sheets, "cover"));
      return sheets;
    });

    // The EPUB's own view (images as files); the book is made once the print layout says where
    // each printed page begins.
    const slug = `${issue.data.publication.slug ?? issue.data.publication.issn}-${issue.data.issue.year}-${String(issue.data.issue.number).padStart(2, "0")}`;
    const date = buildDate(issue);
    const epubDir = join(work, "epub");
    const writers = epubImageWriters(epubDir);
    const kaiFace = faces.find((f) => f.family === "Kanwu Kai")!;
    const epubView = buildView(issue, "epub", () => ({
      target: "epub",
      checkImage: (s: string) => s,
      imageUrl: (p: PhotoInfo) => writers.imageUrl(p, issueDir),
      qrUrl: (q: QrInfo) => writers.qrUrl(q),
    }));

    // Print: Paged.js layout and Chromium's PDF (one browser for the interior and the cover),
    // then boxes and metadata.
    const printer = await time("browser_start", () => createPrinter(work));
    let pages: PageInfo[];
    let pdf: Uint8Array;
    let coverPdf: Uint8Array;
    let coverPages: PageInfo[];
    let fitReport: FitReport[];
    const d = issue.data;
    const pageCount = d.format.pages ?? Math.max(...d.flatplan.map((e) => (typeof e.page === "number" ? e.page : 0)));
    const densities = readDensities();
    try {
      const t0 = performance.now();
      const interior = await layoutInterior(printer, printView, join(work, "print/interior.html"), (v) => {
          writeFileSync(join(work, "print/styles/layout.css"), layoutCss(v));
          return composePrintHtml(v, interiorSheets(sheets), "interior");
        }, pageCount, densities);
      timings.layout = Math.round(performance.now() - t0);
      timings.fit_passes = interior.passes;
      if (interior.problems.length && !opts.draft) {
        await interior.laid.page.close();
        throw new ContentError(interior.problems);
      }
      for (const p of interior.problems) log(`warning (draft): ${formatProblem(p)}`);
      writeDensities(densities);
      for (const b of printer.blocked) log(`warning: the renderer refused ${b.url} (${b.reason}): only files kanwu puts in the build may be loaded`);
      fitReport = interior.fit;
      pages = interior.laid.pages;
      const printed = await printPdf(interior.laid);
      timings.page_pdf = Math.round(printed.pdfMs);
      pdf = printed.pdf;
      const cover = await time("cover", async () => {
        const laid = await layout(printer, join(work, "print/cover.html"));
        // The EPUB's cover picture is the printed front cover.
        const front = await laid.page.$(".pagedjs_page");
        writeFileSync(join(epubDir, "cover.jpg"), await front!.screenshot({ type: "jpeg", quality: 85 }));
        return { pages: laid.pages, ...(await printPdf(laid)) };
      });
      coverPdf = cover.pdf;
      coverPages = cover.pages;
    } finally {
      await printer.close();
    }
    const geometry = { trimWidth: d.format.trim.width, trimHeight: d.format.trim.height, bleed: d.format.bleed };
    const meta = (part: string) => ({
      title: `《${d.publication.title}》${printView.issueLabel}${part}`,
      author: d.publication.publisher,
      subject: `总第${d.issue.total}期 · ISSN ${d.publication.issn} · CN ${d.publication.cn}`,
      keywords: [d.publication.title, printView.issueLabel],
      lang: "zh-CN",
      date,
    });
    const finished = await time("pdf_finish", () => finishPdf(pdf, geometry, meta("")));
    const finishedCover = await finishPdf(coverPdf, geometry, meta(" 封面"));
    const reader = await time("reader_pdf", () => readerPdf(finishedCover, finished, meta(" 阅读版")));
    const forPress = async (bytes: Uint8Array) => (opts.marks ? addCropMarks(bytes, geometry) : bytes);
    const epubBytes = await time("epub", () =>
      buildEpub({ view: epubView, workDir: epubDir, date, kaiFont: subsets.get(kaiFace)!, marks: pageMarks(pages), coverImage: join(epubDir, "cover.jpg") }),
    );

    // Manifest: outputs, page count and every article's printed pages, from the real layout.
    const outputs = { interior: `${slug}.interior.pdf`, cover: `${slug}.cover.pdf`, reader: `${slug}.reader.pdf`, epub: `${slug}.epub`, printHtml: "print/interior.html" };
    const manifest: Manifest = {
      title: `《${d.publication.title}》${printView.issueLabel}`,
      issue: { year: d.issue.year, number: d.issue.number, total: d.issue.total, date: d.issue.date },
      outputs: { ...outputs, manifest: "manifest.json" },
      pages: { interior: pages.length, cover: coverPages.length, reader: pages.length + coverPages.length },
      articles: printView.articles.map((a) => {
        const on = pages.filter((p) => p.articles.includes(a.id)).map((p) => p.page);
        const start = pages.find((p) => p.starts.some((s) => s.article === a.id && s.part === 1))?.page;
        const cont = pages.find((p) => p.starts.some((s) => s.article === a.id && s.part === 2))?.page;
        const qrs = a.qrs.map((q) => q.url);
        return { id: a.id, title: a.title, section: a.section, file: relative(process.cwd(), a.file), plannedPage: a.plannedPage, pages: on, startPage: start, continuedPage: cont, qrs };
      }),
      fit: fitReport,
      blocked: printer.blocked,
      photos: printView.articles.flatMap((a) =>
        a.photos.map((p) => {
          const id = `${a.id}-photo-${p.index}`;
          const at = pages.find((pg) => pg.photos.some((x) => x.id === id));
          const frame = at?.photos.find((x) => x.id === id);
          return {
            id,
            article: a.id,
            file: relative(process.cwd(), a.file),
            caption: p.caption || p.alt,
            src: p.src ?? null,
            page: at?.page ?? (typeof a.plannedPage === "string" ? a.plannedPage : null),
            printedMm: frame ? [Math.round(frame.widthMm * 10) / 10, Math.round(frame.heightMm * 10) / 10] : null,
            pixels: p.src ? ((i) => (i ? [i.width, i.height] : null))(imageInfo(join(issueDir, p.src))) : null,
            colour: p.src ? (imageInfo(join(issueDir, p.src))?.colour ?? null) : null,
          };
        }),
      ),
      timings_ms: timings,
    };
    writeFileSync(join(work, outputs.interior), await forPress(finished));
    writeFileSync(join(work, outputs.cover), await forPress(finishedCover));
    const press: Record<string, string> = {};
    if (opts.press) {
      const p = d.press;
      const settings = { pdfx: p.pdfx, icc: p.icc && resolve(issueDir, p.icc), outputCondition: p.output_condition, inkLimit: p.ink_limit };
      press.press = `${slug}.press.pdf`;
      press.pressCover = `${slug}.press-cover.pdf`;
      await time("press", () =>
        Promise.all([
          pressPdf(join(work, outputs.interior), join(work, press.press), meta("").title, settings, work),
          pressPdf(join(work, outputs.cover), join(work, press.pressCover), meta(" 封面").title, settings, work),
        ]),
      );
      Object.assign(manifest.outputs, press);
      writeFileSync(join(work, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    }
    writeFileSync(join(work, outputs.reader), reader);
    writeFileSync(join(work, outputs.epub), epubBytes);
    writeFileSync(join(work, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

    // Everything succeeded: move the outputs into place (the print HTML's assets go along).
    mkdirSync(outDir, { recursive: true });
    rmSync(join(outDir, "print"), { recursive: true, force: true });
    renameSync(join(work, "print"), join(outDir, "print"));
    for (const f of [outputs.interior, outputs.cover, outputs.reader, outputs.epub, ...Object.values(press), "manifest.json"]) renameSync(join(work, f), join(outDir, f));
    log(`built ${relative(process.cwd(), outDir) || "."}: ${outputs.interior} (${pages.length} pages), ${outputs.cover} (${coverPages.length} pages), ${outputs.reader}, ${outputs.epub}`);
    // The preflight checks what was built, as the print shop will.
    const checked = await time("preflight", () => preflight(outDir, issue));
    log(summary(checked, outDir));
    return { ...manifest, preflight: checked };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
