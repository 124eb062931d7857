import { describe, expect, it } from 'vitest';
import { CONFIG_NAMES, createConverter, type ConfigName } from '../../src/node/index.js';
import { openccCases, openccJs } from './helpers.js';
import { deviationFor } from '../accuracy/opencc-deviations.js';

const cases = openccCases();
const expectations = cases.flatMap((c) =>
  Object.entries(c.expected).map(([config, expected]) => ({ id: c.id, input: c.input, config: config as ConfigName, expected })),
);

describe('OpenCC upstream test cases', () => {
  it('has all 543 expectations over the 16 configurations', () => {
    expect(expectations).toHaveLength(543);
    expect(new Set(expectations.map((e) => e.config))).toEqual(new Set(CONFIG_NAMES));
  });

  // fanjian's corrections change a few upstream expectations on purpose (listed with reasons in the README).
  it.each(expectations)('$id $config', ({ id, input, config, expected }) => {
    const deviation = deviationFor(id, config);
    if (deviation) expect(expected).toBe(deviation.upstream);
    expect(createConverter(config).convert(input)).toBe(deviation?.expected ?? expected);
  });

  it('without corrections, matches opencc-js exactly, which misses the three cases the 1.4.2 data lacks', () => {
    const failing: string[] = [];
    for (const { id, input, config, expected } of expectations) {
      const ours = createConverter(config, { corrections: false }).convert(input);
      expect(ours).toBe(openccJs(config)(input));
      if (ours !== expected) failing.push(id);
    }
    expect(failing.sort()).toEqual([
      'BYVoid_OpenCC_PR_1228_existing_behaviors',
      'BYVoid_OpenCC_PR_1229_existing_behaviors',
      'BYVoid_OpenCC_PR_464_xi_vs_xi',
    ]);
  });
});
