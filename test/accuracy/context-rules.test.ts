/**
 * The context rules of src/context-rules.ts, class by class: each rewrites OpenCC's default where its context says
 * the other sense (the expected forms are the ones the rules' reasons justify: Taiwan's Ministry of Education
 * dictionary for 余 "I", 岳 and 沖 in names, 咸 "all", 辟 "to summon"), and leaves alone the words a phrase decides
 * and the contexts of the default's own sense. Each "before" is OpenCC's output, checked to differ, so a rule that
 * stops working fails here. (test/engine/context-rules.test.ts covers the mechanism: explain, streams.)
 */
import { describe, expect, it } from 'vitest';
import { createConverter, type ConfigName } from '../../src/node/index.js';
import { CONTEXT_RULES } from '../../src/context-rules.js';

const converters = new Map<string, (text: string) => string>();
function convert(config: ConfigName, corrections = true): (text: string) => string {
  const key = `${config}:${corrections}`;
  if (!converters.has(key)) {
    const c = createConverter(config, { corrections });
    converters.set(key, (text) => c.convert(text));
  }
  return converters.get(key)!;
}

/** rule → [Simplified input, OpenCC's s2t output, fanjian's s2t output]. */
const FIXES: Record<string, [string, string, string][]> = {
  'adverb-yun': [
    ['按诸书皆云王允之事', '按諸書皆雲王允之事', '按諸書皆云王允之事'],
    ['或云王戎语。', '或雲王戎語。', '或云王戎語。'],
    ['沙门虽云俗外', '沙門雖雲俗外', '沙門雖云俗外'],
    ['复云因沈、业申意', '復雲因沈、業申意', '復云因沈、業申意'],
    ['时人云云。', '時人云雲。', '時人云云。'], // 人云 is a phrase; the second 云 is the rule's
    ['玠亡在豫章，而不云在下都也。', '玠亡在豫章，而不雲在下都也。', '玠亡在豫章，而不云在下都也。'],
  ],
  'speaker-yun': [
    ['又问：『论者云，君固当不如？』', '又問：『論者雲，君固當不如？』', '又問：『論者云，君固當不如？』'],
    ['识者云，此非吉兆。', '識者雲，此非吉兆。', '識者云，此非吉兆。'],
  ],
  'title-yun': [
    ['《妙法莲华经》云，阿罗汉无病', '《妙法蓮華經》雲，阿羅漢無病', '《妙法蓮華經》云，阿羅漢無病'],
    ['《玉皇经》云，西方有净德国', '《玉皇經》雲，西方有淨德國', '《玉皇經》云，西方有淨德國'],
    ['〈幽明录〉云，', '〈幽明錄〉雲，', '〈幽明錄〉云，'],
  ],
  'surname-fan': [
    ['范滂字孟博', '範滂字孟博', '范滂字孟博'],
    ['汉纪曰：「范滂字孟博', '漢紀曰：「範滂字孟博', '漢紀曰：「范滂字孟博'], // a quotation mark starts a clause
  ],
  'surname-fan-title': [
    ['那范大夫看见', '那範大夫看見', '那范大夫看見'],
    ['问范先生', '問範先生', '問范先生'],
    ['见了范老爷', '見了範老爺', '見了范老爺'],
  ],
  'pronoun-yu': [
    ['曰：「余以元康六年', '曰：「餘以元康六年', '曰：「余以元康六年'],
    ['曰：「余与夫子，交', '曰：「餘與夫子，交', '曰：「余與夫子，交'],
    ['曰：“余心荡。”', '曰：“餘心蕩。”', '曰：“余心蕩。”'],
  ],
  'name-yue': [
    ['《晋阳秋》曰：「岳姿容甚美', '《晉陽秋》曰：「嶽姿容甚美', '《晉陽秋》曰：「岳姿容甚美'],
    ['〈《岳别传》曰', '〈《嶽別傳》曰', '〈《岳別傳》曰'],
  ],
  'name-chong': [
    ['曰：「冲字玄叔', '曰：「衝字玄叔', '曰：「沖字玄叔'],
    ['诣家君。』冲遂诣其父。', '詣家君。』衝遂詣其父。', '詣家君。』沖遂詣其父。'],
  ],
  'classical-xian': [
    ['时人咸言京、管不及', '時人鹹言京、管不及', '時人咸言京、管不及'],
    ['家人咸以惊骇', '家人鹹以驚駭', '家人咸以驚駭'],
    ['洛阳市上，咸曰：', '洛陽市上，鹹曰：', '洛陽市上，咸曰：'],
    ['外内咸服', '外內鹹服', '外內咸服'],
    ['吴人咸侮辱之', '吳人鹹侮辱之', '吳人咸侮辱之'],
    ['人秋多收谷，咸相谓言', '人秋多收谷，鹹相謂言', '人秋多收谷，咸相謂言'], // before another adverb
    ['未嫁之时，咸皆孝顺', '未嫁之時，鹹皆孝順', '未嫁之時，咸皆孝順'],
  ],
  'summon-pi': [
    ['太尉辟，不就。', '太尉闢，不就。', '太尉辟，不就。'],
    ['三府并辟，不就。', '三府並闢，不就。', '三府並辟，不就。'],
    ['公府掾，敦辟皆不就', '公府掾，敦闢皆不就', '公府掾，敦辟皆不就'],
  ],
  'summon-pi-office': [
    ['单马而归。辟公府掾', '單馬而歸。闢公府掾', '單馬而歸。辟公府掾'],
    ['字文将，辟州别驾', '字文將，闢州別駕', '字文將，辟州別駕'],
    ['美姿容，贾充辟以为掾。', '美姿容，賈充闢以爲掾。', '美姿容，賈充辟以爲掾。'],
  ],
  'measure-dou': [
    ['诗不成，罚酒各三斗。', '詩不成，罰酒各三鬥。', '詩不成，罰酒各三斗。'],
    ['强灌鸩毒数十斗', '強灌鴆毒數十鬥', '強灌鴆毒數十斗'],
  ],
};

