/**
 * Block directives for magazine constructs Markdown has no syntax for:
 *
 *   ::: photo ratio=4:3 size=column      a photo: caption lines, then the □…/摄 credit line
 *   ::: qr url=https://…                 a QR call-out: the printed call-out text
 *   ::: book                             bibliographic lines, one "label：value" each
 *   :::
 *   ::jump                               where an article breaks off, to continue later
 *
 * The rule only recognises and tokenises them (one `kanwu_directive` token each, with the raw
 * lines); what they look like is the renderers' business (render-directives.ts).
 */
import type { Md, StateBlock } from "../types.js";

export interface Directive {
  name: string;
  attrs: Record<string, string>;
  lines: string[];
  line: number; // 0-based line in the body where the directive starts
}

export const KNOWN_DIRECTIVES = new Set(["photo", "qr", "book", "jump"]);

/** Parses `key=value key="quoted value"` pairs. */
export function parseAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z_-]+)=(?:"([^"]*)"|(\S+))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out[m[1]] = m[2] ?? m[3];
  return out;
}

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
}

export function directivesPlugin(md: Md): void {
  md.block.ruler.before("fence", "kanwu_directive", (state: StateBlock, startLine: number, endLine: number, silent: boolean) => {
    const first = lineText(state, startLine);
    const leaf = /^::([a-z]+)\s*(.*)$/.exec(first);
    const container = /^:::\s*([a-z]+)\s*(.*)$/.exec(first);
    if (!container && !(leaf && !first.startsWith(":::"))) return false;
    if (silent) return true;
    const [, name, rest] = (container ?? leaf)!;
    const lines: string[] = [];
    let next = startLine + 1;
    if (container) {
      let closed = false;
      for (; next < endLine; next++) {
        const t = lineText(state, next);
        if (/^:::\s*$/.test(t)) {
          closed = true;
          next++;
          break;
        }
        if (t.trim()) lines.push(t.trim());
      }
      if (!closed) ((state.env as { problems: { line: number; message: string; hint?: string }[] }).problems ??= []).push({ line: startLine, message: `the "::: ${name}" block is never closed`, hint: "end it with a line ::: alone" });
    }
    const token = state.push("kanwu_directive", "", 0);
    token.map = [startLine, next];
    token.block = true;
    const d: Directive = { name, attrs: parseAttrs(rest), lines, line: startLine };
    token.meta = d as unknown as Record<string, unknown>;
    if (!KNOWN_DIRECTIVES.has(name))
      ((state.env as { problems: { line: number; message: string; hint?: string }[] }).problems ??= []).push({ line: startLine, message: `unknown block "${name}"`, hint: `use one of: ${[...KNOWN_DIRECTIVES].join(", ")} (see docs/content.md)` });
    state.line = next;
    return true;
  });
}
