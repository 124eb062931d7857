/** Shared test helpers: fixture paths, the OpenCC test cases, the corpus folder (optional) and opencc-js. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js/core';
import * as Locale from 'opencc-js/preset';
import { CONFIGS, type ConfigName } from '../../src/node/index.js';

export const fixtures = new URL('../fixtures/', import.meta.url);

export function fixture(path: string): string {
  return readFileSync(new URL(path, fixtures), 'utf8');
}

export interface OpenccCase {
  id: string;
  input: string;
  expected: Partial<Record<ConfigName, string>>;
}

/** OpenCC's testcases.json has trailing commas; drop them before parsing. */
export function openccCases(): OpenccCase[] {
  const text = fixture('opencc/testcases.json').replace(/,(\s*[}\]])/g, '$1');
  return (JSON.parse(text) as { cases: OpenccCase[] }).cases;
}

/** FANJIAN_CORPUS, else the shared folder beside the repository (../shared/corpus). */
export const corpusFolder = process.env.FANJIAN_CORPUS ?? fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
export const corpusPresent = existsSync(corpusFolder);
if (!corpusPresent) {
  console.warn(`[fanjian tests] ${corpusFolder} is absent: corpus tests are skipped (the committed samples still run).`);
}

export function corpusFiles(): { name: string; text: string }[] {
  if (!corpusPresent) return [];
  return readdirSync(corpusFolder)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, text: readFileSync(`${corpusFolder}/${name}`, 'utf8') }));
}

const openccJsConverters = new Map<ConfigName, (text: string) => string>();

/** The opencc-js 1.4.2 converter for one of our configurations (same { from, to } locale pair), built once. */
export function openccJs(config: ConfigName): (text: string) => string {
  let converter = openccJsConverters.get(config);
  if (!converter) {
    const info = CONFIGS.find((c) => c.name === config)!;
    converter = OpenCC.ConverterBuilder(Locale)({ from: info.from, to: info.to });
    openccJsConverters.set(config, converter);
  }
  return converter;
}
