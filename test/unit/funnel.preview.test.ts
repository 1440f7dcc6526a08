/**
 * The funnel preview on the bundled shop sample: its summary (users per step, conversions, the median
 * time between steps) equals the independent reference run over the CSV read in TypeScript.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli } from '../support/cli';
import { referenceFunnel, referenceUserSteps, type FunnelEvent } from '../support/funnelReference';

const SAMPLE = path.join(__dirname, '..', '..', '..', 'data', 'sample-funnel.csv');
const STEPS = ['view', 'add to cart', 'checkout', 'purchase'];

/** The sample's rows: `event_id,user_id,event_name,event_time` (UTC, whole seconds; empty is NULL). */
function sampleEvents(): FunnelEvent[] {
  const [, ...lines] = fs.readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
  return lines.map(line => {
    const [id, user, name, time] = line.split(',');
    return {
      rowId: Number(id),
      key: [user === '' ? null : Number(user)],
      name: name === '' ? null : (name as string),
      tsMicros: Date.parse(`${(time as string).replace(' ', 'T')}Z`) * 1000,
    };
  });
}

function median(values: readonly number[]): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) {
    return null;
  }
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface SummaryStep {
  step: number;
  name: string;
  users: number;
  fromPrevious: number | null;
  fromFirst: number | null;
  medianSecondsFromPrevious: number | null;
}

describe('funnel preview', function () {
  this.timeout(60_000);

  it('summarises the bundled sample as the reference does: users, conversions, median time between steps', async () => {
    const { code, stdout } = await cli('demo', 'funnel', '--json');
    assert.equal(code, 0);
    const summary = JSON.parse(stdout).summary as { excludedRows: number; steps: SummaryStep[] };
    const events = sampleEvents();
    const users = referenceUserSteps(events, STEPS, 1440 * 60);
    const expected = referenceFunnel(users, STEPS).map(row => {
      const times = [...users.values()].map(u => [u.enteredAt, ...u.stepAt]);
      const gaps = times
        .filter(t => row.step > 1 && t[row.step - 1] !== null)
        .map(t => ((t[row.step - 1] as number) - (t[row.step - 2] as number)) / 1e6);
      return {
        step: row.step,
        name: row.name,
        users: row.users,
        fromPrevious: row.fromPrevious,
        fromFirst: row.fromFirst,
        medianSecondsFromPrevious: median(gaps),
      };
    });
    assert.deepEqual(summary.steps, expected);
    assert.equal(
      summary.excludedRows,
      events.filter(e => e.key[0] === null || e.name === null).length,
    );
  });

  it('prints one line per step with its conversion and median time', async () => {
    const { stdout } = await cli('demo', 'funnel');
    assert.match(stdout, /step 1 view +523 users entered/);
    assert.match(
      stdout,
      /step 3 checkout +149 users · 59\.4% of step 2 · 28\.5% of step 1 · median /,
    );
    assert.match(
      stdout,
      /step 2 add to cart +251 users · 48\.0% of step 1 · median 1h 19m after step 1\n/,
    );
  });

  it('refuses an event_name column the data does not have, in one line, exit 2', async () => {
    const { code, stdout, stderr } = await cli(
      'preview',
      'funnel',
      '--data',
      SAMPLE,
      'user_key=user_id',
      'event_ts=event_time',
      'event_name=action',
      'steps=view,purchase',
    );
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(
      stderr,
      /^sqlpatterns: event_name: column action is not in the data; its columns are /,
    );
    assert.equal(stderr.trimEnd().split('\n').length, 1);
  });
});