/** Words and contexts the rules must leave as OpenCC converts them (s2t). */
const UNCHANGED: [string, string][] = [
  // 餘 "remaining" in words a phrase decides, also after a quotation mark; 余 elsewhere keeps the default.
  ['「余下的钱', '「餘下的錢'], ['“余额不足', '“餘額不足'], ['其余的人', '其餘的人'], ['剩余', '剩餘'], ['业余', '業餘'],
  // 嶽 "high mountain" in words, and 岳 inside a word.
  ['山岳', '山嶽'], ['五岳', '五嶽'], ['南岳', '南嶽'], ['高峙岳立', '高峙嶽立'], ['岳飞', '岳飛'], ['岳父', '岳父'],
  ['岳阳楼', '岳陽樓'],
  // 衝 "to rush" at a clause start, with a verb ending or in a phrase.
  ['冲啊！', '衝啊！'], ['冲过去', '衝過去'], ['冲突', '衝突'], ['冲动', '衝動'], ['他冲上去', '他衝上去'], ['向前冲', '向前衝'],
  ['冲进房间', '衝進房間'],
  // 鹹 "salty".
  ['太咸了', '太鹹了'], ['咸菜', '鹹菜'], ['咸鱼', '鹹魚'], ['很咸', '很鹹'], ['咸的', '鹹的'], ['咸得要命', '鹹得要命'],
  ['不咸不淡', '不鹹不淡'], ['咸阳', '咸陽'],
  // 闢 "to open up".
  ['开辟', '開闢'], ['精辟', '精闢'], ['辟谣', '闢謠'], ['另辟蹊径', '另闢蹊徑'], ['开天辟地', '開天闢地'], ['辟为公园', '闢爲公園'],
  // 雲 "cloud" after the adverbs of adverb-yun, in the phrases that list it.
  ['来自云南', '來自雲南'], ['宾客皆云集于此', '賓客皆雲集於此'], ['自云南来', '自雲南來'], ['乌云', '烏雲'], ['如云', '如雲'],
  ['白云', '白雲'], ['人云亦云', '人云亦云'],
  ['记者云集', '記者雲集'], ['不怕浮云遮望眼', '不怕浮雲遮望眼'], ['《云》', '《雲》'], ['《白云》', '《白雲》'], ['《云雀》', '《雲雀》'],
  ['读者云集于此', '讀者雲集於此'], ['不见云彩', '不見雲彩'],
  // 範 "model" in words.
  ['范围', '範圍'], ['模范', '模範'], ['规范', '規範'], ['示范先生', '示範先生'], ['模范夫人', '模範夫人'], ['防范大于治疗', '防範大於治療'],
  ['就范', '就範'], ['师范大学', '師範大學'],
  // 範之 at a clause start: the given name (卞範之), not the surname before a name.
  ['范之字敬祖', '範之字敬祖'], ['「范之迁丹阳尹', '「範之遷丹陽尹'],
  // 辟 "to open up" before 以 in a phrase.
  ['开辟以来', '開闢以來'],
  // 鬥 "to fight" after anything but a numeral, and in phrases after one.
  ['战斗', '戰鬥'], ['民莫有斗心', '民莫有鬥心'], ['楚斗伯比曰', '楚鬥伯比曰'], ['两虎相斗', '兩虎相鬥'], ['斗争', '鬥爭'],
];

