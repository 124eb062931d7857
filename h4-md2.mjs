import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
const parse = (s) => fromMarkdown(s, { extensions: [frontmatter(['yaml']), gfm()], mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmFromMarkdown()] });
const cases = {
 '[x32k': () => '['.repeat(32000),
 '>x4000': () => '>'.repeat(4000)+' a',
 '*x5k': () => '*a'.repeat(5000), '*x10k': () => '*a'.repeat(10000),
 'nest1000': () => Array.from({length:1000},(_, i)=>' '.repeat(i*2)+'- a').join('\n'),
 '_x10k': () => '_a '.repeat(10000),
 '![x16k': () => '!['.repeat(16000), '`x20k': () => '`a'.repeat(20000),
 '<x': () => '<a '.repeat(20000), 'tablecols': () => '|a'.repeat(5000)+'\n'+'|-'.repeat(5000)+'\n',
};
const name = process.argv[2];
const s = cases[name]();
const t = Date.now();
try { const tree = parse(s); console.log(name, Date.now() - t, 'ms'); } catch (e) { console.log(name, 'ERR', e.message.slice(0, 80), Date.now() - t); }
