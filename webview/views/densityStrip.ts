/**
 * The dirty bitmap of a running pass, as the density of dirty pages along the VM's memory (the
 * host sends a downsampled density, never the bits): where the writes land, the hot working set
 * at the start of memory versus the rest. Drawn on a small canvas, one column per bucket, its
 * opacity the share of dirty pages (square-rooted, with a faint floor, so a thin sprinkle outside
 * the working set is still visible); a line marks where the hot working set ends.
 */
import { h, setText } from '../dom';
import { formatPercent } from '../../src/format/quantities';
import type { Palette } from '../theme';

const STRIP_HEIGHT = 28;

export class DensityStrip {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly resize: ResizeObserver;
  private density: readonly number[] = [];
  private hot = 0;

  constructor(private palette: Palette) {
    this.canvas = h('canvas', { class: 'strip-canvas', attrs: { role: 'img', height: String(STRIP_HEIGHT) } });
    this.caption = h('span', { class: 'strip-caption' });
    this.summary = h('p', { class: 'strip-summary' });
    const scale = h('div', { class: 'strip-scale', attrs: { 'aria-hidden': 'true' } },
      h('span', { class: 'strip-hot-label' }, 'hot working set'),
      h('span', { class: 'strip-rest-label' }, 'rest of memory'),
    );
    const legend = h('span', { class: 'strip-legend', attrs: { 'aria-hidden': 'true' } }, 'clean', h('span', { class: 'strip-gradient' }), 'all dirty');
    this.root = h('div', { class: 'strip' },
      h('div', { class: 'strip-head' }, this.caption, legend),
      scale,
      h('div', { class: 'strip-track' }, this.canvas, h('div', { class: 'strip-boundary', attrs: { 'aria-hidden': 'true' } })),
      this.summary,
    );
    this.resize = new ResizeObserver(() => this.draw());
    this.resize.observe(this.canvas);
  }

  set(density: readonly number[], hotFraction: number, caption: string): void {
    this.density = density;
    this.hot = Math.max(0, Math.min(1, hotFraction));
    setText(this.caption, caption);
    this.root.style.setProperty('--hot', `${(this.hot * 100).toFixed(2)}%`);
    const { hotShare, restShare } = shares(density, this.hot);
    const text = `Hot working set (first ${formatPercent(this.hot)} of memory): ${formatPercent(hotShare, 1)} of its pages dirty; rest of memory: ${formatPercent(restShare, 1)}.`;
    setText(this.summary, text);
    this.canvas.setAttribute('aria-label', `Dirty pages along memory. ${text}`);
    this.draw();
  }

  applyTheme(palette: Palette): void {
    this.palette = palette;
    this.draw();
  }

  destroy(): void {
    this.resize.disconnect();
  }

  private draw(): void {
    const canvas = this.canvas;
    const width = Math.max(1, Math.round(canvas.clientWidth || 300));
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(width * dpr);
    const hgt = Math.round(STRIP_HEIGHT * dpr);
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== hgt) canvas.height = hgt;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const p = this.palette;
    ctx.globalAlpha = 1;
    ctx.fillStyle = p.track;
    ctx.fillRect(0, 0, w, hgt);
    const n = this.density.length;
    if (n > 0) {
      ctx.fillStyle = p.dirty;
      for (let i = 0; i < n; i++) {
        const d = this.density[i];
        if (!(d > 0)) continue;
        const x0 = Math.floor((i / n) * w);
        const x1 = Math.max(x0 + 1, Math.floor(((i + 1) / n) * w));
        ctx.globalAlpha = Math.max(0.05, Math.sqrt(Math.min(1, d)));
        ctx.fillRect(x0, 0, x1 - x0, hgt);
      }
      ctx.globalAlpha = 1;
    }
  }
}

/** Mean density inside and outside the hot working set (buckets split at the boundary count pro rata). */
function shares(density: readonly number[], hot: number): { hotShare: number; restShare: number } {
  const n = density.length;
  if (n === 0) return { hotShare: 0, restShare: 0 };
  let hotSum = 0;
  let hotWeight = 0;
  let restSum = 0;
  let restWeight = 0;
  for (let i = 0; i < n; i++) {
    const a = i / n;
    const b = (i + 1) / n;
    const inHot = Math.max(0, Math.min(b, hot) - a) * n;
    const inRest = 1 - inHot;
    hotSum += density[i] * inHot;
    hotWeight += inHot;
    restSum += density[i] * inRest;
    restWeight += inRest;
  }
  return { hotShare: hotWeight > 0 ? hotSum / hotWeight : 0, restShare: restWeight > 0 ? restSum / restWeight : 0 };
}
