/**
 * fanjian's Taiwan layers (dictionaries/TWVariants.txt, TWVariantsPhrases.txt, TWPhrases.txt): each class gives
 * Taiwan's form where OpenCC 1.4.2 gives another, only in the Taiwan conversions, and leaves alone the words around
 * it. The expected forms are the ones the comments in those files justify (Unihan's variant fields, Taiwan usage in
 * the Chewing input method's dictionary and the LibreOffice zh-TW help), written here by hand; each "before" is checked
 * against OpenCC (corrections: false), so a correction that stops working fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConversionSpec } from '../../src/node/index.js';
import { fanjian, layer } from './helpers.js';
import { parseDictionaryText } from '../../src/dictionary/text-format.js';
import { VariantTable } from '../../src/bench/accuracy-data.js';
import { openccJs } from '../engine/helpers.js';

/** [simplified input, OpenCC's s2tw output, fanjian's s2tw output]. */
const S2TW: Record<string, [string, string, string][]> = {
  '絃 → 弦 (Unihan kSemanticVariant)': [
    ['管弦乐', '管絃樂', '管弦樂'],
    ['拨动心弦', '撥動心絃', '撥動心弦'],
    ['吉他和弦', '吉他和絃', '吉他和弦'],
    ['续弦', '續絃', '續弦'],
  ],
  '孃 → 娘 (Unihan kSemanticVariant)': [
    ['回娘家', '回孃家', '回娘家'],
    ['爹娘', '爹孃', '爹娘'],
    ['丈母娘', '丈母孃', '丈母娘'],
  ],
  '夫 "a man doing manual work" (a word choice: OpenCC writes 伕)': [
    ['车夫', '車伕', '車夫'],
    ['轿夫和船夫', '轎伕和船伕', '轎夫和船夫'],
    ['三轮车夫', '三輪車伕', '三輪車夫'],
    ['马车夫', '馬車伕', '馬車夫'],
  ],
  '瞇 "to narrow the eyes" (OpenCC leaves 眯)': [
    ['眯眯眼', '眯眯眼', '瞇瞇眼'],
    ['笑眯眯地眯着眼', '笑眯眯地眯著眼', '笑瞇瞇地瞇著眼'],
  ],
  '挨 "to suffer"': [
    ['挨打', '捱打', '挨打'],
    ['小时候常挨骂', '小時候常捱罵', '小時候常挨罵'],
    ['挨饿', '捱餓', '挨餓'],
    ['挨了一拳', '捱了一拳', '挨了一拳'],
  ],
  '岩 "rock": rock faces, rock terms, names of birds': [
    ['岩鹭', '巖鷺', '岩鷺'],
    ['领岩鹨', '領巖鷚', '領岩鷚'],
    ['浮岩', '浮巖', '浮岩'],
    ['去攀岩', '去攀巖', '去攀岩'],
    ['凿岩', '鑿巖', '鑿岩'],
    ['岩壁', '巖壁', '岩壁'],
    ['钟乳石岩洞', '鐘乳石巖洞', '鐘乳石岩洞'],
  ],
  '北回歸線, 南回歸線 "tropic"': [
    ['北回归线', '北迴歸線', '北回歸線'],
    ['南回归线以南', '南迴歸線以南', '南回歸線以南'],
  ],
  '借助, 喧嘩 (Taiwan usage)': [
    ['借助外力', '藉助外力', '借助外力'],
    ['借助于', '藉助於', '借助於'],
    ['大声喧哗', '大聲喧譁', '大聲喧嘩'],
  ],
  '毀 "to destroy; to slander" (OpenCC: 燬, 譭 in some words)': [
    ['销毁证据', '銷燬證據', '銷毀證據'],
    ['被大火烧毁', '被大火燒燬', '被大火燒毀'],
    ['诋毁别人', '詆譭別人', '詆毀別人'],
    ['毁誉参半', '譭譽參半', '毀譽參半'],
    ['恶意毁谤', '惡意譭謗', '惡意毀謗'],
  ],
  '志 in gazetteers (方志, 縣志), as OpenCC\'s own 府志, 省志': [
    ['地方志', '地方誌', '地方志'],
    ['当地县志', '當地縣誌', '當地縣志'],
  ],
  'common characters Taiwan writes for older forms': [
    ['死胡同', '死衚衕', '死胡同'],
    ['玩忽职守', '翫忽職守', '玩忽職守'],
    ['怒冲冲', '怒衝衝', '怒沖沖'],
    ['怒气冲冲', '怒氣衝衝', '怒氣沖沖'],
  ],
};

