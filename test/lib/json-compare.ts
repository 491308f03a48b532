// Field-by-field comparison of JSON values that names the first differing
// path, with a tolerance for non-integer numbers (MMU values).

import * as assert from 'node:assert/strict';

export interface CompareOptions {
  floatTolerance: number;
}

export function jsonDifferences(got: unknown, want: unknown, opts: CompareOptions, at = '$', out: string[] = []): string[] {
  if (out.length >= 20) return out;
  if (typeof got === 'number' && typeof want === 'number') {
    const exact = Number.isInteger(got) && Number.isInteger(want);
    if (exact ? got !== want : Math.abs(got - want) > opts.floatTolerance) out.push(`${at}: got ${got}, want ${want}`);
    return out;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) {
      out.push(`${at}: got ${JSON.stringify(got)}, want an array`);
      return out;
    }
    if (got.length !== want.length) out.push(`${at}: got ${got.length} items, want ${want.length}`);
    for (let i = 0; i < Math.min(got.length, want.length); i++) jsonDifferences(got[i], want[i], opts, `${at}[${i}]`, out);
    return out;
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) {
      out.push(`${at}: got ${JSON.stringify(got)}, want an object`);
      return out;
    }
    const g = got as Record<string, unknown>;
    const w = want as Record<string, unknown>;
    for (const k of Object.keys(w)) {
      if (!(k in g)) out.push(`${at}.${k}: missing`);
      else jsonDifferences(g[k], w[k], opts, `${at}.${k}`, out);
    }
    for (const k of Object.keys(g)) if (!(k in w)) out.push(`${at}.${k}: unexpected (${JSON.stringify(g[k])?.slice(0, 80)})`);
    return out;
  }
  if (got !== want) out.push(`${at}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  return out;
}

export function assertJSONEqual(got: unknown, want: unknown, opts: CompareOptions): void {
  const diffs = jsonDifferences(got, want, opts);
  if (diffs.length) assert.fail(`analyze JSON differs from Go's:\n  ${diffs.join('\n  ')}`);
}

/** Integer literals of 16 digits or more in a JSON text, in order (exact, as strings). */
export function bigIntegers(text: string): string[] {
  return text.match(/(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g) ?? [];
}
