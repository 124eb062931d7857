/** Small DOM helpers shared by the playground's views. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`playground: #${id} is missing from the page`);
  return element as T;
}

/** Offers a blob as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K, properties: Partial<Pick<HTMLElement, 'className' | 'textContent' | 'title' | 'lang'>> = {},
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  Object.assign(created, properties);
  return created;
}

/** 1-based line and column of a UTF-16 index, for people. */
export function lineColumn(text: string, index: number): string {
  let line = 1, start = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < index; at = text.indexOf('\n', at + 1)) {
    line++;
    start = at + 1;
  }
  return `${line}:${index - start + 1}`;
}
