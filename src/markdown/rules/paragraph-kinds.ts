/**
 * Paragraphs that the magazine sets differently, recognised by how they start, so that editors
 * write no markup for them: 编者按：…, Q：/A：/问：/答： turns, ◆ brief titles, ※ notes and
 * wholly parenthesised source or credit lines （…）.
 */
import type { Md, Token } from "../types.js";

interface Kind {
  test: RegExp;
  className: string;
  tag?: string; // a different element than <p>
  mark?: boolean; // wrap the matched prefix in <span class="lead-mark">
}

const KINDS: Kind[] = [
  { test: /^编者按：/, className: "editor-note", mark: true },
  { test: /^(Q|问)：/, className: "qa-q", mark: true },
  { test: /^(A|答)：/, className: "qa-a", mark: true },
  { test: /^◆/, className: "brief-title", tag: "h2" },
  { test: /^※/, className: "note" },
  { test: /^（[^（）]*(（[^（）]*）[^（）]*)*）$/, className: "aside-line" },
];

export function paragraphKindsPlugin(md: Md): void {
  md.core.ruler.after("block", "kanwu_paragraph_kinds", (state: { tokens: Token[] }) => {
    const tokens: Token[] = state.tokens;
    for (let i = 0; i + 2 < tokens.length; i++) {
      const open = tokens[i];
      const inline = tokens[i + 1];
      const close = tokens[i + 2];
      if (open.type !== "paragraph_open" || inline.type !== "inline" || close.type !== "paragraph_close") continue;
      const content = inline.content.trim();
      const kind = KINDS.find((k) => k.test.test(content));
      if (!kind) continue;
      open.attrJoin("class", kind.className);
      if (kind.tag) {
        open.tag = close.tag = kind.tag;
        open.type = "heading_open";
        close.type = "heading_close";
      }
      if (kind.mark) open.meta = { ...(open.meta ?? {}), leadMark: content.match(kind.test)![0] };
    }
    return true;
  });
  // The lead mark (编者按：, Q：…) gets its own span, so that styles can set it apart.
  md.core.ruler.after("inline", "kanwu_lead_marks", (state) => {
    const tokens: Token[] = state.tokens;
    for (let i = 0; i + 1 < tokens.length; i++) {
      const mark = tokens[i].meta?.leadMark as string | undefined;
      const inline = tokens[i + 1];
      if (!mark || inline.type !== "inline" || !inline.children?.length) continue;
      const firstText = inline.children[0];
      if (firstText.type !== "text" || !firstText.content.startsWith(mark)) continue;
      firstText.content = firstText.content.slice(mark.length);
      const open = new state.Token("html_inline", "", 0);
      open.content = `<span class="lead-mark">${md.utils.escapeHtml(mark)}</span>`;
      inline.children.unshift(open);
    }
    return true;
  });
}
