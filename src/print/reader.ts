/**
 * The reader PDF: the covers and the interior in reading order (封一, 封二, pages 1…N, 封三, 封四),
 * for the screen. Pages are copied with their links, so QR codes and the contents stay clickable.
 */
import { PDFDocument } from "pdf-lib";
import { setMetadata, type PdfMeta } from "./pdf-finish.js";

export async function readerPdf(cover: Uint8Array, interior: Uint8Array, meta: PdfMeta): Promise<Uint8Array> {
  const out = await PDFDocument.create({ updateMetadata: false });
  const c = await PDFDocument.load(cover, { updateMetadata: false });
  const i = await PDFDocument.load(interior, { updateMetadata: false });
  const coverPages = await out.copyPages(c, c.getPageIndices());
  const interiorPages = await out.copyPages(i, i.getPageIndices());
  const [front, insideFront, ...back] = coverPages;
  for (const p of [front, insideFront, ...interiorPages, ...back]) {
    // On screen the page ends at the trim: the bleed is for the guillotine.
    const t = p.getTrimBox();
    p.setCropBox(t.x, t.y, t.width, t.height);
    out.addPage(p);
  }
  setMetadata(out, meta);
  return out.save({ useObjectStreams: false });
}
