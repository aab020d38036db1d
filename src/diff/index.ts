/**
 * `kanwu diff <distA> <distB>`: what changed between two builds, page by page. Both builds'
 * pages are rendered (pdftoppm), compared pixel by pixel, and an HTML report shows every
 * changed page side by side with the differences highlighted in red, and the count.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { encodePng } from "./png.js";

const run = promisify(execFile);

interface Raster {
  width: number;
  height: number;
  pixels: Buffer; // RGB
}

function readPpm(path: string): Raster {
  const b = readFileSync(path);
  const header = b.toString("latin1", 0, 64).match(/^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/)!;
  return { width: Number(header[1]), height: Number(header[2]), pixels: b.subarray(header[0].length) };
}

async function pages(pdf: string, dir: string, prefix: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  await run("pdftoppm", ["-r", "40", pdf, join(dir, prefix)]);
  return readdirSync(dir).filter((f) => f.startsWith(prefix + "-") && f.endsWith(".ppm")).sort().map((f) => join(dir, f));
}

/** Pixels that differ (by more than rendering noise), and a picture of B with them in red. */
function compare(a: Raster, b: Raster): { changed: number; highlight: Buffer } {
  const w = b.width;
  const h = b.height;
  const rgb = new Uint8Array(w * h * 3);
  let changed = 0;
  for (let i = 0; i < w * h; i++) {
    const x = i % w;
    const y = Math.floor(i / w);
    const ia = (y * a.width + x) * 3;
    const inA = x < a.width && y < a.height;
    let differs = false;
    for (let c = 0; c < 3; c++) if (Math.abs((inA ? a.pixels[ia + c] : 255) - b.pixels[i * 3 + c]) > 8) differs = true;
    if (differs) changed++;
    const grey = (b.pixels[i * 3] * 299 + b.pixels[i * 3 + 1] * 587 + b.pixels[i * 3 + 2] * 114) / 1000;
    const faint = 160 + Math.round((grey / 255) * 95);
    rgb.set(differs ? [230, 0, 40] : [faint, faint, faint], i * 3);
  }
  return { changed, highlight: encodePng(w, h, rgb) };
}

export interface DiffResult {
  changed: { document: string; page: string; pixels: number }[];
  pages: number;
  report: string;
}

export async function diffBuilds(distA: string, distB: string, outDir: string): Promise<DiffResult> {
  const manifest = (d: string) => JSON.parse(readFileSync(join(d, "manifest.json"), "utf8"));
  const [ma, mb] = [manifest(distA), manifest(distB)];
  rmSync(outDir, { recursive: true, force: true });
  const work = join(outDir, "work");
  mkdirSync(join(outDir, "pages"), { recursive: true });
  const changed: DiffResult["changed"] = [];
  const rows: string[] = [];
  let total = 0;
  for (const [key, label] of [["interior", ""], ["cover", "封"]] as const) {
    if (!ma.outputs[key] || !mb.outputs[key]) continue;
    const [pa, pb] = await Promise.all([pages(join(distA, ma.outputs[key]), work, `a-${key}`), pages(join(distB, mb.outputs[key]), work, `b-${key}`)]);
    const n = Math.max(pa.length, pb.length);
    total += n;
    for (let i = 0; i < n; i++) {
      const name = key === "cover" ? `${label}${["一", "二", "三", "四"][i] ?? i + 1}` : String(i + 1);
      if (!pa[i] || !pb[i]) {
        changed.push({ document: key, page: name, pixels: -1 });
        rows.push(`<section><h2>${key} ${name}: ${pa[i] ? "only in A" : "only in B"}</h2></section>`);
        continue;
      }
      const a = readPpm(pa[i]);
      const b = readPpm(pb[i]);
      if (a.width === b.width && a.height === b.height && a.pixels.equals(b.pixels)) continue;
      const { changed: px, highlight } = compare(a, b);
      if (!px) continue;
      changed.push({ document: key, page: name, pixels: px });
      const stem = `${key}-${i + 1}`;
      writeFileSync(join(outDir, "pages", `${stem}-diff.png`), highlight);
      await Promise.all([
        run("pdftoppm", ["-r", "40", "-png", "-f", String(i + 1), "-l", String(i + 1), "-singlefile", join(distA, ma.outputs[key]), join(outDir, "pages", `${stem}-a`)]),
        run("pdftoppm", ["-r", "40", "-png", "-f", String(i + 1), "-l", String(i + 1), "-singlefile", join(distB, mb.outputs[key]), join(outDir, "pages", `${stem}-b`)]),
      ]);
      rows.push(`<section><h2>${key === "cover" ? "" : "page "}${name} — ${px} pixels changed</h2><div class="row"><figure><img src="pages/${stem}-a.png"/><figcaption>A</figcaption></figure><figure><img src="pages/${stem}-b.png"/><figcaption>B</figcaption></figure><figure><img src="pages/${stem}-diff.png"/><figcaption>differences</figcaption></figure></div></section>`);
    }
  }
  rmSync(work, { recursive: true, force: true });
  const report = join(outDir, "index.html");
  writeFileSync(
    report,
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"/><title>kanwu diff</title>
<style>body{font-family:sans-serif;margin:2em}.row{display:flex;gap:12px}figure{margin:0}img{width:300px;border:1px solid #999;display:block}h2{font-size:1em}</style></head>
<body><h1>${changed.length} of ${total} pages changed</h1><p>A: ${resolve(distA)} · B: ${resolve(distB)}</p>
${rows.join("\n") || "<p>No page changed.</p>"}</body></html>`,
  );
  writeFileSync(join(outDir, "diff.json"), JSON.stringify({ changed, pages: total }, null, 2) + "\n");
  return { changed, pages: total, report };
}

export function existsBuild(dir: string): boolean {
  return existsSync(join(dir, "manifest.json"));
}
