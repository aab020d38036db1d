/**
 * Lays out the print HTML with Paged.js and reads back what happened: how many pages, which
 * article parts begin on each page, and how far down the page each part's text reaches. The
 * fitting, the manifest, the TOC check and the EPUB's page-list all come from this, never from
 * a guess.
 */
import type { PrinterLike } from "./browser.js";

type Page = Awaited<ReturnType<PrinterLike["render"]>>;

export interface Fragment {
  article: string;
  part: number;
  start: boolean; // the part begins on this page (it is not the continuation of a split)
  bottom: number; // how far down the page area the fragment reaches, 0–1
  head: boolean; // the article's head (title, byline) is on this page
  text: number; // characters of body text (not counting white space or print-only lines) on this page
}

export interface PageInfo {
  page: number; // 1-based, in the rendered document
  articles: string[]; // ids of articles with content on this page
  starts: { article: string; part: number }[]; // article parts that begin on this page
  fragments: Fragment[];
  photos: { id: string; widthMm: number; heightMm: number }[]; // photo frames on this page, as printed
}

export interface Laid {
  page: Page;
  pages: PageInfo[];
  layoutMs: number;
}

export async function layout(printer: PrinterLike, htmlPath: string): Promise<Laid> {
  const t0 = performance.now();
  const page = await printer.render(htmlPath);
  const layoutMs = performance.now() - t0;
  // tsx (esbuild) wraps named inner functions in a __name() helper that the page lacks.
  await page.evaluate("globalThis.__name ??= (f) => f");
  const pages: PageInfo[] = await page.evaluate(() => {
    // Body text as the EPUB has it too: without the jump lines and the placeholders' labels.
    const bodyText = (e: Element) => {
      let n = 0;
      const walk = (node: Node) => {
        if (node.nodeType === Node.TEXT_NODE) n += node.textContent!.replace(/\s+/g, "").length;
        else if (node instanceof Element && !node.matches(".jump-line, .placeholder, svg")) node.childNodes.forEach(walk);
      };
      e.querySelectorAll(".article-body").forEach(walk);
      return n;
    };
    return [...document.querySelectorAll(".pagedjs_page")].map((p, i) => {
      const area = p.querySelector(".pagedjs_area")!.getBoundingClientRect();
      // An empty fragment is what Paged.js leaves behind when a part breaks to the next page.
      const fragments = [...p.querySelectorAll<HTMLElement>("[data-article][data-part]")].filter((e) => e.textContent!.trim() !== "" || e.querySelector("img, svg, .placeholder")).map((e) => ({
        article: e.dataset.article!,
        part: Number(e.dataset.part),
        start: !e.hasAttribute("data-split-from"),
        bottom: Math.max(0, Math.min(1, (e.getBoundingClientRect().bottom - area.top) / area.height)),
        head: !!e.querySelector(".article-head"),
        text: bodyText(e),
      }));
      return {
        page: i + 1,
        articles: [...new Set(fragments.map((f) => f.article))],
        starts: fragments.filter((f) => f.start).map((f) => ({ article: f.article, part: f.part })),
        fragments,
        photos: [...p.querySelectorAll<HTMLElement>("figure.photo[id]")].map((f) => {
          const r = f.querySelector(".photo-frame")!.getBoundingClientRect();
          return { id: f.id, widthMm: (r.width * 25.4) / 96, heightMm: (r.height * 25.4) / 96 };
        }),
      };
    });
  });
  return { page, pages, layoutMs };
}

/** Chromium's PDF of a laid-out document; closes the page. */
export async function printPdf(laid: Laid): Promise<{ pdf: Uint8Array; pdfMs: number }> {
  const t0 = performance.now();
  try {
    const pdf = await laid.page.pdf({ printBackground: true, preferCSSPageSize: true, timeout: 0, margin: { top: 0, right: 0, bottom: 0, left: 0 } });
    return { pdf, pdfMs: performance.now() - t0 };
  } finally {
    await laid.page.close();
  }
}

export async function layoutAndPrint(printer: PrinterLike, htmlPath: string) {
  const laid = await layout(printer, htmlPath);
  const { pdf, pdfMs } = await printPdf(laid);
  return { pages: laid.pages, layoutMs: laid.layoutMs, pdf, pdfMs };
}
