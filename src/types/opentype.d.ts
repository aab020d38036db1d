// opentype.js 2.0 ships no types; kanwu uses only parse() and charToGlyphIndex().
declare module "opentype.js" {
  export interface Font {
    charToGlyphIndex(c: string): number;
  }
  export function parse(buffer: ArrayBuffer): Font;
  const opentype: { parse: typeof parse };
  export default opentype;
}
