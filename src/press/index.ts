/**
 * The press PDF: Ghostscript converts a finished PDF to PDF/X in CMYK. Colour goes through the
 * device conversion with full black generation and under-colour removal (GCR 100%), so black and
 * grey text come out on the black plate alone, not as four-colour black. The OutputIntent names
 * the printer's ICC profile (a setting; Ghostscript's default CMYK profile otherwise). Fonts stay
 * embedded; their text maps are repaired after Ghostscript (see tounicode.ts). The result is
 * checked: a file that does not carry its PDF/X identification is never handed over.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync, writeFileSync, existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { PDFDocument, PDFName, PDFArray, PDFDict, PDFString, PDFHexString, PDFRawStream, decodePDFRawStream } from "pdf-lib";
import { repairToUnicode } from "./tounicode.js";
import { createHash } from "node:crypto";

const run = promisify(execFile);

export interface PressSettings {
  pdfx: "PDF/X-1a:2001" | "PDF/X-4";
  icc?: string; // the printer's output profile; Ghostscript's default CMYK profile when absent
  outputCondition: string;
  inkLimit: number; // total area coverage, percent
}

/** Ghostscript's own default CMYK profile, wherever this Ghostscript keeps it. */
export function defaultCmykProfile(): string {
  for (const base of ["/usr/share/ghostscript", "/usr/local/share/ghostscript"]) {
    if (!existsSync(base)) continue;
    for (const v of readdirSync(base).sort().reverse()) {
      const p = join(base, v, "iccprofiles/default_cmyk.icc");
      if (existsSync(p)) return p;
    }
  }
  throw new Error("Ghostscript's default_cmyk.icc not found: install ghostscript (npm run setup), or set press.icc in issue.yaml");
}

const utf16 = (s: string) => "<FEFF" + [...s].map((c) => { const u = c.codePointAt(0)!; return u > 0xffff ? Buffer.from(c, "utf16le").swap16().toString("hex").toUpperCase() : u.toString(16).toUpperCase().padStart(4, "0"); }).join("") + ">";
const psString = (s: string) => `(${s.replace(/[\\()]/g, (c) => "\\" + c)})`;

function pdfxDef(title: string, icc: string, s: PressSettings): string {
  return `% Written by kanwu: the PDF/X identification and output intent.
[ /GTS_PDFXVersion ${psString(s.pdfx)} ${s.pdfx.startsWith("PDF/X-1a") ? `/GTS_PDFXConformance ${psString(s.pdfx)}` : ""} /Title ${utf16(title)} /Trapped /False /DOCINFO pdfmark
[/_objdef {icc_PDFX} /type /stream /OBJ pdfmark
[{icc_PDFX} << /N 4 >> /PUT pdfmark
[{icc_PDFX} ${psString(icc)} (r) file /PUT pdfmark
[/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark
[{OutputIntent_PDFX} << /Type /OutputIntent /S /GTS_PDFX /OutputCondition ${psString(s.outputCondition)} /Info ${psString(icc.split("/").pop()!)} /OutputConditionIdentifier (Custom) /RegistryName (http://www.color.org) /DestOutputProfile {icc_PDFX} >> /PUT pdfmark
[{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark
`;
}

/** What makes a PDF/X: its version in the Info, an OutputIntent, and the boxes on every page. */
export async function pdfxProblems(bytes: Uint8Array, version: string): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const problems: string[] = [];
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  const v = info?.get(PDFName.of("GTS_PDFXVersion"));
  const value = v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined;
  if (value !== version) problems.push(`GTS_PDFXVersion is ${value ?? "missing"}, not ${version}`);
  const intents = doc.catalog.lookup(PDFName.of("OutputIntents"), PDFArray);
  const intent = intents?.lookup(0, PDFDict);
  if (!intent || intent.get(PDFName.of("S"))?.toString() !== "/GTS_PDFX" || !intent.get(PDFName.of("DestOutputProfile"))) problems.push("no GTS_PDFX OutputIntent with a profile");
  if (version === "PDF/X-4") {
    const meta = doc.catalog.lookup(PDFName.of("Metadata"));
    const xmp = meta instanceof PDFRawStream ? new TextDecoder().decode(decodePDFRawStream(meta).decode()) : "";
    if (!xmp.includes("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>")) problems.push("no PDF/X-4 identification in the XMP metadata");
    if (new TextDecoder("latin1").decode(bytes.subarray(0, 8)) !== "%PDF-1.6") problems.push("a PDF/X-4 file is PDF 1.6");
  }
  doc.getPages().forEach((p, i) => {
    if (!p.node.get(PDFName.of("TrimBox")) || !p.node.get(PDFName.of("BleedBox"))) problems.push(`page ${i + 1} lost its TrimBox or BleedBox`);
  });
  return problems;
}

