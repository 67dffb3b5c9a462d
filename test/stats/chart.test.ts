import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, renderChartApart } from '../../src/stats/chart.ts';
import { pngSize } from '../support/png.ts';

describe('the summary chart', () => {
  it('is drawn to a PNG by a child process, Cyrillic labels included', async () => {
    const labels = Array.from({ length: 14 }, (_, i) => `${String(16 + i).padStart(2, '0')}.11`);
    const png = await renderChartApart({
      title: 'Регистрации и первые депозиты, 14 дней',
      labels,
      series: [
        {
          name: 'Регистрации',
          values: labels.map((_, i) => 10 + ((i * 7) % 13)),
          color: '#4C8DF6',
        },
        { name: 'Первые депозиты', values: labels.map((_, i) => (i * 5) % 7), color: '#2BB673' },
      ],
    });
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    // A blank or glyph-less image compresses to a few KB; a drawn chart does not.
    expect(png.length).toBeGreaterThan(15_000);
    writeFileSync(join(tmpdir(), 'keitaro-summary-chart.png'), png);
  }, 60_000);

  it('says why when it cannot draw', async () => {
    await expect(
      renderChartApart({ title: 'x', labels: ['a'], series: null as never }),
    ).rejects.toThrow(/drawing the chart failed \(exit 1\)/);
  }, 60_000);
});
