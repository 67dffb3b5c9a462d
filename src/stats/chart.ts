import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The daily summary's chart: bars per day (or hour) for a few series, drawn by ECharts to
 * SVG and rasterized to PNG by resvg, with DejaVu Sans shipped through npm (Cyrillic
 * included; no system font is assumed). A white card reads the same in Telegram's light and
 * dark themes.
 *
 * Drawing loads ~80 MB of code and native memory that a process does not give back, so the
 * long-running service draws in a short-lived child process (`renderChartApart`); the CLI,
 * itself short-lived, draws in-process.
 */

export interface ChartSeries {
  name: string;
  values: number[];
  color: string;
}

export interface ChartSpec {
  title: string;
  /** One per bar group, left to right. */
  labels: string[];
  series: ChartSeries[];
}

export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 675;

const require = createRequire(import.meta.url);
const FONTS = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
  require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
);

/** The chart as SVG (ECharts' server-side renderer, no DOM). */
export async function chartSvg(spec: ChartSpec): Promise<string> {
  const echarts = await import('echarts/core');
  const { BarChart } = await import('echarts/charts');
  const { GridComponent, LegendComponent, TitleComponent } = await import('echarts/components');
  const { SVGRenderer } = await import('echarts/renderers');
  echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);
  // Drawn at half size and rasterized at twice: sharp on a phone's screen.
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH / 2,
    height: CHART_HEIGHT / 2,
  });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'DejaVu Sans', color: '#333333' },
      title: { text: spec.title, left: 12, top: 10, textStyle: { fontSize: 15 } },
      legend: { top: 36, left: 12, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
      grid: { left: 36, right: 14, top: 66, bottom: 28 },
      xAxis: {
        type: 'category',
        data: spec.labels,
        axisLabel: { fontSize: 10, color: '#555555' },
        axisTick: { alignWithLabel: true },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { fontSize: 10, color: '#555555' },
        splitLine: { lineStyle: { color: '#e6e6e6' } },
      },
      series: spec.series.map((s) => ({
        name: s.name,
        type: 'bar',
        data: s.values,
        itemStyle: { color: s.color, borderRadius: [2, 2, 0, 0] },
        barGap: '10%',
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as PNG, drawn in this process. */
export async function renderChart(spec: ChartSpec): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(await chartSvg(spec), {
    font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'width', value: CHART_WIDTH },
  });
  return resvg.render().asPng();
}

/** The child process's entry: a ChartSpec as JSON on stdin, the PNG on stdout. */
const ENTRY = fileURLToPath(new URL('./chart-process.js', import.meta.url)).replace(
  /\.js$/,
  import.meta.url.endsWith('.ts') ? '.ts' : '.js',
);

/** The chart as PNG, drawn by a short-lived child process (the service's way). */
export function renderChartApart(spec: ChartSpec, timeoutMs = 30_000): Promise<Buffer> {
  // From the TypeScript sources (tests, tsx), the child needs tsx too.
  const args = ENTRY.endsWith('.ts') ? ['--import', 'tsx', ENTRY] : [ENTRY];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(out));
      else {
        const why = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' ');
        reject(new Error(`drawing the chart failed (${signal ?? `exit ${code}`}): ${why}`));
      }
    });
    child.stdin.end(JSON.stringify(spec));
  });
}
