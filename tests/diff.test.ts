// kanwu diff on two builds that differ by one design token: it finds exactly the pages that
// changed (the token colours the 目录's page numbers: pages 2 and 3) and writes the report.
import { describe, expect, it } from "vitest";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./helpers/issue-copy.js";
import { kanwu, run } from "./helpers/run.js";

describe("kanwu diff", () => {
  it("finds exactly the pages a token change touched", async () => {
    const design = mkdtempSync(join(tmpdir(), "kanwu-design-"));
    cpSync(join(ROOT, "templates"), join(design, "templates"), { recursive: true });
    cpSync(join(ROOT, "styles"), join(design, "styles"), { recursive: true });
    const tokens = join(design, "styles/tokens.css");
    writeFileSync(tokens, readFileSync(tokens, "utf8").replace("--color-toc-number: #c8161d;", "--color-toc-number: #1d4ec8;"));
    const a = mkdtempSync(join(tmpdir(), "kanwu-diff-a-"));
    const b = mkdtempSync(join(tmpdir(), "kanwu-diff-b-"));
    const [ra, rb] = await Promise.all([
      kanwu("build", "issue", "--out", a),
      run(process.execPath, [join(ROOT, "bin/kanwu.mjs"), "build", "issue", "--out", b], { ...process.env, KANWU_DESIGN: design }),
    ]);
    expect(ra.status, ra.stderr).toBe(0);
    expect(rb.status, rb.stderr).toBe(0);
    const d = await kanwu("diff", a, b);
    expect(d.status, d.stderr).toBe(0);
    expect(d.stdout).toContain("2 of 68 pages changed: 2, 3");
    const json = JSON.parse(readFileSync(join(b, "diff/diff.json"), "utf8"));
    expect(json.changed.map((c: any) => `${c.document} ${c.page}`)).toEqual(["interior 2", "interior 3"]);
    expect(readFileSync(join(b, "diff/index.html"), "utf8")).toContain("2 of 68 pages changed");
    expect(existsSync(join(b, "diff/pages/interior-2-diff.png"))).toBe(true);
    // The same build against itself: nothing changed.
    const same = await kanwu("diff", a, a, "--out", join(a, "self-diff"));
    expect(same.stdout).toContain("0 of 68 pages changed");
  });
});
