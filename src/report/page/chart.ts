/// <reference lib="dom" />
import type { PreviewBarChart, PreviewChart, PreviewCurveChart } from '../../core/patterns';
import { formatCount } from '../../core/display';
import { h, svg } from './dom';

const WIDTH = 460;
const HEIGHT = 200;
const PAD = { top: 18, right: 8, bottom: 34, left: 8 };
/** Axis labels are 10px text: about this wide per character, with a gap between labels. */
const CHAR_WIDTH = 5.6;
const LABEL_GAP = 6;

/** Every how many slots of `slot` px a label fits without overlapping the next. */
function labelStep(labels: readonly string[], slot: number): number {
  const widest = Math.max(0, ...labels.map(l => l.length)) * CHAR_WIDTH + LABEL_GAP;
  return Math.max(1, Math.ceil(widest / Math.max(1, slot)));
}

function figure(title: string, chart: SVGSVGElement, kind: string): HTMLElement {
  return h('figure', { class: 'chart', 'data-kind': kind }, h('figcaption', {}, title), chart);
}

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
  marker,
}: PreviewBarChart): HTMLElement {
  const extra = between ? BETWEEN_HEIGHT : 0;
  const pad = { ...PAD, bottom: PAD.bottom + extra };
  const chartHeight = HEIGHT + extra;
  const total = counts.reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...counts);
  const slot = (WIDTH - pad.left - pad.right) / Math.max(1, counts.length);
  const plot = chartHeight - pad.top - pad.bottom;
  const every = labelStep(labels, slot);
  const countsFit = labelStep(counts.map(formatCount), slot) === 1;
  const bars = counts.map((count, i) => {
    const height = count === 0 ? 0 : Math.max(1, (count / max) * plot);
    const x = pad.left + i * slot;
    const label = labels[i] ?? '';
    const share = total === 0 ? 0 : (count / total) * 100;
    const labelled = i % every === 0;
    return svg(
      'g',
      { class: 'bucket' },
      svg(
        'rect',
        {
          class: 'bar',
          x: (x + slot * 0.12).toFixed(1),
          y: (pad.top + plot - height).toFixed(1),
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
          y: (pad.top + plot - height - 4).toFixed(1),
        },
        count === 0 || !countsFit ? '' : formatCount(count),
      ),
      svg(
        'text',
        { class: 'label', x: (x + slot / 2).toFixed(1), y: chartHeight - pad.bottom + 14 },
        labelled ? label : '',
      ),
    );
  });
  const markX = marker && pad.left + marker.at * slot;
  const chart = svg(
    'svg',
    {
      viewBox: `0 0 ${WIDTH} ${chartHeight}`,
      role: 'img',
      'aria-label': `${title}: ${counts.map((c, i) => `${labels[i]} ${c}`).join(', ')}${marker ? `; ${marker.label} marked` : ''}`,
    },
    svg('line', {
      class: 'axis',
      x1: pad.left,
      x2: WIDTH - pad.right,
      y1: pad.top + plot + 0.5,
      y2: pad.top + plot + 0.5,
    }),
    ...bars,
    ...(between ?? []).map((note, i) =>
      svg(
        'text',
        {
          class: 'between',
          x: (pad.left + (i + 1) * slot).toFixed(1),
          y: chartHeight - pad.bottom + 27,
        },
        ...note
          .split(' · ')
          .map((part, line) =>
            svg(
              'tspan',
              { x: (pad.left + (i + 1) * slot).toFixed(1), dy: line === 0 ? '0' : '1.2em' },
              part,
            ),
          ),
      ),
    ),
    ...(marker && markX !== undefined
      ? [
          svg('line', {
            class: 'marker',
            x1: markX.toFixed(1),
            x2: markX.toFixed(1),
            y1: pad.top - 6,
            y2: pad.top + plot,
          }),
          svg('text', { class: 'marker-label', x: markX.toFixed(1), y: pad.top - 8 }, marker.label),
        ]
      : []),
    svg('text', { class: 'axis-title', x: WIDTH / 2, y: chartHeight - 4 }, unit),
  );
  return figure(title, chart, 'bars');
}

/**
 * A curve on a logarithmic x axis with a point per x; the chosen x is marked. When the chart
 * re-runs and `choose` is given, each point is a button that calls it with its x.
 */