/** Words beside the corrections that OpenCC already gives in Taiwan's form (s2tw): they must not change. */
const UNCHANGED: [string, string][] = [
  ['弓弦', '弓弦'], ['正弦', '正弦'], ['姑娘', '姑娘'], ['新娘', '新娘'], ['夫妻', '夫妻'], ['丈夫', '丈夫'],
  ['难挨', '難捱'], ['挨过去', '捱過去'], ['挨了过去', '捱了過去'], ['挨饿受冻', '挨餓受凍'], ['挨个', '挨個'], ['千岩万壑', '千巖萬壑'], ['巉岩', '巉巖'], ['遂围岩', '遂圍巖'],
  ['花岗岩', '花崗岩'], ['岩石', '岩石'], ['岩羊', '岩羊'], ['胡说', '胡說'], ['同志', '同志'], ['玩具', '玩具'],
  ['手表', '手錶'], ['秒表', '秒錶'], ['钟表', '鐘錶'], ['温度表', '溫度表'], ['回归分析', '迴歸分析'],
  // Dropped for want of support (Taiwan usage is split: 電錶 beside 電表); 回歸線 alone is also the regression line.
  ['电表', '電錶'], ['查水表', '查水錶'], ['回归线', '迴歸線'], ['线性回归线', '線性迴歸線'],
  ['气冲冲', '氣沖沖'], ['兴冲冲', '興沖沖'], ['冲锋', '衝鋒'],
  ['毁坏', '毀壞'], ['摧毁', '摧毀'], ['禁毁书', '禁燬書'], ['杂志', '雜誌'], ['标志', '標誌'], ['民族志', '民族誌'],
  ['府志', '府志'], ['合伙人', '合夥人'], ['家伙', '傢伙'], ['伙食', '伙食'], ['小伙子', '小夥子'],
  ['拐弯', '拐彎'], ['拄拐棍儿', '拄柺棍兒'], ['藉此', '藉此'], ['借口', '藉口'], ['哗众取宠', '譁眾取寵'],
];

/** [simplified input, OpenCC's s2twp output, fanjian's s2twp output]: Taiwan's words in their general senses. */
const S2TWP: [string, string, string][] = [
  ['参数', '引數', '參數'],
  ['图表类型', '圖表型別', '圖表類型'],
  ['错误代码', '錯誤程式碼', '錯誤代碼'],
  ['国家代码', '國家程式碼', '國家代碼'],
  ['项目符号', '專案符號', '項目符號'],
  ['比赛项目', '比賽專案', '比賽項目'],
  ['可扩展', '可擴充套件', '可擴展'],
  ['图库', '相簿', '圖庫'],
];

/** s2twp words of the computing senses OpenCC's Taiwan phrases are right for: they must not change. */
const S2TWP_UNCHANGED: [string, string][] = [
  ['参数表', '參數列'], ['源代码', '原始碼'], ['写代码', '寫程式碼'], ['项目经理', '專案經理'], ['扩展名', '副檔名'],
  ['类型转换', '型別轉換'], ['相册', '相簿'], ['软件', '軟體'], ['文件夹', '資料夾'],
];

