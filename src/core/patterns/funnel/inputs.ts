import { defineInputs, type InputsOf } from '../../inputs/schema';
import { eventStreamInputs } from '../eventStream';

const MAX_STEPS = 10;

const shared = eventStreamInputs({ keyGroups: 'go through the funnel', timesOf: 'step' });

/** The funnel's questions, each with its kind, default and example. */
export const funnelInputs = defineInputs([
  shared.events_table,
  shared.user_key,
  shared.event_ts,
  {
    name: 'event_name',
    type: 'column',
    required: true,
    example: 'event_name',
    description: 'column naming each event (the steps are values of it)',
  },
  {
    name: 'steps',
    type: 'values',
    required: true,
    example: "view,'add to cart',purchase",
    count: { min: 2, max: MAX_STEPS },
    description:
      "2 to 10 distinct event names in funnel order, comma-separated; a name holding a space, comma or quote in single quotes, a quote inside doubled ('it''s')",
  },
  {
    name: 'window_minutes',
    type: 'minutes',
    required: false,
    default: '1440',
    example: '1440',
    description: "every later step must happen within this many minutes of the user's entry",
  },
  shared.event_ts_unit,
  shared.source_time_zone,
  {
    name: 'user_steps_table',
    type: 'table',
    required: false,
    example: 'app.events_user_steps',
    description:
      'where the per-user steps are stored, read by the tests (default <events_table>_user_steps)',
  },
  {
    name: 'funnel_table',
    type: 'table',
    required: false,
    example: 'app.events_funnel',
    description: 'where the funnel is stored, read by the tests (default <events_table>_funnel)',
  },
]);

export type FunnelSpecs = typeof funnelInputs;

/** The funnel's validated answers, typed by each input's kind. */
export type FunnelInputs = InputsOf<FunnelSpecs>;
