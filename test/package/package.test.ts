/**
 * The package as users get it: `npm pack` of the built repository, installed offline into a fresh project. The
 * tarball holds only what runs and stays small; installing it adds no other package; every entry loads through
 * import and require; the command works; and the published types compile for CommonJS (node16), ES module (node16)
 * and bundler consumers, with errors where the API says so.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convert, detect } from '../../src/node/index.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const article = readFileSync(new URL('../fixtures/article.txt', import.meta.url), 'utf8');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let work: string;
let tarball: string;
let packed: { size: number; unpackedSize: number; files: { path: string; size: number }[] };
let project: string;

function run(command: string, args: string[], cwd: string, input?: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', input, env: { ...process.env, npm_config_yes: 'true' } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'fanjian-package-'));
  // --ignore-scripts: pack the build the suite runs against (npm test builds first) instead of building again.
  const json = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repo, encoding: 'utf8' });
  packed = JSON.parse(json)[0];
  tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
  project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], project);
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('is at most 4 MB and holds only what runs', () => {
    expect(packed.size).toBeLessThanOrEqual(4 * 1024 * 1024);
    const paths = packed.files.map((f) => f.path);
    expect(paths.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(paths.filter((p) => /^(src|test|scratch)\/|^dist\/(build|bench)\//.test(p))).toEqual([]);
    for (const required of ['bin/fanjian.js', 'dist/node/fanjian.js', 'dist/node/fanjian.cjs', 'dist/node/documents.cjs',
      'dist/node/dom.bundle.js', 'dist/node/dom.cjs', 'dist/types/dom.d.cts',
      'dist/browser/fanjian.js', 'dist/browser/fanjian.cjs', 'dist/browser/bundlers/fanjian.js', 'dist/browser/bundlers/documents.js',
      'dist/browser/bundlers/dom.js', 'dist/browser/data/STPhrases+STPhrases_GeneratedFromRegionalPhrases+STCharacters.fanjian.bin', 'dist/cli/main.bundle.js', 'dist/data/manifest.json', 'dist/types/fanjian.d.cts',
      'LICENSE', 'NOTICE', 'README.md']) {
      expect(paths).toContain(required);
    }
    expect(paths).toContain(`dist/node/fanjian.core.${process.versions.v8}.v8cache`); // the code cache of this Node's V8
  });

  it('declares no runtime dependencies, and installing it adds no other package', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'fanjian', 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    const installed = readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed).toEqual(['fanjian']);
  });
});

describe('every entry, loaded as users load it', () => {
  it('import: fanjian, fanjian/documents, fanjian/dom and fanjian/browser', () => {
    writeFileSync(join(project, 'esm.mjs'), `
import { readFileSync } from 'node:fs';
import { convert, loadConverter, CONFIGS } from 'fanjian';
import { convertDocument } from 'fanjian/documents';
import { convertDom } from 'fanjian/dom';
import * as browser from 'fanjian/browser';
const text = readFileSync(0, 'utf8');
const viaBrowser = (await browser.loadConverter('s2twp')).convert(text);
console.log(JSON.stringify({
  t2s: convert(text, 't2s'),
  s2twp: (await loadConverter('s2twp')).convert(text),
  viaBrowser,
  html: convertDocument('<p title="汉字">汉字</p>', { format: 'html', config: 's2t' }),
  configs: CONFIGS.length,
  dom: typeof convertDom,
}));`);
    const out = JSON.parse(run(process.execPath, ['esm.mjs'], project, article));
    expect(out.t2s).toBe(convert(article, 't2s'));
    expect(out.s2twp).toBe(convert(article, 's2twp'));
    expect(out.viaBrowser).toBe(out.s2twp);
    expect(out.html).toBe('<p title="漢字">漢字</p>');
    expect(out.configs).toBe(16);
    expect(out.dom).toBe('function');
  });

  it('require: fanjian, fanjian/documents and fanjian/dom', () => {
    writeFileSync(join(project, 'cjs.cjs'), `
const { convert, FanjianError, detect } = require('fanjian');
const { convertDocument } = require('fanjian/documents');
const { convertDom } = require('fanjian/dom');
let domError = null;
try { convertDom(null, {}); } catch (error) { domError = error instanceof TypeError ? 'TypeError' : String(error); }
// fanjian/dom runs over the Node core that require('fanjian') loaded, not a copy of its own.
const loaded = Object.keys(require.cache).map((file) => file.split(/[\\/]/).slice(-2).join('/')).filter((file) => file.startsWith('node/')).sort();
const text = require('node:fs').readFileSync(0, 'utf8');
let code = null;
try { convert(text, 'nope'); } catch (error) { code = error instanceof FanjianError ? error.code : String(error); }
console.log(JSON.stringify({
  t2s: convert(text, 't2s'),
  markdown: convertDocument('# 汉字\\n\\n\`汉字\`\\n', { format: 'markdown', config: 's2t' }),
  script: detect(text).script,
  code,
  domError,
  loaded,
}));`);
    const out = JSON.parse(run(process.execPath, ['cjs.cjs'], project, article));
    expect(out.t2s).toBe(convert(article, 't2s'));
    expect(out.markdown).toBe('# 漢字\n\n`汉字`\n');
    expect(out.script).toBe(detect(article).script);
    expect(out.code).toBe('UNKNOWN_CONFIG');
    expect(out.domError).toBe('TypeError');
    expect(out.loaded).toEqual(['node/documents.cjs', 'node/dom.cjs', 'node/fanjian.cjs']);
  });

  it('require: fanjian/browser, the browser build as CommonJS (its data modules loaded by import())', () => {
    writeFileSync(join(project, 'browser.cjs'), `
const browser = require('fanjian/browser');
const text = require('node:fs').readFileSync(0, 'utf8');
let before = null;
try { browser.convert(text, 's2twp'); } catch (error) { before = error instanceof browser.FanjianError ? error.code : String(error); }
import('fanjian/browser').then(async (esm) => {
  const converter = await browser.loadConverter('s2twp');
  console.log(JSON.stringify({
    before,
    s2twp: converter.convert(text),
    after: browser.convert(text, 's2twp'),
    names: Object.keys(browser).sort(),
    esmNames: Object.keys(esm).sort(),
  }));
});`);
    const out = JSON.parse(run(process.execPath, ['browser.cjs'], project, article));
    // The browser build has no synchronous source: data arrives through loadConverter, as in a page.
    expect(out.before).toBe('DATA_NOT_LOADED');
    expect(out.s2twp).toBe(convert(article, 's2twp'));
    expect(out.after).toBe(out.s2twp);
    expect(out.names).toEqual(out.esmNames);
  });

  it('the fanjian command', () => {
    const bin = join(project, 'node_modules', '.bin', 'fanjian');
    expect(run(bin, ['convert', '-c', 't2s'], project, article)).toBe(convert(article, 't2s'));
  });
});

/** Compile a consumer file with the repository's TypeScript; resolves with the diagnostics (empty when it compiles). */
function typecheck(name: string, options: Record<string, unknown>, packageType: 'module' | 'commonjs', file: string, source: string): Promise<string> {
  const dir = join(project, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: packageType }));
  writeFileSync(join(dir, file), source);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: false, ...options },
    files: [file],
  }));
  return new Promise((done) => {
    execFile(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8' }, (_error, stdout, stderr) => done(`${stdout}${stderr}`.trim()));
  });
}