describe('context rules: classes (s2t)', () => {
  for (const [rule, cases] of Object.entries(FIXES)) {
    it(rule, () => {
      expect(CONTEXT_RULES.some((r) => r.name === rule), `${rule} is a rule`).toBe(true);
      for (const [input, before, after] of cases) {
        expect(convert('s2t', false)(input), `OpenCC's output for ${input}`).toBe(before);
        expect(convert('s2t')(input), `corrected ${input}`).toBe(after);
      }
    });
  }

  it('leaves alone the words and contexts of the other sense', () => {
    for (const [input, expected] of UNCHANGED) {
      expect(convert('s2t')(input), input).toBe(expected);
      expect(convert('s2t')(input), input).toBe(convert('s2t', false)(input));
    }
  });

  it('applies to every Simplified → Traditional configuration, and to no other', () => {
    const text = '时人咸言，太尉辟，不就。「余以元康六年」。「冲字玄叔」';
    for (const config of ['s2t', 's2tw', 's2twp', 's2hk', 's2hkp'] as const) {
      expect(convert(config)(text), config).toMatch(/咸言.*太尉辟.*「余以.*「沖字/);
    }
    for (const config of ['t2s', 'tw2s', 'hk2s', 't2tw', 't2hk', 't2jp'] as const) {
      expect(convert(config)(text), config).toBe(convert(config, false)(text));
    }
  });
});

describe('phrase corrections next to the rules', () => {
  it.each<[string, string, string]>([
    ['时穆帝幼冲', '時穆帝幼衝', '時穆帝幼沖'], // 沖 "young"
    ['於是桓始咨嗟', '於是桓始諮嗟', '於是桓始咨嗟'], // 咨 "to sigh"
    ['盛干枣', '盛幹棗', '盛乾棗'], // dried dates
    ['大将军辟为掾。', '大將軍闢爲掾。', '大將軍辟爲掾。'], // 辟 "to summon" before an office
    ['魏武为丞相，辟为主簿。', '魏武爲丞相，闢爲主簿。', '魏武爲丞相，辟爲主簿。'],
    ['夫妻乃翦发及爪', '夫妻乃翦發及爪', '夫妻乃翦髮及爪'], // 翦 "to cut" hair
  ])('%s: %s → %s', (input, before, after) => {
    expect(convert('s2t', false)(input)).toBe(before);
    expect(convert('s2t')(input)).toBe(after);
  });
});
