/**
 * `node dist/bench/office.js`: time and peak memory of converting large DOCX files (a bench, never run by the tests).
 * Builds, in a temporary folder, DOCX files of a given size from the committed fixture — paragraphs of corpus text
 * with words split across runs, plus incompressible media — and converts each in a fresh process (s2twp), reporting
 * wall time of the conversion and the process's peak resident memory against a process that only loads fanjian.
 *
 * Three ways: convertDocument (the result joined into one array, as a library caller gets it), convertDocumentPieces
 * of the array written piece by piece to a file, and convertDocumentPieces of the file read by offset (as the CLI
 * does: the input is never held; the unchanged entries are copied from it as the output is written). The CLI itself
 * is measured with /usr/bin/time -v (README, Office documents).
 *
 * Usage: node dist/bench/office.js [total MB, default 50] [text MB of document.xml, default 20]
 *        node dist/bench/office.js --write out.docx [total MB] [text MB]   (only build the document)
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

const here = fileURLToPath(import.meta.url);
const fixture = fileURLToPath(new URL('../../test/fixtures/office/document.docx', import.meta.url));
const besideRepository = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const corpus = process.env.FANJIAN_CORPUS ?? besideRepository;

/** A word document of about `textBytes` of XML and `totalBytes` in all (stored random media fill the rest). */
function buildDocx(textBytes: number, totalBytes: number): Uint8Array {
  const files = unzipSync(readFileSync(fixture));
  const source = existsSync(`${corpus}/data3185k.txt`) ? readFileSync(`${corpus}/data3185k.txt`, 'utf8')
    : '后来他用鼠标打开了软件，看到了她的头发。这里的干部并没有来。\n'.repeat(2000);
  const lines = source.split('\n').filter((line) => line.trim() !== '');
  const body: string[] = [];
  let size = 0;
  for (let i = 0; size < textBytes; i++) {
    const line = lines[i % lines.length]!.replace(/[&<>]/g, ' ');
    // Runs of 1 to 12 characters, every other one bold: words split across runs everywhere.
    const runs: string[] = [];
    for (let at = 0, n = 0; at < line.length; n++) {
      const length = 1 + ((i + n * 7) % 12);
      runs.push(`<w:r>${n % 2 ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${line.slice(at, at + length)}</w:t></w:r>`);
      at += length;
    }
    const paragraph = `<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>${runs.join('')}</w:p>`;
    body.push(paragraph);
    size += Buffer.byteLength(paragraph);
  }
  const document = new TextDecoder().decode(files['word/document.xml']!);
  files['word/document.xml'] = strToU8(document.replace(/<w:body>[\s\S]*<w:sectPr>/, `<w:body>${body.join('')}<w:sectPr>`));
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(files)) zippable[name] = data;
  const textZip = zipSync(zippable);
  const media = Math.max(0, totalBytes - textZip.length);
  if (media > 0) {
    const noise = new Uint8Array(media);
    let x = 2463534242;
    for (let i = 0; i < media; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      noise[i] = x & 0xff;
    }
    zippable['word/media/image1.png'] = [noise, { level: 0 }];
  }
  return zipSync(zippable);
}

async function child(path: string, mode: string): Promise<void> {
  const convertIt = mode !== '--baseline' && mode !== '--bare';
  const { convertDocument, convertDocumentPieces } = await import('../node/documents.js');
  const { convert } = await import('../node/index.js');
  const file = mode === '--file' || mode === '--bare' ? Buffer.alloc(0) : readFileSync(path);
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength); // a view: the file is held once
  convert('软件', 's2twp'); // dictionaries loaded in both runs: the baseline holds everything but the conversion
  let ms = 0, cpuMs = 0;
  if (convertIt) {
    const start = performance.now(), cpu = process.cpuUsage();
    if (mode === '--pieces') {
      const file = openSync(`${path}.out`, 'w');
      for (const piece of convertDocumentPieces(bytes, { format: 'docx', config: 's2twp' })) writeSync(file, piece);
      closeSync(file);
    } else if (mode === '--file') {
      // As the CLI: the input read by offset, never held; unchanged entries copied from it as the output is written.
      const { openDocumentFile } = await import('../node/file-bytes.js');
      const input = openDocumentFile(path), file = openSync(`${path}.out`, 'w');
      for (const piece of input.checked(convertDocumentPieces(input, { format: 'docx', config: 's2twp' }))) writeSync(file, piece);
      closeSync(file);
      input.close();
    } else if (convertDocument(bytes, { format: 'docx', config: 's2twp' }).length === 0) {
      throw new Error('empty output');
    }
    ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    cpuMs = (used.user + used.system) / 1000;
  }
  console.log(JSON.stringify({ ms, cpuMs, maxRss: process.resourceUsage().maxRSS * 1024 }));
}

function main(): void {
  const [mode, path] = process.argv.slice(2);
  if (mode === '--child' || mode === '--pieces' || mode === '--file' || mode === '--baseline' || mode === '--bare') {
    void child(path!, mode);
    return;
  }
  if (mode === '--write') {
    // Only build the document (to profile it): --write out.docx [total MB] [text MB].
    writeFileSync(path!, buildDocx(Number(process.argv[5] ?? 20) * 1e6, Number(process.argv[4] ?? 50) * 1e6));
    return;
  }
  const totalMb = Number(process.argv[2] ?? 50), textMb = Number(process.argv[3] ?? 20);
  const folder = mkdtempSync(join(tmpdir(), 'fanjian-office-bench-'));
  try {
    const docx = buildDocx(textMb * 1e6, totalMb * 1e6);
    const file = join(folder, 'big.docx');
    writeFileSync(file, docx);
    const run = (flag: string) => JSON.parse(execFileSync(process.execPath, [here, flag, file], { encoding: 'utf8' })) as { ms: number; cpuMs: number; maxRss: number };
    const baseline = run('--baseline');
    const mb = (n: number) => (n / 1e6).toFixed(1);
    console.log(`DOCX ${mb(docx.length)} MB (document.xml ${textMb} MB of XML, split runs; stored media for the rest), s2twp; ` +
      `a process that only loads fanjian and reads the file: ${mb(baseline.maxRss)} MB`);
    const bare = run('--bare');
    console.log(`  a process that only loads fanjian (the file not read): ${mb(bare.maxRss)} MB`);
    for (const [flag, what, base] of [['--child', 'convertDocument (one array)', baseline], ['--pieces', 'convertDocumentPieces of the array, written to a file', baseline],
      ['--file', 'convertDocumentPieces of the file read by offset, written to a file (as the CLI)', bare]] as const) {
      const runs = [run(flag), run(flag), run(flag)];
      const ms = runs.map((r) => r.ms).sort((a, b) => a - b)[1]!;
      const cpuMs = runs.map((r) => r.cpuMs).sort((a, b) => a - b)[1]!;
      const rss = Math.max(...runs.map((r) => r.maxRss));
      console.log(`  ${what}: ${(ms / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU (medians of 3, each in a fresh process); ` +
        `peak RSS ${mb(rss)} MB = ${(rss / docx.length).toFixed(2)}× the file, ` +
        `${mb(rss - base.maxRss)} MB = ${((rss - base.maxRss) / docx.length).toFixed(2)}× the file above the baseline`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main();
