/**
 * Draws one chart and exits (stats/chart.ts, `renderChartApart`): a ChartSpec as JSON on
 * stdin, the PNG on stdout. Its memory goes with it.
 */
import { text } from 'node:stream/consumers';
import { type ChartSpec, renderChart } from './chart.ts';

const spec = JSON.parse(await text(process.stdin)) as ChartSpec;
process.stdout.write(await renderChart(spec));
