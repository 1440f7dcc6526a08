import { quoteIdentifier } from '../../dialects';
import { formatCount, formatDuration, formatShare } from '../../display';
import type { PatternPreview, PreviewRow } from '../pattern';
import type { FunnelInputs } from './inputs';

const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/** One step of the funnel as the summary reads it back. */
interface StepFigures {
  readonly step: number;
  readonly name: string;
  readonly users: number;
  readonly fromPrevious: number | null;
  readonly fromFirst: number | null;
  /** Median seconds from the previous step, over the users who reached this one. */
  readonly medianSecondsFromPrevious: number | null;
}

/** How the conversion into a step reads under the chart and in the CLI: "48.0% · median 1h 2m". */
function conversionText(s: StepFigures): string {
  return `${formatShare(s.fromPrevious)} · median ${formatDuration(s.medianSecondsFromPrevious)}`;
}

/** The preview's funnel: users per step, conversions, the median time between steps, one bar chart. */
export const funnelPreview: PatternPreview<FunnelInputs> = {
  tab: 'Funnel',
  sample: {
    file: 'sample-funnel.csv',
    label: 'Bundled sample shop events',
    detail: 'view → add to cart → checkout → purchase, with repeats and steps past the window',
    values: {
      user_key: 'user_id',
      event_ts: 'event_time',
      event_name: 'event_name',
      steps: "view,'add to cart',checkout,purchase",
    },
  },
  source: 'events_table',
  columns: ['user_key', 'event_name'],
  timestamp: { input: 'event_ts', unit: 'event_ts_unit', zone: 'source_time_zone' },
  // The parts carry only the user key of the data's columns, and the check refuses a clash.
  addedColumns: [],
  rerun: { input: 'window_minutes', label: 'window', choices: [60, 1440, 10080] },

  summaryQueries({ source, parts }, inputs, dialect) {
    const anyNull = [...inputs.user_key, inputs.event_ts, inputs.event_name]
      .map(c => `${quoteIdentifier(dialect, c)} IS NULL`)
      .join(' OR ');
    const column = (step: number) => (step === 1 ? 'entered_at' : `step_${step}_at`);
    const medians = inputs.steps
      .slice(1)
      .map(
        (_, i) =>
          `median(date_diff('microsecond', ${column(i + 1)}, ${column(i + 2)})) / 1e6 AS median_${i + 2}`,
      );
    return {
      source: `SELECT count(*) AS rows, count(*) FILTER (WHERE ${anyNull}) AS excluded FROM ${source}`,
      funnel: `SELECT step, step_name, users, conversion_from_previous, conversion_from_first
               FROM ${parts.funnel} ORDER BY step`,
      medians: `SELECT ${medians.join(', ')} FROM ${parts.user_steps}`,
    };
  },

  summarise(rows) {
    const source: PreviewRow = rows.source?.[0] ?? {};
    const medians: PreviewRow = rows.medians?.[0] ?? {};
    const steps: StepFigures[] = (rows.funnel ?? []).map(r => ({
      step: Number(r.step),
      name: String(r.step_name),
      users: Number(r.users),
      fromPrevious: num(r.conversion_from_previous),
      fromFirst: num(r.conversion_from_first),
      medianSecondsFromPrevious: num(medians[`median_${Number(r.step)}`]),
    }));
    const sourceRows = Number(source.rows ?? 0);
    const excludedRows = Number(source.excluded ?? 0);
    const entered = steps[0]?.users ?? 0;
    const last = steps[steps.length - 1];
    const later = steps.slice(1);
    return {
      values: { sourceRows, excludedRows, entered, steps },
      lines: [
        ['source rows', formatCount(sourceRows)],
        ['excluded (NULL key, time or name)', formatCount(excludedRows)],
        ...steps.map((s): [string, string] => [
          `step ${s.step} ${s.name}`,
          s.step === 1
            ? `${formatCount(s.users)} users entered`
            : `${formatCount(s.users)} users · ${formatShare(s.fromPrevious)} of step ${s.step - 1}${s.step > 2 ? ` · ${formatShare(s.fromFirst)} of step 1` : ''} · median ${formatDuration(s.medianSecondsFromPrevious)} after step ${s.step - 1}`,
        ]),
      ],
      figures: [
        { label: 'Rows', value: formatCount(sourceRows) },
        {
          label: 'Excluded rows',
          value: formatCount(excludedRows),
          detail: 'NULL user key, timestamp or event name',
        },
        {
          label: 'Entered',
          value: formatCount(entered),
          detail: `users with a ${steps[0]?.name} event`,
        },
        {
          label: 'Converted',
          value: formatCount(last?.users ?? 0),
          detail: `${formatShare(last?.fromFirst ?? null)} reached ${last?.name}`,
        },
      ],
      charts: [
        {
          title: 'Funnel',
          note: `Users per step; between the bars, the conversion from the step before and the median time it took.`,
          items: [
            {
              title: 'Users per step',
              unit: 'step',
              noun: 'users',
              labels: steps.map(s => s.name),
              counts: steps.map(s => s.users),
              between: later.map(conversionText),
            },
          ],
        },
      ],
    };
  },

  grids: [
    {
      part: 'funnel',
      title: 'Funnel',
      noun: 'steps',
      label: 'Funnel steps',
      orderBy: () => 'step',
    },
    {
      part: 'user_steps',
      title: 'Users',
      note: 'When each user entered and reached each step (empty where not reached).',
      noun: 'users',
      label: 'Steps per user',
      orderBy: (inputs, dialect) =>
        inputs.user_key.map(k => quoteIdentifier(dialect, k)).join(', '),
    },
  ],
};
