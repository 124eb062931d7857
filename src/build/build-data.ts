/**
 * Build step (Node): compile the OpenCC 1.4.2 dictionaries bundled in opencc-js, with and without fanjian's
 * dictionaries/ layer, into dist/data/*.bin, plus a manifest and an embedded copy for browser bundles.
 * Run by `npm run build`; nothing here runs when a converter is created.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allDictionaryGroups, DICTIONARY_NAMES, groupKey, NORMALIZATION, type DictionaryName } from '../configs.js';
import { CompiledDictionary } from '../dictionary/compiled-dictionary.js';
import { candidateLookup, characterCandidates } from '../dictionary/candidates.js';
import { applyCorrections, mergeGroup, type SourceDictionary } from '../dictionary/group-builder.js';
import { parseDictionaryText, type DictionaryEntry } from '../dictionary/text-format.js';
import { MANIFEST_FILE, type DataManifest } from '../data-source.js';
import { buildScriptData } from './build-script-data.js';

const root = new URL('../../', import.meta.url);
const outDir = new URL('dist/data/', root);
const layerDir = new URL('dictionaries/', root);

/** opencc-js stores each dictionary as "key value|key value…". */
function parseOpenccJs(data: string, name: string): DictionaryEntry[] {
  if (data === '') return [];
  return data.split('|').map((pair, i) => {
    const [key, ...values] = pair.split(' ');
    if (!key || values.length === 0) throw new Error(`opencc-js ${name}: malformed entry ${i + 1}: ${pair}`);
    return { key, values };
  });
}

async function loadUpstream(): Promise<Map<DictionaryName, DictionaryEntry[]>> {
  // The package's exports map hides package.json; its main entry sits at dist/umd/full.js.
  const main = createRequire(import.meta.url).resolve('opencc-js');
  const version = JSON.parse(readFileSync(new URL('../../package.json', pathToFileURL(main)), 'utf8')).version;
  if (version !== '1.4.2') throw new Error(`fanjian expects opencc-js 1.4.2 (OpenCC 1.4.2 data), found ${version}`);
  const result = new Map<DictionaryName, DictionaryEntry[]>();
  for (const name of DICTIONARY_NAMES) {
    const module = (await import(`opencc-js/dict/${name}`)) as { default: string };
    result.set(name, parseOpenccJs(module.default, name));
  }
  return result;
}

function loadLayer(): Map<DictionaryName, DictionaryEntry[]> {
  const layer = new Map<DictionaryName, DictionaryEntry[]>();
  if (!existsSync(layerDir)) return layer;
  for (const file of readdirSync(layerDir).sort()) {
    if (!file.endsWith('.txt')) continue;
    const name = file.slice(0, -4);
    if (!(DICTIONARY_NAMES as readonly string[]).includes(name)) {
      throw new Error(`dictionaries/${file}: the file name must be an OpenCC dictionary it extends (${DICTIONARY_NAMES.join(', ')})`);
    }
    const text = readFileSync(new URL(file, layerDir), 'utf8');
    layer.set(name as DictionaryName, parseDictionaryText(text, `dictionaries/${file}`));
  }
  return layer;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export async function buildData(): Promise<DataManifest> {
  const upstream = await loadUpstream();
  const layer = loadLayer();
  const sources = (withLayer: boolean) =>
    new Map(DICTIONARY_NAMES.map((name) => [name, {
      name,
      entries: upstream.get(name)!,
      ...(withLayer && layer.has(name) ? { corrections: layer.get(name)! } : {}),
    } satisfies SourceDictionary]));
  const candidatesFor = (withLayer: boolean) => {
    const all = sources(withLayer);
    const merged = new Map([...all].map(([name, d]) => [name, applyCorrections(d).entries] as const));
    return candidateLookup(characterCandidates(merged));
  };

  mkdirSync(outDir, { recursive: true });
  const files: Record<string, { upstream: string; fanjian: string }> = {};
  const embedded: Record<string, string> = {};
  const write = (file: string, bytes: Uint8Array) => {
    writeFileSync(new URL(file, outDir), bytes);
    embedded[file] = toBase64(bytes);
  };
  for (const withLayer of [false, true]) {
    const all = sources(withLayer);
    const candidatesOf = candidatesFor(withLayer);
    const normalization = CompiledDictionary.build(NORMALIZATION, mergeGroup(NORMALIZATION.map((name) => all.get(name)!)));
    const slowUnits = { name: groupKey(NORMALIZATION), units: normalization.firstUnits() };
    for (const group of allDictionaryGroups()) {
      const key = groupKey(group);
      const touched = group.some((name) => layer.has(name));
      if (withLayer && !touched) continue; // the upstream file serves both
      const file = withLayer ? `${key}.fanjian.bin` : `${key}.bin`;
      const entries = mergeGroup(group.map((name) => all.get(name)!), candidatesOf);
      const isNormalization = groupKey(group) === slowUnits.name;
      write(file, CompiledDictionary.build(group, entries, isNormalization ? {} : { slowUnits }).toBinary());
      files[key] = withLayer ? { upstream: files[key]!.upstream, fanjian: file } : { upstream: file, fanjian: file };
    }
  }
  const withLayer = sources(true);
  const corrected = new Map([...withLayer].map(([name, d]) => [name, applyCorrections(d).entries] as const));
  for (const [file, bytes] of buildScriptData(corrected, characterCandidates(corrected))) write(file, bytes);
  const manifest: DataManifest = { format: 1, opencc: '1.4.2', groups: files };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest, null, 2));
  write(MANIFEST_FILE, manifestBytes);
  writeFileSync(new URL('embedded.js', outDir),
    `// Generated by fanjian's build: compiled dictionaries for bundlers (base64). Do not edit.\nexport const EMBEDDED_FILES = ${JSON.stringify(embedded)};\n`);
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  buildData().then(
    (m) => console.log(`fanjian: compiled ${Object.keys(m.groups).length} dictionary groups into dist/data in ${Date.now() - started} ms`),
    (error: unknown) => {
      console.error(`fanjian build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
