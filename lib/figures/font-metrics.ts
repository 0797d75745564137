import { readFileSync } from "node:fs";

/**
 * Text widths from a TrueType font's own advance widths, so headless Vega lays out titles, legends and axis
 * labels for the font the PNG is drawn with. Without a canvas, Vega guesses 0.8 × font size per character,
 * which makes long titles reserve far too much room. Reads the OpenType tables `head` (units per em), `hhea`
 * (number of metrics), `hmtx` (advances) and `cmap` (formats 4 and 12), per the OpenType specification.
 * Kerning is ignored (a fraction of a pixel per pair).
 */

/** Advance widths of one font face, in em units. */
export interface FontMetrics {
  /** the advance of one code point in em (the .notdef glyph's advance for unmapped characters) */
  advance(codePoint: number): number;
  /** the width in pixels of `text` at `fontSize` pixels */
  width(text: string, fontSize: number): number;
}

function tableOffsets(font: DataView, file: string): Map<string, number> {
  const count = font.getUint16(4);
  const tables = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(...[0, 1, 2, 3].map((k) => font.getUint8(record + k)));
    tables.set(tag, font.getUint32(record + 8));
  }
  for (const needed of ["head", "hhea", "hmtx", "cmap"]) {
    if (!tables.has(needed)) throw new Error(`${file}: not a TrueType font with horizontal metrics (no '${needed}' table)`);
  }
  return tables;
}

/** The Unicode → glyph lookup of the font's best Unicode cmap subtable (format 12, else format 4). */
function glyphLookup(font: DataView, cmap: number, file: string): (codePoint: number) => number {
  const subtables = Array.from({ length: font.getUint16(cmap + 2) }, (_, i) => {
    const record = cmap + 4 + 8 * i;
    const offset = cmap + font.getUint32(record + 4);
    return { platform: font.getUint16(record), encoding: font.getUint16(record + 2), offset, format: font.getUint16(offset) };
  }).filter((s) => s.platform === 0 || (s.platform === 3 && (s.encoding === 1 || s.encoding === 10)));
  const f12 = subtables.find((s) => s.format === 12);
  if (f12) {
    const groups = font.getUint32(f12.offset + 12);
    return (cp) => {
      for (let g = 0; g < groups; g++) {
        const at = f12.offset + 16 + 12 * g;
        const start = font.getUint32(at);
        if (cp >= start && cp <= font.getUint32(at + 4)) return font.getUint32(at + 8) + (cp - start);
      }
      return 0;
    };
  }
  const f4 = subtables.find((s) => s.format === 4);
  if (!f4) throw new Error(`${file}: no Unicode cmap subtable of format 4 or 12`);
  const segments = font.getUint16(f4.offset + 6) / 2;
  const ends = f4.offset + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let s = 0; s < segments; s++) {
      if (cp > font.getUint16(ends + 2 * s)) continue;
      const start = font.getUint16(starts + 2 * s);
      if (cp < start) return 0;
      const delta = font.getInt16(deltas + 2 * s);
      const rangeAt = rangeOffsets + 2 * s;
      const range = font.getUint16(rangeAt);
      if (range === 0) return (cp + delta) & 0xffff;
      const glyph = font.getUint16(rangeAt + range + 2 * (cp - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** Reads the advance widths of a TrueType font file. */
export function loadFontMetrics(file: string): FontMetrics {
  const bytes = readFileSync(file);
  const font = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = tableOffsets(font, file);
  const unitsPerEm = font.getUint16(tables.get("head")! + 18);
  const metricsCount = font.getUint16(tables.get("hhea")! + 34);
  const hmtx = tables.get("hmtx")!;
  const glyphOf = glyphLookup(font, tables.get("cmap")!, file);
  const cache = new Map<number, number>();
  const advance = (cp: number): number => {
    let em = cache.get(cp);
    if (em === undefined) {
      const glyph = Math.min(glyphOf(cp), metricsCount - 1); // glyphs past the last metric share its advance
      em = font.getUint16(hmtx + 4 * glyph) / unitsPerEm;
      cache.set(cp, em);
    }
    return em;
  };
  return {
    advance,
    width(text, fontSize) {
      let em = 0;
      for (const ch of text) em += advance(ch.codePointAt(0)!);
      return em * fontSize;
    },
  };
}
