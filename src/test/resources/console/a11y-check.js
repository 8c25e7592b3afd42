// An accessibility check run in the page by the browser tests (never served: the pages do not need it).
// It stands in for axe-core, whose WebJar (org.webjars.npm:axe-core) Maven could not resolve here; it
// checks the WCAG 2.1 A/AA rules axe reports as serious or critical that apply to these pages:
// html lang (3.1.1), a name for every form control, link, button and image (1.1.1, 2.4.4, 4.1.2),
// headings in order with one h1 (1.3.1), header cells in data tables (1.3.1), unique ids and
// resolvable aria references (4.1.1/4.1.2), and text contrast of 4.5:1, 3:1 for large text (1.4.3).
// Returns a list of violations as strings; an empty list is a pass.
return (function () {
  "use strict";
  var out = [];
  function describe(el) {
    var s = el.tagName.toLowerCase();
    if (el.id) { s += "#" + el.id; }
    if (el.getAttribute("name")) { s += "[name=" + el.getAttribute("name") + "]"; }
    var text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return s + (text ? " \"" + text + "\"" : "");
  }
  function visible(el) {
    if (el.closest("[hidden]")) { return false; }
    var st = getComputedStyle(el);
    if (st.display === "none" || st.visibility === "hidden") { return false; }
    return el.getClientRects().length > 0;
  }
  function byIds(list) {
    return (list || "").split(/\s+/).filter(Boolean).map(function (id) { return document.getElementById(id); });
  }
  function name(el) {
    var n = (el.getAttribute("aria-label") || "").trim();
    if (n) { return n; }
    var ids = byIds(el.getAttribute("aria-labelledby"));
    if (ids.length) { return ids.map(function (x) { return x ? x.textContent : ""; }).join(" ").trim(); }
    if (el.id) {
      var l = document.querySelector("label[for='" + el.id + "']");
      if (l && l.textContent.trim()) { return l.textContent.trim(); }
    }
    var wrap = el.closest("label");
    if (wrap && wrap.textContent.trim()) { return wrap.textContent.trim(); }
    if (el.tagName === "IMG") { return el.getAttribute("alt"); }
    var t = el.querySelector && el.querySelector(":scope > title");
    if (t && t.textContent.trim()) { return t.textContent.trim(); }
    return (el.getAttribute("title") || "").trim();
  }
  var lang = document.documentElement.getAttribute("lang");
  if (!lang || !/^[a-z]{2}(-[A-Za-z]{2})?$/.test(lang)) { out.push("html-has-lang: html lang is '" + lang + "'"); }
  if (!document.title.trim()) { out.push("document-title: empty title"); }
  document.querySelectorAll("input, select, textarea").forEach(function (el) {
    var type = (el.getAttribute("type") || "").toLowerCase();
    if (type === "hidden" || type === "submit" || type === "button" || type === "reset") { return; }
    if (!name(el)) { out.push("label: form control without a label: " + describe(el)); }
  });
  document.querySelectorAll("button, input[type=submit], input[type=button]").forEach(function (el) {
    var n = name(el) || (el.textContent || "").trim() || (el.value || "").trim();
    if (!n) { out.push("button-name: button without a name: " + describe(el)); }
  });
  document.querySelectorAll("a[href]").forEach(function (el) {
    var n = name(el) || (el.textContent || "").trim();
    if (!n) { out.push("link-name: link without a name: " + describe(el)); }
  });
  document.querySelectorAll("img").forEach(function (el) {
    if (!el.hasAttribute("alt")) { out.push("image-alt: image without alt: " + describe(el)); }
  });
  document.querySelectorAll("svg").forEach(function (el) {
    var role = el.getAttribute("role");
    if (role === "img" && !name(el)) { out.push("svg-img-alt: svg role=img without a name: " + describe(el)); }
    if (!role && el.getAttribute("aria-hidden") !== "true") { out.push("svg-img-alt: svg without role=img or aria-hidden: " + describe(el)); }
  });
  var headings = Array.prototype.slice.call(document.querySelectorAll("h1, h2, h3, h4, h5, h6")).filter(visible);
  if (headings.filter(function (h) { return h.tagName === "H1"; }).length !== 1) { out.push("page-has-heading-one: not exactly one h1"); }
  var last = 0;
  headings.forEach(function (h) {
    var level = +h.tagName.substring(1);
    if (last && level > last + 1) { out.push("heading-order: " + h.tagName + " after h" + last + ": " + describe(h)); }
    if (!h.textContent.trim()) { out.push("empty-heading: " + describe(h)); }
    last = level;
  });
  document.querySelectorAll("table").forEach(function (t) {
    if (!t.querySelector("th")) { out.push("th-has-data-cells: table without header cells: " + describe(t)); }
    t.querySelectorAll("thead th").forEach(function (th) {
      if (!th.textContent.trim() && !name(th) && !th.querySelector("input[aria-label]")) { out.push("empty-table-header: " + describe(th)); }
    });
  });
  var seen = {};
  document.querySelectorAll("[id]").forEach(function (el) {
    if (seen[el.id]) { out.push("duplicate-id: " + el.id); }
    seen[el.id] = true;
  });
  document.querySelectorAll("[aria-labelledby], [aria-describedby]").forEach(function (el) {
    byIds((el.getAttribute("aria-labelledby") || "") + " " + (el.getAttribute("aria-describedby") || "")).forEach(function (x) {
      if (!x) { out.push("aria-valid-attr-value: a reference to a missing id from " + describe(el)); }
    });
  });
  // contrast: every element with its own visible text, against the first opaque background behind it
  function rgba(s) {
    var m = s.match(/rgba?\(([^)]+)\)/);
    if (!m) { return null; }
    var p = m[1].split(",").map(function (x) { return parseFloat(x); });
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function lum(c) {
    function ch(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  }
  function background(el) {
    for (var e = el; e && e.nodeType === 1; e = e.parentElement) {
      var c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a >= 0.99) { return c; }
    }
    return {r: 255, g: 255, b: 255, a: 1};
  }
  var checked = 0;
  document.querySelectorAll("body *").forEach(function (el) {
    var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
    if (!own || !visible(el) || el.closest(".visually-hidden, .skip, title")) { return; }
    var st = getComputedStyle(el);
    var inSvg = el instanceof SVGElement;
    var fg = rgba(inSvg ? st.fill : st.color);
    if (!fg) { return; }
    var bg = background(inSvg ? el.ownerSVGElement || el : el);
    var l1 = lum(fg), l2 = lum(bg);
    var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    var size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight, 10) >= 700;
    var need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    checked++;
    if (ratio < need) { out.push("color-contrast: " + ratio.toFixed(2) + ":1 < " + need + ":1 for " + describe(el)); }
  });
  if (checked === 0) { out.push("color-contrast: no text was checked"); }
  return out;
})();
