/**
 * fanjian's corrections (dictionaries/): each class changes what OpenCC gets wrong, leaves alone what it gets right,
 * and `corrections: false` still gives OpenCC's output. The expected forms are the ones the comments in
 * dictionaries/*.txt justify (Taiwan's Ministry of Education dictionaries, the mainland standard), not copies of our
 * output; each "before" is checked to differ, so a correction that stops working fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConfigName } from '../../src/node/index.js';
import { fanjian, layer } from './helpers.js';
import { parseDictionaryText } from '../../src/dictionary/text-format.js';
import { openccJs } from '../engine/helpers.js';

/** [simplified input, OpenCC's wrong output, corrected output] for s2tw. */
const CLASSES: Record<string, [string, string, string][]> = {
  'OpenCC phrase-data mistakes': [
    ['中俄关系', '中俄關系', '中俄關係'],
    ['调制解调器', '調製解調器', '調制解調器'],
    ['频率调制', '頻率調製', '頻率調制'],
    ['不准吸烟', '不準吸菸', '不准吸菸'],
    ['控球后卫', '控球后衛', '控球後衛'],
    ['面线', '面線', '麵線'],
    ['校历', '校歷', '校曆'],
  ],
  '后 "after" cut by a 后 "queen" phrase': [
    ['进球后', '進球后', '進球後'],
    ['聊天后', '聊天后', '聊天後'],
    ['明天后', '明天后', '明天後'],
    ['看电影后', '看電影后', '看電影後'],
    ['唱歌后', '唱歌后', '唱歌後'],
    ['我太后悔了', '我太后悔了', '我太後悔了'],
  ],
  '干 乾 "dry" by default 幹': [
    ['干手机', '幹手機', '乾手機'],
    ['甩干', '甩幹', '甩乾'],
    ['地瓜干', '地瓜幹', '地瓜乾'],
    ['把汤熬干', '把湯熬幹', '把湯熬乾'],
    ['卤干', '滷幹', '滷乾'],
    ['整串熏干以备下酒', '整串燻幹以備下酒', '整串燻乾以備下酒'],
    ['把毛巾挤干', '把毛巾擠幹', '把毛巾擠乾'],
    ['把菜叶控干水分', '把菜葉控幹水分', '把菜葉控乾水分'],
    ['眼泪都哭干了', '眼淚都哭幹了', '眼淚都哭乾了'],
    ['一饮干尽', '一飲幹盡', '一飲乾盡'],
    ['耗干了积蓄', '耗幹了積蓄', '耗乾了積蓄'],
  ],
  '发 髮 "hair" by default 發': [
    ['接发', '接發', '接髮'],
    ['蓬头散发', '蓬頭散發', '蓬頭散髮'],
    ['干发帽', '幹發帽', '乾髮帽'],
  ],
  '舍 捨 "round off, drop"': [
    ['舍入', '舍入', '捨入'],
    ['舍入误差', '舍入誤差', '捨入誤差'],
  ],
  '制 製 "made (of)"': [
    ['制模', '制模', '製模'],
    ['煤制油', '煤制油', '煤製油'],
    ['煤制天然气', '煤制天然氣', '煤製天然氣'],
    ['玻璃制的杯子', '玻璃制的杯子', '玻璃製的杯子'],
    ['晒制和蒸制', '曬制和蒸制', '曬製和蒸製'],
  ],
  '系 繫 "tie"': [
    ['系放', '系放', '繫放'],
    ['系领带', '系領帶', '繫領帶'],
    ['系安全带', '系安全帶', '繫安全帶'],
    ['系扣子', '係扣子', '繫扣子'],
  ],
  '里 as a syllable, 日里 "in the daytime"': [
    ['噼里啪啦', '噼裡啪啦', '噼里啪啦'],
    ['叽里咕噜', '嘰裡咕嚕', '嘰里咕嚕'],
    ['大白日里', '大白日里', '大白日裡'],
  ],
  'segmentation: a three-character phrase decides a tie': [
    ['时装秀发布会', '時裝秀髮佈會', '時裝秀發佈會'],
    ['密码表示', '密碼錶示', '密碼表示'],
    ['条码表达', '條碼錶達', '條碼表達'],
    ['不能干政', '不能幹政', '不能干政'],
    ['这只能说明问题', '這隻能說明問題', '這只能說明問題'],
    ['这只有你能办到', '這隻有你能辦到', '這只有你能辦到'],
    ['那只好算了', '那隻好算了', '那只好算了'],
    // 这只比 + a year or a norm: 只 "only" (the words after 比 decide).
    ['这只比去年多了三成', '這隻比去年多了三成', '這只比去年多了三成'],
    ['那只比预期低一点', '那隻比預期低一點', '那只比預期低一點'],
    ['这只比平均水平高', '這隻比平均水平高', '這只比平均水平高'],
  ],
  '并 並 "and, both" cut into a 併 "to merge" phrase': [
    ['并为此付出代价', '併為此付出代價', '並為此付出代價'],
    ['郭嘉、荀彧并为谋主', '郭嘉、荀彧併為謀主', '郭嘉、荀彧並為謀主'],
    ['他完成了实验并成为教授', '他完成了實驗併成為教授', '他完成了實驗並成為教授'],
    ['查明真相并成功逃离', '查明真相併成功逃離', '查明真相並成功逃離'],
    ['将文件打包并发送到邮箱', '將文件打包併發送到郵箱', '將文件打包並發送到郵箱'],
    ['去商店并购买了面包', '去商店併購買了麵包', '去商店並購買了麵包'],
    ['发现问题并产生了新的想法', '發現問題併產生了新的想法', '發現問題並產生了新的想法'],
  ],
  '欲 "to want to" after a person, not 慾 "desire"': [
    ['时人欲题目高坐', '時人慾題目高坐', '時人欲題目高坐'],
    ['郑人欲纳之', '鄭人慾納之', '鄭人欲納之'],
    ['群情欲府君先入', '群情慾府君先入', '群情欲府君先入'],
  ],
  'other one-to-many characters': [
    ['白头海雕', '白頭海雕', '白頭海鵰'],
    ['空心面', '空心面', '空心麵'],
    ['何反蒙着面皮', '何反蒙著麵皮', '何反蒙著面皮'], // the face, as OpenCC's own 老面皮, 面皮厚
    ['他的面皮上也觉有些', '他的麵皮上也覺有些', '他的面皮上也覺有些'],
    ['腌菜干', '醃菜幹', '醃菜乾'],
    ['国情咨文', '國情諮文', '國情咨文'],
    ['洪水冲没', '洪水衝沒', '洪水沖沒'],
    ['从征', '從徵', '從征'],
    ['托他买', '托他買', '託他買'],
    ['敬和栖托好佳', '敬和棲托好佳', '敬和棲託好佳'],
    ['乃托以它罪', '乃托以它罪', '乃託以它罪'],
    ['太傅虚托引己之过', '太傅虛托引己之過', '太傅虛託引己之過'],
    ['大家俱让着他', '大傢俱讓著他', '大家俱讓著他'],
    ['鹊巢鸠占', '鵲巢鳩佔', '鵲巢鳩占'],
    ['干宝', '幹寶', '干寶'],
    ['郁郁不得志', '鬱郁不得志', '鬱鬱不得志'],
    ['香几', '香幾', '香几'],
    ['胡茬', '胡茬', '鬍茬'],
    ['断舍离', '斷舍離', '斷捨離'],
    ['交集和并集', '交集和並集', '交集和併集'],
    ['仔姜', '仔姜', '仔薑'],
    ['红曲米', '紅曲米', '紅麴米'],
    ['喷出岩和闪长岩', '噴出巖和閃長巖', '噴出岩和閃長岩'],
    ['岩手', '巖手', '岩手'],
  ],
  '回避 "to avoid" and 回廊 "corridor" after a verb that OpenCC joins with 回 "back"': [
    ['尊官且请回避', '尊官且請回避', '尊官且請迴避'],
    ['这件事你要回避', '這件事你要回避', '這件事你要迴避'],
    ['折枝盆景绕回廊', '折枝盆景繞回廊', '折枝盆景繞迴廊'],
  ],
  '签 "to sign, a visa" (簽), 斗 "bucket" (斗), 周 "week" (週) where the default decided': [
    ['新书签售会', '新書籤售會', '新書簽售會'],
    ['请您签个名', '請您籤個名', '請您簽個名'],
    ['公文签核', '公文籤核', '公文簽核'],
    ['免签和落地签', '免籤和落地籤', '免簽和落地簽'],
    ['摩托车挎斗', '摩托車挎鬥', '摩托車挎斗'],
    ['抓斗和挖斗', '抓鬥和挖鬥', '抓斗和挖斗'],
    ['斗轮挖掘机', '鬥輪挖掘機', '斗輪挖掘機'],
    ['周租', '周租', '週租'],
    ['周票房冠军', '周票房冠軍', '週票房冠軍'],
  ],
};

