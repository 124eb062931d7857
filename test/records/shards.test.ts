/**
 * Sharding: a corpus cut into shards by lines, converted by concurrent fanjian processes (xargs -P, as GNU
 * parallel, Hadoop Streaming or Spark's RDD.pipe would run it), then joined in order, is byte-identical to one run
 * over the whole corpus — as plain text and as JSON Lines. Uses the shared corpus when present, else the committed
 * samples.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bin, fanjian, temporaryFolder } from '../cli/helpers.js';
import { corpusFiles, corpusPresent, fixture } from '../engine/helpers.js';

const run = promisify(execFile);

const corpus = corpusPresent
  ? corpusFiles().map((f) => f.text).join('\n')
  : ['sample-data3185k.txt', 'sample-data689k.txt', 'sample-gutenberg-25328.txt', 'sample-zuozhuan.txt', 'article.txt']
    .map(fixture).join('\n');
if (!corpusPresent) console.warn('[fanjian tests] shards: the shared corpus is absent; sharding the committed samples instead.');

/** Cut text into `count` shards of whole lines (as `split -n l/COUNT` does). */
function shardsOf(text: string, count: number): string[] {
  const lines = text.split(/(?<=\n)/);
  const per = Math.ceil(lines.length / count);
  return Array.from({ length: count }, (_, i) => lines.slice(i * per, (i + 1) * per).join('')).filter((s) => s !== '');
}

/** Convert every shard file with `xargs -P 4`, one fanjian process per shard, and join the outputs in order. */
async function shardedRun(dir: string, shards: readonly string[], args: readonly string[]): Promise<Buffer> {
  const names = await Promise.all(shards.map(async (shard, i) => {
    const name = join(dir, `shard-${String(i).padStart(3, '0')}`);
    await writeFile(name, shard);
    return name;
  }));
  const command = `"${process.execPath}" "${bin}" ${args.join(' ')} < "$1" > "$1.out"`;
  await run('sh', ['-c', `printf '%s\\n' "$@" | xargs -P 4 -n 1 sh -c '${command}' _`, '_', ...names]);
  return Buffer.concat(await Promise.all(names.map((name) => readFile(`${name}.out`))));
}

describe('shards converted concurrently join into one run', () => {
  it.each([
    { what: 'plain text', args: ['-c', 's2twp'], text: corpus },
    {
      what: 'JSON Lines', args: ['-c', 's2tw', '--format', 'jsonl', '--field', 'text'],
      text: corpus.split('\n').map((line, i) => JSON.stringify({ i, text: line, note: line.slice(0, 4) })).join('\n') + '\n',
    },
  ])('$what', async ({ args, text }) => {
    const dir = await temporaryFolder();
    await writeFile(join(dir, 'all'), text);
    const one = await fanjian([...args, join(dir, 'all')]);
    expect(one.code).toBe(0);
    const shards = shardsOf(text, 8);
    expect(shards.length).toBe(8);
    const joined = await shardedRun(dir, shards, args);
    expect(joined.length).toBe(one.stdout.length);
    expect(joined.equals(one.stdout)).toBe(true);
    expect(one.stdout.equals(Buffer.from(text))).toBe(false); // something was converted
  }, 240_000);
});
