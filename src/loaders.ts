/**
 * Explicit, asynchronous loading: the entry points for platforms whose data arrives asynchronously (browsers fetch
 * one module per dictionary group). Each brings the files it needs into the default store once, then returns the
 * synchronous API, which finds them there. In Node they resolve at once (files are read synchronously on demand),
 * so code written for the browser runs unchanged in Node.
 */
import { resolveConfig, type ConfigName, type LocalePair } from './configs.js';
import { createConverter, type Converter, type ConverterOptions } from './converter.js';
import { defaultStore, SCRIPT_FILES } from './data-source.js';
import { detect } from './detector.js';
import { FanjianError } from './errors.js';
import { repair } from './repairer.js';

/** A converter, once the dictionaries of its configuration are loaded (fetched once, then cached). */
export async function loadConverter(config: ConfigName | LocalePair, options: ConverterOptions = {}): Promise<Converter> {
  const store = defaultStore();
  await store.loadFiles(store.configFiles(resolveConfig(config), options?.corrections ?? true));
  return createConverter(config, options);
}

export interface DetectorOptions {
  /** Load the data repair needs with (true, the default) or without fanjian's dictionaries/ layer, as
   * RepairOptions.corrections; `'both'` loads both. */
  readonly corrections?: boolean | 'both';
}

/** The configurations repair converts with (repairer.ts: to each target, back for the round trip, regional forms). */
const REPAIR_CONFIGS = ['s2t', 's2tw', 's2hk', 't2s', 't2tw', 't2hk'] as const;

/** detect() and repair(), once their data (character classes, attested words, the dictionaries) is loaded. */
export async function loadDetector(options: DetectorOptions = {}): Promise<{ detect: typeof detect; repair: typeof repair }> {
  const corrections = options?.corrections ?? true;
  if (corrections !== true && corrections !== false && corrections !== 'both') {
    throw new FanjianError('INVALID_OPTION', 'Option "corrections" must be true, false or "both".');
  }
  const store = defaultStore();
  const variants = corrections === 'both' ? [true, false] : [corrections];
  const files = variants.flatMap((c) => REPAIR_CONFIGS.flatMap((name) => store.configFiles(resolveConfig(name), c)));
  await store.loadFiles([...SCRIPT_FILES, ...files]);
  return { detect, repair };
}
