/**
 * The kanwu command line. Config (arguments) here, the build in build.ts, outputs in dist/.
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { build } from "./build.js";
import { ContentError } from "./content/errors.js";
import { loadIssue } from "./content/load.js";
import { preflight, summary } from "./preflight/index.js";

const HELP = `kanwu — a publishing pipeline for periodicals

Usage:
  kanwu build [issueDir] [--out dir]   build the print PDF, the EPUB and dist/manifest.json
                                       (default issueDir: issue/, default out: dist/)
      --draft                          write the outputs even when articles do not fit their
                                       planned pages (reported as warnings, exit code 0)
      --press                          also the press PDFs: PDF/X (CMYK, black text on the
                                       black plate) of the interior and the cover
      --marks                          crop marks on the interior and cover PDFs, in a slug
                                       outside the bleed (TrimBox and BleedBox unchanged)
  kanwu preview [issueDir] [--port N]  a live preview on http://127.0.0.1:N/ (default 4400): the
                                       pages as they print, recomposed on every save of
                                       templates/, styles/ or the issue; /?article=<id> shows
                                       one article on its planned pages
  kanwu diff <distA> <distB> [--out dir]
                                       what changed between two builds, page by page: an HTML
                                       report (default <distB>/diff/) with the changed pages
                                       side by side and the differences in red
  kanwu check [issueDir] [--out dir]   run the preflight on a build: dist/preflight.json,
                                       preflight.html, pages/ and proof.html (also the last
                                       step of every build)
  kanwu --help                         this text

The issue format is described in docs/content.md.
Exit codes: 0 built (or checked) without preflight errors; 1 the issue has problems (each
named with file and line) or the preflight found errors; 2 usage or internal error.`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: "string", short: "o" }, port: { type: "string", short: "p" }, draft: { type: "boolean" }, marks: { type: "boolean" }, press: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    console.error(`kanwu: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    console.log(HELP);
    return command || parsed.values.help ? 0 : 2;
  }
  if (command === "preview") {
    const { startPreview } = await import("./preview/server.js");
    await startPreview({ issueDir: rest[0] ?? "issue", port: Number(parsed.values.port ?? 4400), log: (m) => console.log(m) });
    return new Promise<number>(() => {}); // serves until stopped
  }
  if (command === "diff") {
    const [a, b] = rest;
    const { diffBuilds, existsBuild } = await import("./diff/index.js");
    if (!a || !b || !existsBuild(a) || !existsBuild(b)) {
      console.error(`kanwu diff: give two build folders, each with a manifest.json (kanwu build --out <dir>)`);
      return 2;
    }
    const out = parsed.values.out ?? join(b, "diff");
    const d = await diffBuilds(a, b, out);
    console.log(`${d.changed.length} of ${d.pages} pages changed${d.changed.length ? ": " + d.changed.map((c) => (c.document === "cover" ? c.page : c.page)).join(", ") : ""}\nreport: ${join(out, "index.html")}`);
    return 0;
  }
  if (command !== "build" && command !== "check") {
    console.error(`kanwu: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  const issueDir = rest[0] ?? "issue";
  const outDir = parsed.values.out ?? "dist";
  try {
    const t0 = performance.now();
    if (command === "check") {
      const p = await preflight(outDir, loadIssue(issueDir));
      console.log(summary(p, outDir));
      return p.errors ? 1 : 0;
    }
    const built = await build({ issueDir, outDir, draft: parsed.values.draft, marks: parsed.values.marks, press: parsed.values.press, log: (m) => console.log(m) });
    console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return built.preflight.errors ? 1 : 0;
  } catch (e) {
    if (e instanceof ContentError) {
      console.error(`kanwu: the build stopped. ${e.message}`);
      return 1;
    }
    console.error(`kanwu: ${(e as Error).stack ?? e}`);
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
