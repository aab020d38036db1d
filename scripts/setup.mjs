#!/usr/bin/env node
// Installs what kanwu needs when it is missing, so that a fresh machine runs the README's two
// commands and nothing else: npm dependencies (npm ci), and Debian's chromium, fonts, epubcheck,
// ghostscript, poppler-utils, qpdf and zbar-tools (apt-get when root; otherwise it stops and
// prints the exact command). Plain Node, no dependencies: it runs before node_modules exists.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// Debian package → a file or command that shows it is installed.
const DEBIAN = [
  ["chromium", "/usr/bin/chromium"],
  ["fonts-lxgw-wenkai", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"],
  ["epubcheck", "/usr/share/java/epubcheck.jar"],
  ["ghostscript", "/usr/bin/gs"],
  ["poppler-utils", "/usr/bin/pdffonts"],
  ["qpdf", "/usr/bin/qpdf"],
  ["zbar-tools", "/usr/bin/zbarimg"],
];

function run(cmd, env = {}) {
  const r = spawnSync("sh", ["-c", cmd], { stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`setup: "${cmd}" failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

const missing = DEBIAN.filter(([, probe]) => !existsSync(probe)).map(([pkg]) => pkg);
if (missing.length) {
  const cmd = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(" ")}`;
  if (process.getuid?.() === 0) {
    console.log(`setup: installing Debian packages: ${missing.join(" ")}`);
    run(cmd);
  } else {
    console.error(`setup: kanwu needs these Debian packages: ${missing.join(" ")}\nRun, as root:\n  sudo sh -c '${cmd}'`);
    process.exit(1);
  }
}

// npm dependencies: install when node_modules is missing or older than the lock file.
const lock = join(root, "package-lock.json");
const stamp = join(root, "node_modules/.package-lock.json");
const stale = !existsSync(stamp) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(stamp).mtimeMs);
if (stale) {
  console.log("setup: installing npm dependencies (npm ci)");
  // No install scripts: the only ones in the tree download browsers (puppeteer's Chromium, Ace's
  // Electron) that kanwu does not use (it drives Debian's chromium) and the closed network refuses.
  run("npm ci --ignore-scripts --no-audit --no-fund", { PUPPETEER_SKIP_DOWNLOAD: "1", ELECTRON_SKIP_BINARY_DOWNLOAD: "1" });
}
