/**
 * Lays out the print HTML with Paged.js and reads back what happened: how many pages, and on
 * which pages each article (part) starts and runs. The manifest, the TOC check and the EPUB's
 * page-list all come from this, never from a guess.
 */
import type { PrinterLike } from "./browser.js";

export interface PageInfo {
  page: number; // 1-based, in the rendered document
  articles: string[]; // ids of articles with content on this page
  starts: { article: string; part: number }[]; // article parts that begin on this page
}

export interface Layout {
  pages: PageInfo[];
  layoutMs: number;
  pdf: Uint8Array;
  pdfMs: number;
}

export async function layoutAndPrint(printer: PrinterLike, htmlPath: string): Promise<Layout> {
  const t0 = performance.now();
  const page = await printer.render(htmlPath);
  const layoutMs = performance.now() - t0;
  try {
    const pages: PageInfo[] = await page.evaluate(() =>
      [...document.querySelectorAll(".pagedjs_page")].map((p, i) => {
        const els = [...p.querySelectorAll<HTMLElement>("[data-article]")];
        return {
          page: i + 1,
          articles: [...new Set(els.map((e) => e.dataset.article!))],
          starts: els
            .filter((e) => e.dataset.part && !e.hasAttribute("data-split-from"))
            .map((e) => ({ article: e.dataset.article!, part: Number(e.dataset.part) })),
        };
      }),
    );
    const t1 = performance.now();
    const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true, timeout: 0, margin: { top: 0, right: 0, bottom: 0, left: 0 } });
    return { pages, layoutMs, pdf, pdfMs: performance.now() - t1 };
  } finally {
    await page.close();
  }
}
