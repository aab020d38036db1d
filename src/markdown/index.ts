/**
 * Markdown → HTML for article bodies: markdown-it with CJK-friendly emphasis and our small rules
 * for magazine constructs. Raw HTML is not passed through (html: false): content never carries
 * markup or scripts into the renderer.
 */
import MarkdownIt from "markdown-it";
import cjkFriendly from "markdown-it-cjk-friendly";
import { directivesPlugin } from "./rules/directives.js";
import { paragraphKindsPlugin } from "./rules/paragraph-kinds.js";
import { safeLinksPlugin } from "./rules/safe-links.js";
import { renderDirectivesPlugin, JUMP_MARK, type PhotoInfo, type QrInfo } from "./render-directives.js";

export type { PhotoInfo, QrInfo };

export interface RenderEnv {
  target: "print" | "epub";
  articleId: string;
  /** Problems found while rendering; `line` is 0-based within the body. */
  problems: { line: number; message: string; hint?: string }[];
  photos: PhotoInfo[];
  qrs: QrInfo[];
  jumps: number;
  /** Validates an image path from content; returns it when usable. */
  checkImage(src: string, line: number): string | undefined;
  imageUrl(photo: PhotoInfo): string;
  qrUrl(qr: QrInfo): string;
}

const md = new MarkdownIt({ html: false, xhtmlOut: true, linkify: false, typographer: false, breaks: false });
md.use(cjkFriendly).use(directivesPlugin).use(paragraphKindsPlugin).use(safeLinksPlugin).use(renderDirectivesPlugin);

// Raw HTML in Markdown arrives as text (html: false); say so instead of printing tags silently.
const RAW_HTML = /<\/?[a-zA-Z][^>]*>/;

export interface RenderedBody {
  /** The body split at the jump point: [part 1] or [part 1, part 2]. */
  parts: string[];
  env: RenderEnv;
}

export function renderBody(body: string, env: RenderEnv): RenderedBody {
  body.split("\n").forEach((l, i) => {
    if (RAW_HTML.test(l))
      env.problems.push({ line: i, message: `raw HTML is not allowed in an article: "${l.match(RAW_HTML)![0]}"`, hint: "use Markdown and the blocks in docs/content.md instead" });
  });
  const html = md.render(body, env as unknown as Record<string, unknown>);
  if (env.jumps > 1) env.problems.push({ line: 0, message: `an article can jump once; found ${env.jumps} ::jump lines`, hint: "keep one ::jump" });
  return { parts: html.split(JUMP_MARK), env };
}

export function renderInline(s: string): string {
  return md.renderInline(s);
}
