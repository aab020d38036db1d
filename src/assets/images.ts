/**
 * What an artwork file really is, read from its first bytes rather than its name: the format
 * and the pixel size (PNG, JPEG, WebP, GIF). A file that is none of these is not an image; one
 * whose pixel count no magazine page needs is refused before the browser tries to decode it.
 */
import { openSync, readSync, closeSync, statSync } from "node:fs";

export interface ImageInfo {
  format: "png" | "jpeg" | "webp" | "gif";
  width: number;
  height: number;
  colour?: "gray" | "rgb" | "cmyk" | "indexed"; // as far as the header says
}

export const MAX_IMAGE_BYTES = 100 * 1024 * 1024;
export const MAX_IMAGE_PIXELS = 200_000_000; // about 14,000 × 14,000: a full page at 1,200 ppi is 10,000 × 13,500

function head(path: string, n: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const b = Buffer.alloc(n);
    const got = readSync(fd, b, 0, n, 0);
    return b.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function jpegSize(b: Buffer): { width: number; height: number; colour?: ImageInfo["colour"] } | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    const len = b.readUInt16BE(i + 2);
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7), colour: ({ 1: "gray", 3: "rgb", 4: "cmyk" } as const)[b[i + 9] as 1 | 3 | 4] };
    i += 2 + len;
  }
  return undefined;
}

export function imageInfo(path: string): ImageInfo | undefined {
  const b = head(path, 256 * 1024);
  if (b.length >= 26 && b.toString("latin1", 1, 4) === "PNG")
    return { format: "png", width: b.readUInt32BE(16), height: b.readUInt32BE(20), colour: ({ 0: "gray", 2: "rgb", 3: "indexed", 4: "gray", 6: "rgb" } as const)[b[25] as 0 | 2 | 3 | 4 | 6] };
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
    const size = jpegSize(b);
    return size && { format: "jpeg", ...size };
  }
  if (b.length >= 30 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") {
    const kind = b.toString("latin1", 12, 16);
    if (kind === "VP8X") return { format: "webp", width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
    if (kind === "VP8 ") return { format: "webp", width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    if (kind === "VP8L") {
      const bits = b.readUInt32LE(21);
      return { format: "webp", width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
  }
  if (b.length >= 10 && b.toString("latin1", 0, 3) === "GIF") return { format: "gif", width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  return undefined;
}

/** Why an artwork file cannot be used, or undefined when it can. */
export function imageProblem(path: string): string | undefined {
  if (statSync(path).size > MAX_IMAGE_BYTES) return `is larger than ${MAX_IMAGE_BYTES / 1048576} MB`;
  const info = imageInfo(path);
  if (!info) return "is not an image kanwu can use (PNG, JPEG, WebP or GIF)";
  if (info.width * info.height > MAX_IMAGE_PIXELS) return `is ${info.width} × ${info.height} pixels, more than any page needs`;
  if (!info.width || !info.height) return "has no pixel size";
  return undefined;
}
