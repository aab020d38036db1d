// The preflight on a deliberately broken issue: an article too long for its pages (built with
// --draft), a low-resolution photo, and then a character no font has: `kanwu check` reports each
// by name and exits non-zero. And the reference issue passes with no error.
import { beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kanwu } from "./helpers/run.js";
import { copyIssue, edit } from "./helpers/issue-copy.js";


let good: string;
beforeAll(async () => {
  good = mkdtempSync(join(tmpdir(), "kanwu-pf-good-"));
  const r = await kanwu("build", "issue", "--out", good);
  expect(r.status, r.stdout + r.stderr).toBe(0);
});

describe("preflight", () => {
  it("passes the reference issue with no error, placeholders and placeholder URLs as warnings", async () => {
    const p = JSON.parse(readFileSync(join(good, "preflight.json"), "utf8"));
    expect(p.errors, JSON.stringify(p.checks.filter((c: any) => c.status === "fail"))).toBe(0);
    const ids = new Set(p.checks.map((c: any) => c.id));
    for (const id of ["pages.saddle-stitch", "boxes.interior", "boxes.cover", "fonts.interior", "fonts.coverage", "images.missing-artwork", "flatplan.start", "toc.page-number", "jumps", "barcode", "qr.reads", "qr.placeholder-url", "epub.epubcheck"])
      expect(ids, id).toContain(id);
    expect(p.checks.filter((c: any) => c.id === "toc.page-number" && c.status === "pass")).toHaveLength(40);
    expect(p.checks.find((c: any) => c.id === "barcode").message).toContain("EAN-13:9772096746254");
    const manifest = JSON.parse(readFileSync(join(good, "manifest.json"), "utf8"));
    expect(manifest.outputs.preflight).toBe("preflight.json");
    expect(existsSync(join(good, "preflight.html"))).toBe(true);
    expect(readdirSync(join(good, "pages")).filter((f) => f.endsWith(".png"))).toHaveLength(68);
    expect(readFileSync(join(good, "proof.html"), "utf8")).toContain("封一");
  });

  it("reports an overset article, a low-resolution photo and a character no font has, by name, and fails", async () => {
    const dir = copyIssue();
    // Too long for its one page.
    const f = "articles/46-hongse-ziyuan.md";
    const body = readFileSync(join(dir, f), "utf8").split("\n---\n")[1];
    writeFileSync(join(dir, f), readFileSync(join(dir, f), "utf8") + body + body);
    // A 24-dpi picture of a page, printed a column wide: about 60 ppi.
    mkdirSync(join(dir, "images"), { recursive: true });
    copyFileSync(join(good, "pages", readdirSync(join(good, "pages")).find((n) => n.startsWith("p-"))!), join(dir, "images/low.png"));
    edit(dir, "articles/60-yesheng-dongwu.md", '::: photo ratio=3:2 size=column alt="塔里木马鹿', '::: photo src=images/low.png ratio=3:2 size=column alt="塔里木马鹿');
    const out = mkdtempSync(join(tmpdir(), "kanwu-pf-bad-"));
    const built = await kanwu("build", dir, "--out", out, "--draft");
    expect(built.status, built.stderr).toBe(1);
    expect(built.stdout).toMatch(/warning \(draft\): .*46-hongse-ziyuan\.md: overset: 《以红色资源赋能理想信念教育》 planned 46/);
    // Now a character no font has, found by `kanwu check` on the same build.
    edit(dir, "articles/63-dandang.md", /\n---\n\n/, "\n---\n\n古文字𠀀。\n\n");
    const checked = await kanwu("check", dir, "--out", out);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toMatch(/preflight: [1-9]\d* errors/);
    const p = JSON.parse(readFileSync(join(out, "preflight.json"), "utf8"));
    const fails = p.checks.filter((c: any) => c.status === "fail");
    expect(fails.find((c: any) => c.id === "flatplan.fit").message).toMatch(/overset: hongse-ziyuan planned 46, printed 46–4\d/);
    expect(fails.find((c: any) => c.id === "images.resolution")).toMatchObject({ file: expect.stringContaining("60-yesheng-dongwu.md") });
    expect(fails.find((c: any) => c.id === "images.resolution").message).toMatch(/images\/low\.png: \d+ ppi/);
    expect(p.checks.find((c: any) => c.id === "images.colour").message).toMatch(/images\/low\.png: rgb, converted to CMYK/);
    expect(fails.find((c: any) => c.id === "fonts.coverage").message).toContain("𠀀");
    expect(fails.find((c: any) => c.id === "fonts.coverage").file).toMatch(/63-dandang\.md:\d+/);
  });
});
