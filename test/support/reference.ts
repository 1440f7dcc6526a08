/**
 * An independent implementation of the sessionization rule (shared README §1), written the plain way:
 * group, sort, walk. Tests compare every event's session_seq from the generated SQL with this.
 */

export interface ReferenceEvent {
  readonly rowId: number;
  /** User key values; an event with any null is left out. */
  readonly key: readonly (string | number | null)[];
  /** Event time in microseconds since the epoch, or null. */
  readonly tsMicros: number | null;
  readonly tiebreak?: number;
}

export interface ReferenceOptions {
  readonly timeoutSeconds: number;
  readonly maxSessionSeconds?: number;
  /** Also cut when the calendar date in this IANA time zone changes. */
  readonly midnightTimeZone?: string;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone, by the JavaScript runtime's tz data. */
function localDate(micros: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Math.floor(micros / 1000)));
}

/** rowId → session_seq for every event with a key and a timestamp. */
export function referenceSessions(
  events: readonly ReferenceEvent[],
  options: ReferenceOptions,
): Map<number, number> {
  const byUser = new Map<string, ReferenceEvent[]>();
  for (const event of events) {
    if (event.tsMicros === null || event.key.some(part => part === null)) {
      continue;
    }
    const user = JSON.stringify(event.key);
    const list = byUser.get(user) ?? [];
    list.push(event);
    byUser.set(user, list);
  }
  const timeout = options.timeoutSeconds * 1e6;
  const max = options.maxSessionSeconds === undefined ? undefined : options.maxSessionSeconds * 1e6;
  const result = new Map<number, number>();
  for (const list of byUser.values()) {
    list.sort(
      (a, b) =>
        (a.tsMicros as number) - (b.tsMicros as number) || (a.tiebreak ?? 0) - (b.tiebreak ?? 0),
    );
    let seq = 0;
    let activityStart = 0;
    let prev: number | undefined;
    for (const event of list) {
      const ts = event.tsMicros as number;
      if (prev === undefined || ts - prev > timeout) {
        seq++;
        activityStart = ts;
      } else if (
        max !== undefined &&
        Math.floor((ts - activityStart) / max) > Math.floor((prev - activityStart) / max)
      ) {
        seq++;
      } else if (
        options.midnightTimeZone !== undefined &&
        localDate(ts, options.midnightTimeZone) !== localDate(prev, options.midnightTimeZone)
      ) {
        seq++;
      }
      result.set(event.rowId, seq);
      prev = ts;
    }
  }
  return result;
}

/** Small seedable PRNG (mulberry32) so every generated event set is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedEvents {
  readonly events: ReferenceEvent[];
}

const BASE_MICROS = Date.UTC(2024, 2, 10, 8) * 1000;

/**
 * Random clickstreams with the awkward parts on purpose: gaps right at the timeout (equal,
 * +1 µs, +0.5 s, +59 s), ties, shuffled input order, a sprinkle of NULL keys and timestamps,
 * and composite keys when `keyParts` is 2.
 */
export function generateEvents(
  seed: number,
  options: {
    users: number;
    maxEventsPerUser: number;
    timeoutSeconds: number;
    keyParts?: number;
    nulls?: boolean;
    /** Timestamps are multiples of this many microseconds (1000 for ms, 1e6 for whole seconds). */
    granularityMicros?: number;
  },
): ReferenceEvent[] {
  const rand = seededRandom(seed);
  const step = options.granularityMicros ?? 1;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const timeout = options.timeoutSeconds * 1e6;
  const awkwardGaps = [
    0,
    timeout,
    timeout + 1,
    timeout + 500_000,
    timeout + 59e6,
    timeout - 1,
    1,
    1000,
  ];
  const events: ReferenceEvent[] = [];
  let rowId = 0;
  for (let user = 0; user < options.users; user++) {
    const key = options.keyParts === 2 ? [`u${user % 7}`, user] : [user];
    let ts = BASE_MICROS + int(0, 86400) * 1e6;
    ts = Math.floor(ts / step) * step;
    const count = int(1, options.maxEventsPerUser);
    for (let i = 0; i < count; i++) {
      events.push({ rowId: ++rowId, key, tsMicros: ts, tiebreak: int(0, 1e6) });
      const roll = rand();
      const gap =
        roll < 0.3
          ? (awkwardGaps[int(0, awkwardGaps.length - 1)] as number)
          : roll < 0.8
            ? int(1, timeout / 1e6) * 1e6 + int(0, 999_999)
            : int(timeout / 1e6, 6 * 3600) * 1e6 + int(0, 999_999);
      ts += gap;
      ts = Math.floor(ts / step) * step;
    }
  }
  if (options.nulls) {
    for (let i = 0; i < events.length; i += 97) {
      const e = events[i] as ReferenceEvent;
      events[i] = i % 2 === 0 ? { ...e, key: [null, ...e.key.slice(1)] } : { ...e, tsMicros: null };
    }
  }
  // Input order must not matter: shuffle.
  for (let i = events.length - 1; i > 0; i--) {
    const j = int(0, i);
    [events[i], events[j]] = [events[j] as ReferenceEvent, events[i] as ReferenceEvent];
  }
  return events;
}
