/**
 * `-c FILE.json`: an OpenCC configuration file (as `opencc -c` takes), whose dictionaries are OpenCC text files.
 * The file is read once into a plain object (OpenccChainSpec, so that worker threads can rebuild it); the chain is
 * then compiled with the same machinery as the built-in configurations, without normalization (OpenCC's JSON files
 * have none) and without fanjian's corrections (the file says exactly which dictionaries apply).
 *
 * OpenCC ships binary `.ocd2` dictionaries, whose format is OpenCC's own: they are refused with the command that
 * turns them into text (`opencc_dict`).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { fromCodeUnits, needsWellFormedCheck, toCodeUnits } from '../code-units.js';
import { ConversionChain } from '../conversion-chain.js';
import type { Segmentation } from '../conversion-pass.js';
import { DictionaryStage } from '../conversion-stage.js';
import { CompiledDictionary, MAX_GROUP_SIZE } from '../dictionary/compiled-dictionary.js';
import { mergeGroup } from '../dictionary/group-builder.js';
import { parseDictionaryText } from '../dictionary/text-format.js';
import { FanjianError } from '../errors.js';
import { UsageError } from './errors.js';
import type { DictionaryFile } from './transform.js';

/** An OpenCC configuration as read: each stage of the chain a group of text dictionaries, first one wins a key. */
export interface OpenccChainSpec {
  /** The configuration file, as given. */
  readonly path: string;
  readonly segmentation: readonly DictionaryFile[];
  readonly stages: readonly (readonly DictionaryFile[])[];
}

/** Whether -c names a configuration file rather than a built-in name: a path, or a name ending in .json that is not OpenCC's name of a built-in. */
export function isConfigFile(value: string, builtIn: boolean): boolean {
  return /[/\\]/.test(value) || (!builtIn && extname(value).toLowerCase() === '.json');
}

interface DictNode {
  readonly type?: unknown;
  readonly file?: unknown;
  readonly dicts?: unknown;
}

/** Read an OpenCC JSON configuration and its text dictionaries (relative to the JSON file, as OpenCC resolves them). */
export async function loadOpenccConfig(path: string, cwd: string): Promise<OpenccChainSpec> {
  const location = resolve(cwd, path);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(location, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `configuration file ${path} does not exist`
      : `configuration file ${path} is not OpenCC JSON (${code ?? (error as Error).message})`);
  }
  const config = json as { segmentation?: { dict?: DictNode }; conversion_chain?: unknown };
  if (!config || typeof config !== 'object' || !Array.isArray(config.conversion_chain) || config.conversion_chain.length === 0) {
    throw new UsageError(`configuration file ${path} has no "conversion_chain"; is it an OpenCC configuration?`);
  }
  const folder = dirname(location);
  const cache = new Map<string, Promise<DictionaryFile>>();
  const read = (node: unknown, where: string): Promise<DictionaryFile>[] => {
    const dict = node as DictNode | undefined;
    if (!dict || typeof dict !== 'object') throw new UsageError(`${path}: ${where} has no "dict"`);
    if (dict.type === 'group') {
      if (!Array.isArray(dict.dicts)) throw new UsageError(`${path}: ${where} is a group without "dicts"`);
      return dict.dicts.flatMap((d, i) => read(d, `${where}.dicts[${i}]`));
    }
    if (typeof dict.file !== 'string') throw new UsageError(`${path}: ${where} names no "file"`);
    const file = dict.file;
    if (dict.type === 'ocd2' || dict.type === 'ocd' || /\.ocd2?$/i.test(file)) {
      const text = `${basename(file).replace(/\.ocd2?$/i, '')}.txt`;
      throw new UsageError(`${path}: ${file} is a binary OpenCC dictionary, which fanjian does not read; make a text copy with ` +
        `"opencc_dict -i ${file} -o ${text} -f ocd2 -t text" (in ${folder}) and name ${text} with "type": "text" in the configuration`);
    }
    if (dict.type !== 'text') throw new UsageError(`${path}: ${where} has type ${JSON.stringify(dict.type)}; fanjian reads "text" dictionaries`);
    const full = resolve(folder, file);
    let loaded = cache.get(full);
    if (!loaded) {
      loaded = readFile(full, 'utf8').then((text) => ({ path: file, text: text.replace(/^\ufeff/, '') }), (error: NodeJS.ErrnoException) => {
        throw new UsageError(`${path}: cannot read dictionary ${file} (${error.code ?? error.message}; looked in ${folder})`);
      });
      cache.set(full, loaded);
    }
    return [loaded];
  };
  const stages = await Promise.all(config.conversion_chain.map((step, i) =>
    Promise.all(read((step as { dict?: unknown } | null)?.dict, `conversion_chain[${i}]`))));
  const segmentation = config.segmentation?.dict ? await Promise.all(read(config.segmentation.dict, 'segmentation')) : [];
  for (const [i, stage] of stages.entries()) {
    if (stage.length > MAX_GROUP_SIZE) throw new UsageError(`${path}: conversion_chain[${i}] groups ${stage.length} dictionaries; at most ${MAX_GROUP_SIZE}`);
  }
  return { path, segmentation, stages };
}

