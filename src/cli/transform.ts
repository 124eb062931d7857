/**
 * What a command does to the text of each input, described by a plain object (TransformSpec) so that worker
 * threads can rebuild it. A new kind of command adds a spec and a case in createTransform; the file machinery
 * (inputs, encodings, outputs, workers, progress) stays the same.
 */
import {
  createConverter, FanjianError, repair, type ConfigName, type Converter, type RepairTarget,
} from '../node/index.js';
import { UsageError } from './errors.js';

export interface DictionaryFile {
  readonly path: string;
  readonly text: string;
}

interface CommonSpec {
  readonly corrections: boolean;
  readonly protect: readonly string[];
  /** Collect a note for every change (the whole text is then needed; no streaming). */
  readonly explain: boolean;
}

export interface ConvertSpec extends CommonSpec {
  readonly kind: 'convert';
  readonly config: ConfigName;
  readonly dictionaries: readonly DictionaryFile[];
}

export interface RepairSpec extends CommonSpec {
  readonly kind: 'repair';
  readonly to: RepairTarget;
}

export type TransformSpec = ConvertSpec | RepairSpec;

/** One change, for --explain: where, what, and why. */
export interface ChangeNote {
  readonly index: number;
  readonly from: string;
  readonly to: string;
  readonly detail: string;
}

export interface TextTransform {
  /** Transform a whole text (the text of one file), adding a note per change to `notes` when given. */
  apply(text: string, notes?: ChangeNote[]): string;
  /** An incremental version for long plain-text inputs, or null when the whole text is needed. */
  stream(): TransformStream<string, string> | null;
  /** The new name of a file or folder (one path component) for --rename. */
  rename(name: string): string;
}

/** A converter for the spec; a malformed dictionary file is a usage error naming the file and line. */
export function converterFor(spec: ConvertSpec): Converter {
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

function convertTransform(spec: ConvertSpec): TextTransform {
  const converter = converterFor(spec);
  return {
    apply(text, notes) {
      if (notes) {
        for (const span of converter.explain(text)) {
          if (span.source === span.target && !span.ambiguous) continue;
          const candidates = span.steps.flatMap((s) => s.candidates ?? []);
          notes.push({
            index: span.index, from: span.source, to: span.target,
            detail: `${span.dictionary}, stage ${span.stage}` +
              (span.ambiguous ? `; ambiguous${candidates.length ? ` (${candidates.join(' ')})` : ''}` : ''),
          });
        }
      }
      return converter.convert(text);
    },
    stream: () => (spec.explain ? null : converter.stream()),
    rename: (name) => converter.convert(name),
  };
}

function repairTransform(spec: RepairSpec): TextTransform {
  const options = { to: spec.to, corrections: spec.corrections, protect: spec.protect };
  return {
    apply(text, notes) {
      const result = repair(text, options);
      notes?.push(...result.changes.map((c) => ({ index: c.index, from: c.from, to: c.to, detail: `${c.rule}: ${c.reason}` })));
      return result.text;
    },
    stream: () => null, // repair weighs the whole text (line scripts, leftover density)
    rename: (name) => repair(name, options).text,
  };
}

export function createTransform(spec: TransformSpec): TextTransform {
  return spec.kind === 'convert' ? convertTransform(spec) : repairTransform(spec);
}
