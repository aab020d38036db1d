/**
 * The content model: the one schema that gives both the TypeScript types and the validation of
 * issue.yaml and of every article's front matter. Messages say what is expected in the editor's
 * terms; the loader adds the file and line.
 */
import { z } from "zod";
import { CN_PATTERN, checkIssn } from "./identifiers.js";

const text = (what: string) => z.string({ error: `expected ${what} (text)` }).trim().min(1, `expected ${what}, found an empty text`);

const Credit = z.strictObject({
  caption: text("the caption").optional(),
  credit: text("the photographer's name (printed as □…/摄)").optional(),
  image: text("a path under images/").optional(),
});

export const PublicationSchema = z.strictObject({
  title: text("the magazine's name"),
  slug: z.string().regex(/^[a-z0-9-]+$/, "expected lowercase ascii letters, digits and hyphens (it names the output files)").optional(),
  slogan: text("the slogan").optional(),
  issn: z.string({ error: "expected the ISSN, like 2096-7462" }).superRefine((v, ctx) => {
    const r = checkIssn(v);
    if (!r.ok)
      ctx.addIssue({
        code: "custom",
        message: r.expected
          ? `ISSN "${v}" has the wrong check digit: with ${v.replace("-", "").slice(0, 7)} it must end in ${r.expected}`
          : `"${v}" is not an ISSN: expected four digits, a hyphen, three digits and a check digit (0-9 or X), like 2096-7462`,
      });
  }),
  cn: z.string({ error: "expected the CN number, like 65-1309/D" }).regex(CN_PATTERN, "expected the CN number as NN-NNNN/L, like 65-1309/D (without the letters CN)"),
  supervisor: text("主管"),
  sponsor: text("主办"),
  publisher: text("出版"),
  staff: z.array(z.strictObject({ role: text("the role"), names: z.array(text("a name")).min(1) })).default([]),
  address: text("地址"),
  phone: text("电话"),
  postcode: z.union([z.string(), z.number()]).transform(String),
  email: text("投稿邮箱"),
  price: text("定价"),
  publishing_day: text("出版日期"),
  printer: text("印刷装订"),
  qr: z.array(z.strictObject({ label: text("the call-out text"), url: z.url({ error: "expected a full URL (https://…)" }) })).default([]),
});

const PageRef = z.union([
  z.number().int().min(1, "page numbers start at 1"),
  z.enum(["c2", "c3", "c4"], { error: "expected a page number, or c2, c3, c4 for the inside front, inside back and back cover" }),
]);

export const IssueFileSchema = z.strictObject({
  publication: PublicationSchema,
  issue: z.strictObject({
    year: z.number().int().min(1900).max(2200),
    number: z.number({ error: "expected the issue number, 1–99" }).int().min(1, "the issue number must be 1–99: it is the barcode's add-on").max(99, "the issue number must be 1–99: it is the barcode's two-digit add-on"),
    total: z.number().int().min(1),
    date: z.string({ error: "expected the publishing date as YYYY-MM-DD" }).regex(/^\d{4}-\d{2}-\d{2}$/, "expected the publishing date as YYYY-MM-DD"),
    cover_lines: z.array(text("a cover line")).default([]),
    cover: Credit,
    inside_front: Credit.optional(),
    barcode: z.strictObject({
      variant: z.string({ error: 'expected the two variant digits as text, like "25"' }).regex(/^\d{2}$/, 'expected two digits, like "25"'),
      magnification: z.number().min(0.8, "GB/T 16827 allows magnification 0.8–2.0").max(2.0, "GB/T 16827 allows magnification 0.8–2.0").default(1),
    }),
  }),
  format: z.strictObject({
    trim: z.strictObject({ width: z.number().positive(), height: z.number().positive() }),
    bleed: z.number().min(0).max(10).default(3),
    pages: z.number({ error: "expected the interior's page count" }).int().min(4).multipleOf(4, "a saddle-stitched interior has a multiple of 4 pages").optional(),
  }),
  press: z
    .strictObject({
      pdfx: z.enum(["PDF/X-1a:2001", "PDF/X-4"], { error: "expected PDF/X-1a:2001 or PDF/X-4" }).default("PDF/X-1a:2001"),
      icc: text("the path of the printer's ICC output profile").optional(),
      output_condition: text("the printing condition, as the print shop names it").default("Offset printing, coated paper (Ghostscript default CMYK)"),
      ink_limit: z.number().min(200).max(400).default(300),
    })
    .default({ pdfx: "PDF/X-1a:2001", output_condition: "Offset printing, coated paper (Ghostscript default CMYK)", ink_limit: 300 }),
  sections: z.array(z.strictObject({ name: text("the section (栏目) name"), feature: text("the feature's theme").optional() })).min(1),
  flatplan: z
    .array(
      z.strictObject({
        page: PageRef,
        article: text("an article id"),
        part: z.literal([1, 2], { error: "expected part 1 or 2 (2 is the continuation after ::jump)" }).default(1),
        toc: z.union([text("the title shown in the table of contents"), z.literal(false)]).optional(),
        toc_authors: z.union([text("the authors shown in the table of contents"), z.literal(false)]).optional(),
      }),
    )
    .min(1),
});

export const ArticleMetaSchema = z.strictObject({
  id: z.string({ error: "expected an id" }).regex(/^[a-z0-9][a-z0-9-]*$/, "expected an id of lowercase ascii letters, digits and hyphens"),
  section: text("a section name from issue.yaml"),
  title: text("the title"),
  subtitle: text("the subtitle").optional(),
  decks: z.array(text("a deck line")).optional(),
  toc_only_title: z.boolean().optional(),
  authors: z.array(text("an author's name")).optional(),
  byline_note: z.array(text("a line under the byline")).optional(),
  author_note: text("作者系…").optional(),
  affiliation: text("作者单位").optional(),
  source: text("摘自…/摘编自…/据…").optional(),
  editor: text("the editor's name").optional(),
  interviewer: text("the interviewer (Q)").optional(),
  interviewee: text("the interviewee (A)").optional(),
  layout: z.strictObject({ columns: z.literal([1, 2, 3], { error: "expected 1, 2 or 3 columns" }).default(2) }).default({ columns: 2 }),
});

export type IssueFile = z.infer<typeof IssueFileSchema>;
export type Publication = z.infer<typeof PublicationSchema>;
export type ArticleMeta = z.infer<typeof ArticleMetaSchema>;
export type FlatplanEntry = IssueFile["flatplan"][number];
export type PageRefValue = z.infer<typeof PageRef>;