/** Words next to the corrections that OpenCC already converts right: they must not change. */
const UNCHANGED: [string, string][] = [
  ['干部', '幹部'], ['干涉', '干涉'], ['干扰', '干擾'], ['干净', '乾淨'], ['晒干', '曬乾'], ['能干', '能幹'],
  ['发展', '發展'], ['头发', '頭髮'], ['理发', '理髮'], ['出发', '出發'], ['干发展', '幹發展'],
  ['宿舍', '宿舍'], ['舍得', '捨得'], ['四舍五入', '四捨五入'],
  ['制度', '制度'], ['控制', '控制'], ['制造', '製造'], ['木制', '木製'],
  ['关系', '關係'], ['联系', '聯繫'], ['系统', '系統'], ['系鞋带', '繫鞋帶'],
  ['面子', '面子'], ['表面', '表面'], ['面条', '麵條'], ['拉面', '拉麵'],
  ['历史', '歷史'], ['经历', '經歷'], ['日历', '日曆'], ['学历', '學歷'],
  ['皇后', '皇后'], ['太后', '太后'], ['皇太后', '皇太后'], ['天后', '天后'], ['天后宫', '天后宮'], ['影后', '影后'], ['球后辛吉丝', '球后辛吉絲'], ['三天后', '三天後'],
  ['不准确', '不準確'], ['说不准', '說不準'], ['准备', '準備'], ['批准', '批准'], ['不准备', '不準備'],
  ['吃不准', '吃不準'], ['看不准', '看不準'], ['他猜不准', '他猜不準'], ['发音不准', '發音不準'],
  ['郁郁寡欢', '鬱鬱寡歡'], ['文采郁郁', '文采郁郁'], ['茶几', '茶几'], ['几个', '幾個'], ['胡子', '鬍子'], ['胡说', '胡說'],
  ['利欲熏心', '利慾薰心'], ['熏肉', '燻肉'], ['生姜', '生薑'], ['姜太公', '姜太公'], ['酒曲', '酒麴'], ['歌曲', '歌曲'],
  // 岩壁, 岩洞: s2tw writes Taiwan's 岩 (dictionaries/TWVariantsPhrases.txt, test/accuracy/tw-variants.test.ts).
  ['花岗岩', '花崗岩'], ['围岩', '圍巖'], ['岩', '巖'],
  ['调制鸡尾酒', '調製雞尾酒'], ['金雕', '金雕'], ['稀里糊涂', '稀裡糊塗'], ['嘀里嘟噜', '嘀裡嘟嚕'], ['劈里啪啦', '劈里啪啦'],
  ['平日里', '平日裡'], ['占领', '佔領'], ['占卜', '占卜'], ['咨询', '諮詢'], ['拜托', '拜託'], ['征收', '徵收'], ['远征', '遠征'],
  ['大家', '大家'], ['家俱', '傢俱'],
  ['秀发', '秀髮'], ['秀发垂肩', '秀髮垂肩'], ['发布会', '發佈會'], ['码表', '碼錶'], ['表示', '表示'], ['他很能干', '他很能幹'],
  ['不能干预', '不能干預'], ['这只猫', '這隻貓'], ['这只比那只大', '這隻比那隻大'], ['这只是', '這只是'], ['那只鸟', '那隻鳥'],
  ['合并为一', '合併為一'], ['并发症', '併發症'], ['并发执行', '併發執行'], ['并购案', '併購案'], ['将其并入', '將其併入'],
  ['两个村并成一个村', '兩個村併成一個村'], ['并发表讲话', '並發表講話'],
  ['这只比较大', '這隻比較大'], ['这只比另一只重', '這隻比另一隻重'], ['这只比以前那只乖', '這隻比以前那隻乖'], ['那只比这只小', '那隻比這隻小'],
  ['干部们', '幹部們'], ['实干', '實幹'], ['苦干', '苦幹'], ['控制', '控制'], ['挤压', '擠壓'],
  ['人欲横流', '人慾橫流'], ['天理人欲', '天理人慾'], ['存天理，灭人欲', '存天理，滅人慾'], ['个人欲望', '個人慾望'],
  ['私人欲望', '私人慾望'], ['情欲', '情慾'], ['群情激愤', '群情激憤'],
  ['抽签', '抽籤'], ['标签', '標籤'], ['签文', '籤文'], ['一支签于是', '一支籤於是'], ['开会签到', '開會簽到'],
  ['擀面皮', '擀麵皮'], ['饺子面皮', '餃子麵皮'], ['面皮厚', '面皮厚'], ['面条', '麵條'],
  ['请回来', '請回來'], ['要回家', '要回家'], ['绕回去', '繞回去'], ['回避', '迴避'], ['回廊', '迴廊'], ['菜干', '菜乾'], ['腌菜', '醃菜'],
  ['托盘', '托盤'], ['托儿所', '托兒所'], ['骑摩托以后', '騎摩托以後'], ['依托以往经验', '依託以往經驗'],
  ['车斗', '車斗'], ['斗争', '鬥爭'], ['然后斗争', '然後鬥爭'], ['周围', '周圍'], ['周到', '周到'], ['周结婚', '周結婚'],
];

