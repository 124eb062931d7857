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
  // The same with every 50th entry in syntax only the yaml package reads (a flow sequence, an anchor, an alias).
  'yaml-mixed': () => repeat('', (i) => i % 50 === 49 ? `ref_${i}: &a${i} [这里的干部, "并没有于是"]\nuse_${i}: *a${i}\n`
    : `key_${i}:\n  title: "这里的干部并没有于是"\n  body: 软件开发，头发。后来的汉字\n  list:\n    - 列表项目一\n`, ''),
  // Many small YAML documents (a stream of records).
  'yaml-docs': () => repeat('', (i) => `---\nid: ${i}\ntitle: 这里的干部并没有于是\nbody: "软件开发，头发。后来的汉字"\n`, ''),
  jsonl: () => repeat('', (i) => `{"id":${i},"text":"这里的干部并没有于是软件开发，头发。"}\n`, ''),
  // A README-style Markdown document: reference links and images in every paragraph ([text][label], [label],
  // [label][], ![alt][label], a label spelt in another case), their definitions at the end.
  'md-refs': async () => {
    const labels = 200;
    const definitions = Array.from({ length: labels }, (_, k) => `[文档${k}]: https://example.com/docs/${k} "说明${k}"\n[doc${k}]: <https://example.com/${k}>\n`).join('');
    await repeat('# 这里的干部\n\n', (i) => `## 软件开发 ${i}\n\n这里的干部并没有于是[软件开发][doc${i % labels}]，头发。见[文档${i % labels}]和[文档${(i + 7) % labels}][]。\n` +
      `后来的汉字，![图片][doc${(i + 3) % labels}]这是一个很长的[段落](http://x/${i})与[未定义的标签]。\n\n- 列表项目[文档${i % labels}]\n- 列表项目二\n\n`,
    `\n${definitions}[DOC1]: https://example.com/again\n`);
  },
  // A technical document (README, manual): ATX and setext headings, paragraphs with links, emphasis and code
  // spans, fenced code, tables, lists, a hard break and a link title.
  'md-tech': () => repeat('技术文档\n========\n\n', (i) => `## 安装软件 ${i}\n\n这里的**干部**并没有于是[软件开发](https://example.com/${i} "说明文档")，` +
    `运行 \`npm install 软件\` 后，*头发*会后来。\n第二行的汉字，见 [文档](./docs/${i}.md)。\n\n\`\`\`bash\n# 安装后来的软件\nnpm install fanjian --save\n` +
    `echo "这里的干部" | fanjian -c s2t\n\`\`\`\n\n配置说明\n--------\n\n| 选项 | 说明 | 默认值 |\n|------|:-----|-----:|\n| \`-c\` | 转换的**配置** | s2t |\n` +
    `| \`-o\` | 输出文件，后来的 | 无 |\n\n- 列表项目一\n- 列表项目[二](http://x/)\n\n1. 第一步：下载软件\n2. 第二步：安装\n\n` +
    `地址：中国  \n电话：后来\n\n    缩进的代码 后来\n\n---\n\n`, ''),
  // A changelog or manual of nested lists: items under items, their continuation and lazy lines, a paragraph in an
  // item after a blank line, ordered and bullet lists one after another.
  'md-lists': () => repeat('# 更新日志\n\n', (i) => `## 版本 ${i}\n\n* 这里的**干部**并没有于是[软件开发](https://example.com/${i})，头发。\n` +
    `  * 后来的汉字，见 \`npm install 软件\`。\n    续行的汉字，这是一个很长的段落。\n    * 第三层的列表项目\n  * 第二层的项目二\n懒惰的续行\n` +
    `1. 第一步：下载软件\n   1. 子步骤一\n   2. 子步骤二\n\n   子步骤之后的段落，后来。\n2. 第二步：安装\n- 另一个列表\n  - 嵌套的项目\n\n`, ''),
  // An API manual: types with pipes in list items and paragraphs (`{string|Buffer}`), which are text but for a table.
  'md-pipes': () => repeat('# 接口文档\n\n', (i) => `### \`fanjian.convert${i}(text[, options])\`\n\n* \`text\` {string|Buffer} 要转换的文本，这里的干部并没有于是。\n` +
    `* \`options\` {Object|null}\n  * \`config\` {string} 配置，**默认：** \`'s2t'\`。\n  * \`encoding\` {string|undefined} 编码 | 后来的汉字。\n` +
    `* 返回：{string|Promise} 转换后的文本。\n\n这个函数 | 那个函数：头发 | 软件。\n\n`, ''),
  // A README or manual with HTML blocks: a centred logo, a collapsed section holding Markdown, an HTML table, a
  // block-level heading, between ordinary paragraphs and lists.
  'md-html': () => repeat('# 软件说明\n\n', (i) => `<p align="center">\n  <img src="logo${i}.png" alt="软件标志" width="200">\n  <br>这里的<b>干部</b>并没有于是\n</p>\n\n` +
    `## 安装 ${i}\n\n这里的**干部**并没有于是[软件开发](https://example.com/${i})，头发。\n\n<details>\n<summary>展开后来的说明</summary>\n\n` +
    `- 列表项目一\n- 列表项目二\n\n</details>\n\n<table>\n  <tr>\n    <th>选项</th>\n    <th>说明</th>\n  </tr>\n  <tr>\n    <td>软件</td>\n` +
    `    <td>后来的汉字，这是一个很长的段落。</td>\n  </tr>\n</table>\n\n<h3 id="a${i}">头发与软件</h3>\n\n`, ''),
  // Release notes whose items start with a link whose text runs over lines (as Rust's do), in a document that
  // defines references.
  'md-labels': () => repeat('# 发布说明\n\n', (i) => `## 版本 ${i}\n\n- [这里的干部并没有于是软件开发，头发\n  后来的汉字。](https://example.com/pull/${i})\n` +
    `- [\`软件\` 与头发，\n  这是一个很长的段落][链接]\n- [链接] 之后的文字\n  续行的汉字。\n\n`, '[链接]: https://example.com/\n'),
  // A changelog of nested items holding fenced code, a paragraph after it, and autolinks.
  'md-items': () => repeat('# 更新日志\n\n', (i) => `## 版本 ${i}\n\n- 这里的**干部**并没有于是[软件开发](https://example.com/${i})，头发。\n` +
    `  \`\`\`js\n  const 软件 = require('fanjian');\n\n  软件.convert('后来');\n  \`\`\`\n  安装后来的软件：\n  - 第二层的项目\n` +
    `    \`\`\`bash\n    npm install 软件\n    \`\`\`\n  - 见 <https://example.com/${i}> 的说明\n- 另一个项目，后来的汉字。\n\n`, ''),
  // README-style paragraphs with raw inline HTML (<b>, <br>, <kbd>, <sup>, <img> with attributes, a tag across
  // lines, a comment), e-mail autolinks and autolink literals, as GitHub READMEs write them.
  'md-inline': () => repeat('# 这里的干部\n\n', (i) => `## 软件开发 ${i}\n\n这里的<b>干部</b>并没有于是<br>软件开发，按 <kbd>Ctrl</kbd>+<kbd>C</kbd> 复制` +
    `<sup>${i}</sup>。<img src="https://example.com/${i}.png" alt="示意图${i}" width="100">\n后来的汉字<span title="说明">头发</span>，` +
    `联系 <dev${i}@example.com> 或见 https://example.com/docs/${i}.html。\n这是一个很长的段落<!-- 注释 ${i} -->，` +
    `<a href="https://example.com/${i}"\ntitle="链接说明">软件文档</a>与 www.example.com/${i}/ 需要 npm@${i % 10} 以上。\n\n` +
    `- 列表项目<b>一</b>\n- 列表项目<i>二</i>，见 (https://example.com/${i})\n\n`, ''),
  csv: () => repeat('id,text\n', (i) => `${i},"这里的干部, 并没有于是""软件开发""，头发。"\n`, ''),
};
if (!cases[name]) throw new Error(`unknown case ${name}`);
await cases[name]();
