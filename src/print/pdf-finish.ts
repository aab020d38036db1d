/**
 * Finishes a PDF from Chromium for the print shop: exact TrimBox and BleedBox on every page,
 * computed from the millimetres in issue.yaml (Chromium rounds the page to whole points and
 * pagedjs-cli's own TrimBox is wrong), and fixed document metadata.
 */
import { PDFDocument, PDFName, PDFString, cmyk } from "pdf-lib";

// Registration marks are printed on every plate; plain K is what a press expects of crop marks.
const cmykBlack = cmyk(0, 0, 0, 1);

export const MM = 72 / 25.4;

export interface Geometry {
  trimWidth: number; // mm
  trimHeight: number; // mm
  bleed: number; // mm
}

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  lang: string;
  date: Date; // creation and modification date (SOURCE_DATE_EPOCH or the issue date)
}

/** The boxes in points for a page whose top edge is at `top` (Chromium draws from the top). */
export function boxesFor(g: Geometry, top: number) {
  const bw = (g.trimWidth + 2 * g.bleed) * MM;
  const bh = (g.trimHeight + 2 * g.bleed) * MM;
  const b = g.bleed * MM;
  return {
    bleed: { x: 0, y: top - bh, width: bw, height: bh },
    trim: { x: b, y: top - bh + b, width: g.trimWidth * MM, height: g.trimHeight * MM },
  };
}

export async function finishPdf(bytes: Uint8Array, g: Geometry, meta: PdfMeta): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  for (const page of doc.getPages()) {
    const media = page.getMediaBox();
    const { bleed, trim } = boxesFor(g, media.y + media.height);
    page.setMediaBox(bleed.x, bleed.y, bleed.width, bleed.height);
    page.setCropBox(bleed.x, bleed.y, bleed.width, bleed.height);
    page.setBleedBox(bleed.x, bleed.y, bleed.width, bleed.height);
    page.setTrimBox(trim.x, trim.y, trim.width, trim.height);
  }
  setMetadata(doc, meta);
  return doc.save({ useObjectStreams: false });
}

export function setMetadata(doc: PDFDocument, meta: PdfMeta): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator("kanwu");
  doc.setProducer("kanwu (Paged.js, Chromium, pdf-lib)");
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.catalog.set(PDFName.of("Lang"), PDFString.of(meta.lang));
}

/**
 * Crop marks, on request: the MediaBox grows by a slug around the bleed and the marks are drawn
 * in it, at the trim lines, starting outside the bleed so that no mark reaches into the print.
 */
export async function addCropMarks(bytes: Uint8Array, g: Geometry, slugMm = 10): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const slug = slugMm * MM;
  const gap = g.bleed * MM + 1 * MM; // marks start 1 mm outside the bleed
  for (const page of doc.getPages()) {
    const b = page.getBleedBox();
    const t = page.getTrimBox();
    page.setMediaBox(b.x - slug, b.y - slug, b.width + 2 * slug, b.height + 2 * slug);
    page.setCropBox(b.x - slug, b.y - slug, b.width + 2 * slug, b.height + 2 * slug);
    const xs = [t.x, t.x + t.width];
    const ys = [t.y, t.y + t.height];
    const line = (x1: number, y1: number, x2: number, y2: number) =>
      page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: 0.25, color: cmykBlack });
    for (const x of xs) {
      line(x, t.y - gap, x, b.y - slug + 1);
      line(x, t.y + t.height + gap, x, b.y + b.height + slug - 1);
    }
    for (const y of ys) {
      line(t.x - gap, y, b.x - slug + 1, y);
      line(t.x + t.width + gap, y, b.x + b.width + slug - 1, y);
    }
  }
  return doc.save({ useObjectStreams: false });
}
