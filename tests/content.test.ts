// The content model: the reference issue loads; each kind of bad content is refused with a
// message that names the file and the line.
import { describe, expect, it } from "vitest";
import { writeFileSync, rmSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadIssue } from "../src/content/load.js";
import { ContentError } from "../src/content/errors.js";
import { buildView } from "../src/compose/view.js";
import { copyIssue, edit, lineOf, ISSUE } from "./helpers/issue-copy.js";

function problemsOf(dir: string): string {
  try {
    const issue = loadIssue(dir);
    buildView(issue, "print", () => ({ target: "print", checkImage: (s) => s, imageUrl: () => "", qrUrl: () => "" }));
  } catch (e) {
    if (e instanceof ContentError) return e.message;
    throw e;
  }
  throw new Error("expected the issue to be refused");
}

const shown = (dir: string, file: string) => relative(process.cwd(), join(dir, file));

describe("the reference issue", () => {
  const issue = loadIssue(ISSUE);
  it("loads every article and places each in the flatplan", () => {
    expect(issue.articles.length).toBeGreaterThanOrEqual(43);
    const placed = new Set(issue.data.flatplan.map((e) => e.article));
    for (const a of issue.articles) expect(placed.has(a.meta.id), a.meta.id).toBe(true);
  });
  it("carries the printed table of contents: 40 entries on their pages", () => {
    const toc = issue.data.flatplan.filter((e) => e.part === 1 && e.toc !== false && typeof e.page === "number" && e.article !== "contents");
    expect(toc).toHaveLength(40);
    expect(toc[0]).toMatchObject({ page: 1, article: "juanshouyu" });
    expect(toc.at(-1)).toMatchObject({ page: 64, article: "qianjia-wanhu" });
  });
  it("has the publication data of the imprint", () => {
    expect(issue.data.publication).toMatchObject({ issn: "2096-7462", cn: "65-1309/D", price: "6.00元" });
    expect(issue.data.issue).toMatchObject({ year: 2025, number: 12, total: 353 });
  });
});

describe("bad content is refused with file and line", () => {
  it("YAML that does not parse", () => {
    const dir = copyIssue();
    edit(dir, "issue.yaml", "  year: 2025\n", "  year: [2025\n");
    expect(problemsOf(dir)).toMatch(new RegExp(`${shown(dir, "issue.yaml")}:\\d+: the YAML does not parse`));
  });
  it("a wrong ISSN check digit, naming the right one", () => {
    const dir = copyIssue();
    edit(dir, "issue.yaml", "issn: 2096-7462", "issn: 2096-7463");
    const line = lineOf(dir, "issue.yaml", "issn:");
    expect(problemsOf(dir)).toContain(`${shown(dir, "issue.yaml")}:${line}: field "publication.issn": ISSN "2096-7463" has the wrong check digit: with 2096746 it must end in 2`);
  });
  it("a CN number of the wrong form", () => {
    const dir = copyIssue();
    edit(dir, "issue.yaml", "cn: 65-1309/D", "cn: CN65-1309");
    expect(problemsOf(dir)).toContain(`${shown(dir, "issue.yaml")}:${lineOf(dir, "issue.yaml", "cn:")}: field "publication.cn"`);
  });
  it("an issue number that does not fit the barcode add-on", () => {
    const dir = copyIssue();
    edit(dir, "issue.yaml", "  number: 12\n", "  number: 120\n");
    expect(problemsOf(dir)).toMatch(/issue\.number": the issue number must be 1–99/);
  });
  it("an unknown field, a missing field and a field of the wrong type, all in one run", () => {
    const dir = copyIssue();
    const f = "articles/10-dangjian-yinling.md";
    edit(dir, f, "title: 加强党建引领基层治理\n", "titel: 加强党建引领基层治理\n");
    edit(dir, f, "authors: [宋学勤]", "authors: 宋学勤");
    const msg = problemsOf(dir);
    expect(msg).toContain(`${shown(dir, f)}:${lineOf(dir, f, "titel:")}: field "titel": unknown field "titel"`);
    expect(msg).toContain(`${shown(dir, f)}:`);
    expect(msg).toMatch(/field "title": missing/);
    expect(msg).toContain(`${shown(dir, f)}:${lineOf(dir, f, "authors:")}: field "authors"`);
  });
  it("an unknown section", () => {
    const dir = copyIssue();
    const f = "articles/47-kekeya.md";
    edit(dir, f, "section: 红色印记", "section: 红色记忆");
    expect(problemsOf(dir)).toContain(`${shown(dir, f)}:${lineOf(dir, f, "section:")}: field "section": unknown section "红色记忆"`);
  });
  it("two articles with one id", () => {
    const dir = copyIssue();
    const f = "articles/63-dandang.md";
    edit(dir, f, "id: dandang", "id: lvgu-hupan");
    expect(problemsOf(dir)).toMatch(/63-dandang\.md:2: field "id": the id "lvgu-hupan" is already used by .*62-lvgu-hupan\.md/);
  });
  it("a flatplan naming an article that does not exist, and an article the flatplan forgot", () => {
    const dir = copyIssue();
    edit(dir, "issue.yaml", "article: dandang }", "article: dandang-x }");
    const msg = problemsOf(dir);
    expect(msg).toContain(`${shown(dir, "issue.yaml")}:${lineOf(dir, "issue.yaml", "dandang-x")}: field "flatplan[41].article": the flatplan names "dandang-x"`);
    expect(msg).toContain(`${shown(dir, "articles/63-dandang.md")}:2: field "id": the article "dandang" is not in the flatplan`);
  });
  it("an empty article", () => {
    const dir = copyIssue();
    const f = "articles/63-dandang.md";
    const text = readFileSync(join(dir, f), "utf8");
    writeFileSync(join(dir, f), text.slice(0, text.indexOf("\n---\n") + 5));
    expect(problemsOf(dir)).toMatch(/63-dandang\.md:\d+: the article has no text/);
  });
  it("a file that is not UTF-8", () => {
    const dir = copyIssue();
    const f = "articles/63-dandang.md";
    writeFileSync(join(dir, f), Buffer.concat([Buffer.from("---\nid: dandang\n"), Buffer.from([0xb5, 0xb3, 0xd4, 0xb1]), Buffer.from("\n---\n")]));
    expect(problemsOf(dir)).toContain(`${shown(dir, f)}:3: the file is not UTF-8 text`);
  });
  it("raw HTML, a link to the network and an unclosed block in an article", () => {
    const dir = copyIssue();
    const f = "articles/63-dandang.md";
    edit(dir, f, /\n---\n\n/, "\n---\n\n<script>alert(1)</script>\n\n[看这里](https://example.com)\n\n::: photo\n未闭合\n\n");
    const msg = problemsOf(dir);
    const body = lineOf(dir, f, "<script>");
    expect(msg).toContain(`${shown(dir, f)}:${body}: raw HTML is not allowed in an article: "<script>"`);
    expect(msg).toContain(`${shown(dir, f)}:${body + 2}: the link "https://example.com" points to the network`);
    expect(msg).toContain(`${shown(dir, f)}:${body + 4}: the "::: photo" block is never closed`);
  });
  it("a missing issue.yaml", () => {
    const dir = copyIssue();
    rmSync(join(dir, "issue.yaml"));
    expect(problemsOf(dir)).toContain("there is no issue.yaml in the issue folder");
  });
});
