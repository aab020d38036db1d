/**
 * The fonts: find the faces fonts/fonts.json names, refuse any that Chromium would turn into a
 * Type 3 font, check that every character of the issue has a glyph, and write subsets holding
 * only the characters used (for the PDF and the EPUB alike).
 */
import { readFileSync, existsSync, writeFileSync, mkdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { ROOT } from "../paths.js";
import opentype from "opentype.js";
import type * as OT from "opentype.js";
import subsetFont from "subset-font";

export interface FaceSpec {
  family: string;
  weight: number;
  role: string;
  files: string[];
}

export interface Face extends FaceSpec {
  path: string;
  bytes: Buffer;
  hash: string;
}


export function fontConfig(): { faces: FaceSpec[]; fallback: string } {
  return JSON.parse(readFileSync(join(ROOT, "fonts/fonts.json"), "utf8"));
}

/** The sfnt table tags of a font file, read from its table directory. */
function tableTags(bytes: Buffer): string[] {
  const n = bytes.readUInt16BE(4);
  const tags: string[] = [];
  for (let i = 0; i < n; i++) tags.push(bytes.toString("latin1", 12 + i * 16, 16 + i * 16));
  return tags;
}

/** Why Chromium would write this font as Type 3, or undefined when it embeds it as TrueType. */
export function type3Risk(bytes: Buffer): string | undefined {
  const magic = bytes.toString("latin1", 0, 4);
  if (magic === "ttcf") return "it is a font collection (.ttc)";
  if (magic === "OTTO") return "it has CFF (PostScript) outlines";
  if (magic === "wOFF" || magic === "wOF2") return "it is a web font (WOFF); give the TrueType file";
  if (bytes.readUInt32BE(0) !== 0x00010000 && magic !== "true") return "it is not a TrueType font file";
  const tags = tableTags(bytes);
  if (!tags.includes("glyf")) return "it has no TrueType (glyf) outlines";
  if (tags.includes("fvar") || tags.includes("gvar")) return "it is a variable font";
  return undefined;
}

export function loadFaces(): Face[] {
  const { faces } = fontConfig();
  return faces.map((spec) => {
    const path = spec.files.map((f) => resolve(ROOT, f)).find((f) => existsSync(f));
    if (!path) throw new Error(`font ${spec.family} ${spec.weight} not found: looked for ${spec.files.join(", ")}. Run npm run setup (it installs the fonts).`);
    const bytes = readFileSync(path);
    const risk = type3Risk(bytes);
    if (risk) throw new Error(`font ${path} cannot be used: ${risk}. Chromium would embed it as a Type 3 font, which print shops reject. Use a static TrueType (.ttf) font.`);
    return { ...spec, path, bytes, hash: createHash("sha256").update(bytes).digest("hex").slice(0, 16) };
  });
}

export interface CoverageGap {
  char: string;
  codePoint: string;
}

const parsedCache = new Map<string, OT.Font>();

/** Characters of `chars` that the face lacks (control and spacing characters aside). */
export function missingGlyphs(face: Face, chars: Iterable<string>): CoverageGap[] {
  let font: OT.Font | undefined = parsedCache.get(face.hash);
  if (!font) {
    const ab = face.bytes.buffer.slice(face.bytes.byteOffset, face.bytes.byteOffset + face.bytes.byteLength);
    font = opentype.parse(ab as ArrayBuffer);
    parsedCache.set(face.hash, font);
  }
  const out: CoverageGap[] = [];
  for (const c of chars) {
    if (/\s/.test(c)) continue;
    if (font.charToGlyphIndex(c) === 0)
      out.push({ char: c, codePoint: "U+" + c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0") });
  }
  return out;
}

/** Subsets a face to `chars` (plus ASCII), cached on disk by font and character set. */
export async function subsetFace(face: Face, chars: string, cacheDir: string): Promise<Buffer> {
  const text = [...new Set([...chars, ..." !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"])].sort().join("");
  const key = createHash("sha256").update(face.hash).update(text).digest("hex").slice(0, 24);
  const cached = join(cacheDir, `${key}.ttf`);
  if (existsSync(cached)) return readFileSync(cached);
  const out = await subsetFont(face.bytes, text, { targetFormat: "truetype" });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, out);
  return out;
}
