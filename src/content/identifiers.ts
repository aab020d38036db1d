/**
 * Check digits of the identifiers a periodical carries: ISSN (ISO 3297) and the EAN-13 of the
 * periodical barcode (GB/T 16827: 977 + ISSN without its check digit + 2 variant digits).
 */

/** ISSN check digit for the first 7 digits: weights 8..2, mod 11, 'X' for 10. */
export function issnCheckDigit(first7: string): string {
  if (!/^\d{7}$/.test(first7)) throw new Error(`ISSN needs 7 digits before the check digit, got "${first7}"`);
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(first7[i]) * (8 - i);
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? "X" : String(c);
}

/** Parses "2096-7462" (or "20967462"); returns the digits and whether the check digit holds. */
export function checkIssn(issn: string): { ok: boolean; expected?: string; digits?: string } {
  const m = /^(\d{4})-?(\d{3})([\dX])$/.exec(issn.trim());
  if (!m) return { ok: false };
  const first7 = m[1] + m[2];
  const expected = issnCheckDigit(first7);
  return { ok: expected === m[3], expected, digits: first7 + m[3] };
}

/** EAN-13 check digit for 12 digits: weights 1,3,1,3… from the left, mod 10. */
export function ean13CheckDigit(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new Error(`EAN-13 needs 12 digits before the check digit, got "${first12}"`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

/** The periodical EAN-13 from an ISSN and the two variant digits: 977 + 7 ISSN digits + variant + check. */
export function periodicalEan13(issn: string, variant: string): string {
  const { digits } = checkIssn(issn);
  if (!digits) throw new Error(`not an ISSN: "${issn}"`);
  if (!/^\d{2}$/.test(variant)) throw new Error(`the barcode variant must be two digits, got "${variant}"`);
  const first12 = "977" + digits.slice(0, 7) + variant;
  return first12 + ean13CheckDigit(first12);
}

/** CN (国内统一连续出版物号) form: two-digit region, four-digit serial, '/' and a class letter. */
export const CN_PATTERN = /^\d{2}-\d{4}\/[A-Z]$/;
