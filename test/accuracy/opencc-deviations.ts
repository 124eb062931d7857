/**
 * Upstream OpenCC test cases whose expected output fanjian's corrections (dictionaries/) change on purpose, with the
 * reason. test/engine/opencc-testcases.test.ts expects these outputs instead of upstream's; the README lists them.
 */
export interface Deviation {
  readonly id: string;
  readonly config: string;
  readonly upstream: string;
  readonly expected: string;
  readonly reason: string;
}

export const DELIBERATE_DEVIATIONS: readonly Deviation[] = [
  {
    id: 'BYVoid_OpenCC_Issue_475',
    config: 's2t',
    upstream: '元數據 元數據 調製 調製解調器',
    expected: '元數據 元數據 調製 調制解調器',
    reason: 'a modem (调制解调器, modulator-demodulator) is 調制 "modulation", as in Hong Kong usage; 調製 is "to prepare"',
  },
  {
    id: 'BYVoid_OpenCC_Issue_475',
    config: 's2tw',
    upstream: '元數據 元數據 調製 調製解調器',
    expected: '元數據 元數據 調製 調制解調器',
    reason: 'as for s2t (Taiwan\'s own word, 數據機, is what s2twp gives)',
  },
];

export function deviationFor(id: string, config: string): Deviation | undefined {
  return DELIBERATE_DEVIATIONS.find((d) => d.id === id && d.config === config);
}
