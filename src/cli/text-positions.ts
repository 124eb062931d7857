/** Line and column (1-based; columns count characters, not UTF-16 units) of positions in a text, and context. */

export interface Position {
  readonly line: number;
  readonly column: number;
}

export function positions(text: string): (index: number) => Position {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return (index) => {
    let low = 0, high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: [...text.slice(starts[low]!, index)].length + 1 };
  };
}

/** Up to `width` characters of the line around [index, index + length), without line breaks. */
export function contextAround(text: string, index: number, length: number, width = 8): string {
  const lineStart = Math.max(text.lastIndexOf('\n', index - 1) + 1, 0);
  const lineEnd = (() => {
    const n = text.indexOf('\n', index + length);
    return n < 0 ? text.length : n;
  })();
  const before = [...text.slice(lineStart, index)].slice(-width).join('');
  const after = [...text.slice(index + length, lineEnd)].slice(0, width).join('');
  return `${before}[${text.slice(index, index + length)}]${after}`.replace(/\r/g, '');
}
