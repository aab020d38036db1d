/**
 * The renderer: Paged.js (through pagedjs-cli's Printer) in Debian's Chromium. One browser serves
 * every PDF of a build. Requests are limited to the build's own folder: nothing from the network,
 * no file outside the build.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM_ARGS = [
  "--no-sandbox", // root in a container: Chromium's sandbox needs user namespaces we do not have
  "--disable-gpu",
  "--disable-background-networking", // the closed network refuses Chromium's own connections
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-default-apps",
  "--font-render-hinting=none", // glyph advances as designed, not hinted to screen pixels
];

export function chromiumPath(): string {
  const fromEnv = process.env.KANWU_CHROMIUM ?? process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      /* try the next */
    }
  }
  throw new Error("Chromium is not installed: run npm run setup (or apt-get install chromium)");
}

// pagedjs-cli's puppeteer reads its browser from the environment when it is first imported.
export interface PrinterLike {
  render(input: string): Promise<import("puppeteer").Page>;
  close(): Promise<void>;
  setup(): Promise<import("puppeteer").Browser>;
  /** Requests the renderer refused (outside the build folder, or to the network) or that failed. */
  blocked: { url: string; reason: string }[];
}

export async function createPrinter(allowedDir: string, timeoutMs = 180_000): Promise<PrinterLike> {
  process.env.PUPPETEER_EXECUTABLE_PATH = chromiumPath();
  process.env.PUPPETEER_SKIP_DOWNLOAD = "1";
  const { default: Printer } = await import("pagedjs-cli");
  // pagedjs-cli's Printer aborts every request outside allowedPaths and every remote one;
  // we listen on each page it opens to report what was refused.
  const printer = new Printer({
    allowLocal: true,
    allowedPaths: [allowedDir],
    allowRemote: false,
    browserArgs: CHROMIUM_ARGS,
    timeout: timeoutMs,
    closeAfter: false,
  }) as PrinterLike;
  printer.blocked = [];
  const browser = await printer.setup();
  browser.on("targetcreated", async (target) => {
    const page = await target.page();
    page?.on("requestfailed", (r: import("puppeteer").HTTPRequest) => printer.blocked.push({ url: r.url(), reason: r.failure()?.errorText ?? "failed" }));
  });
  return printer;
}
