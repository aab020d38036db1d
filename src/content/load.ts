/**
 * Loads an issue folder into the typed model: issue.yaml and articles/*.md, validated by the one
 * schema, then cross-checked (sections, ids, the flatplan). Every problem found is collected and
 * thrown together, each naming its file and line.
 */
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { ArticleMetaSchema, IssueFileSchema, type ArticleMeta, type IssueFile, type PageRefValue } from "./schema.js";
import { parseYamlSource, type YamlSource } from "./yaml-source.js";
import { zodProblems } from "./zod-problems.js";
import { Problems } from "./errors.js";

export interface Article {
  meta: ArticleMeta;
  body: string;
  file: string; // as shown in messages
  bodyLine: number; // 1-based file line where the body starts
  metaSource: YamlSource;
}

export interface Issue {
  dir: string;
  file: string; // issue.yaml, as shown in messages
  data: IssueFile;
  source: YamlSource;
  articles: Article[];
  byId: Map<string, Article>;
}

const shown = (p: string) => relative(process.cwd(), p) || p;

/** Reads a text file that must be UTF-8; reports the line of the first bad byte otherwise. */
export function readUtf8(path: string, problems: Problems): string | undefined {
  const bytes = readFileSync(path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  } catch {
    const good = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    const bad = good.indexOf("\uFFFD");
    const line = bad < 0 ? 1 : good.slice(0, bad).split("\n").length;
    problems.add({ file: shown(path), line, message: "the file is not UTF-8 text", hint: "save it as UTF-8 (in most editors: Save with encoding → UTF-8)" });
    return undefined;
  }
}

function loadArticle(path: string, problems: Problems): Article | undefined {
  const file = shown(path);
  const text = readUtf8(path, problems);
  if (text === undefined) return undefined;
  const m = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!m) {
    problems.add({ file, line: 1, message: "the article does not start with front matter", hint: "begin the file with a line ---, the fields (id, section, title…), and another line ---" });
    return undefined;
  }
  const metaSource = parseYamlSource(m[1], file, 2);
  metaSource.problems.forEach((p) => problems.add(p));
  if (metaSource.problems.length) return undefined;
  const parsed = ArticleMetaSchema.safeParse(metaSource.data ?? {});
  if (!parsed.success) {
    zodProblems(parsed.error, metaSource, file).forEach((p) => problems.add(p));
    return undefined;
  }
  const bodyLine = m[0].split("\n").length - (m[0].endsWith("\n") ? 1 : 0) + 1;
  const body = text.slice(m[0].length);
  if (!body.trim()) problems.add({ file, line: bodyLine, message: "the article has no text", hint: "write the article's body below the front matter, or remove the file and its flatplan entry" });
  return { meta: parsed.data, body, file, bodyLine, metaSource };
}

/** The flatplan's name for the generated table of contents (目录) and imprint. */
export const CONTENTS = "contents";

const pageKey = (p: PageRefValue) => String(p);

