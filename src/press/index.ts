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
import { PDFDocument, PDFName, PDFArray, PDFDict, PDFString, PDFHexString } from "pdf-lib";
import { repairToUnicode } from "./tounicode.js";

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
  doc.getPages().forEach((p, i) => {
    if (!p.node.get(PDFName.of("TrimBox")) || !p.node.get(PDFName.of("BleedBox"))) problems.push(`page ${i + 1} lost its TrimBox or BleedBox`);
  });
  return problems;
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
  const repaired = await repairToUnicode(readFileSync(input), readFileSync(converted));
  const problems = await pdfxProblems(repaired, s.pdfx);
  if (problems.length) throw new Error(`Ghostscript did not write a ${s.pdfx} file from ${input}: ${problems.join("; ")}`);
  writeFileSync(output, repaired);
  rmSync(converted, { force: true });
}
