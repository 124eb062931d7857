/**
 * Warming up a worker thread while it waits for its first file. A thread's first conversion loads the dictionaries,
 * and its first conversions run the engine cold: V8 compiles the hot functions (sweep, the visitors) for each isolate
 * anew, from the type feedback of the first texts, and until then they run slowly. Measured in a worker (s2twp, ten
 * 100 KB pieces of the corpus, medians of 5, load average 13): 76–86 ms of CPU cold, 58 ms after this warm-up, which
 * took 34 ms (with 24 slices instead of 8: 52 ms, for 58 ms after it).
 * A worker of `--jobs` starts before the main thread has read its options and walked the folders
 * (src/cli/early-workers.ts), and would wait idle until its first file: it converts a sample text meanwhile, a slice
 * at a time, returning to the event loop between slices so that its first file (or its stop) is taken at once.
 * The samples are a paragraph in each script (written for this purpose), so that phrases, single characters, digits
 * and punctuation all go through the passes of the configuration.
 */
import { createConverter, type Converter } from '../node/index.js';

const SIMPLIFIED = '据报道，这家公司去年在软件开发和网络安全方面投入了大量资金。研究人员表示，新的数据库系统能够处理更多信息，' +
  '并且内存占用明显降低。许多用户认为，打印机和鼠标等外设的驱动程序仍然需要改进。与此同时，政府发布了关于人工智能发展的' +
  '指导意见，要求各地区加强基础设施建设，提高教育和医疗服务的质量。专家指出，这些措施将对经济产生深远影响，但具体效果还有' +
  '待观察。2024年第三季度，该市的出口总额增长了百分之十二点五（12.5%），远高于预期。\n';
const TRADITIONAL = '據報導，這家公司去年在軟體開發和網路安全方面投入了大量資金。研究人員表示，新的資料庫系統能夠處理更多資訊，' +
  '並且記憶體佔用明顯降低。許多使用者認為，印表機和滑鼠等週邊的驅動程式仍然需要改進。與此同時，政府發布了關於人工智慧發展的' +
  '指導意見，要求各地區加強基礎設施建設，提高教育和醫療服務的品質。專家指出，這些措施將對經濟產生深遠影響，但具體效果還有' +
  '待觀察。2024年第三季度，該市的出口總額增長了百分之十二點五（12.5%），遠高於預期。\n';

/** One slice: about 16 K characters, a few milliseconds once compiled. */
const SLICE = (SIMPLIFIED + TRADITIONAL).repeat(32);
/** Slices converted at most: about what they save on the first files (see above); more would only use the core. */
const SLICES = 8;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Convert the samples with the configuration `config` (whose dictionaries stay cached for the job's converter), a
 * slice per turn of the event loop, until `busy()` (the first file has come) or SLICES slices. An unknown
 * configuration (a pair or a file, which the CLI resolves itself) is not warmed up.
 */
export async function warmUp(config: string, corrections: boolean, busy: () => boolean): Promise<void> {
  let converter: Converter;
  try {
    converter = createConverter(config as Parameters<typeof createConverter>[0], { corrections });
  } catch {
    return;
  }
  for (let i = 0; i < SLICES && !busy(); i++) {
    converter.convert(SLICE);
    await nextTurn();
  }
}
