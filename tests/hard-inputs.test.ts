// Hard inputs through the CLI: each kind of bad input stops the build with exit 1, names file and
// line, writes nothing and leaves the issue folder as it was; the renderer loads nothing that
// kanwu did not put in the build.
import { describe, expect, it } from "vitest";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, statSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { createHash } from "node:crypto";
import { kanwu } from "./helpers/run.js";
import { copyIssue, edit, lineOf } from "./helpers/issue-copy.js";
import { createPrinter } from "../src/print/browser.js";


/** A fingerprint of every file in a folder: names, sizes and contents. */
function fingerprint(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(relative(dir, p)).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest("hex");
}

async function refused(mutate: (dir: string) => void, expected: RegExp | ((dir: string) => RegExp)) {
  const dir = copyIssue();
  mutate(dir);
  const before = fingerprint(dir);
  const out = mkdtempSync(join(tmpdir(), "kanwu-bad-out-"));
  const r = await kanwu("build", dir, "--out", out);
  expect(r.status, r.stdout + r.stderr).toBe(1);
  expect(r.stderr).toMatch(typeof expected === "function" ? expected(dir) : expected);
  expect(readdirSync(out)).toEqual([]); // nothing written, not even a temporary folder
  expect(fingerprint(dir)).toBe(before); // the input untouched
}

const article = "articles/63-dandang.md";
const afterFrontMatter = /\n---\n\n/;

describe("bad input is refused by the CLI, file and line named, nothing written", () => {
  const yaml = "issue.yaml";
  const cases: [string, (dir: string) => void, RegExp][] = [
    ["YAML that does not parse", (d) => edit(d, yaml, "  year: 2025\n", "  year: [2025\n"), /issue\.yaml:\d+: the YAML does not parse/],
    ["a missing field", (d) => edit(d, article, "title: 让担当扎根在基层沃土\n", ""), /63-dandang\.md:\d+: field "title": missing/],
    ["a field of the wrong type", (d) => edit(d, yaml, "  total: 353", "  total: 三百五十三"), /issue\.yaml:\d+: field "issue\.total": .*found "三百五十三"/],
    ["an unknown field", (d) => edit(d, article, "editor:", "editr:"), /63-dandang\.md:\d+: field "editr": unknown field/],
    ["a wrong ISSN", (d) => edit(d, yaml, "issn: 2096-7462", "issn: 2096-7469"), /issue\.yaml:\d+: field "publication\.issn": .*must end in 2/],
    ["a wrong CN", (d) => edit(d, yaml, "cn: 65-1309/D", "cn: 651309D"), /issue\.yaml:\d+: field "publication\.cn"/],
    ["an unknown section", (d) => edit(d, article, "section: 随笔感悟", "section: 随笔"), /63-dandang\.md:3: field "section": unknown section "随笔"/],
    ["two articles with one id", (d) => edit(d, article, "id: dandang", "id: lvgu-hupan"), /63-dandang\.md:2: field "id": the id "lvgu-hupan" is already used/],
    ["a flatplan naming an article that does not exist", (d) => edit(d, yaml, "article: dandang }", "article: dandang2 }"), /issue\.yaml:\d+: field "flatplan\[\d+\]\.article": the flatplan names "dandang2"[\s\S]*63-dandang\.md:2: field "id": the article "dandang" is not in the flatplan/],
    ["an empty article", (d) => writeFileSync(join(d, article), "---\nid: dandang\nsection: 随笔感悟\ntitle: 空\n---\n\n"), /63-dandang\.md:6: the article has no text/],
    ["a file that is not UTF-8", (d) => writeFileSync(join(d, article), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xb5, 0xb3, 0x0a])), /63-dandang\.md:2: the file is not UTF-8 text/],
    ["a link to the network", (d) => edit(d, article, afterFrontMatter, "\n---\n\n[链接](//example.com/x)\n\n"), /63-dandang\.md:\d+: the link "\/\/example\.com\/x" points to the network/],
  ];
  for (const [name, mutate, expected] of cases) it(name, () => refused(mutate, expected));

  it("an image that is not an image", () =>
    refused(
      (dir) => {
        mkdirSync(join(dir, "images"), { recursive: true });
        writeFileSync(join(dir, "images/fake.jpg"), "this is text, not a JPEG");
        edit(dir, article, afterFrontMatter, "\n---\n\n::: photo src=images/fake.jpg\n说明\n:::\n\n");
      },
      (dir) => new RegExp(`63-dandang\\.md:${lineOf(dir, article, "::: photo")}: the image "images/fake.jpg" is not an image`),
    ));

  it("an image too large to be sane", () =>
    refused(
      (dir) => {
        // A PNG header claiming 40,000 × 40,000 pixels.
        const png = Buffer.alloc(64);
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
        png.writeUInt32BE(13, 8);
        png.write("IHDR", 12, "latin1");
        png.writeUInt32BE(40000, 16);
        png.writeUInt32BE(40000, 20);
        mkdirSync(join(dir, "images"), { recursive: true });
        writeFileSync(join(dir, "images/huge.png"), png);
        edit(dir, article, afterFrontMatter, "\n---\n\n::: photo src=images/huge.png\n说明\n:::\n\n");
      },
      /63-dandang\.md:\d+: the image "images\/huge\.png" is 40000 × 40000 pixels/,
    ));

  it("a missing image, an image outside the folder and one on the network, all in one run", () =>
    refused(
      (dir) =>
        edit(dir, article, afterFrontMatter, "\n---\n\n::: photo src=images/none.jpg\n一\n:::\n\n::: photo src=../../etc/passwd\n二\n:::\n\n::: photo src=https://example.com/a.jpg\n三\n:::\n\n"),
      /images\/none\.jpg" does not exist[\s\S]*"\.\.\/\.\.\/etc\/passwd" leads out of the issue folder[\s\S]*"https:\/\/example\.com\/a\.jpg" points to the network/,
    ));

  it("a content <script> is refused, never run", () =>
    refused(
      (dir) => edit(dir, article, afterFrontMatter, "\n---\n\n<script>document.body.textContent = 'pwned'</script>\n\n"),
      /63-dandang\.md:\d+: raw HTML is not allowed in an article: "<script>"/,
    ));

  it("a character no font has", () =>
    refused(
      (dir) => edit(dir, article, afterFrontMatter, "\n---\n\n古文字𠀀在此。\n\n"),
      /63-dandang\.md:\d+: the character "𠀀" \(U\+20000\) is in none of our fonts/,
    ));
});

describe("the renderer loads only what kanwu put in the build", () => {
  it("refuses files outside the build folder and every network request, and reports them", async () => {
    let requests = 0;
    const server = createServer((_q, s) => {
      requests++;
      s.end("x");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const build = mkdtempSync(join(tmpdir(), "kanwu-guard-"));
    const outside = mkdtempSync(join(tmpdir(), "kanwu-outside-"));
    writeFileSync(join(outside, "secret.png"), "x");
    writeFileSync(
      join(build, "doc.html"),
      `<!DOCTYPE html><html><body><p>正文</p><img src="http://127.0.0.1:${port}/remote.png"/><img src="file://${outside}/secret.png"/></body></html>`,
    );
    const printer = await createPrinter(build, 60_000);
    try {
      const page = await printer.render(join(build, "doc.html"));
      await page.close();
    } finally {
      await printer.close();
      server.close();
    }
    expect(requests).toBe(0);
    const urls = printer.blocked.map((b) => b.url);
    expect(urls).toContain(`http://127.0.0.1:${port}/remote.png`);
    expect(urls).toContain(`file://${outside}/secret.png`);
  });
});
