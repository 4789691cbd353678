/**
 * The one way the dashboard builds DOM: elements from tag names, text as text nodes. Names in a
 * scenario are the user's (a VM may be called `<img src=x onerror=...>`), so nothing here ever
 * parses a string as HTML, and event-handler attributes are refused outright.
 */

type Child = Node | string | number | null | undefined | false;

interface Props {
  readonly class?: string;
  readonly title?: string;
  /** Plain attributes (aria-*, role, tabindex, type...). Never `on*`: handlers go through addEventListener. */
  readonly attrs?: Readonly<Record<string, string>>;
  /** data-* attributes, by their dataset key. */
  readonly data?: Readonly<Record<string, string>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement;
export function h(tag: string, props: Props | null = null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (props) {
    if (props.class) el.className = props.class;
    if (props.title !== undefined) el.title = props.title;
    if (props.attrs) {
      for (const [name, value] of Object.entries(props.attrs)) {
        if (/^on/i.test(name)) throw new Error(`refusing event-handler attribute "${name}"`);
        el.setAttribute(name, value);
      }
    }
    if (props.data) for (const [key, value] of Object.entries(props.data)) el.dataset[key] = value;
  }
  append(el, ...children);
  return el;
}

/** Appends children; strings and numbers become text nodes. */
function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A codicon, decorative: the word next to it carries the meaning. */
export function icon(name: string, extra = ''): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}${extra ? ' ' + extra : ''}`, attrs: { 'aria-hidden': 'true' } });
}

/** Sets text only when it changed (cheap updates on every tick). */
export function setText(el: Node, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
