/**
 * Every character the issue prints must have a glyph in our fonts. Each family falls back to the
 * fallback face (Kanwu Serif); a character that face lacks would be taken from a system font by
 * Chromium (a Type 3 font, or tofu), so it stops the build, named with its file and line.
 */
import type { Face } from "./fonts.js";
import { missingGlyphs } from "./fonts.js";
import type { Problem } from "../content/errors.js";

export interface TextSource {
  file: string;
  text: string;
  firstLine: number; // file line of text's first line
}

export function usedCharacters(sources: TextSource[]): Set<string> {
  const set = new Set<string>();
  for (const s of sources) for (const c of s.text) set.add(c);
  return set;
}

export function coverageProblems(sources: TextSource[], fallback: Face): Problem[] {
  const gaps = missingGlyphs(fallback, usedCharacters(sources));
  const out: Problem[] = [];
  for (const gap of gaps) {
    for (const s of sources) {
      const lines = s.text.split("\n");
      const i = lines.findIndex((l) => l.includes(gap.char));
      if (i < 0) continue;
      out.push({
        file: s.file,
        line: s.firstLine + i,
        message: `the character "${gap.char}" (${gap.codePoint}) is in none of our fonts`,
        hint: "check whether it is a typing or extraction error (a look-alike character); if the magazine really prints it, add a font that has it to fonts/fonts.json",
      });
      break;
    }
  }
  return out;
}
