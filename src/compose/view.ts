/**
 * The view of an issue that templates see: articles with their bylines and closing lines
 * composed the way the magazine prints them, in flatplan order, their bodies rendered.
 */
import type { Issue, Article } from "../content/load.js";
import { CONTENTS } from "../content/load.js";
import type { PageRefValue } from "../content/schema.js";
import { renderBody, type RenderEnv, type PhotoInfo, type QrInfo } from "../markdown/index.js";
import { Problems } from "../content/errors.js";

export interface ArticleView {
  id: string;
  file: string;
  section: string;
  sectionFeature?: string;
  title: string;
  showTitle: boolean;
  subtitle?: string;
  decks: string[];
  byline?: string;
  bylineNote: string[];
  interview?: string;
  closing?: string; // （作者单位：…） / （作者系…，摘自…） / （摘自…）
  editor?: string; // [编辑：…]
  columns: number;
  parts: string[];
  /** A full-page photo that ends the article: printed after the closing lines, on its own page. */
  trailingPhoto?: string;
  photos: PhotoInfo[];
  qrs: QrInfo[];
  plannedPage: PageRefValue;
  continuedPage?: PageRefValue;
  tocTitle?: string | false;
  tocAuthors?: string;
}

export interface FlatplanSlot {
  page: PageRefValue;
  kind: "contents" | "article";
  article?: ArticleView;
  part: 1 | 2;
  newPage: boolean; // starts a new page (false when it shares the page of the slot before)
  fit?: number; // copy-fitting density, -1 (tight) to +1 (loose); see print/fit.ts
}

export interface IssueView {
  issue: Issue;
  articles: ArticleView[];
  slots: FlatplanSlot[];
  coverSlots: FlatplanSlot[]; // articles on 封三/封四
  title: string; // 党员之友
  issueLabel: string; // 2025年第12期
}

/** Two-character names are printed with a space between the characters (李 明), as the magazine does. */
export function padName(name: string): string {
  return [...name].length === 2 ? [...name].join("\u3000") : name;
}

export function closingLine(a: Article["meta"]): string | undefined {
  const src = a.source;
  if (a.author_note) return `（作者系${a.author_note}${src ? `，${src}` : ""}）`;
  if (a.affiliation) return `（作者单位：${a.affiliation}${src ? ` ${src}` : ""}）`;
  if (src) return `（${src}）`;
  return undefined;
}

export type EnvFactory = (article: Article) => Omit<RenderEnv, "articleId" | "problems" | "photos" | "qrs" | "jumps">;

export function buildView(issue: Issue, target: "print" | "epub", envFor: EnvFactory): IssueView {
  const problems = new Problems();
  const plan = issue.data.flatplan;
  const views = new Map<string, ArticleView>();
  for (const a of issue.articles) {
    const env = { ...envFor(a), articleId: a.meta.id, problems: [], photos: [], qrs: [], jumps: 0 } as RenderEnv;
    const { parts } = renderBody(a.body, env);
    // A full-page photo at the very end goes after the closing lines, which stay with the text.
    const trailing = /(<figure class="photo size-full[^]*?<\/figure>\s*)$/.exec(parts[parts.length - 1]);
    if (trailing && target === "print") parts[parts.length - 1] = parts[parts.length - 1].slice(0, trailing.index);
    for (const p of env.problems) problems.add({ file: a.file, line: a.bodyLine + p.line, message: p.message, hint: p.hint });
    const m = a.meta;
    const first = plan.find((e) => e.article === m.id && e.part === 1)!;
    const second = plan.find((e) => e.article === m.id && e.part === 2);
    const section = issue.data.sections.find((s) => s.name === m.section);
    views.set(m.id, {
      id: m.id,
      file: a.file,
      section: m.section,
      sectionFeature: section?.feature,
      title: m.title,
      showTitle: !m.toc_only_title,
      subtitle: m.subtitle,
      decks: m.decks ?? [],
      byline: m.authors?.length ? m.authors.map(padName).join("\u3000") : undefined,
      bylineNote: m.byline_note ?? [],
      interview: m.interviewer ? `特约通讯员（Q）：${m.interviewer}\u3000受访人（A）：${m.interviewee ?? ""}` : undefined,
      closing: closingLine(m),
      editor: m.editor ? `［编辑：${padName(m.editor)}］` : undefined,
      columns: m.layout.columns,
      parts,
      trailingPhoto: target === "print" ? trailing?.[1] : undefined,
      photos: env.photos,
      qrs: env.qrs,
      plannedPage: first.page,
      continuedPage: second?.page,
      tocTitle: first.toc,
      tocAuthors: first.toc_authors === false ? undefined : (first.toc_authors ?? (m.authors?.length ? m.authors.map(padName).join(" ") : undefined)),
    });
  }
  problems.throwIfAny();
  const slots: FlatplanSlot[] = [];
  const coverSlots = plan
    .filter((e) => typeof e.page === "string" && e.article !== CONTENTS)
    .map((e): FlatplanSlot => ({ page: e.page, kind: "article", article: views.get(e.article)!, part: e.part, newPage: false }));
  let prevPage: PageRefValue | undefined;
  for (const e of plan) {
    if (typeof e.page !== "number") continue; // covers are printed apart from the interior
    const slot: FlatplanSlot =
      e.article === CONTENTS
        ? { page: e.page, kind: "contents", part: 1, newPage: true }
        : { page: e.page, kind: "article", article: views.get(e.article)!, part: e.part, newPage: e.page !== prevPage };
    slots.push(slot);
    prevPage = e.page;
  }
  const d = issue.data;
  return {
    issue,
    articles: plan.filter((e) => e.part === 1 && e.article !== CONTENTS).map((e) => views.get(e.article)!),
    slots,
    coverSlots,
    title: d.publication.title,
    issueLabel: `${d.issue.year}年第${d.issue.number}期`,
  };
}