export function curveChart(
  { title, unit, noun, points, marker, reruns }: PreviewCurveChart,
  choose?: (x: number) => void,
): HTMLElement {
  const pad = { ...PAD, left: 44, right: 14 };
  const plot = { w: WIDTH - pad.left - pad.right, h: HEIGHT - pad.top - pad.bottom };
  const xs = points.map(p => Math.log(p.x));
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  const maxY = Math.max(1, ...points.map(p => p.y));
  const xOf = (x: number) => pad.left + (hi === lo ? 0.5 : (Math.log(x) - lo) / (hi - lo)) * plot.w;
  const yOf = (y: number) => pad.top + plot.h - (y / maxY) * plot.h;
  const clickable = reruns === true && choose !== undefined;
  // Labels left to right where they fit after the last one shown; the chosen x always.
  const shown = new Set<number>();
  let right = -Infinity;
  for (const [i, p] of points.entries()) {
    const half = (p.label.length * CHAR_WIDTH) / 2;
    const chosenRoom =
      marker === undefined || p.x === marker
        ? Infinity
        : Math.abs(xOf(p.x) - xOf(marker)) - half - (minutesWidth(marker, points) / 2 + LABEL_GAP);
    if (xOf(p.x) - half >= right + LABEL_GAP && chosenRoom >= 0) {
      shown.add(i);
      right = xOf(p.x) + half;
    } else if (p.x === marker) {
      shown.add(i);
    }
  }
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${xOf(p.x).toFixed(1)},${yOf(p.y).toFixed(1)}`)
    .join(' ');
  const dots = points.map((p, i) => {
    const chosen = p.x === marker;
    const text = `${p.label} ${unit}: ${formatCount(p.y)} ${noun}${chosen ? ' (this run)' : ''}`;
    const dot = svg(
      'circle',
      {
        class: `point${chosen ? ' chosen' : ''}${clickable ? ' reruns' : ''}`,
        cx: xOf(p.x).toFixed(1),
        cy: yOf(p.y).toFixed(1),
        r: chosen ? 5 : 4,
        'data-x': p.x,
        ...(clickable
          ? { role: 'button', tabindex: 0, 'aria-label': `Re-run with ${unit} ${p.label}` }
          : {}),
      },
      svg('title', {}, clickable && !chosen ? `${text}; choose to re-run at ${p.label}` : text),
    );
    if (clickable) {
      dot.addEventListener('click', () => choose(p.x));
      dot.addEventListener('keydown', event => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          choose(p.x);
        }
      });
    }
    return svg(
      'g',
      {},
      dot,
      svg(
        'text',
        { class: 'label', x: xOf(p.x).toFixed(1), y: HEIGHT - pad.bottom + 14 },
        shown.has(i) ? p.label : '',
      ),
    );
  });
  const markX = marker === undefined ? undefined : xOf(marker).toFixed(1);
  const chart = svg(
    'svg',
    {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'group',
      'aria-label': `${title}: ${points.map(p => `${p.label} ${p.y}`).join(', ')}`,
    },
    svg('line', {
      class: 'axis',
      x1: pad.left,
      x2: WIDTH - pad.right,
      y1: pad.top + plot.h + 0.5,
      y2: pad.top + plot.h + 0.5,
    }),
    svg('text', { class: 'label y-label', x: pad.left - 6, y: yOf(maxY) + 3 }, formatCount(maxY)),
    svg('text', { class: 'label y-label', x: pad.left - 6, y: yOf(0) }, '0'),
    ...(markX === undefined
      ? []
      : [
          svg('line', {
            class: 'marker',
            x1: markX,
            x2: markX,
            y1: pad.top - 6,
            y2: pad.top + plot.h,
          }),
        ]),
    svg('path', { class: 'curve', d: path }),
    ...dots,
    svg('text', { class: 'axis-title', x: WIDTH / 2, y: HEIGHT - 4 }, `${unit} (log scale)`),
  );
  return figure(title, chart, 'curve');
}

/** The width of the marked point's label. */
function minutesWidth(marker: number, points: PreviewCurveChart['points']): number {
  return (points.find(p => p.x === marker)?.label.length ?? 0) * CHAR_WIDTH;
}

/** The chart of its kind. */
export function chartOf(chart: PreviewChart, choose?: (x: number) => void): HTMLElement {
  return chart.kind === 'curve' ? curveChart(chart, choose) : histogramChart(chart);
}
