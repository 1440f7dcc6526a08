/**
 * An independent implementation of the funnel rule (shared README §7), written the plain way: group each
 * user's events, find the entry, then walk the steps. Tests compare the generated SQL's user_steps and
 * funnel with this, row for row.
 */
import { seededRandom } from './reference';

export interface FunnelEvent {
  readonly rowId: number;
  /** User key values; an event with any null is left out. */
  readonly key: readonly (string | number | null)[];
  /** Event time in microseconds since the epoch, or null. */
  readonly tsMicros: number | null;
  readonly name: string | null;
}

export interface ReferenceUserSteps {
  readonly key: readonly (string | number)[];
  readonly enteredAt: number;
  /** Times of steps 2 … N in microseconds, null where not reached. */
  readonly stepAt: readonly (number | null)[];
  readonly furthest: number;
}

export interface ReferenceFunnelRow {
  readonly step: number;
  readonly name: string;
  readonly users: number;
  readonly fromPrevious: number | null;
  readonly fromFirst: number | null;
}

/** One row per user with a step-1 event, keyed by `JSON.stringify(key)`. */
export function referenceUserSteps(
  events: readonly FunnelEvent[],
  steps: readonly string[],
  windowSeconds: number,
): Map<string, ReferenceUserSteps> {
  const byUser = new Map<string, FunnelEvent[]>();
  for (const event of events) {
    if (event.tsMicros === null || event.name === null || event.key.some(k => k === null)) {
      continue;
    }
    const user = JSON.stringify(event.key);
    byUser.set(user, [...(byUser.get(user) ?? []), event]);
  }
  const window = windowSeconds * 1e6;
  const result = new Map<string, ReferenceUserSteps>();
  for (const [user, list] of byUser) {
    const earliest = (name: string, from: number, until: number): number | null => {
      let best: number | null = null;
      for (const e of list) {
        const ts = e.tsMicros as number;
        if (e.name === name && ts >= from && ts <= until && (best === null || ts < best)) {
          best = ts;
        }
      }
      return best;
    };
    const enteredAt = earliest(steps[0] as string, -Infinity, Infinity);
    if (enteredAt === null) {
      continue;
    }
    const stepAt: (number | null)[] = [];
    let previous: number | null = enteredAt;
    for (const name of steps.slice(1)) {
      previous = previous === null ? null : earliest(name, previous, enteredAt + window);
      stepAt.push(previous);
    }
    const reached = stepAt.filter(t => t !== null).length;
    result.set(user, {
      key: list[0]?.key as (string | number)[],
      enteredAt,
      stepAt,
      furthest: 1 + reached,
    });
  }
  return result;
}

/** Users per step and the conversions: step 1 both 1, every conversion after an empty step null. */
export function referenceFunnel(
  users: ReadonlyMap<string, ReferenceUserSteps>,
  steps: readonly string[],
): ReferenceFunnelRow[] {
  const counts = steps.map((_, i) =>
    i === 0 ? users.size : [...users.values()].filter(u => u.stepAt[i - 1] !== null).length,
  );
  return steps.map((name, i) => {
    const users = counts[i] as number;
    if (i === 0) {
      return { step: 1, name, users, fromPrevious: 1, fromFirst: 1 };
    }
    const previous = counts[i - 1] as number;
    return {
      step: i + 1,
      name,
      users,
      fromPrevious: previous > 0 ? users / previous : null,
      fromFirst: previous > 0 ? users / (counts[0] as number) : null,
    };
  });
}

/** Step names that test each dialect's literal escaping: spaces, commas, quotes, backslashes. */
export const TRICKY_STEPS = [
  'view',
  'add to cart',
  'it\'s, "checkout"',
  "pay\\' card (3-D)",
  'purchase',
] as const;

export interface FunnelGeneratorOptions {
  readonly users: number;
  readonly steps: readonly string[];
  readonly windowSeconds: number;
  /** Finest time step the storage keeps exactly, in microseconds (1e6 for epoch seconds). */
  readonly tickMicros: number;
  /** Key parts: a number, or a number and a text. */
  readonly keyParts: 1 | 2;
  /** Rows with a NULL key, timestamp or event name. */
  readonly withNulls?: boolean;
}

/** Monday 2024-01-01 00:00 UTC. */
const T0 = Date.UTC(2024, 0, 1) * 1000;

/**
 * Random event streams with what funnels get wrong: ties (times on a coarse grid), repeated steps,
 * steps out of order, names that are no step, and for some users a step exactly at entry + window and
 * one a tick past it.
 */
export function generateFunnelEvents(seed: number, o: FunnelGeneratorOptions): FunnelEvent[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const names = [...o.steps, 'other', 'page_view', `${o.steps[0]}_again`];
  const window = o.windowSeconds * 1e6;
  // A grid of a few minutes' worth of ticks makes many events of one user share a time.
  const grid = Math.max(o.tickMicros, Math.round(window / 40 / o.tickMicros) * o.tickMicros);
  const events: FunnelEvent[] = [];
  let rowId = 0;
  const push = (key: (string | number | null)[], tsMicros: number | null, name: string | null) =>
    events.push({ rowId: ++rowId, key, tsMicros, name });
  for (let u = 0; u < o.users; u++) {
    const key: (string | number)[] = o.keyParts === 1 ? [u + 1] : [(u % 37) + 1, `d-${u % 5}`];
    const start = T0 + Math.floor(random() * 20) * grid * 7;
    const count = 1 + Math.floor(random() * 14);
    for (let i = 0; i < count; i++) {
      // Mostly in order with drift, sometimes jumping back or past the window.
      const at = start + Math.floor(random() * 60 - 10) * grid;
      push(key, at, random() < 0.75 ? pick(o.steps) : pick(names));
    }
    if (random() < 0.3) {
      // Long before the other events (which start after the window has passed): an entry, steps
      // tied with it or just after, then step k and every later one exactly at entry + window, or
      // one tick past it (step k and all after it then unreached).
      const entry = start - 100 * grid;
      const edgeStep = 2 + Math.floor(random() * (o.steps.length - 1));
      const edge = entry + window + (random() < 0.5 ? o.tickMicros : 0);
      push(key, entry, o.steps[0] as string);
      o.steps.forEach((name, i) => {
        const step = i + 1;
        if (step > 1) {
          push(key, step < edgeStep ? entry + Math.floor(random() * 2) * o.tickMicros : edge, name);
        }
      });
    }
  }
  if (o.withNulls) {
    const key = o.keyParts === 1 ? [1] : [1, 'd-1'];
    push(o.keyParts === 1 ? [null] : [null, 'd-1'], T0, o.steps[0] as string);
    push(key, null, o.steps[0] as string);
    push(key, T0 + grid, null);
  }
  // Shuffled: the SQL must not depend on the load order.
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [events[i], events[j]] = [events[j] as FunnelEvent, events[i] as FunnelEvent];
  }
  return events;
}