describe('corrections: classes of OpenCC mistakes (s2tw)', () => {
  for (const [name, cases] of Object.entries(CLASSES)) {
    it(name, () => {
      for (const [input, before, after] of cases) {
        expect(fanjian('s2tw', false)(input), `OpenCC's output for ${input}`).toBe(before);
        expect(fanjian('s2tw')(input), `corrected ${input}`).toBe(after);
      }
    });
  }

  it('leaves alone what OpenCC already converts right', () => {
    for (const [input, expected] of UNCHANGED) {
      expect(fanjian('s2tw')(input), input).toBe(expected);
      expect(fanjian('s2tw')(input), input).toBe(fanjian('s2tw', false)(input));
    }
  });

  it('applies in sentences, where segmentation decides', () => {
    expect(fanjian('s2tw')('他在控球后卫的位置上进球后很高兴，聊天后又去吃了面线。'))
      .toBe('他在控球後衛的位置上進球後很高興，聊天後又去吃了麵線。');
    expect(fanjian('s2tw')('不准吸烟，也不准备吃饭，干部们都用干手机把手吹干。'))
      .toBe('不准吸菸，也不準備吃飯，幹部們都用乾手機把手吹乾。');
  });
});

describe('corrections in the other configurations', () => {
  it('s2t and s2hk take the same phrase corrections (OpenCC standard characters)', () => {
    expect(fanjian('s2t')('中俄关系和控球后卫')).toBe('中俄關係和控球後衛');
    expect(fanjian('s2t')('大白日里')).toBe('大白日裏');
    expect(fanjian('s2hk')('干手机和接发')).toBe('乾手機和接髮');
  });

  it("s2twp keeps Taiwan's own words for the corrected modem and modulation", () => {
    // OpenCC's TWPhrases give 數據機 and 調變 for 調製…; the layer gives them for 調制… as well.
    expect(fanjian('s2twp')('调制解调器')).toBe('數據機');
    expect(fanjian('s2twp')('调制器')).toBe('調變器');
    expect(fanjian('s2twp')('调制解调器', false)).toBe('數據機');
  });

  it('t2s and tw2s: 座標 → 坐标, 份子 → 分子 and variant forms the mainland standard replaces', () => {
    for (const config of ['t2s', 'tw2s'] as const) {
      expect(fanjian(config)('極座標和直角座標系'), config).toBe('极坐标和直角坐标系');
      expect(fanjian(config, false)('極座標'), config).toBe('极座标');
      expect(fanjian(config)('槍砲、砲彈'), config).toBe('枪炮、炮弹');
      expect(fanjian(config)('慙愧'), config).toBe('惭愧');
      expect(fanjian(config)('小狗和牠們的煖氣'), config).toBe('小狗和它们的暖气');
    }
    expect(fanjian('t2s')('座位和星座')).toBe('座位和星座');
    for (const config of ['t2s', 'tw2s', 'hk2s'] as const) {
      expect(fanjian(config)('知識份子和恐怖份子'), config).toBe('知识分子和恐怖分子');
      expect(fanjian(config, false)('知識份子'), config).toBe('知识份子');
      expect(fanjian(config)('湊份子的份子錢'), config).toBe('凑份子的份子钱');
    }
  });

  it('corrections: false is still byte-identical to opencc-js on every corrected phrase', () => {
    const inputs = Object.values(CLASSES).flat().map(([input]) => input).join('，');
    for (const config of ['s2t', 's2tw', 's2twp', 's2hk'] as const) {
      expect(fanjian(config, false)(inputs)).toBe(openccJs(config)(inputs));
    }
  });
});

