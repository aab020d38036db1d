// Packages without type declarations, typed as far as kanwu uses them.
declare module "subset-font" {
  export default function subsetFont(font: Buffer, text: string, options?: { targetFormat?: "sfnt" | "truetype" | "woff" | "woff2" }): Promise<Buffer>;
}
declare module "pagedjs-cli" {
  const Printer: new (options: Record<string, unknown>) => unknown;
  export default Printer;
}
