// Text fidelity: the issue carries the magazine's own words. Every 6-character run of Han
// characters of the seed (the text extracted from the printed issue) must be found in what
// kanwu prints from issue/ — at least 99.5% of them.
import { describe, expect, it } from "vitest";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { loadIssue } from "../src/content/load.js";
import { buildView } from "../src/compose/view.js";
import { composePrintHtml } from "../src/compose/index.js";
import { ISSUE, ROOT } from "./helpers/issue-copy.js";

const SEED = join(ROOT, "../shared/seed/000_e4d106edb35c0a87.txt");
const HAN = /[\u3400-\u9fff]/;
const hanOnly = (s: string) => [...s].filter((c) => HAN.test(c)).join("");

function runs(line: string, n = 6): string[] {
  const h = [...hanOnly(line)];
  const out: string[] = [];
  for (let i = 0; i + n <= h.length; i++) out.push(h.slice(i, i + n).join(""));
  return out;
}

describe("text fidelity against the seed", () => {
  it("keeps at least 99.5% of the seed's 6-character Han runs", () => {
    expect(existsSync(SEED), `the seed text is missing: ${SEED}`).toBe(true);
    const issue = loadIssue(ISSUE);
    const view = buildView(issue, "print", () => ({ target: "print", checkImage: (s) => s, imageUrl: () => "", qrUrl: () => "" }));
    // What is printed: the interior, the articles set on the covers, and issue.yaml's cover texts.
    const printed =
      composePrintHtml(view, []).replace(/<[^>]+>/g, "") +
      view.articles.map((a) => [a.title, a.subtitle, ...a.decks, a.byline, a.closing, a.editor, ...a.parts].join("")).join("") +
      readFileSync(join(ISSUE, "issue.yaml"), "utf8");
    const text = hanOnly(printed);
    // A seed line cut at a column end may be joined to the next in issue/: compare line by line.
    const seedRuns = readFileSync(SEED, "utf8").split("\n").flatMap((l) => runs(l));
    const missing = seedRuns.filter((r) => !text.includes(r));
    const share = 1 - missing.length / seedRuns.length;
    expect(seedRuns.length).toBeGreaterThan(30_000);
    console.log(`fidelity: ${(share * 100).toFixed(2)}% of ${seedRuns.length} runs`);
    expect(share, `missing runs, e.g. ${missing.slice(0, 20).join(" ")}`).toBeGreaterThanOrEqual(0.995);
  });
});
