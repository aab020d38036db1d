/**
 * The print stylesheets and fonts of a rendering folder, shared by the build and the preview:
 * the design's styles copied in, the @font-face rules for the font subsets, and the per-issue
 * rules (page format, running head) written from issue.yaml.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Issue } from "../content/load.js";
import type { IssueView } from "./view.js";
import type { Face } from "../assets/fonts.js";
import { designDir } from "../paths.js";
import { layoutCss } from "./index.js";

export const PRINT_STYLES = ["tokens.css", "print/page.css", "print/base.css", "print/article.css", "print/figures.css", "print/contents.css", "print/cover.css"];

/** The cover's stylesheet goes to the cover only: its named page would change the interior's breaks. */
export const interiorSheets = (sheets: string[]) => sheets.filter((s) => !s.endsWith("/cover.css"));

export const fontFileName = (f: Face) => `${f.family.toLowerCase().replace(/\s+/g, "-")}-${f.weight}.ttf`;

function fontFaceCss(faces: Face[], dir: string): string {
  return faces
    .map((f) => `@font-face { font-family: "${f.family}"; font-weight: ${f.weight}; font-style: normal; src: url("${dir}/${fontFileName(f)}") format("truetype"); }`)
    .join("\n");
}

function issueCss(issue: Issue, view: IssueView): string {
  const f = issue.data.format;
  const head = `${view.title} · ${view.issueLabel}`;
  return `/* Written by the build from issue.yaml: the page format and the running head. */
@page { size: ${f.trim.width}mm ${f.trim.height}mm; bleed: ${f.bleed}mm; }
@page :left { @top-left { content: "${head.replace(/"/g, '\\"')}"; } }
`;
}

/** Writes fonts and stylesheets into `dir` (fonts/, styles/); returns the sheets, in order. */
export function stagePrint(dir: string, issue: Issue, view: IssueView, faces: Face[], subsets: Map<Face, Buffer>): string[] {
  mkdirSync(join(dir, "fonts"), { recursive: true });
  for (const [f, bytes] of subsets) writeFileSync(join(dir, "fonts", fontFileName(f)), bytes);
  for (const s of PRINT_STYLES) {
    mkdirSync(dirname(join(dir, "styles", s)), { recursive: true });
    copyFileSync(join(designDir(), "styles", s), join(dir, "styles", s));
  }
  writeFileSync(join(dir, "styles/fonts.css"), fontFaceCss(faces, "../fonts"));
  writeFileSync(join(dir, "styles/issue.css"), issueCss(issue, view));
  writeFileSync(join(dir, "styles/layout.css"), layoutCss(view));
  return ["styles/fonts.css", ...PRINT_STYLES.map((s) => `styles/${s}`), "styles/issue.css", "styles/layout.css"];
}