/** A converter for an OpenCC configuration: convert(text) as `opencc -c FILE` does. */
export interface ChainConverter {
  convert(text: string): string;
  /** Whether a unit is read by any dictionary of the chain (a cut of the text after any other unit is safe). */
  reads(unit: number): boolean;
}

function compile(files: readonly DictionaryFile[], path: string): CompiledDictionary {
  try {
    const names = files.map((f) => f.path);
    return CompiledDictionary.build(names, mergeGroup(files.map((f) => ({ name: f.path, entries: parseDictionaryText(f.text, f.path) }))));
  } catch (error) {
    if (error instanceof FanjianError || error instanceof RangeError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
}

export function chainConverter(spec: OpenccChainSpec): ChainConverter {
  const groups = spec.stages.map((files) => compile(files, spec.path));
  let segmentation: Segmentation | null = null;
  if (spec.segmentation.length) {
    const wanted = spec.segmentation.map((f) => f.path);
    const index = spec.stages.findIndex((files) => wanted.every((name) => files.some((f) => f.path === name)));
    segmentation = index >= 0
      ? { dictionary: groups[index]!, mask: wanted.reduce((bits, name) => bits | (1 << spec.stages[index]!.findIndex((f) => f.path === name)), 0) }
      : { dictionary: compile(spec.segmentation, spec.path), mask: (1 << spec.segmentation.length) - 1 };
  }
  const chain = new ConversionChain(new DictionaryStage(CompiledDictionary.build([], [])), segmentation,
    groups.map((group) => new DictionaryStage(group)));
  const alphabets = [...groups, ...(segmentation ? [segmentation.dictionary] : [])].map((g) => g.alphabet);
  let scratch = new Uint16Array(256);
  return {
    convert(text) {
      if (text.length === 0) return text;
      if (scratch.length < text.length) scratch = new Uint16Array(Math.max(text.length, scratch.length * 2));
      const units = toCodeUnits(text, scratch);
      const result = chain.run(units, 0, text.length);
      return fromCodeUnits(result.units, 0, result.length, !needsWellFormedCheck() || text.isWellFormed());
    },
    reads: (unit) => alphabets.some((alphabet) => alphabet[unit] !== 0),
  };
}

/** Past this much pending text, a stream of a chain converter cuts after the last unit no dictionary reads. */
const CUT_AFTER = 64 * 1024;

/**
 * A stream for a chain converter: text is held back to the last unit that no dictionary reads (a line break,
 * usually), where the conversion of what comes before cannot depend on what follows.
 */
export function chainStream(converter: ChainConverter): TransformStream<string, string> {
  let pending = '';
  let unsafe = 0; // pending[0, unsafe) holds no safe cut: each unit is looked at once
  const safe = (unit: number) => !converter.reads(unit) && (unit < 0xd800 || unit > 0xdfff);
  return new TransformStream<string, string>({
    transform(chunk, controller) {
      pending += chunk;
      if (pending.length < CUT_AFTER) return;
      let cut = pending.length;
      while (cut > unsafe && !safe(pending.charCodeAt(cut - 1))) cut--;
      if (cut === unsafe) {
        unsafe = pending.length;
        return;
      }
      controller.enqueue(converter.convert(pending.slice(0, cut)));
      pending = pending.slice(cut);
      unsafe = 0;
    },
    flush(controller) {
      if (pending) controller.enqueue(converter.convert(pending));
      pending = '';
    },
  });
}