/** Uses of the API that must type-check, and misuses that must not (each @ts-expect-error fails if it compiles). */
const USES = `
const text: string = convert('汉字', 's2t');
const converter: Converter = createConverter({ from: 'cn', to: 'twp' }, { protect: ['于颖建'], dictionaries: [{ 内存: '記憶體' }] });
const spans = converter.explain(text);
const stream: TransformStream<string, string> = converter.stream();
const name: ConfigName = CONFIGS[0]!.name;
const error = new FanjianError('DATA_NOT_LOADED', 'message');
const code: FanjianErrorCode = error.code;
const detection: Detection = detect(text);
const repaired: string = repair(text, { to: 'tw' }).text;
async function later(): Promise<string> {
  const loaded = await loadConverter('t2s');
  const { detect: loadedDetect } = await loadDetector({ corrections: 'both' });
  return loaded.convert(text) + loadedDetect(text).script;
}
const document: string = convertDocument('<p>汉字</p>', { format: 'html', config: 's2t' });
const epub: Uint8Array = convertDocument(new Uint8Array(), { format: 'epub', config: 's2t' });
// @ts-expect-error: not a configuration
convert('汉字', 's2x');
// @ts-expect-error: internals are not published
converter.convertUnits;
// @ts-expect-error: internals are not published
converter.chain;
const live = (element: Element): DomConversion => convertDom(element, { converter: createConverter('s2tw'), observe: true });
// @ts-expect-error: convertDom needs a converter
convertDom(null as unknown as Element, {});
void [spans, stream, name, code, detection, repaired, later, document, epub, live];
`;
const IMPORTS = `import { convert, createConverter, loadConverter, loadDetector, detect, repair, CONFIGS, FanjianError, Converter,
  type ConfigName, type Detection, type FanjianErrorCode } from 'fanjian';
import { convertDocument } from 'fanjian/documents';
import { convertDom, type DomConversion } from 'fanjian/dom';`;

describe('published types (tsc, strict)', () => {
  const NODE16 = { module: 'node16', moduleResolution: 'node16' };
  let results: Record<'cjs' | 'esm' | 'bundler' | 'misuse', string>;
  // The four compilations run at once (each takes seconds).
  beforeAll(async () => {
    const [cjs, esm, bundler, misuse] = await Promise.all([
      typecheck('types-cjs', NODE16, 'commonjs', 'main.ts',
        `${IMPORTS}\nimport { CONFIG_NAMES, loadConverter as loadInBrowser } from 'fanjian/browser';\n${USES}\n` +
        'export async function browserEntry(): Promise<string> { return (await loadInBrowser(CONFIG_NAMES[0]!)).convert(text); }\n'),
      typecheck('types-esm', NODE16, 'module', 'main.ts',
        `${IMPORTS}\nimport { CONFIG_NAMES } from 'fanjian/browser';\n${USES}\nvoid CONFIG_NAMES;\n`),
      typecheck('types-bundler', { module: 'esnext', moduleResolution: 'bundler' }, 'module', 'main.ts',
        `${IMPORTS}\nimport { CONFIG_NAMES } from 'fanjian/browser';\n${USES}\nvoid CONFIG_NAMES;\n`),
      typecheck('types-misuse', NODE16, 'commonjs', 'main.ts', `import { convert } from 'fanjian';\nconvert(42, 's2t');\n`),
    ]);
    results = { cjs: cjs!, esm: esm!, bundler: bundler!, misuse: misuse! };
  }, 240_000);

  it('CommonJS consumer, moduleResolution node16: require conditions resolve to .d.cts (fanjian/browser too)', () => {
    expect(results.cjs).toBe('');
  });

  it('ES module consumer, moduleResolution node16', () => {
    expect(results.esm).toBe('');
  });

  it('bundler consumer', () => {
    expect(results.bundler).toBe('');
  });

  it('the checks above can fail: a misuse is reported', () => {
    expect(results.misuse).toMatch(/TS2345/);
  });
});
