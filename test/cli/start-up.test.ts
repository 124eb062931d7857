/**
 * What the command line loads at start: the documents layer (every format's parser, most of the CLI's code) and the
 * legacy encodings' codecs are chunks of the built bundles that only an input needing them loads
 * (src/cli/documents-layer.ts, loadLegacyEncodings in src/cli/encoding.ts), so that plain UTF-8 text — most jobs —
 * neither compiles nor initialises them, on the main thread or in a worker. Checked on the build (`npm test` builds
 * first), then by converting documents and GBK text through the real command, which must load them.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/node/index.js';
import { fanjian, temporaryFolder } from './helpers.js';
import { formatOfPath } from '../../src/formats/registry.js';
import { PLAIN_TEXT_EXTENSIONS } from '../../src/formats/format-names.js';

const fixtures = fileURLToPath(new URL('../fixtures/office/', import.meta.url));
const cli = fileURLToPath(new URL('../../dist/cli/', import.meta.url));

/** The files a bundle loads before it runs: itself and the chunks it imports statically, transitively. */
function staticallyLoaded(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (name: string) => {
    if (files.has(name)) return;
    const code = readFileSync(join(cli, name), 'utf8');
    files.set(name, code);
    for (const [, imported] of code.matchAll(/from\s*"\.\/(chunk-[\w-]+\.bundle\.js)"/g)) visit(imported!);
  };
  visit(entry);
  return files;
}

/**
 * Strings only the parsers hold (the Markdown parser's, yaml's, the Office and EPUB code's), and the legacy
 * encodings' codecs (iconv-lite's), which only GB18030, GBK and Big5 inputs and outputs load (cli/encoding.ts).
 */
const PARSER_MARKS = ['mdastExtensions', 'YAMLParseError', 'ooxml', 'META-INF/container.xml', 'DBCSCodec'];