export function loadIssue(dir: string): Issue {
  const problems = new Problems();
  const issuePath = join(dir, "issue.yaml");
  const file = shown(issuePath);
  if (!existsSync(issuePath)) {
    problems.add({ file, message: "there is no issue.yaml in the issue folder", hint: `create ${file} (see docs/content.md), or name the right folder: kanwu build <issueDir>` });
    problems.throwIfAny();
  }
  const text = readUtf8(issuePath, problems);
  problems.throwIfAny();
  const source = parseYamlSource(text!, file);
  source.problems.forEach((p) => problems.add(p));
  problems.throwIfAny();
  const parsed = IssueFileSchema.safeParse(source.data ?? {});
  if (!parsed.success) zodProblems(parsed.error, source, file).forEach((p) => problems.add(p));

  const articlesDir = join(dir, "articles");
  const names = existsSync(articlesDir) ? readdirSync(articlesDir).filter((n) => n.endsWith(".md")).sort() : [];
  if (!names.length) problems.add({ file: shown(articlesDir), message: "no articles (articles/*.md) in the issue", hint: "add the articles as Markdown files in articles/" });
  const articles: Article[] = [];
  for (const n of names) {
    const p = join(articlesDir, n);
    if (!statSync(p).isFile()) continue;
    const a = loadArticle(p, problems);
    if (a) articles.push(a);
  }
  if (!parsed.success) problems.throwIfAny();
  const data = parsed.data!;

  // Cross-checks: ids unique, sections known, the flatplan places every article once.
  const byId = new Map<string, Article>();
  for (const a of articles) {
    if (a.meta.id === CONTENTS)
      problems.add({ file: a.file, line: a.metaSource.lineOf(["id"]), field: "id", message: `the id "${CONTENTS}" is reserved for the generated 目录`, hint: "give the article another id" });
    const other = byId.get(a.meta.id);
    if (other)
      problems.add({ file: a.file, line: a.metaSource.lineOf(["id"]), field: "id", message: `the id "${a.meta.id}" is already used by ${other.file}`, hint: "give each article its own id" });
    else byId.set(a.meta.id, a);
  }
  const sectionNames = data.sections.map((s) => s.name);
  for (const a of articles) {
    if (!sectionNames.includes(a.meta.section))
      problems.add({
        file: a.file,
        line: a.metaSource.lineOf(["section"]),
        field: "section",
        message: `unknown section "${a.meta.section}"`,
        hint: `use one of the sections in issue.yaml: ${sectionNames.join("、")}`,
      });
  }
  const seenPages = new Map<string, number>();
  const placed = new Map<string, Set<number>>();
  data.flatplan.forEach((entry, i) => {
    const line = source.lineOf(["flatplan", i]);
    if (entry.article === CONTENTS) return;
    const a = byId.get(entry.article);
    if (!a) {
      problems.add({ file, line, field: `flatplan[${i}].article`, message: `the flatplan names "${entry.article}", but no article has that id`, hint: "check the id against the articles' front matter" });
      return;
    }
    const parts = placed.get(entry.article) ?? new Set<number>();
    if (parts.has(entry.part)) problems.add({ file, line, field: `flatplan[${i}]`, message: `"${entry.article}" part ${entry.part} is placed twice`, hint: "place each article once (and its continuation with part: 2)" });
    parts.add(entry.part);
    placed.set(entry.article, parts);
    const key = pageKey(entry.page);
    if (typeof entry.page === "string" && seenPages.has(key))
      problems.add({ file, line, field: `flatplan[${i}].page`, message: `cover page ${key} is given to two articles`, hint: "a cover page carries one piece" });
    seenPages.set(key, i);
  });
  for (const a of articles) {
    const parts = placed.get(a.meta.id);
    const hasJump = /^::jump\s*$/m.test(a.body);
    if (!parts?.has(1))
      problems.add({ file: a.file, line: a.metaSource.lineOf(["id"]), field: "id", message: `the article "${a.meta.id}" is not in the flatplan`, hint: `add { page: N, article: ${a.meta.id} } to the flatplan in ${file}` });
    else if (hasJump && !parts.has(2))
      problems.add({ file: a.file, line: a.bodyLine, message: "the article has a ::jump but the flatplan gives no page for its continuation", hint: `add { page: N, article: ${a.meta.id}, part: 2 } to the flatplan` });
    else if (!hasJump && parts.has(2))
      problems.add({ file: a.file, line: a.bodyLine, message: "the flatplan continues this article (part: 2) but it has no ::jump line", hint: "put a line ::jump where the first part ends" });
  }
  // Numbered pages must rise through the flatplan: the order of the magazine.
  let last = 0;
  data.flatplan.forEach((entry, i) => {
    if (typeof entry.page !== "number") return;
    if (entry.page < last)
      problems.add({ file, line: source.lineOf(["flatplan", i, "page"]), field: `flatplan[${i}].page`, message: `page ${entry.page} comes after page ${last}`, hint: "list the flatplan in page order" });
    last = Math.max(last, entry.page);
  });
  problems.throwIfAny();
  return { dir, file, data, source, articles, byId };
}
