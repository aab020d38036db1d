/**
 * The EPUB 3: one XHTML document per article (the jump rejoined), built by epub-gen-memory with
 * our own package template (language zh-CN, a stable identifier, fixed dates).
 */
import epubModule from "epub-gen-memory";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { IssueView, ArticleView } from "../compose/view.js";
import { ROOT } from "../compose/index.js";
import { qrSvg } from "../assets/qr.js";

// Under ESM the package's function is the module's default (or its default's default).
type EpubFn = (options: Record<string, unknown>, content: { title: string; content: string; filename: string }[]) => Promise<Buffer>;
const epub = ((epubModule as unknown as { default?: EpubFn }).default ?? epubModule) as unknown as EpubFn;

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export interface EpubInput {
  view: IssueView;
  workDir: string; // where placeholder and QR images are written for the packer to read
  date: Date;
  kaiFont: Buffer; // subset of the kai face (captions, notes)
}

export function epubIdentifier(view: IssueView): string {
  const d = view.issue.data;
  return `urn:issn:${d.publication.issn}:${d.issue.year}-${String(d.issue.number).padStart(2, "0")}`;
}

function placeholderSvg(ratio: [number, number]): string {
  const w = 600;
  const h = Math.round((w * ratio[1]) / ratio[0]);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="${w}" height="${h}" fill="#e6e6e6"/><path d="M0 0L${w} ${h}M${w} 0L0 ${h}" stroke="#bbb" stroke-width="2"/></svg>`;
}

function chapterHtml(a: ArticleView): string {
  const head = [
    `<p class="section-label">${xml(a.section)}</p>`,
    `<h1>${xml(a.title)}</h1>`,
    a.subtitle ? `<p class="subtitle">——${xml(a.subtitle)}</p>` : "",
    ...a.decks.map((d) => `<p class="deck">${xml(d)}</p>`),
    a.byline ? `<p class="byline">${xml(a.byline)}</p>` : "",
    ...a.bylineNote.map((n) => `<p class="byline-note">${xml(n)}</p>`),
    a.interview ? `<p class="byline">${xml(a.interview)}</p>` : "",
  ].join("");
  const tail = [a.closing ? `<p class="closing">${xml(a.closing)}</p>` : "", a.editor ? `<p class="editor-tag">${xml(a.editor)}</p>` : ""].join("");
  return `<header>${head}</header>${a.parts.join("")}${tail}`;
}

export async function buildEpub({ view, workDir, date, kaiFont }: EpubInput): Promise<Buffer> {
  const d = view.issue.data;
  mkdirSync(workDir, { recursive: true });
  const fontPath = join(workDir, "kai-400.ttf");
  writeFileSync(fontPath, kaiFont);
  const title = `《${d.publication.title}》${view.issueLabel}`;
  const opf = readFileSync(join(ROOT, "templates/epub/content.opf.ejs"), "utf8")
    .replace("{{identifier}}", xml(epubIdentifier(view)))
    .replace("{{modified}}", date.toISOString().replace(/\.\d+Z$/, "Z"))
    .replace("{{year}}", String(d.issue.year));
  const ncx = readFileSync(join(ROOT, "templates/epub/toc.ncx.ejs"), "utf8").replaceAll("{{identifier}}", xml(epubIdentifier(view)));
  const chapters = view.articles.map((a) => ({
    title: a.title,
    content: chapterHtml(a),
    filename: `${a.id}.xhtml`,
  }));
  return epub(
    {
      title,
      author: [d.publication.publisher],
      publisher: d.publication.publisher,
      description: `${title}（总第${d.issue.total}期）`,
      lang: "zh-CN",
      date: d.issue.date,
      tocTitle: "目录",
      prependChapterTitles: false,
      css: readFileSync(join(ROOT, "styles/epub.css"), "utf8"),
      fonts: [{ filename: "kai-400.ttf", url: pathToFileURL(fontPath).href }],
      contentOPF: opf,
      tocNCX: ncx,
      version: 3,
      verbose: false,
      ignoreFailedDownloads: false,
    },
    chapters,
  );
}

/** Writes the images an EPUB chapter refers to (placeholders, QR codes) and returns file URLs. */
export function epubImageWriters(workDir: string) {
  mkdirSync(workDir, { recursive: true });
  return {
    imageUrl(photo: { src?: string; ratio: [number, number]; articleId: string; index: number }, issueDir: string): string {
      if (photo.src) return pathToFileURL(join(issueDir, photo.src)).href;
      const p = join(workDir, `${photo.articleId}-ph-${photo.index}.svg`);
      writeFileSync(p, placeholderSvg(photo.ratio));
      return pathToFileURL(p).href;
    },
    qrUrl(qr: { url: string; articleId: string; index: number; text: string[] }): string {
      const p = join(workDir, `${qr.articleId}-qr-${qr.index}.svg`);
      writeFileSync(p, qrSvg(qr.url, qr.text.join(" ")));
      return pathToFileURL(p).href;
    },
  };
}
