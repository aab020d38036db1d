/**
 * `kanwu preview`: a local server (127.0.0.1) showing the issue paginated by the same templates,
 * styles and Paged.js as the PDF, in the browser. It watches templates/, styles/ and the issue;
 * on a change it composes again and the open page reloads itself, staying where it was. Errors
 * show in the page and in the terminal; the server keeps running and recovers on the next good
 * save. `/?article=<id>` shows one article on its flatplan pages.
 */
import { createServer, type ServerResponse } from "node:http";
import { watch, mkdtempSync, readFileSync, writeFileSync, existsSync, statSync, rmSync, type FSWatcher } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { createRequire } from "node:module";
import { ContentError } from "../content/errors.js";
import { composePrintHtml } from "../compose/index.js";
import { stagePrint, interiorSheets } from "../compose/stage.js";
import { preparePrint } from "../print/prepare.js";
import { applyDensities, readDensities } from "../print/interior.js";
import type { IssueView } from "../compose/view.js";
import { designDir, ROOT } from "../paths.js";

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".ttf": "font/ttf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif", ".svg": "image/svg+xml" };
// The same Paged.js that pagedjs-cli drives for the PDF (its dependency), as the browser polyfill.
const polyfill = join(dirname(createRequire(join(ROOT, "node_modules/pagedjs-cli/package.json")).resolve("pagedjs")), "../dist/paged.polyfill.js");
const HERE = import.meta.dirname;

export interface PreviewOptions {
  issueDir: string;
  port: number;
  log: (msg: string) => void;
}

export async function startPreview({ issueDir, port, log }: PreviewOptions) {
  const dir = mkdtempSync(join(tmpdir(), "kanwu-preview-"));
  let view: IssueView | undefined;
  let sheets: string[] = [];
  let problem: string | undefined;
  const clients = new Set<ServerResponse>();
  const send = (event: string, data: unknown) => {
    for (const c of clients) c.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  async function compose(): Promise<void> {
    const t0 = performance.now();
    try {
      const prepared = await preparePrint(issueDir, dir);
      const d = prepared.issue.data;
      const pageCount = d.format.pages ?? Math.max(...d.flatplan.map((e) => (typeof e.page === "number" ? e.page : 0)));
      applyDensities(prepared.printView, pageCount, readDensities());
      sheets = interiorSheets(stagePrint(dir, prepared.issue, prepared.printView, prepared.faces, prepared.subsets));
      writeFileSync(join(dir, "interior.html"), composePrintHtml(prepared.printView, sheets, "interior"));
      view = prepared.printView;
      problem = undefined;
      log(`preview: composed in ${Math.round(performance.now() - t0)} ms`);
      send("reload", {});
    } catch (e) {
      problem = e instanceof ContentError ? e.message : `${(e as Error).message}`;
      log(`preview: ${problem}`);
      send("problem", { message: problem });
    }
  }

  /** The page as served: the composed HTML with the preview's own scripts and styles. */
  function page(article: string | null): string {
    if (!view) return `<!DOCTYPE html><html><head><script src="/__kanwu/client.js"></script></head><body></body></html>`;
    let html = readFileSync(join(dir, "interior.html"), "utf8");
    if (article) {
      const slots = view.slots.filter((s) => s.article?.id === article);
      if (!slots.length) return `<!DOCTYPE html><html><body><p>no article "${article.replace(/[<&"]/g, "")}" in the flatplan</p></body></html>`;
      html = composePrintHtml({ ...view, slots: slots.map((s, i) => ({ ...s, newPage: i === 0 || s.newPage })) }, sheets, "interior");
      // Its planned pages: numbered from the planned page (the client sets the counter once
      // Paged.js is done: Paged.js rewrites counter rules it reads), on the same side, left or
      // right: an even page needs one page before it, laid out but not shown (preview.css).
      const first = Number(slots[0].page);
      const left = first % 2 === 0;
      html = html
        .replace("<body class=\"print\">", `<body class="print">${left ? '<div class="kanwu-parity"></div>' : ""}`)
        .replace(
          "</head>",
          `<style>.kanwu-parity { break-after: page; }</style><meta name="kanwu-page-offset" content="${first - 1}"/></head>`,
        );
    }
    return html.replace("</head>", `<script src="/__kanwu/client.js"></script><script src="/__kanwu/paged.polyfill.js"></script></head>`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const reply = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    if (url.pathname === "/") return reply(200, TYPES[".html"], page(url.searchParams.get("article")));
    if (url.pathname === "/__kanwu/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      res.write(": kanwu\n\n");
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    if (url.pathname === "/__kanwu/status") return reply(200, "application/json", JSON.stringify({ problem: problem ?? null }));
    if (url.pathname === "/__kanwu/client.js") return reply(200, TYPES[".js"], readFileSync(join(HERE, "client.js")));
    if (url.pathname === "/__kanwu/preview.css") return reply(200, TYPES[".css"], readFileSync(join(HERE, "preview.css")));
    if (url.pathname === "/__kanwu/paged.polyfill.js") return reply(200, TYPES[".js"], readFileSync(polyfill));
    // Files of the composed issue only: nothing outside the preview folder.
    const file = normalize(join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir + "/") || !existsSync(file) || !statSync(file).isFile()) return reply(404, "text/plain", "not found");
    return reply(200, TYPES[extname(file)] ?? "application/octet-stream", readFileSync(file));
  });

  await compose();
  // Recompose on every change of the design or the issue; changes during a compose queue one more.
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (running) return void (again = true);
      do {
        again = false;
        running = compose();
        await running;
      } while (again);
      running = undefined;
    }, 120);
  };
  const watchers: FSWatcher[] = [join(designDir(), "templates"), join(designDir(), "styles"), resolve(issueDir)].map((d) => watch(d, { recursive: true }, changed));
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const address = server.address() as { port: number };
  const url = `http://127.0.0.1:${address.port}/`;
  log(`preview: ${url} (watching templates/, styles/ and ${issueDir}; Ctrl-C to stop)`);
  return {
    url,
    async close() {
      watchers.forEach((w) => w.close());
      for (const c of clients) c.end();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