describe('Taiwan layer: s2tw classes', () => {
  for (const [name, cases] of Object.entries(S2TW)) {
    it(name, () => {
      for (const [input, before, after] of cases) {
        expect(fanjian('s2tw', false)(input), `OpenCC's output for ${input}`).toBe(before);
        expect(fanjian('s2tw')(input), `corrected ${input}`).toBe(after);
        // The same in s2twp, which applies the same Taiwan variant stage.
        expect(fanjian('s2twp')(input), `s2twp ${input}`).toBe(after);
      }
    });
  }

  it('leaves alone what OpenCC already gives in Taiwan\'s form', () => {
    for (const [input, expected] of UNCHANGED) {
      expect(fanjian('s2tw')(input), input).toBe(expected);
      expect(fanjian('s2tw', false)(input), `${input} (OpenCC)`).toBe(expected);
    }
  });

  it('applies in sentences', () => {
    expect(fanjian('s2tw')('她回娘家那天，管弦乐的车夫挨了骂，又去攀岩。'))
      .toBe('她回娘家那天，管弦樂的車夫挨了罵，又去攀岩。');
  });

  it('is Taiwan only: s2t and s2hk keep OpenCC\'s forms', () => {
    const input = '管弦乐、回娘家、车夫、挨打、岩鹭、死胡同';
    for (const config of ['s2t', 's2hk'] as const) {
      expect(fanjian(config)(input), config).toBe(fanjian(config, false)(input));
    }
    expect(fanjian('s2t')(input)).toBe('管絃樂、回孃家、車伕、捱打、巖鷺、死衚衕');
  });

  it('t2tw gives the Taiwan forms of Traditional text; tw2s reads them back', () => {
    expect(fanjian('t2tw')('管絃樂團、回孃家、車伕、捱打、巖鷺、死衚衕、瞇眼、巖壁'))
      .toBe('管弦樂團、回娘家、車夫、挨打、岩鷺、死胡同、瞇眼、岩壁');
    for (const cases of Object.values(S2TW)) {
      for (const [input, , after] of cases) expect(fanjian('tw2s')(after), after).toBe(input);
    }
  });
});

describe('Taiwan layer: s2twp words', () => {
  it("gives Taiwan's general words where OpenCC writes a computing term", () => {
    for (const [input, before, after] of S2TWP) {
      expect(fanjian('s2twp', false)(input), `OpenCC's output for ${input}`).toBe(before);
      expect(fanjian('s2twp')(input), `corrected ${input}`).toBe(after);
    }
  });

  it('keeps the computing terms where they are the sense', () => {
    for (const [input, expected] of S2TWP_UNCHANGED) {
      expect(fanjian('s2twp')(input), input).toBe(expected);
      expect(fanjian('s2twp', false)(input), `${input} (OpenCC)`).toBe(expected);
    }
  });
});

describe('Taiwan layer files', () => {
  const entriesOf = (file: string) => parseDictionaryText(readFileSync(new URL(file, layer), 'utf8'), file);

  it('every entry gives its value from OpenCC\'s Traditional form and changes OpenCC\'s output, or guards a sense', () => {
    // The keys are Traditional (OpenCC's standard): the Taiwan stage alone (t2tw, t2twp) converts them.
    const check = (file: string, config: ConversionSpec) => {
      const entries = entriesOf(file);
      expect(entries.length).toBeGreaterThan(0);
      const keys = entries.map((e) => e.key);
      for (const { key, values } of entries) {
        expect(fanjian(config)(key), `${file} ${key}`).toBe(values[0]);
        // An entry whose value is its key keeps a general word from OpenCC's computing term (參數, 錯誤代碼); a guard
        // (類型轉換 beside 類型, 捱了過去 beside 捱了) keeps OpenCC's right output where a shorter entry would match.
        const guards = keys.some((other) => other !== key && key.includes(other));
        if (!guards) expect(fanjian(config, false)(key), `${file} ${key} (OpenCC)`).not.toBe(values[0]);
      }
    };
    check('TWVariants.txt', 't2tw');
    check('TWVariantsPhrases.txt', 't2tw');
    check('TWPhrases.txt', { from: 't', to: 'twp' });
  });

  it('declares the character pairs of the TWVariants layer that Unihan links, as OpenCC\'s own TWVariants are', () => {
    // 眯 → 瞇 has no Unihan variant link: a word choice, scored as one. 伕/夫 (no link either) is not declared.
    const wordChoices = new Set(['眯']);
    const variants = VariantTable.load();
    for (const { key, values } of entriesOf('TWVariants.txt')) {
      expect(variants.same(key, values[0]!), `${key}/${values[0]}`).toBe(!wordChoices.has(key));
    }
    expect(variants.same('伕', '夫')).toBe(false);
  });

  it('corrections: false is still byte-identical to opencc-js', () => {
    const inputs = [...Object.values(S2TW).flat(), ...S2TWP].map(([input]) => input).join('，') + '，' +
      [...UNCHANGED, ...S2TWP_UNCHANGED].map(([input]) => input).join('，');
    for (const config of ['s2tw', 's2twp', 's2t'] as const) {
      expect(fanjian(config, false)(inputs), config).toBe(openccJs(config)(inputs));
    }
    const traditional = fanjian('s2t', false)(inputs);
    expect(fanjian('t2tw', false)(traditional)).toBe(openccJs('t2tw')(traditional));
  });
});
