// Child processes for tests, run asynchronously: a long synchronous spawn would block the test
// worker, and vitest reports a timeout of its own channel as an error.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./issue-copy.js";

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** The kanwu command line, as a user runs it. */
export const kanwu = (...args: string[]) => run(process.execPath, [join(ROOT, "bin/kanwu.mjs"), ...args]);
