// Copies of the reference issue for tests that break it on purpose.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const ISSUE = join(ROOT, "issue");

export function copyIssue(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "kanwu-test-")), "issue");
  cpSync(ISSUE, dir, { recursive: true });
  return dir;
}

/** Replaces `from` (which must occur) by `to` in a file of the copy. */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const p = join(dir, file);
  const s = readFileSync(p, "utf8");
  const out = s.replace(from, to);
  if (out === s) throw new Error(`test setup: "${from}" not found in ${file}`);
  writeFileSync(p, out);
}

/** The 1-based line of the first line containing `needle` in a file of the copy. */
export function lineOf(dir: string, file: string, needle: string): number {
  const i = readFileSync(join(dir, file), "utf8").split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`test setup: "${needle}" not in ${file}`);
  return i + 1;
}