describe('start-up of the command line', () => {
  for (const entry of ['main.bundle.js', 'worker.bundle.js']) {
    it(`${entry} loads no document parser before it runs`, () => {
      const loaded = staticallyLoaded(entry);
      for (const [name, code] of loaded) {
        for (const mark of PARSER_MARKS) expect(code.includes(mark), `${name} holds ${mark}`).toBe(false);
      }
      // …and the parsers are there, for the inputs that need them.
      const all = [...loaded.values()].join('\n');
      expect(all).toMatch(/import\("\.\/chunk-[\w-]+\.bundle\.js"\)/);
      const chunks = readdirSync(cli).filter((name) => /^chunk-.*\.bundle\.js$/.test(name)).map((name) => readFileSync(join(cli, name), 'utf8'));
      for (const mark of PARSER_MARKS) expect(chunks.some((code) => code.includes(mark)), mark).toBe(true);
    });
  }

  it('loads no Node module a run may not need before it runs: worker threads, child processes, the glob matcher', () => {
    // Each is loaded where it is used: node:worker_threads when a worker starts (early-workers.ts, jobs.ts), the
    // glob matcher with --glob (inputs.ts), and commander's node:child_process never (build/bundle.ts).
    for (const entry of ['early-workers.bundle.js', 'main.bundle.js']) {
      const code = [...staticallyLoaded(entry).values()].join('\n');
      expect(code, entry).not.toMatch(/from\s*"node:(worker_threads|child_process)"/);
      expect(code, entry).not.toMatch(/require\("node:child_process"\)/);
      expect(code, entry).not.toContain('POSIX_REGEX_SOURCE'); // picomatch's constants
    }
    const chunks = readdirSync(cli).filter((name) => /^chunk-.*\.bundle\.js$/.test(name)).map((name) => readFileSync(join(cli, name), 'utf8'));
    expect(chunks.filter((code) => code.includes('POSIX_REGEX_SOURCE'))).toHaveLength(1);
  });

  it('matches --glob with the matcher loaded on demand, on one thread and with a worker', async () => {
    const dir = await temporaryFolder();
    const input = join(dir, 'in');
    await mkdir(join(input, 'sub'), { recursive: true });
    await writeFile(join(input, 'a.txt'), '汉字\n');
    await writeFile(join(input, 'sub', 'b.txt'), '后来\n');
    await writeFile(join(input, 'sub', 'c.md'), '头发\n');
    for (const jobs of ['1', '2']) {
      const out = join(dir, `out${jobs}`);
      const result = await fanjian(['-c', 's2t', '--jobs', jobs, '--glob', 'sub/*.txt', '--out-dir', out, input]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(readdirSync(out, { recursive: true }).map(String).sort()).toEqual(['sub', join('sub', 'b.txt')]);
      expect(await readFile(join(out, 'sub', 'b.txt'), 'utf8')).toBe('後來\n');
    }
  }, 60_000);

  it('tells plain text by the extensions the registry gives it', () => {
    for (const extension of PLAIN_TEXT_EXTENSIONS) expect(formatOfPath(`a.${extension}`)).toBe('text');
  });

  it('loads the parsers and codecs when an input needs them: by extension, by content (a zip), on a worker, for GBK and Big5', async () => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'a.md'), '# 汉字\n\n后来 *头发*\n');
    await writeFile(join(dir, 'b.txt'), '汉字后来\n');
    await writeFile(join(dir, 'c.yaml'), 'key: 头发\n');
    const one = await fanjian(['-c', 's2t', join(dir, 'a.md')]);
    expect(one.stderr).toBe('');
    expect(one.stdout.toString()).toBe('# 漢字\n\n後來 *頭髮*\n');
    // A folder on one thread, on two, and with every file left to the worker (the test hook): each thread loads the
    // parsers for the files it takes.
    for (const [name, jobs, env] of [['out1', '1', {}], ['out2', '2', {}], ['out-worker', '2', { FANJIAN_TEST_WORKERS_ONLY: '1' }]] as const) {
      const out = join(dir, name);
      const result = await fanjian(['-c', 's2t', '--jobs', jobs, '--out-dir', out, dir], { env });
      expect(result.stderr).toBe('');
      expect(await readFile(join(out, 'a.md'), 'utf8')).toBe('# 漢字\n\n後來 *頭髮*\n');
      expect(await readFile(join(out, 'b.txt'), 'utf8')).toBe(convert('汉字后来\n', 's2t'));
      expect(await readFile(join(out, 'c.yaml'), 'utf8')).toBe('key: 頭髮\n');
    }
    // An Office document without its extension is told by its first bytes (a zip), which loads the parsers.
    copyFileSync(join(fixtures, 'document.docx'), join(dir, 'document'));
    const sniffed = await fanjian(['-c', 's2t', '-o', join(dir, 'document.out'), join(dir, 'document')]);
    expect(sniffed.stderr).toBe('');
    expect(readFileSync(join(dir, 'document.out')).subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    // GBK in, detected; and out, asked for: the legacy codecs load.
    await writeFile(join(dir, 'gbk.txt'), iconv.encode('汉字后来头发，这里并没有干部。\n'.repeat(4), 'gbk'));
    const gbk = await fanjian(['-c', 's2t', join(dir, 'gbk.txt')]);
    expect(gbk.stderr).toBe('');
    expect(gbk.stdout.toString()).toBe(convert('汉字后来头发，这里并没有干部。\n'.repeat(4), 's2t'));
    const big5 = await fanjian(['-c', 's2t', '--output-encoding', 'big5', join(dir, 'b.txt')]);
    expect(iconv.decode(big5.stdout, 'big5')).toBe(convert('汉字后来\n', 's2t'));
    // Quotation marks of plain text are the documents layer's too.
    const quoted = await fanjian(['-c', 's2t', '--quotes', 'cjk', join(dir, 'b.txt')]);
    expect(quoted.stderr).toBe('');
    expect(quoted.stdout.toString()).toBe(convert('汉字后来\n', 's2t'));
  }, 60_000);
});
