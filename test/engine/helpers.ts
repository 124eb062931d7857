/** Shared test helpers: fixture paths, the OpenCC test cases, the corpus folder (optional) and opencc-js. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js/core';
import * as Locale from 'opencc-js/preset';
import { CONFIGS, FanjianError, type ConfigName } from '../../src/node/index.js';

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

/** The FanjianError an action throws (any other error, or none, fails the test). */
export function errorOf(action: () => unknown): FanjianError {
  try {
    action();
  } catch (error) {
    if (error instanceof FanjianError) return error;
    throw error;
  }
  throw new Error('expected a FanjianError');
}

/** Write these chunks into a text stream and collect the pieces it emits. */
export async function pump(stream: TransformStream<string, string>, chunks: readonly string[]): Promise<string[]> {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const pieces: string[] = [];
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      pieces.push(value);
    }
  })();
  for (const chunk of chunks) await writer.write(chunk);
  await writer.close();
  await reading;
  return pieces;
}

/**
 * Cut a text (or bytes) at these positions, taken modulo its length + 1 (UTF-16 indices for text, so cuts may fall
 * inside surrogate pairs and CRLF). Empty chunks are kept: a stream must accept them.
 */
export function cutAt<T extends { readonly length: number; slice(start: number, end?: number): T }>(
  whole: T, positions: readonly number[]): T[] {
  const points = [...new Set(positions.map((p) => p % (whole.length + 1)))].sort((a, b) => a - b);
  const chunks: T[] = [];
  let last = 0;
  for (const p of points) {
    chunks.push(whole.slice(last, p));
    last = p;
  }
  chunks.push(whole.slice(last));
  return chunks;
}
