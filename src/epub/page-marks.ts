/**
 * Print page numbers inside the EPUB: where each printed page begins, taken from the print
 * layout (which article, and how many characters of its body text came before), and a
 * `pagebreak` marker put at that very character of the article's XHTML.
 */
import type { PageInfo } from "../print/layout.js";

export interface PageMark {
  page: number;
  article: string; // "contents" for the generated 目录 pages
  at: "top" | number; // before the article's head, or before the n-th body character
}

export function pageMarks(pages: PageInfo[]): PageMark[] {
  const seen = new Map<string, number>(); // body characters of each article laid out so far
  const marks: PageMark[] = [];
  for (const p of pages) {
    const first = p.fragments.find((f) => f.text > 0 || f.head || f.article === "contents") ?? p.fragments[0];
    if (first) marks.push({ page: p.page, article: first.article, at: first.head || first.article === "contents" ? "top" : (seen.get(first.article) ?? 0) });
    for (const f of p.fragments) seen.set(f.article, (seen.get(f.article) ?? 0) + f.text);
  }
  return marks;
}

export function pageBreakMarkup(page: number): string {
  return `<span epub:type="pagebreak" role="doc-pagebreak" id="page-${page}" aria-label="${page}"></span>`;
}

/**
 * Inserts markup before the n-th non-white-space character of the text of an HTML fragment
 * (tags skipped, an entity counted as one character). Offsets past the end go at the end.
 */
export function insertAtTextOffsets(html: string, inserts: { offset: number; markup: string }[]): string {
  const todo = [...inserts].sort((a, b) => a.offset - b.offset);
  let out = "";
  let count = 0;
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === "<") {
      const end = html.indexOf(">", i);
      out += html.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    const len = c === "&" ? html.indexOf(";", i) - i + 1 : 1;
    if (!/\s/.test(c)) {
      while (todo.length && todo[0].offset <= count) out += todo.shift()!.markup;
      count++;
    }
    out += html.slice(i, i + len);
    i += len;
  }
  return out + todo.map((t) => t.markup).join("");
}
