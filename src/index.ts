/**
 * fanjian's platform-neutral public API. The package entries (fanjian → src/node or src/browser) install the default
 * data store (data-source.ts) and re-export this module. Document formats are a separate entry,
 * fanjian/documents (documents.ts), so that plain conversion does not load HTML, Markdown and YAML parsers.
 */
export { convert, createConverter, Converter, type ConverterOptions } from './converter.js';
export {
  CONFIGS,
  CONFIG_NAMES,
  configInfo,
  isConfigName,
  LOCALE_CODES,
  PAIRS,
  PAIR_NAMES,
  type ConfigInfo,
  type ConfigName,
  type ConversionName,
  type ConversionSpec,
  type LanguageTag,
  type LocaleCode,
  type LocalePair,
  type LocaleSpec,
  type PairName,
} from './configs.js';
export { FanjianError, type FanjianErrorCode, type FanjianErrorDetails } from './errors.js';
export type { DictionarySource } from './dictionary/text-format.js';
export type { ExplainSpan, ExplainStep } from './explain.js';
export type { OpenccDifference } from './opencc-differences.js';
export { loadConverter, loadDetector, type DetectorOptions } from './loaders.js';
export { detect, type Detection, type DetectedLine, type DetectedScript, type Outlier, type TraditionalVariant } from './detector.js';
export {
  repair,
  REPAIR_TARGETS,
  type RepairChange,
  type RepairOptions,
  type RepairResult,
  type RepairRule,
  type RepairTarget,
} from './repairer.js';
