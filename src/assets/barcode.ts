/**
 * The periodical barcode (GB/T 16827): EAN-13 computed from the ISSN and the variant digits,
 * with the issue number as EAN-2 add-on, drawn as vector by bwip-js. Sized in millimetres: the
 * X dimension (one module) is 0.33 mm at magnification 1.0, quiet zones 11X left and 7X right
 * (5X after the add-on) inside a white box, so it scans over a photo.
 */
import bwipjs from "bwip-js";
import { periodicalEan13 } from "../content/identifiers.js";

export const X_MM = 0.33;
// Bars of the nominal symbol are 22.85 mm high at magnification 1.0 (25.93 mm with the digits).
const BAR_MODULES = 22.85 / X_MM;

export interface Barcode {
  ean13: string;
  addon: string;
  svg: string; // width/height in mm
  widthMm: number;
  heightMm: number;
}

export function periodicalBarcode(issn: string, variant: string, issueNumber: number, magnification = 1): Barcode {
  const ean13 = periodicalEan13(issn, variant);
  const addon = String(issueNumber).padStart(2, "0");
  const quietLeft = 11;
  const quietRight = 7;
  // bwip-js draws one module per unit at scale 1; its height option is in millimetres at 72 dpi.
  const raw = bwipjs.toSVG({
    bcid: "ean13",
    text: `${ean13} ${addon}`,
    includetext: true,
    scale: 1,
    height: (BAR_MODULES * 25.4) / 72,
    paddingleft: quietLeft,
    paddingright: quietRight,
    paddingtop: 2,
    paddingbottom: 1,
    backgroundcolor: "FFFFFF",
  });
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(raw)!;
  const [vw, vh] = [Number(box[1]), Number(box[2])];
  const x = X_MM * magnification;
  const widthMm = vw * x;
  const heightMm = vh * x;
  const svg = raw.replace("<svg ", `<svg width="${widthMm.toFixed(3)}mm" height="${heightMm.toFixed(3)}mm" role="img" aria-label="条码 ${ean13} ${addon}" `);
  return { ean13, addon, svg, widthMm, heightMm };
}
