// kanwu preview, in the page: live reload that keeps the page you were on, the error overlay,
// and the guides. Loaded before Paged.js, so PagedConfig is in place when it starts.
(function () {
  const KEY = "kanwu-scroll:" + location.pathname + location.search;
  window.PagedConfig = {
    after: function () {
      // The preview's own styles come after Paged.js has read the print styles, untouched by it.
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = "/__kanwu/preview.css";
      document.head.appendChild(css);
      const offset = document.querySelector('meta[name="kanwu-page-offset"]');
      if (offset) {
        const style = document.createElement("style");
        style.textContent = ".pagedjs_pages { counter-reset: page " + Number(offset.content) + " !important; }";
        document.head.appendChild(style);
      }
      const y = sessionStorage.getItem(KEY);
      if (y) window.scrollTo(0, Number(y));
      document.documentElement.dataset.kanwuReady = "1";
    },
  };
  function overlay(message) {
    let el = document.getElementById("kanwu-overlay");
    if (!message) return el && el.remove();
    if (!el) {
      el = document.createElement("div");
      el.id = "kanwu-overlay";
      el.style.cssText = "position:fixed;inset:0 0 auto 0;z-index:1000;background:#b00020;color:#fff;font:14px/1.5 monospace;white-space:pre-wrap;padding:12px 16px";
      document.documentElement.appendChild(el);
    }
    el.textContent = message;
  }
  const events = new EventSource("/__kanwu/events");
  events.addEventListener("reload", function () {
    sessionStorage.setItem(KEY, String(window.scrollY));
    location.reload();
  });
  events.addEventListener("problem", function (e) {
    overlay(JSON.parse(e.data).message);
  });
  fetch("/__kanwu/status").then((r) => r.json()).then((s) => overlay(s.problem));
  // Guides: trim and bleed, margins, columns, baseline grid.
  const guides = [
    ["trim", "裁切/出血"],
    ["margins", "版心"],
    ["columns", "分栏"],
    ["baseline", "基线"],
  ];
  window.addEventListener("DOMContentLoaded", function () {
    const bar = document.createElement("div");
    bar.id = "kanwu-guides";
    for (const [name, label] of guides) {
      const l = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      const fromUrl = (new URLSearchParams(location.search).get("guides") || "").split(",");
      box.checked = fromUrl.includes(name) || localStorage.getItem("kanwu-guide-" + name) === "1";
      document.documentElement.classList.toggle("guide-" + name, box.checked);
      box.addEventListener("change", function () {
        localStorage.setItem("kanwu-guide-" + name, box.checked ? "1" : "0");
        document.documentElement.classList.toggle("guide-" + name, box.checked);
      });
      l.append(box, " " + label);
      bar.appendChild(l);
    }
    document.documentElement.appendChild(bar);
  });
})();
