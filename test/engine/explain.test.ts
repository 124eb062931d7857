import { describe, expect, it } from 'vitest';
import { createConverter } from '../../src/node/index.js';

describe('explain()', () => {
  it('marks characters converted by their default mapping although they have several candidates', () => {
    const spans = createConverter('s2tw').explain('后，发，干，里');
    expect(spans.map((s) => [s.source, s.target, s.ambiguous])).toEqual([
      ['后', '後', true], ['发', '發', true], ['干', '幹', true], ['里', '裡', true],
    ]);
    const hou = spans[0]!;
    expect(hou.steps[0]).toMatchObject({ stage: 1, dictionary: 'STCharacters', ambiguous: true });
    expect(hou.steps[0]!.candidates).toEqual(expect.arrayContaining(['後', '后']));
    expect(spans[1]!.steps[0]!.candidates).toEqual(expect.arrayContaining(['發', '髮']));
    expect(spans[2]!.steps[0]!.candidates).toEqual(expect.arrayContaining(['幹', '乾']));
  });

  it('does not mark characters a phrase decided', () => {
    const spans = createConverter('s2tw').explain('头发后面的干部');
    expect(spans.map((s) => [s.index, s.source, s.target, s.dictionary, s.ambiguous])).toEqual([
      [0, '头发', '頭髮', 'STPhrases', false],
      [2, '后面', '後面', 'STPhrases', false],
      [5, '干部', '幹部', 'STPhrases', false],
    ]);
  });

  it('follows a piece of text through every stage', () => {
    // Stage numbers count dictionary groups: fanjian's context rules share the number of the stage they refine.
    const [mouse, software] = createConverter('s2twp').explain('鼠标和软件');
    expect(mouse).toMatchObject({ index: 0, source: '鼠标', target: '滑鼠', stage: 2, dictionary: 'TWPhrases' });
    expect(mouse!.steps.map((s) => [s.stage, s.dictionary, s.source, s.target])).toEqual([
      [1, 'STCharacters', '标', '標'], [2, 'TWPhrases', '鼠標', '滑鼠'],
    ]);
    const [praise] = createConverter('s2tw').explain('很赞');
    expect(praise!.steps.map((s) => [s.stage, s.dictionary])).toEqual([[1, 'STCharacters'], [1, 'rule taiwan-zan (fanjian)']]);
    expect(software).toMatchObject({ index: 3, source: '软件', target: '軟體' });
  });

  it('names fanjian corrections, user dictionaries and normalization', () => {
    expect(createConverter('t2s').explain('圞')[0]).toMatchObject({ target: '𪢮', dictionary: 'TSCharacters (fanjian)' });
    expect(createConverter('s2t', { dictionaries: ['头发\t青丝'] }).explain('我的头发')[0])
      .toMatchObject({ index: 2, source: '头发', target: '青丝', stage: 0, dictionary: 'user' });
    expect(createConverter('s2t').explain('a\uF900b')[0]).toMatchObject({ index: 1, source: '\uF900', target: '豈', stage: 0 });
  });

  it('lists nothing for text it leaves alone, and protected terms are not changes', () => {
    expect(createConverter('s2t').explain('plain text 123')).toEqual([]);
    expect(createConverter('s2tw', { protect: ['于颖建'] }).explain('于颖建')).toEqual([]);
  });
});
