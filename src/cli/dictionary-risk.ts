/**
 * Which user dictionary entry would change a document's structure. The formats insert converted text where the
 * original text was, as it is (raw: a JSON or YAML string with its escapes, Markdown with its backslashes, HTML
 * text), so an entry whose value brings, drops or moves an ASCII character against its key changes what the
 * document says beyond its words: `汉<TAB>引"号` ends a JSON string, `汉\<TAB>漢` takes the backslash of `汉\"`
 * and so ends it too, `n汉<TAB>漢` turns the `\n汉` of a JSON string into an invalid escape, `<` and `&` open HTML
 * markup, `*` or `[` make Markdown (and a dropped `\` unmasks them), `,` splits a CSV field; C1 controls and
 * U+2028/U+2029 are line breaks to YAML 1.1 readers and JavaScript. Plain text takes any entry. Every dictionary that writes counts: `--dict` files and the text
 * dictionaries of an OpenCC configuration's chain (`-c my.json`).
 */
import { parseDictionaryText, type DictionaryEntry } from '../dictionary/text-format.js';
import type { DictionaryFile, TransformSpec } from './transform.js';

/** The entry that would break a document, and how. */
export interface StructureRisk {
  readonly path: string;
  readonly line: number;
  readonly key: string;
  readonly value: string;
  /** "brings "\"" that 汉 does not have", "drops the "\\" of 汉\\", "moves the punctuation of *汉 (…)". */
  readonly change: string;
}

/**
 * Every ASCII character (punctuation and controls make syntax; letters and digits complete it: the `n` of a JSON
 * string's `\n`, the `u6c49` of `\u6c49`, an entity's name), C1 controls, line and paragraph separators.
 */
const SYNTAX = /[\x00-\x9f\u2028\u2029]/;
const NOT_SYNTAX = /[^\x00-\x9f\u2028\u2029]+/g;

/**
 * A text's syntax characters with each run of other characters as one placeholder: a replacement keeps every
 * document's structure when its key and value have the same skeleton (`C++语言` and `C++語言` are both `C++·`).
 * Replacements that keep it also keep it when applied in turn (a chain's stages), as runs join the same way.
 */
function skeleton(text: string): string {
  return text.replace(NOT_SYNTAX, '\uffff');
}

const count = (text: string, char: string) => text.split(char).length - 1;

/** How `value` changes the syntax of `key`, or null when it keeps it. */
export function syntaxChange(key: string, value: string): string | null {
  if (skeleton(key) === skeleton(value)) return null;
  for (const char of new Set([...value].filter((c) => SYNTAX.test(c)))) {
    if (count(value, char) > count(key, char)) {
      return `brings ${JSON.stringify(char)}${count(key, char) ? ` more times than ${key} has it` : ` that ${key} does not have`}`;
    }
  }
  for (const char of new Set([...key].filter((c) => SYNTAX.test(c)))) {
    if (count(key, char) > count(value, char)) return `drops the ${JSON.stringify(char)} of ${key}`;
  }
  if (value === '') return `drops ${key}`;
  return `moves the ASCII characters of ${key} (${JSON.stringify(value)})`;
}

function riskIn(files: readonly DictionaryFile[]): StructureRisk | null {
  for (const dictionary of files) {
    let entries: DictionaryEntry[];
    try {
      entries = parseDictionaryText(dictionary.text, dictionary.path);
    } catch {
      continue; // a malformed dictionary is refused, with its line, where the converter is built
    }
    // The first value is what lands in the text (the others are alternatives, never written).
    for (const { key, values: [value], line } of entries) {
      const change = syntaxChange(key, value!);
      if (change) return { path: dictionary.path, line: line!, key, value: value!, change };
    }
  }
  return null;
}

/** The first entry of the spec's dictionaries that would change a document's structure; null when none would. */
export function structureRisk(spec: TransformSpec): StructureRisk | null {
  if (spec.kind !== 'convert') return null;
  return riskIn(spec.dictionaries) ?? riskIn((spec.chain?.stages ?? []).flat());
}

/** The refusal of an input converted as `format` (named as in messages) because of `risk`. */
export function structureRiskMessage(name: string, format: string, risk: StructureRisk, { byContent = false, binary = false } = {}): string {
  return `${name} is converted as ${format}${byContent ? ' (by its content)' : ''}, and dictionary ${risk.path} (line ` +
    `${risk.line}) maps ${risk.key} to ${risk.value}, which ${risk.change}: written into the document as it is, it ` +
    'would change its structure (end a string, open markup, drop an escape); nothing was converted. Convert ' +
    // A zip container (Office, EPUB) is never plain text: --format text would not read it as such.
    (binary ? 'it without that entry' : 'documents without that entry, or as plain text (--format text)');
}
