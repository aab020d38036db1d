/**
 * What the print needs before any layout, shared by the build and the preview: the issue loaded
 * and checked, the articles rendered (artwork copied into the rendering folder), every character
 * checked against the fonts, and the font subsets.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadIssue, type Issue } from "../content/load.js";
import { Problems } from "../content/errors.js";
import { buildView, type IssueView } from "../compose/view.js";
import { loadFaces, subsetFace, fontConfig, type Face } from "../assets/fonts.js";
import { coverageProblems, usedCharacters, type TextSource } from "../assets/coverage.js";
import { imageProblem } from "../assets/images.js";
import { unsafeReference } from "../markdown/rules/safe-links.js";
import type { PhotoInfo } from "../markdown/index.js";
import { CACHE } from "../paths.js";

export type Timer = <T>(name: string, fn: () => Promise<T> | T) => Promise<T>;
const untimed: Timer = async (_n, fn) => fn();

export interface Prepared {
  issue: Issue;
  faces: Face[];
  printView: IssueView;
  subsets: Map<Face, Buffer>;
}

export function textSources(issue: Issue): TextSource[] {
  return [
    { file: issue.file, text: readFileSync(join(issue.dir, "issue.yaml"), "utf8"), firstLine: 1 },
    ...issue.articles.map((a) => ({ file: a.file, text: a.meta.title + "\n" + readFileSync(a.file, "utf8"), firstLine: 0 })),
  ];
}

/** Image references from content: inside the issue's images/ folder, and present. */
function imageChecker(issue: Issue, problems: Problems, file: () => { file: string; bodyLine: number }) {
  return (src: string, line: number): string | undefined => {
    const where = file();
    const why = unsafeReference(src);
    if (why) {
      problems.add({ file: where.file, line: where.bodyLine + line, message: `the image "${src}" ${why}`, hint: "put the artwork in the issue's images/ folder and write src=images/<file>" });
      return undefined;
    }
    if (!existsSync(join(issue.dir, src))) {
      problems.add({ file: where.file, line: where.bodyLine + line, message: `the image "${src}" does not exist`, hint: `put the file at ${join(issue.dir, src)}, or leave src= out to print a marked placeholder` });
      return undefined;
    }
    const bad = imageProblem(join(issue.dir, src));
    if (bad) {
      problems.add({ file: where.file, line: where.bodyLine + line, message: `the image "${src}" ${bad}`, hint: "export the artwork as PNG or JPEG at the size it is printed (300 ppi)" });
      return undefined;
    }
    return src;
  };
}


// Characters the templates print besides the content.
const TEMPLATE_CHARS = "目录MULU0123456789页下转上接第（）［］编辑：·—";

export async function preparePrint(issueDir: string, printDir: string, time: Timer = untimed): Promise<Prepared> {
  const issue = await time("load", () => loadIssue(issueDir));
  const faces = await time("fonts_load", () => loadFaces());
  const fallback = faces.find((f) => f.family === fontConfig().fallback && f.weight === 400)!;
  // Markdown and content checks for print; several problems are reported together.
  const problems = new Problems();
  let current = { file: "", bodyLine: 0 };
  const checkImage = imageChecker(issue, problems, () => current);
  const printView = await time("markdown", () =>
    buildView(issue, "print", (a) => {
      current = { file: a.file, bodyLine: a.bodyLine };
      return {
        target: "print",
        checkImage,
        imageUrl: (p: PhotoInfo) => {
          // The renderer may read only the rendering folder: the artwork is copied in.
          const to = join(printDir, p.src!);
          mkdirSync(dirname(to), { recursive: true });
          copyFileSync(join(issueDir, p.src!), to);
          return p.src!;
        },
        qrUrl: () => "",
      };
    }),
  );
  const sources = textSources(issue);
  await time("coverage", () => coverageProblems(sources, fallback).forEach((p) => problems.add(p)));
  problems.throwIfAny();
  const chars = [...usedCharacters(sources)].join("") + TEMPLATE_CHARS;
  const subsets = await time("fonts_subset", async () => {
    const out = new Map<Face, Buffer>();
    for (const f of faces) out.set(f, await subsetFace(f, chars, join(CACHE, "fonts")));
    return out;
  });
  return { issue, faces, printView, subsets };
}
