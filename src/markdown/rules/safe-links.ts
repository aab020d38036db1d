/**
 * Links and images in content may only point inside the issue folder: no network (http:, https:,
 * //), no absolute paths, no way out with ../. Content arrives from outside; the renderer is a
 * browser with file access.
 */
import type { Md } from "../types.js";
import type { RenderEnv } from "../index.js";

export function unsafeReference(ref: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith("//")) return "points to the network or another scheme";
  if (ref.startsWith("/") || /^[a-zA-Z]:\\/.test(ref)) return "is an absolute path";
  if (ref.split(/[\\/]/).includes("..")) return "leads out of the issue folder with ../";
  return undefined;
}

export function safeLinksPlugin(md: Md): void {
  md.core.ruler.push("kanwu_safe_links", (state) => {
    const env = state.env as unknown as RenderEnv;
    for (const block of state.tokens) {
      if (block.type !== "inline" || !block.children) continue;
      for (const t of block.children) {
        const attr = t.type === "link_open" ? "href" : t.type === "image" ? "src" : undefined;
        if (!attr) continue;
        const ref = String(t.attrGet(attr) ?? "");
        const why = ref.startsWith("#") ? undefined : unsafeReference(ref);
        if (why) {
          env.problems.push({
            line: block.map?.[0] ?? 0,
            message: `the ${t.type === "image" ? "image" : "link"} "${ref}" ${why}`,
            hint: "content may only refer to files inside the issue folder (images/…); a web address belongs in a ::: qr block",
          });
          t.attrSet(attr, "#");
        }
      }
    }
    return true;
  });
}
