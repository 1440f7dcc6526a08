/**
 * What every surface reads from a pattern definition holds together: the generator can ask every
 * answer rendering needs, and snippets name the pattern's own inputs and parts.
 */
import assert from 'node:assert/strict';
import { listPatterns } from '../../src/core';

describe('pattern definitions', () => {
  for (const pattern of listPatterns()) {
    const inputNames = pattern.inputs.map(i => i.name);

    it(`${pattern.name}: the generator asks every required input, and only inputs`, () => {
      assert.deepEqual(
        pattern.ask.filter(name => !inputNames.includes(name)),
        [],
      );
      assert.deepEqual(
        pattern.inputs.filter(i => i.required && !pattern.ask.includes(i.name)).map(i => i.name),
        [],
      );
    });

    it(`${pattern.name}: snippets stop at its inputs and show its parts`, () => {
      assert.deepEqual(
        pattern.snippets.stops.filter(name => !inputNames.includes(name)),
        [],
      );
      const parts = [...pattern.queries.map(q => q.part), 'tests'];
      assert.deepEqual(
        pattern.snippets.items.filter(s => !parts.includes(s.part)).map(s => s.name),
        [],
      );
    });
  }

  it('gives every snippet its own name and prefix across patterns', () => {
    const snippets = listPatterns().flatMap(p => p.snippets.items);
    for (const key of ['name', 'prefix'] as const) {
      const values = snippets.map(s => s[key]);
      assert.deepEqual(
        values.filter((v, i) => values.indexOf(v) !== i),
        [],
        `repeated snippet ${key}`,
      );
    }
  });
});
