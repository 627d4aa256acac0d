// Builds the ECharts the app serves: only the chart types, components and renderers the app's
// options use (src/charts), bundled and minified with esbuild into vendor/echarts.min.js, which
// sets the global `echarts` as the full dist file did. Trunk runs this before each build
// (Trunk.toml). A chart type or component missing here makes ECharts log an error, which the
// end-to-end journeys fail on.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = `
import * as echarts from 'echarts/core';
import { GraphChart, ScatterChart, LineChart, BarChart, HeatmapChart } from 'echarts/charts';
import {
  TitleComponent, TooltipComponent, GridComponent, LegendComponent, VisualMapComponent,
  MarkAreaComponent, MarkLineComponent, AriaComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { LabelLayout } from 'echarts/features';
echarts.use([
  GraphChart, ScatterChart, LineChart, BarChart, HeatmapChart,
  TitleComponent, TooltipComponent, GridComponent, LegendComponent, VisualMapComponent,
  MarkAreaComponent, MarkLineComponent, AriaComponent,
  CanvasRenderer, SVGRenderer, LabelLayout,
]);
globalThis.echarts = echarts;
`;
await build({
  stdin: { contents: entry, resolveDir: root, loader: 'js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'eof',
  outfile: join(root, 'vendor', 'echarts.min.js'),
  logLevel: 'warning',
});
