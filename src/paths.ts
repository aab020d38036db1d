/**
 * Where kanwu finds its parts. The design — templates/ and styles/ — is the project's own by
 * default; KANWU_DESIGN names another folder holding both (a designer's working copy).
 */
import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..");

export function designDir(): string {
  return process.env.KANWU_DESIGN ? resolve(process.env.KANWU_DESIGN) : ROOT;
}

export const CACHE = resolve(ROOT, "node_modules/.cache/kanwu");
