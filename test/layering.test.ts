// The layering rule, enforced: shared/ is plain TypeScript usable by the main
// process, worker threads and the renderer alike (no Node, no DOM, no imports
// from main/ or renderer/); renderer/ never imports Node modules or main/;
// main/ never imports renderer/.

import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './lib/fixtures';

function tsFiles(dir: string): string[] {
  const abs = path.join(REPO, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(abs, f));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(IMPORT)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

function resolvedLayer(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const rel = path.relative(REPO, path.resolve(path.dirname(file), spec));
  return rel.split(path.sep)[0] ?? null;
}

const NODE_BUILTINS = new Set(require('node:module').builtinModules as string[]);
const isNode = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]!);
const ALLOWED_SHARED_PACKAGES = new Set(['pako', 'protobufjs/minimal']);

describe('layering', () => {
  it('shared/ imports neither Node, main/, renderer/ nor DOM globals', () => {
    const files = tsFiles('shared');
    assert.ok(files.length > 0);
    for (const f of files) {
      for (const spec of imports(f)) {
        assert.ok(!isNode(spec), `${path.relative(REPO, f)} imports Node module ${spec}`);
        const layer = resolvedLayer(f, spec);
        if (layer !== null) assert.equal(layer, 'shared', `${path.relative(REPO, f)} imports ${spec} (${layer}/)`);
        else assert.ok(ALLOWED_SHARED_PACKAGES.has(spec), `${path.relative(REPO, f)} imports package ${spec}; shared/ may only use ${[...ALLOWED_SHARED_PACKAGES]}`);
      }
      const src = fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      assert.doesNotMatch(src, /\b(document|window|process|Buffer|require)\s*[.(]/, `${path.relative(REPO, f)} uses a Node or DOM global`);
    }
  });
  it('renderer/ never imports Node modules or main/', () => {
    for (const f of tsFiles('renderer')) {
      for (const spec of imports(f)) {
        assert.ok(!isNode(spec), `${path.relative(REPO, f)} imports Node module ${spec}`);
        assert.notEqual(resolvedLayer(f, spec), 'main', `${path.relative(REPO, f)} imports main/`);
      }
    }
  });
  it('main/ never imports renderer/', () => {
    for (const f of tsFiles('main')) {
      for (const spec of imports(f)) assert.notEqual(resolvedLayer(f, spec), 'renderer', `${path.relative(REPO, f)} imports renderer/`);
    }
  });
});
