import { describe, expect, it } from "vitest";
import { checkIssn, ean13CheckDigit, issnCheckDigit, periodicalEan13 } from "../src/content/identifiers.js";

describe("ISSN check digit (weights 8..2, mod 11)", () => {
  it("accepts known good ISSNs", () => {
    expect(checkIssn("2096-7462").ok).toBe(true); // 党员之友
    expect(checkIssn("0317-8471").ok).toBe(true); // ISO 3297's example
    expect(checkIssn("2434-561X").ok).toBe(true); // an X check digit
  });
  it("rejects a wrong check digit and says which one is right", () => {
    expect(checkIssn("2096-7463")).toMatchObject({ ok: false, expected: "2" });
    expect(checkIssn("0317-8470")).toMatchObject({ ok: false, expected: "1" });
  });
  it("rejects what is not an ISSN", () => {
    expect(checkIssn("2096-746").ok).toBe(false);
    expect(checkIssn("ABCD-1234").ok).toBe(false);
    expect(issnCheckDigit("2434561")).toBe("X");
  });
});

describe("EAN-13 of the periodical barcode (GB/T 16827)", () => {
  it("computes the reference issue's code from the ISSN and the variant", () => {
    expect(periodicalEan13("2096-7462", "25")).toBe("9772096746254");
  });
  it("computes EAN-13 check digits", () => {
    expect(ean13CheckDigit("400638133393")).toBe("1"); // 4006381333931, a textbook example
    expect(ean13CheckDigit("977209674625")).toBe("4");
    expect(periodicalEan13("0317-8471", "00")).toBe("9770317847001"); // the ISSN standard's example
  });
});
