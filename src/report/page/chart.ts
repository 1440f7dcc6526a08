/// <reference lib="dom" />
import type { PreviewChart } from '../../core/patterns';
import { formatCount } from '../../core/display';
import { h, svg } from './dom';

const WIDTH = 460;
const PLOT_HEIGHT = 148;
/** Room under the labels for the notes between bars: two lines each. */
const BETWEEN_HEIGHT = 28;

/**
 * A bar chart of rows (sessions) per bucket, drawn as SVG (no library, no remote resource); with
 * `between`, each note stands under the gap between two bars, its parts (split at " · ") on two lines.
 */
export function histogramChart({
  title,
  unit,
  noun,
  labels,
  counts,
  between,
}: PreviewChart): HTMLElement {
  const PAD = { top: 18, right: 8, bottom: 34 + (between ? BETWEEN_HEIGHT : 0), left: 8 };
  const HEIGHT = PLOT_HEIGHT + PAD.top + PAD.bottom;
  const total = counts.reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...counts);
  const slot = (WIDTH - PAD.left - PAD.right) / counts.length;
  const plot = HEIGHT - PAD.top - PAD.bottom;
  const bars = counts.map((count, i) => {
    const height = count === 0 ? 0 : Math.max(1, (count / max) * plot);
    const x = PAD.left + i * slot;
    const label = labels[i] ?? '';
    const share = total === 0 ? 0 : (count / total) * 100;
    return svg(
      'g',
      { class: 'bucket' },
      svg(
        'rect',
        {
          class: 'bar',
          x: (x + slot * 0.12).toFixed(1),
          y: (PAD.top + plot - height).toFixed(1),
          width: (slot * 0.76).toFixed(1),
          height: height.toFixed(1),
        },
        svg(
          'title',
          {},
          `${label} ${unit}: ${formatCount(count)} ${noun}${between ? '' : ` (${share.toFixed(1)}%)`}`,
        ),
      ),
      svg(
        'text',
        {
          class: 'count',
          x: (x + slot / 2).toFixed(1),
          y: (PAD.top + plot - height - 4).toFixed(1),
        },
        count === 0 ? '' : formatCount(count),
      ),
      svg(
        'text',
        { class: 'label', x: (x + slot / 2).toFixed(1), y: HEIGHT - PAD.bottom + 14 },
        label,
      ),
    );
  });
  const chart = svg(
    'svg',
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'img',
      'aria-label': `${title}: ${counts.map((c, i) => `${labels[i]} ${c}`).join(', ')}`,
    },
    svg('line', {
      class: 'axis',
      x1: PAD.left,
      x2: WIDTH - PAD.right,
      y1: PAD.top + plot + 0.5,
      y2: PAD.top + plot + 0.5,
    }),
    ...bars,
    ...(between ?? []).map((note, i) =>
      svg(
        'text',
        {
          class: 'between',
          x: (PAD.left + (i + 1) * slot).toFixed(1),
          y: HEIGHT - PAD.bottom + 27,
        },
        ...note
          .split(' · ')
          .map((part, line) =>
            svg(
              'tspan',
              { x: (PAD.left + (i + 1) * slot).toFixed(1), dy: line === 0 ? '0' : '1.2em' },
              part,
            ),
          ),
      ),
    ),
    svg('text', { class: 'axis-title', x: WIDTH / 2, y: HEIGHT - 4 }, unit),
  );
  return h('figure', { class: 'chart' }, h('figcaption', {}, title), chart);
}
