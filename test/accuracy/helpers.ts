/** Shared by the accuracy tests: fanjian's converters, created once per configuration and corrections setting. */
import { createConverter, type ConversionSpec } from '../../src/node/index.js';

/** The dictionaries folder of the repository (corrections and the Taiwan layer). */
export const layer = new URL('../../dictionaries/', import.meta.url);

const converters = new Map<string, (text: string) => string>();

export function fanjian(config: ConversionSpec, corrections = true): (text: string) => string {
  const key = `${JSON.stringify(config)}:${corrections}`;
  if (!converters.has(key)) {
    const c = createConverter(config, { corrections });
    converters.set(key, (text) => c.convert(text));
  }
  return converters.get(key)!;
}
