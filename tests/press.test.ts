// The press PDF: PDF/X in CMYK from Ghostscript, fonts embedded as fonts, text searchable with
// the right characters, black text on the black plate alone, boxes kept.
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kanwu } from "./helpers/run.js";

import { pdfxProblems, pressPdf } from "../src/press/index.js";

const MM = 72 / 25.4;
let out: string;
let manifest: any;
let press: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "kanwu-press-"));
  const r = await kanwu("build", "issue", "--out", out, "--press");
  expect(r.status, r.stdout + r.stderr).toBe(0);
  manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  press = join(out, manifest.outputs.press);
});

describe("the press PDF", () => {
  it("is PDF/X-1a:2001 with an OutputIntent, for the interior and the cover", async () => {
    expect(manifest.outputs.pressCover).toBeTruthy();
    for (const f of [press, join(out, manifest.outputs.pressCover)]) {
      expect(await pdfxProblems(readFileSync(f), "PDF/X-1a:2001")).toEqual([]);
      expect(readFileSync(f).subarray(0, 8).toString("latin1")).toBe("%PDF-1.3");
      const raw = readFileSync(f, "latin1");
      expect(raw).toMatch(/\/GTS_PDFXVersion\s*\(PDF\/X-1a:2001\)/);
      expect(raw).toMatch(/\/S\s*\/GTS_PDFX/);
    }
  });

  it("keeps the fonts embedded as fonts, no Type 3, and the text searchable", async () => {
    const fonts = execFileSync("pdffonts", [press], { encoding: "utf8" });
    expect(fonts).not.toMatch(/Type 3/);
    expect(fonts.split("\n").slice(2).filter(Boolean).every((r) => /CID TrueType\s+Identity-H\s+yes/.test(r))).toBe(true);
    const page4 = execFileSync("pdftotext", ["-f", "4", "-l", "4", press, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(page4).toContain("推进党的自我革命要做到“五个进一步到位”");
    expect(page4).toContain("中央八项规定是党中央徙木立信之举");
  });

  it("prints black text on the black plate alone: on a text page cyan is under a tenth of black", async () => {
    const cov = execFileSync("gs", ["-q", "-o", "-", "-sDEVICE=inkcov", "-dFirstPage=5", "-dLastPage=5", press], { encoding: "utf8" }).trim().split(/\s+/).map(Number);
    const [c, , , k] = cov;
    expect(k).toBeGreaterThan(0.02);
    expect(c).toBeLessThan(k / 10);
  });

  it("keeps TrimBox and BleedBox on every page", async () => {
    const boxes = execFileSync("pdfinfo", ["-f", "1", "-l", "64", "-box", press], { encoding: "utf8" });
    const trims = [...boxes.matchAll(/TrimBox:\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)/g)];
    expect(trims).toHaveLength(64);
    for (const [, x0, y0, x1, y1] of trims) expect([(Number(x1) - Number(x0)) / MM, (Number(y1) - Number(y0)) / MM].map(Math.round)).toEqual([210, 285]);
    expect([...boxes.matchAll(/BleedBox:/g)]).toHaveLength(64);
  });

  it("makes PDF/X-4 when the issue asks for it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kanwu-x4-"));
    const x4 = join(dir, "x4.pdf");
    await pressPdf(join(out, manifest.outputs.cover), x4, "《党员之友》2025年第12期 封面", { pdfx: "PDF/X-4", outputCondition: "test", inkLimit: 300 }, dir);
    expect(await pdfxProblems(readFileSync(x4), "PDF/X-4")).toEqual([]);
    expect(readFileSync(x4).subarray(0, 8).toString("latin1")).toBe("%PDF-1.6");
  });

  it("passes the preflight's press checks", async () => {
    const p = JSON.parse(readFileSync(join(out, "preflight.json"), "utf8"));
    const pressChecks = p.checks.filter((c: any) => c.id.startsWith("press."));
    expect(pressChecks.map((c: any) => c.id).sort()).toEqual(["press.black", "press.fonts", "press.fonts", "press.ink", "press.ink", "press.pdfx", "press.pdfx", "press.text"]);
    expect(pressChecks.filter((c: any) => c.status !== "pass")).toEqual([]);
  });
});
