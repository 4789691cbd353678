import type { ItemRef } from '../../src/protocol';
import type { DashboardStore } from '../store';
import type { Palette } from '../theme';
import { h } from '../dom';

/** What every view gets: the data, the current palette, and a way to reveal items in the explorer. */
export interface ViewContext {
  readonly store: DashboardStore;
  palette(): Palette;
  reveal(item: ItemRef): void;
}

const KIND_WORDS: Readonly<Record<ItemRef['kind'], string>> = {
  vm: 'virtual machine',
  node: 'node',
  network: 'network',
  volume: 'Cluster Shared Volume',
  disk: 'disk',
};

/** A name the user can click to reveal it in the Cluster Explorer. The name is text. */
export function itemButton(ctx: ViewContext, item: ItemRef, label: string = item.name, extraClass = ''): HTMLButtonElement {
  const button = h('button', {
    class: `item-link${extraClass ? ' ' + extraClass : ''}`,
    title: `Reveal ${KIND_WORDS[item.kind]} ${item.name} in the Cluster Explorer`,
    attrs: { type: 'button' },
    data: { itemKind: item.kind, itemName: item.name },
  }, label);
  button.addEventListener('click', (ev) => {
    ev.stopPropagation();
    ctx.reveal(item);
  });
  return button;
}

/** Marks an element as what `focus` for this item scrolls to and highlights. */
export function markFocusTarget(el: HTMLElement, kind: 'vm' | 'node' | 'network' | 'volume', name: string): void {
  el.dataset.focus = kind;
  el.dataset.focusName = name;
}

/** A small section-level note ("No Cluster Shared Volumes in this scenario."). */
export function emptyNote(text: string): HTMLParagraphElement {
  return h('p', { class: 'empty' }, text);
}
