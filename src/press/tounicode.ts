/**
 * Ghostscript 10.0 rewrites the ToUnicode maps of Chromium's CID TrueType fonts wrongly (the
 * text of a press file would extract as junk). It keeps the character codes (CIDs) and the font
 * names, so the maps of the source PDF are right for the press PDF: this copies them over, merging
 * the maps of one face's several subsets, and refuses when two maps disagree.
 */
import { PDFDocument, PDFName, PDFDict, PDFRawStream, decodePDFRawStream } from "pdf-lib";

function fontsByName(doc: PDFDocument): Map<string, PDFDict[]> {
  const byName = new Map<string, PDFDict[]>();
  const seen = new Set<PDFDict>();
  // Fonts of a resource dictionary and of the form XObjects it uses (pages drawn as forms,
  // such as a full-page photo's, keep their fonts there).
  const visit = (resources: PDFDict | undefined) => {
    if (!resources || seen.has(resources)) return;
    seen.add(resources);
    const fonts = resources.lookup(PDFName.of("Font"));
    if (fonts instanceof PDFDict)
      for (const [, ref] of fonts.entries()) {
        const font = doc.context.lookup(ref, PDFDict);
        const name = font.get(PDFName.of("BaseFont"))!.toString().replace(/^\//, "").replace(/^[A-Z]{6}\+/, "");
        const list = byName.get(name) ?? [];
        if (!list.includes(font)) list.push(font);
        byName.set(name, list);
      }
    const xobjects = resources.lookup(PDFName.of("XObject"));
    if (xobjects instanceof PDFDict)
      for (const [, ref] of xobjects.entries()) {
        const x = doc.context.lookup(ref);
        if (x instanceof PDFRawStream && x.dict.get(PDFName.of("Subtype"))?.toString() === "/Form") {
          const r = x.dict.lookup(PDFName.of("Resources"));
          if (r instanceof PDFDict) visit(r);
        }
      }
  };
  for (const page of doc.getPages()) visit(page.node.Resources());
  return byName;
}

/** CID → Unicode text from a ToUnicode CMap (bfchar and bfrange entries). */
export function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexText = (h: string) => String.fromCharCode(...(h.match(/..../g) ?? []).map((x) => parseInt(x, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(m[1], 16), hexText(m[2]));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g)) {
      const [lo, hi] = [parseInt(m[1], 16), parseInt(m[2], 16)];
      if (m[3].startsWith("[")) [...m[3].matchAll(/<([0-9A-Fa-f]+)>/g)].forEach((x, i) => map.set(lo + i, hexText(x[1])));
      else {
        const start = hexText(m[3].slice(1, -1));
        for (let c = lo; c <= hi; c++) map.set(c, start.slice(0, -1) + String.fromCharCode(start.charCodeAt(start.length - 1) + (c - lo)));
      }
    }
  return map;
}

export function writeCMap(map: Map<number, string>): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
  const text = (s: string) => [...s].map((c) => (c.length === 2 ? hex(c.charCodeAt(0)) + hex(c.charCodeAt(1)) : hex(c.charCodeAt(0)))).join("");
  const entries = [...map.entries()].sort((a, b) => a[0] - b[0]);
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    chunks.push(`${part.length} beginbfchar\n${part.map(([c, u]) => `<${hex(c)}> <${text(u)}>`).join("\n")}\nendbfchar`);
  }
  return `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n${chunks.join("\n")}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n`;
}

export async function repairToUnicode(source: Uint8Array, press: Uint8Array): Promise<Uint8Array> {
  const src = await PDFDocument.load(source, { updateMetadata: false });
  const out = await PDFDocument.load(press, { updateMetadata: false });

  for (const [name, fonts] of fontsByName(out)) {
    const merged = new Map<number, string>();
    for (const f of fontsByName(src).get(name) ?? []) {
      const stream = src.context.lookup(f.get(PDFName.of("ToUnicode"))) as PDFRawStream;
      const map = parseCMap(new TextDecoder("latin1").decode(decodePDFRawStream(stream).decode()));
      for (const [cid, text] of map) {
        if (merged.has(cid) && merged.get(cid) !== text) throw new Error(`press PDF: the font ${name} maps character ${cid} to two texts; its text cannot be repaired`);
        merged.set(cid, text);
      }
    }
    if (!merged.size) throw new Error(`press PDF: no source font for ${name}; its text cannot be repaired`);
    const ref = out.context.register(out.context.flateStream(writeCMap(merged)));
    for (const f of fonts) f.set(PDFName.of("ToUnicode"), ref);
  }
  const saved = await out.save({ useObjectStreams: false });
  // pdf-lib always heads its files %PDF-1.7; keep the version Ghostscript wrote (PDF/X-1a is
  // PDF 1.3). Same length, so no offset moves.
  const version = new TextDecoder("latin1").decode(press.subarray(0, 8));
  if (/^%PDF-1\.\d$/.test(version)) saved.set(new TextEncoder().encode(version), 0);
  return saved;
}