describe('dictionaries/ layer files', () => {
  const files = readdirSync(layer).filter((f) => f.endsWith('.txt'));

  it('every entry follows a comment giving its evidence, and no key repeats', () => {
    for (const file of files) {
      const lines = readFileSync(new URL(file, layer), 'utf8').split('\n');
      const keys = new Set<string>();
      let commented = false;
      lines.forEach((line, i) => {
        if (line.trim() === '') {
          commented = false;
        } else if (line.startsWith('#')) {
          commented = true;
        } else {
          expect(commented, `${file}:${i + 1} has no comment above it in its block`).toBe(true);
          const key = line.split('\t')[0]!;
          expect(keys.has(key), `${file}:${i + 1} repeats ${key}`).toBe(false);
          keys.add(key);
        }
      });
    }
  });

  it('every correction gives its own value, and changes OpenCC\'s output unless it guards a shorter correction', () => {
    const check = (file: string, config: ConfigName) => {
      const entries = parseDictionaryText(readFileSync(new URL(file, layer), 'utf8'), file);
      expect(entries.length).toBeGreaterThan(0);
      const keys = entries.map((e) => e.key);
      for (const { key, values } of entries) {
        expect(fanjian(config)(key), `${file} ${key}`).toBe(values[0]);
        // A guard (不准备 beside 不准) keeps OpenCC's right output where a shorter correction would otherwise match.
        const guards = keys.some((other) => other !== key && key.includes(other));
        if (!guards) expect(fanjian(config, false)(key), `${file} ${key} (OpenCC)`).not.toBe(values[0]);
      }
    };
    check('STPhrases.txt', 's2t');
    check('TSPhrases.txt', 't2s');
    check('TSCharacters.txt', 't2s');
  });
});
