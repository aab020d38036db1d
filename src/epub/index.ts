/**
 * The EPUB 3: a cover page, then one XHTML document per article in reading order (a jumped
 * article rejoined), built by epub-gen-memory with our own templates (templates/epub): the
 * package (zh-CN, stable identifier, accessibility metadata, cover-image), a nested table of
 * contents with landmarks and the print edition's page-list, and chapters in UTF-8.
 */
import { EPub } from "epub-gen-memory";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { IssueView, ArticleView } from "../compose/view.js";
import { designDir } from "../paths.js";
import { qrSvg } from "../assets/qr.js";
import { insertAtTextOffsets, pageBreakMarkup, type PageMark } from "./page-marks.js";

export const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export interface EpubInput {
  view: IssueView;
  workDir: string; // where the cover, placeholder and QR images are written for the packer
  date: Date;
  kaiFont: Buffer; // subset of the kai face (captions, notes)
  marks: PageMark[]; // where each printed page begins
  coverImage: string; // path of the cover picture (rendered from the print cover)
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

function chapterHtml(a: ArticleView, marks: PageMark[]): string {
  const head = [
    `<p class="section-label">${xml(a.section)}</p>`,
    `<h1>${xml(a.title)}</h1>`,
    a.subtitle ? `<p class="subtitle">——${xml(a.subtitle)}</p>` : "",
    ...a.decks.map((d) => `<p class="deck">${xml(d)}</p>`),
    a.byline ? `<p class="byline">${xml(a.byline)}</p>` : "",
    ...a.bylineNote.map((n) => `<p class="byline-note">${xml(n)}</p>`),
    a.interview ? `<p class="byline">${xml(a.interview)}</p>` : "",
  ].join("");
  const mine = marks.filter((m) => m.article === a.id);
  const top = mine.filter((m) => m.at === "top").map((m) => pageBreakMarkup(m.page)).join("");
  const body = insertAtTextOffsets(
    a.parts.join(""),
    mine.filter((m) => m.at !== "top").map((m) => ({ offset: m.at as number, markup: pageBreakMarkup(m.page) })),
  );
  const tail = [a.closing ? `<p class="closing">${xml(a.closing)}</p>` : "", a.editor ? `<p class="editor-tag">${xml(a.editor)}</p>` : ""].join("");
  return `<article aria-labelledby="${a.id}-title">${top}<header>${head.replace("<h1>", `<h1 id="${a.id}-title">`)}</header>${body}${tail}</article>`;
}

/**
 * The navigation document: 目录 by section (栏目) in reading order, landmarks, and the printed
 * pages (page-list) in reading order, which for a jumped article is not the numbers' order.
 */
function navXhtml(view: IssueView, marks: PageMark[], coverFile: string, spine: string[]): string {
  const file = (id: string) => `${id}.xhtml`;
  const sections: { name: string; items: { id: string; title: string }[] }[] = [];
  for (const a of view.articles) {
    if (sections.at(-1)?.name !== a.section) sections.push({ name: a.section, items: [] });
    sections.at(-1)!.items.push({ id: a.id, title: a.title });
  }
  const firstArticle = spine.find((s) => s !== "contents")!;
  const order = (m: PageMark) => [spine.indexOf(m.article), m.at === "top" ? -1 : m.at];
  const inReadingOrder = [...marks].sort((x, y) => {
    const [a, b] = [order(x), order(y)];
    return a[0] - b[0] || a[1] - b[1];
  });
  const toc = sections
    .map((s) => `<li><span>${xml(s.name)}</span><ol>${s.items.map((i) => `<li><a href="${file(i.id)}">${xml(i.title)}</a></li>`).join("")}</ol></li>`)
    .join("\n");
  const pageTarget = (m: PageMark) => (m.article === "contents" ? `toc.xhtml#page-${m.page}` : `${file(m.article)}#page-${m.page}`);
  const pageList = inReadingOrder.map((m) => `<li><a href="${pageTarget(m)}">${m.page}</a></li>`).join("");
  const contentsMarks = marks.filter((m) => m.article === "contents").map((m) => pageBreakMarkup(m.page)).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="zh-CN" lang="zh-CN">
<head><meta charset="UTF-8"/><title>目录</title><link rel="stylesheet" type="text/css" href="style.css"/></head>
<body>
${contentsMarks}
<nav epub:type="toc" id="toc" role="doc-toc"><h1>目录</h1>
<ol>
${toc}
</ol></nav>
<nav epub:type="landmarks" id="landmarks" hidden=""><h2>导航</h2><ol>
<li><a epub:type="cover" href="${coverFile}">封面</a></li>
<li><a epub:type="toc" href="toc.xhtml#toc">目录</a></li>
<li><a epub:type="bodymatter" href="${file(firstArticle)}">正文</a></li>
</ol></nav>
<nav epub:type="page-list" id="page-list" hidden=""><h2>印刷版页码</h2><ol>${pageList}</ol></nav>
</body>
</html>`;
}

/** epub-gen-memory names images with Math.random; a seeded generator gives the same names every build. */
async function withSeededRandom<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  let s = seed >>> 0;
  Math.random = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}

export async function buildEpub({ view, workDir, date, kaiFont, marks, coverImage }: EpubInput): Promise<Buffer> {
  const d = view.issue.data;
  mkdirSync(workDir, { recursive: true });
  const fontPath = join(workDir, "kai-400.ttf");
  writeFileSync(fontPath, kaiFont);
  const title = `《${d.publication.title}》${view.issueLabel}`;
  const id = epubIdentifier(view);
  const coverUrl = pathToFileURL(coverImage).href;
  const template = (name: string) => readFileSync(join(designDir(), "templates/epub", name), "utf8");
  const printSource = `urn:issn:${d.publication.issn}`;
  const opf = template("content.opf.ejs")
    .replace("{{identifier}}", xml(id))
    .replace("{{modified}}", date.toISOString().replace(/\.\d+Z$/, "Z"))
    .replace("{{printSource}}", xml(printSource))
    .replace("{{pageBreakSource}}", `<meta property="pageBreakSource">${xml(printSource)}</meta>`)
    .replace("{{coverUrl}}", coverUrl)
    .replace(
      "{{summary}}",
      xml(
        `本刊电子版与印刷版内容一致，按印刷版阅读顺序编排，附有分栏目的目录、地标导航和与印刷版${d.format.pages ?? ""}页对应的页码。图片均有文字说明；印刷版中暂缺原图的照片以占位图表示，并在替代文本中注明“原图待补”。二维码同时提供可点击的链接。`,
      ),
    );
  const ncx = template("toc.ncx.ejs").replaceAll("{{identifier}}", xml(id));
  const coverFile = "cover.xhtml";
  const contentsEntry = d.flatplan.find((e) => e.article === "contents")?.page;
  const contentsPage = typeof contentsEntry === "number" ? contentsEntry : 0;
  const chapters = [
    {
      title: "封面",
      content: `<section class="cover"><img epub:type="cover" role="doc-cover" src="${coverUrl}" alt="${xml(`${title}封面：${d.issue.cover_lines.join("；")}`)}"/></section>`,
      filename: coverFile,
      beforeToc: true,
      excludeFromToc: true,
    },
    // Articles printed before the 目录 (the 卷首语) come before it here too.
    ...view.articles.map((a) => ({ title: a.title, content: chapterHtml(a, marks), filename: `${a.id}.xhtml`, beforeToc: typeof a.plannedPage === "number" && a.plannedPage < contentsPage })),
  ];
  const spine = [...chapters.filter((c) => c.beforeToc), { filename: "contents" }, ...chapters.filter((c) => !c.beforeToc)]
    .map((c) => c.filename.replace(/\.xhtml$/, ""))
    .filter((f) => f !== "cover");
  const seed = d.issue.year * 100 + d.issue.number;
  // The constructor already names the images (normalising the chapters): seeded too.
  const book = await withSeededRandom(seed, async () => new EPub(
    {
      title,
      author: [d.publication.publisher],
      publisher: d.publication.publisher,
      description: `${title}（总第${d.issue.total}期）`,
      lang: "zh-CN",
      date: d.issue.date,
      tocTitle: "目录",
      prependChapterTitles: false,
      css: readFileSync(join(designDir(), "styles/epub.css"), "utf8"),
      fonts: [{ filename: "kai-400.ttf", url: pathToFileURL(fontPath).href }],
      contentOPF: opf,
      tocNCX: ncx,
      tocXHTML: navXhtml(view, marks, coverFile, spine),
      chapterXHTML: template("chapter.xhtml.ejs"),
      version: 3,
      verbose: false,
      ignoreFailedDownloads: false,
    },
    chapters,
  ));
  return withSeededRandom(seed, async () => {
    await book.render();
    // Fixed dates on every zip entry: the same input gives the same bytes. (genEpub() would
    // render again with fresh dates, so the package is generated here with its settings.)
    const zip = (book as unknown as { zip: { forEach(cb: (path: string, f: { date: Date }) => void): void } }).zip;
    zip.forEach((_p, f) => (f.date = date));
    return book.generateAsync({ type: "nodebuffer", mimeType: "application/epub+zip", compression: "DEFLATE", compressionOptions: { level: 9 } }) as Promise<Buffer>;
  });
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