/**
 * PDF/X-4 wants a PDF 1.6 file identified in its XMP metadata as well. Ghostscript 10.0 writes
 * PDF/X-3 rules (PDF 1.3, no XMP) whatever the level asked: the stricter content is valid X-4
 * content, so the identification is added here.
 */
async function asPdfx4(bytes: Uint8Array, title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  const date = (info?.get(PDFName.of("CreationDate")) as PDFString | undefined)?.decodeDate?.() ?? new Date(0);
  const iso = date.toISOString().replace(/\.\d+Z$/, "Z");
  const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const id = `uuid:${createHash("sha256").update(bytes).digest("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, "$1-$2-$3-$4-$5")}`;
  const xmp = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(title)}</rdf:li></rdf:Alt></dc:title>
<dc:format>application/pdf</dc:format>
<xmp:CreateDate>${iso}</xmp:CreateDate><xmp:ModifyDate>${iso}</xmp:ModifyDate><xmp:MetadataDate>${iso}</xmp:MetadataDate>
<xmpMM:DocumentID>${id}</xmpMM:DocumentID><xmpMM:InstanceID>${id}</xmpMM:InstanceID><xmpMM:RenditionClass>default</xmpMM:RenditionClass><xmpMM:VersionID>1</xmpMM:VersionID>
<pdf:Trapped>False</pdf:Trapped><pdf:Producer>kanwu (Ghostscript)</pdf:Producer>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;
  const stream = doc.context.stream(new TextEncoder().encode(xmp), { Type: "Metadata", Subtype: "XML" });
  doc.catalog.set(PDFName.of("Metadata"), doc.context.register(stream));
  const saved = await doc.save({ useObjectStreams: false });
  saved.set(new TextEncoder().encode("%PDF-1.6"), 0); // pdf-lib heads its files 1.7; X-4 is PDF 1.6
  return saved;
}

export async function pressPdf(input: string, output: string, title: string, s: PressSettings, workDir: string): Promise<void> {
  const icc = s.icc ?? defaultCmykProfile();
  const def = join(workDir, `pdfx-def-${Date.now()}.ps`);
  writeFileSync(def, pdfxDef(title, icc, s));
  const converted = `${output}.gs.pdf`;
  await run("gs", [
    "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", `--permit-file-read=${dirname(icc)}/`, `--permit-file-read=${workDir}/`,
    "-sDEVICE=pdfwrite", "-dPDFX", `-dCompatibilityLevel=${s.pdfx.startsWith("PDF/X-1a") ? "1.3" : "1.6"}`,
    "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK",
    // Device colour conversion with black generation and under-colour removal both 100%:
    // neutral colours go to the black plate alone.
    "-dUseFastColor=true",
    // Link annotations would make Ghostscript write a plain PDF instead of PDF/X.
    "-dPreserveAnnots=false",
    `-sOutputFile=${converted}`,
    "-c", "{} setblackgeneration {} setundercolorremoval",
    "-f", def, input,
  ], { maxBuffer: 64 << 20 });
  let repaired = await repairToUnicode(readFileSync(input), readFileSync(converted));
  if (s.pdfx === "PDF/X-4") repaired = await asPdfx4(repaired, title);
  const problems = await pdfxProblems(repaired, s.pdfx);
  if (problems.length) throw new Error(`Ghostscript did not write a ${s.pdfx} file from ${input}: ${problems.join("; ")}`);
  writeFileSync(output, repaired);
  rmSync(converted, { force: true });
}
