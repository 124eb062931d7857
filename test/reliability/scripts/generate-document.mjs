// Writes one pathological or large document for measure-documents.sh: node generate-document.mjs CASE MB FILE
import { createWriteStream } from 'node:fs';

const [name, mb, file] = process.argv.slice(2);
const size = Number(mb) * 1048576;
const out = createWriteStream(file);
/** Writes piece(i) for i = 0, 1, … until about `size` bytes, between head and tail. */
async function repeat(head, piece, tail) {
  out.write(head);
  let written = Buffer.byteLength(head);
  for (let i = 0; written < size; i++) {
    const text = piece(i);
    written += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
  }
  out.end(tail);
}
const cases = {
  // A locale file of many keys; ICU placeholders and escapes in every value.
  'json-flat': () => repeat('{\n', (i) => `  "key.${i}": "这里的干部并没有于是软件开发，头发。{count} 个\\n\\u540e",\n`, '  "end": 0\n}\n'),
  // One YAML document of many keys (what the yaml package reads in time and memory that grow with its size).
  'yaml-flat': () => repeat('', (i) => `key_${i}:\n  title: "这里的干部并没有于是"\n  body: 软件开发，头发。后来的汉字\n  list:\n    - 列表项目一\n`, ''),
  // Many small YAML documents (a stream of records).
  'yaml-docs': () => repeat('', (i) => `---\nid: ${i}\ntitle: 这里的干部并没有于是\nbody: "软件开发，头发。后来的汉字"\n`, ''),
  jsonl: () => repeat('', (i) => `{"id":${i},"text":"这里的干部并没有于是软件开发，头发。"}\n`, ''),
  csv: () => repeat('id,text\n', (i) => `${i},"这里的干部, 并没有于是""软件开发""，头发。"\n`, ''),
};
if (!cases[name]) throw new Error(`unknown case ${name}`);
await cases[name]();
