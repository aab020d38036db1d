/**
 * Finishes a PDF from Chromium for the print shop: exact TrimBox and BleedBox on every page,
 * computed from the millimetres in issue.yaml (Chromium rounds the page to whole points and
 * pagedjs-cli's own TrimBox is wrong), and fixed document metadata.
 */
import { PDFDocument, PDFName, PDFString } from "pdf-lib";

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
