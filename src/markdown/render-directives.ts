/**
 * How the directives look: photos (the artwork, or a marked placeholder carrying the caption),
 * QR call-outs (a vector code, linked), book data and the jump point. Print and EPUB differ only
 * where the medium does (placeholders, file references).
 */
import type { Md } from "./types.js";
import type { Directive } from "./rules/directives.js";
import type { RenderEnv } from "./index.js";
import { qrSvg } from "../assets/qr.js";

export const JUMP_MARK = "<!--kanwu:jump-->";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The print stand-in for artwork we do not have: marked as such, carrying the caption. */
export function placeholderHtml(alt: string, caption: string, label = "图片待补 · placeholder"): string {
  return `<div class="placeholder" role="img" aria-label="${escapeHtml(alt)}"><span class="placeholder-label">${escapeHtml(label)}</span><span class="placeholder-caption">${escapeHtml(caption)}</span></div>`;
}
const CREDIT = /^□.*\/摄$/;

export interface PhotoInfo {
  caption: string;
  credit?: string;
  alt: string;
  src?: string; // path inside the issue folder; absent for a placeholder
  ratio: [number, number];
  size: string;
  articleId: string;
  index: number;
}

export interface QrInfo {
  url: string;
  text: string[];
  articleId: string;
  index: number;
}

function ratioOf(s: string | undefined, env: RenderEnv, d: Directive): [number, number] {
  if (!s) return [3, 2];
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(s);
  if (m) return [Number(m[1]), Number(m[2])];
  env.problems.push({ line: d.line, message: `ratio "${s}" is not W:H`, hint: "write it like ratio=4:3" });
  return [3, 2];
}

export function renderDirectivesPlugin(md: Md): void {
  const esc = md.utils.escapeHtml;
  md.renderer.rules.kanwu_directive = (tokens, idx, _opts, envArg) => {
    const env = envArg as unknown as RenderEnv;
    const d = tokens[idx].meta as unknown as Directive;
    switch (d.name) {
      case "jump":
        env.jumps += 1;
        return JUMP_MARK + "\n";
      case "photo": {
        const credit = d.lines.find((l) => CREDIT.test(l));
        const caption = d.lines.filter((l) => l !== credit).join("");
        const size = d.attrs.size ?? "column";
        if (!["column", "page", "lead", "full"].includes(size))
          env.problems.push({ line: d.line, message: `photo size "${size}" is not known`, hint: "use size=column, page, lead or full" });
        const photo: PhotoInfo = {
          caption,
          credit,
          alt: d.attrs.alt ?? (caption || "照片"),
          src: d.attrs.src ? env.checkImage(d.attrs.src, d.line) : undefined,
          ratio: ratioOf(d.attrs.ratio, env, d),
          size,
          articleId: env.articleId,
          index: env.photos.length + 1,
        };
        env.photos.push(photo);
        const [w, h] = photo.ratio;
        const alt = photo.src ? photo.alt : `${photo.alt.replace(/（原图待补）$/, "")}（原图待补）`;
        const picture =
          env.target === "epub"
            ? `<img src="${esc(env.imageUrl(photo))}" alt="${esc(alt)}"/>`
            : photo.src
              ? `<img src="${esc(env.imageUrl(photo))}" alt="${esc(alt)}"/>`
              : placeholderHtml(alt, caption || photo.alt);
        const cap = caption || credit
          ? `<figcaption>${caption ? `<span class="caption">${esc(caption)}</span>` : ""}${credit ? `<span class="credit">${esc(credit)}</span>` : ""}</figcaption>`
          : "";
        return `<figure class="photo size-${esc(size)}${photo.src ? "" : " is-placeholder"}" id="${env.articleId}-photo-${photo.index}"><div class="photo-frame" data-ratio="${w}:${h}">${picture}</div>${cap}</figure>\n`;
      }
      case "qr": {
        const url = d.attrs.url ?? "";
        if (!/^https?:\/\/[^\s/]+/.test(url)) {
          env.problems.push({ line: d.line, message: `the QR call-out needs url=https://…; found "${url}"`, hint: "give the address the code must open" });
          return "";
        }
        const qr: QrInfo = { url, text: d.lines, articleId: env.articleId, index: env.qrs.length + 1 };
        env.qrs.push(qr);
        const label = `二维码：${d.lines.join(" ")}`;
        const code = env.target === "epub" ? `<img src="${esc(env.qrUrl(qr))}" alt="${esc(label)}"/>` : qrSvg(url, label);
        return `<aside class="qr-callout" id="${env.articleId}-qr-${qr.index}"><a class="qr-code" href="${esc(url)}">${code}</a><p class="qr-text">${d.lines.map(esc).join("<br/>")}</p></aside>\n`;
      }
      case "book":
        return `<dl class="book-data">${d.lines
          .map((l) => {
            const [label, ...rest] = l.split("：");
            return rest.length ? `<div><dt>${esc(label)}：</dt><dd>${esc(rest.join("："))}</dd></div>` : `<div><dd>${esc(l)}</dd></div>`;
          })
          .join("")}</dl>\n`;
      default:
        return "";
    }
  };
}
