/** Turns zod's issues into Problems with file, line and field, in the editor's words. */
import type { z } from "zod";
import type { Problem } from "./errors.js";
import type { YamlSource } from "./yaml-source.js";

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a group of fields";
  if (typeof value === "string") return `"${value.length > 40 ? value.slice(0, 40) + "…" : value}"`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const k of path) v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

export function zodProblems(error: z.ZodError, src: YamlSource, file: string, prefix: readonly PropertyKey[] = []): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    const field = path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({
          file,
          line: src.lineOf([...path, key], true),
          field: field ? `${field}.${key}` : key,
          message: `unknown field "${key}"`,
          hint: "check its spelling against docs/content.md, or remove it",
        });
      }
      continue;
    }
    const found = valueAt(src.data, path);
    let message = issue.message;
    if (found === undefined && issue.code === "invalid_type") message = `missing: ${issue.message.replace(/^expected /, "expected ")}`;
    else if (!/found/.test(message)) message = `${message}; found ${describe(found)}`;
    out.push({ file, line: src.lineOf(path), field: field || undefined, message });
  }
  return out;
}
