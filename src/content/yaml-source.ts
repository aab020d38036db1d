/**
 * YAML with line numbers: parses a YAML text (issue.yaml, or an article's front matter) and
 * answers "on which line is the value at this path?", so that schema errors can name the line.
 */
import { LineCounter, parseDocument, isMap, type Document } from "yaml";
import type { Problem } from "./errors.js";

export interface YamlSource {
  data: unknown;
  /** The 1-based line of the value at `path` (or of its nearest existing parent) in the file. */
  lineOf(path: readonly PropertyKey[], key?: boolean): number;
  problems: Problem[];
}

/** `firstLine` is the file line on which `text` begins (front matter starts on line 2). */
export function parseYamlSource(text: string, file: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  const problems: Problem[] = doc.errors.map((e) => ({
    file,
    line: at(e.pos[0]),
    message: `the YAML does not parse: ${e.message.split("\n")[0]}`,
    hint: "check the indentation and quoting on this line (a value with a colon or starting with a quote needs quotes around it)",
  }));
  const lineOf = (path: readonly PropertyKey[], key = false): number => {
    for (let n = path.length; n >= 0; n--) {
      const sub = path.slice(0, n) as (string | number)[];
      if (key && n === path.length && n > 0) {
        // The line of the key itself (for unknown fields).
        const parent = sub.length > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
        if (isMap(parent)) {
          const pair = parent.items.find((p) => (p.key as { value?: unknown })?.value === sub[sub.length - 1]);
          const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
          if (range) return at(range[0]);
        }
      }
      const node = sub.length ? doc.getIn(sub, true) : doc.contents;
      const range = (node as { range?: [number, number, number] } | null)?.range;
      if (range) return at(range[0]);
    }
    return firstLine;
  };
  return { data: problems.length ? undefined : doc.toJS(), lineOf, problems };
}
