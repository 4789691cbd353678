/**
 * Chart.js, registered with only what the dashboard uses (bars, lines with filled areas, linear
 * and logarithmic scales, legend, tooltip), and its defaults following the VS Code theme.
 * Chart.js 4 needs no eval and injects no style elements, so it runs under the strict CSP.
 * Charts are updated in place (`chart.update('none')`), never recreated on new data.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { Palette } from './theme';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, LogarithmicScale, Filler, Legend, Tooltip);

export { Chart };

export function applyChartDefaults(palette: Palette): void {
  Chart.defaults.color = palette.foreground;
  Chart.defaults.borderColor = palette.grid;
  Chart.defaults.font.family = palette.fontFamily;
  Chart.defaults.font.size = Math.max(10, palette.fontSize - 1);
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  Chart.defaults.plugins.legend.labels.boxHeight = 12;
  Chart.defaults.plugins.tooltip.backgroundColor = palette.background;
  Chart.defaults.plugins.tooltip.titleColor = palette.foreground;
  Chart.defaults.plugins.tooltip.bodyColor = palette.foreground;
  Chart.defaults.plugins.tooltip.footerColor = palette.muted;
  Chart.defaults.plugins.tooltip.borderColor = palette.border;
  Chart.defaults.plugins.tooltip.borderWidth = 1;
}

/** Scale colours are read from the defaults when a chart is created; theme changes set them again. */
export function themeScales(chart: Chart, palette: Palette): void {
  const scales = chart.options.scales ?? {};
  for (const scale of Object.values(scales)) {
    if (!scale) continue;
    if (scale.grid) scale.grid.color = palette.grid;
    if (scale.ticks) scale.ticks.color = palette.foreground;
    if ('title' in scale && scale.title) scale.title.color = palette.muted;
    if ('border' in scale && scale.border) scale.border.color = palette.border;
  }
  const legend = chart.options.plugins?.legend;
  if (legend?.labels) legend.labels.color = palette.foreground;
}
