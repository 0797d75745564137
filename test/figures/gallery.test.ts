import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { TopLevelSpec } from "vega-lite";
import { escapeHTML, GALLERY_SCRIPTS, GALLERY_VENDOR_DIR, galleryPage, gallerySource, scriptJSON } from "../../lib/figures/gallery";
import { FIGURES_DIR, REPO_ROOT } from "../../lib/store/paths";

const spec = (title: string): TopLevelSpec => ({ title, data: { values: [{ x: 1, label: title }] }, mark: "point", encoding: { x: { field: "x", type: "quantitative" } } });

/** The inlined spec of figure `name`, read back the way the page's script reads it. */
function inlined(page: string, name: string): unknown {
  const m = new RegExp(`<script type="application/json" id="spec-${name}">([^]*?)</script>`).exec(page);
  assert.ok(m, `no inlined spec for ${name}`);
  return JSON.parse(m[1]);
}

test("galleryPage: one section per figure in the given order, captions escaped, specs inlined unchanged", () => {
  const hostile = 'a </script><script>alert(1)</script> <!-- & "q"';
  const entries = [
    { name: "b-fig", title: "B & <b>", description: "second <i>", spec: spec(hostile) },
    { name: "a-fig", title: "A", description: "first", spec: spec("plain") },
  ];
  const page = galleryPage(entries);
  assert.deepEqual([...page.matchAll(/data-figure="([^"]+)"/g)].map((m) => m[1]), ["b-fig", "a-fig"]);
  assert.ok(page.includes("B &amp; &lt;b&gt;") && page.includes("second &lt;i&gt;") && !page.includes("<b>"));
  // the hostile title cannot close the script element: only the page's own scripts end with </script>
  assert.equal(page.split("</script>").length - 1, entries.length + GALLERY_SCRIPTS.length + 1);
  assert.deepEqual(inlined(page, "b-fig"), spec(hostile));
  assert.deepEqual(inlined(page, "a-fig"), spec("plain"));
  for (const s of GALLERY_SCRIPTS) assert.ok(page.includes(`<script src="${GALLERY_VENDOR_DIR}/${s.as}"></script>`));
  assert.ok(!/https?:\/\/[^"]*\.js/.test(page), "no script from the network");
  assert.throws(() => galleryPage([entries[0], entries[0]]), /duplicate figure names: b-fig, b-fig/);
});

test("scriptJSON and escapeHTML", () => {
  assert.equal(scriptJSON({ a: "</script>", b: NaN, c: "\u2028" }), '{"a":"\\u003c/script>","b":null,"c":"\\u2028"}');
  assert.deepEqual(JSON.parse(scriptJSON({ a: "</script>", c: "\u2028" })), { a: "</script>", c: "\u2028" });
  assert.equal(escapeHTML(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
});

test("the committed figures/vendor scripts are the installed (pinned) packages' builds: rerun make figures after an upgrade", () => {
  for (const s of GALLERY_SCRIPTS) {
    const installed = readFileSync(gallerySource(join(REPO_ROOT, "node_modules"), s));
    const committed = readFileSync(join(FIGURES_DIR, GALLERY_VENDOR_DIR, s.as));
    assert.ok(committed.equals(installed), `${GALLERY_VENDOR_DIR}/${s.as} differs from node_modules/${s.package}/${s.file}`);
  }
});
