/**
 * What a command does to the text of each input, described by a plain object (TransformSpec) so that worker
 * threads can rebuild it. A new kind of command adds a case here and its options in its command module; the file
 * machinery (inputs, encodings, outputs, workers, progress) stays the same.
 */
import { createConverter, FanjianError, type ConfigName, type Converter } from '../node/index.js';
import { UsageError } from './errors.js';

export interface DictionaryFile {
  readonly path: string;
  readonly text: string;
}

export interface TransformSpec {
  readonly kind: 'convert';
  readonly config: ConfigName;
  readonly corrections: boolean;
  readonly dictionaries: readonly DictionaryFile[];
  readonly protect: readonly string[];
}

export interface TextTransform {
  /** Transform a whole text (the text of one file). */
  apply(text: string): string;
  /** An incremental version for long plain-text inputs, or null when the whole text is needed. */
  stream(): TransformStream<string, string> | null;
  /** The new name of a file or folder (one path component) for --rename. */
  rename(name: string): string;
}

/** A converter for the spec; a malformed dictionary file is a usage error naming the file and line. */
export function converterFor(spec: TransformSpec): Converter {
  try {
    return createConverter(spec.config, {
      corrections: spec.corrections,
      dictionaries: spec.dictionaries.map((d) => d.text),
      protect: spec.protect,
    });
  } catch (error) {
    if (error instanceof FanjianError && error.code === 'INVALID_DICTIONARY') {
      const index = /^dictionaries\[(\d+)\]$/.exec(error.details.source ?? '')?.[1];
      const file = index === undefined ? undefined : spec.dictionaries[Number(index)]?.path;
      if (file) throw new UsageError(`${file}, line ${error.details.line}: ${error.message.replace(/^.*?\): /, '')}`);
    }
    if (error instanceof FanjianError) throw new UsageError(error.message);
    throw error;
  }
}

export function createTransform(spec: TransformSpec): TextTransform {
  const converter = converterFor(spec);
  return {
    apply: (text) => converter.convert(text),
    stream: () => converter.stream(),
    rename: (name) => converter.convert(name),
  };
}
