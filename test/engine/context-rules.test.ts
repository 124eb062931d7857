/** Context rules (context-rules.ts): each rule in its context, the cases that must not change, explain's reason. */
import { describe, expect, it } from 'vitest';
import { createConverter } from '../../src/node/index.js';
import { CONTEXT_RULES } from '../../src/context-rules.js';
import { openccJs } from './helpers.js';
import { createConversionStream, StreamCuts } from '../../src/stream.js';

const s2t = createConverter('s2t');
const s2tw = createConverter('s2tw');

describe('context rules', () => {
  it.each<[string, string, string]>([
    // 云 "to say" before a quotation or after a cited classic (OpenCC writes 雲 "cloud").
    ['中郎留之云：「诸人当', '中郎留之云：「諸人當', 'quotation-yun'],
    ['或云：『不可』', '或云：『不可』', 'quotation-yun'],
    ['传云不可', '傳云不可', 'cited-yun'],
    // The surname 范 alone at the start of a clause.
    ['范滂字孟博', '范滂字孟博', 'surname-fan'],
    ['。范豫章谓王荆州', '。范豫章謂王荊州', 'surname-fan'],
  ])('s2t %s → %s (%s)', (input, expected, rule) => {
    expect(s2t.convert(input)).toBe(expected);
    expect(s2t.explain(input).some((span) => span.dictionary === `rule ${rule} (fanjian)`)).toBe(true);
  });

  it.each<[string, string]>([
    ['点赞', '點讚'], ['按赞', '按讚'], ['很赞', '很讚'], ['真赞！', '真讚！'],
  ])('s2tw %s → %s (Taiwan 讚)', (input, expected) => {
    expect(s2tw.convert(input)).toBe(expected);
  });

  it.each<[string, string, 's2t' | 's2tw']>([
    ['白云：', '白雲：', 's2t'], // a phrase (白云) decides before any rule
    ['云中', '雲中', 's2t'],
    ['风云', '風雲', 's2t'],
    ['书云天命', '書雲天命', 's2t'], // the phrase 云天 decides
    ['规范', '規範', 's2t'],
    ['范围很大', '範圍很大', 's2t'],
    ['这是模范', '這是模範', 's2t'],
    ['很赞成', '很贊成', 's2tw'], // agreement keeps 贊
    ['赞助', '贊助', 's2tw'],
    ['称赞', '稱讚', 's2tw'],
    ['点赞', '點贊', 's2t'], // 讚 is Taiwan's rule only
  ])('must not change: %s → %s (%s)', (input, expected, config) => {
    expect(createConverter(config).convert(input)).toBe(expected);
  });

  it('are off with corrections: false, where output equals opencc-js', () => {
    const text = '或云：「不可」。范滂字孟博。诗云。很赞';
    for (const config of ['s2t', 's2tw', 's2twp', 's2hk'] as const) {
      expect(createConverter(config, { corrections: false }).convert(text)).toBe(openccJs(config)(text));
    }
    expect(createConverter('s2t', { corrections: false }).convert(text)).not.toBe(s2t.convert(text));
  });

  it('explain names the rule and gives its reason; the default it overrode is no longer ambiguous', () => {
    const [span] = s2tw.explain('很赞');
    expect(span).toMatchObject({ source: '赞', target: '讚', dictionary: 'rule taiwan-zan (fanjian)', ambiguous: false });
    expect(span!.steps.at(-1)!.reason).toMatch(/Taiwan writes 讚/);
  });

  it('every rule states its evidence', () => {
    for (const rule of CONTEXT_RULES) expect(rule.reason.length).toBeGreaterThan(40);
  });
});

describe('context rules in streams', () => {
  it.each(['s2t', 's2tw', 's2twp'] as const)('%s: a cut never separates a rule from the character it reads', async (config) => {
    // 規 is in no dictionary of these configurations (it is already Traditional), so a stream may cut after it;
    // the surname rule must still see it before 范, as convert() does.
    const converter = createConverter(config);
    const text = '技術規范要求。或云：「可」。規范滂。很赞成，点赞，\n'.repeat(20);
    const stream = createConversionStream(converter, new StreamCuts(converter), { minBatch: 1, maxPending: 64 });
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    let out = '';
    const reading = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        out += value;
      }
    })();
    for (const c of text) await writer.write(c);
    await writer.close();
    await reading;
    expect(out).toBe(converter.convert(text));
  });
});
