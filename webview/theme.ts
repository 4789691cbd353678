/**
 * Colours and fonts for what is drawn on canvases (Chart.js, the dirty-bitmap strip), read from
 * the `--vscode-*` variables VS Code puts on the page, so light, dark and high-contrast themes
 * all read well. The page's own CSS uses the same variables directly. VS Code changes the
 * body's class (`vscode-light`, `vscode-dark`, `vscode-high-contrast`...) and the variables
 * when the theme changes: a MutationObserver on that class re-reads them and tells the views.
 */
import type { TrafficKind } from '../src/protocol';

export interface Palette {
  readonly kind: 'light' | 'dark' | 'highContrast' | 'highContrastLight';
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly border: string;
  readonly background: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  readonly traffic: Readonly<Record<TrafficKind, string>>;
  /** Live migration passes: pages sent, pages dirtied meanwhile. */
  readonly sent: string;
  readonly dirtied: string;
  readonly phases: Readonly<Record<'save' | 'diskMove' | 'restore', string>>;
  /** Dirty-bitmap strip: the ink for dirty pages, the track, the hot-set boundary. */
  readonly dirty: string;
  readonly track: string;
  readonly boundary: string;
  /** Fill opacity for areas: opaque enough in high contrast, soft elsewhere. */
  readonly areaAlpha: number;
  readonly lineWidth: number;
}

const FALLBACK = {
  foreground: '#cccccc',
  muted: '#9d9d9d',
  border: '#454545',
  background: '#1f1f1f',
  red: '#f14c4c',
  blue: '#3794ff',
  yellow: '#cca700',
  orange: '#d18616',
  green: '#89d185',
  purple: '#b180d7',
  chartsForeground: '#cccccc',
  chartsLines: 'rgba(204, 204, 204, 0.5)',
};

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value || fallback;
}

export function readPalette(): Palette {
  const body = document.body;
  const style = getComputedStyle(body);
  const v = (name: string, fallback: string) => cssVar(style, `--vscode-${name}`, fallback);
  const kind: Palette['kind'] = body.classList.contains('vscode-high-contrast-light')
    ? 'highContrastLight'
    : body.classList.contains('vscode-high-contrast')
      ? 'highContrast'
      : body.classList.contains('vscode-light')
        ? 'light'
        : 'dark';
  const highContrast = kind === 'highContrast' || kind === 'highContrastLight';
  const foreground = v('foreground', FALLBACK.foreground);
  const chartsForeground = v('charts-foreground', foreground);
  const red = v('charts-red', FALLBACK.red);
  const blue = v('charts-blue', FALLBACK.blue);
  const yellow = v('charts-yellow', FALLBACK.yellow);
  const orange = v('charts-orange', FALLBACK.orange);
  const green = v('charts-green', FALLBACK.green);
  const purple = v('charts-purple', FALLBACK.purple);
  const lines = v('charts-lines', FALLBACK.chartsLines);
  const border = highContrast ? v('contrastBorder', foreground) : v('panel-border', v('widget-border', FALLBACK.border));
  const fontSize = parseFloat(v('font-size', '13px')) || 13;
  return {
    kind,
    foreground: chartsForeground,
    muted: v('descriptionForeground', FALLBACK.muted),
    grid: highContrast ? withAlpha(lines, 0.6) : withAlpha(lines, 0.25),
    border,
    background: v('editor-background', FALLBACK.background),
    fontFamily: v('font-family', 'system-ui, sans-serif'),
    fontSize,
    traffic: {
      liveMigration: blue,
      redirectedIo: red,
      metadata: purple,
      storage: yellow,
    },
    sent: blue,
    dirtied: orange,
    phases: { save: yellow, diskMove: purple, restore: green },
    dirty: red,
    track: v('input-background', v('editorWidget-background', FALLBACK.background)),
    boundary: foreground,
    areaAlpha: highContrast ? 0.85 : 0.55,
    lineWidth: highContrast ? 2 : 1,
  };
}

let probe: CanvasRenderingContext2D | null = null;

/** Any CSS colour with its opacity multiplied by `alpha` (the canvas normalises the syntax). */
export function withAlpha(color: string, alpha: number): string {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return color;
  probe.fillStyle = '#000000';
  probe.fillStyle = color;
  const normal = String(probe.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normal);
  if (hex) return `rgba(${parseInt(hex[1], 16)}, ${parseInt(hex[2], 16)}, ${parseInt(hex[3], 16)}, ${alpha})`;
  const rgba = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(normal);
  if (rgba) {
    const a = rgba[4] === undefined ? 1 : Number(rgba[4]);
    return `rgba(${rgba[1]}, ${rgba[2]}, ${rgba[3]}, ${+(a * alpha).toFixed(3)})`;
  }
  return color;
}

/** Calls `listener` with a fresh palette whenever VS Code switches theme (the body's class changes). */
export function watchTheme(listener: (palette: Palette) => void): () => void {
  let lastClass = document.body.className;
  const observer = new MutationObserver(() => {
    if (document.body.className === lastClass) return;
    lastClass = document.body.className;
    listener(readPalette());
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
