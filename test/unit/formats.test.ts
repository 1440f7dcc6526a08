/** One format runner: the CLI's --format and the chat's format= give the same files and the same refusals. */
import assert from 'node:assert/strict';
import {
  InvalidInputError,
  answerChoosePattern,
  formatsOf,
  getDialect,
  renderFormat,
  supportedDialects,
} from '../../src/core';
import { main } from '../../src/cli/main';

const words = ['events_table=app.events', 'user_key=user_id', 'event_ts=event_time'];

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: t => (stdout += t), stderr: t => (stderr += t) });
  return { code, stdout, stderr };
}

describe('format runner', () => {
  it('offers the script, then dbt and incremental, for sessionization', () => {
    assert.deepEqual(
      formatsOf('sessionization').map(f => f.name),
      ['script', 'dbt', 'incremental'],
    );
  });

  for (const format of formatsOf('sessionization').map(f => f.name)) {
    it(`gives the CLI and the chat the same ${format} files`, async () => {
      const dbt = format === 'dbt' ? ['dbt_source=app.events'] : [];
      const { code, stdout } = await cli(
        'render',
        'sessionization',
        '--format',
        format,
        '--json',
        ...words,
        ...dbt,
      );
      assert.equal(code, 0);
      const answer = answerChoosePattern(
        `sessionization ${[...words, ...dbt].join(' ')} format=${format}`,
      );
      assert.equal(answer.kind, 'files');
      const { files } = JSON.parse(stdout) as { files: unknown };
      assert.deepEqual(answer.kind === 'files' ? answer.files : undefined, files);
      assert.deepEqual(
        files,
        renderFormat(
          {
            pattern: 'sessionization',
            values: Object.fromEntries([...words, ...dbt].map(w => w.split('='))),
          },
          format,
        ).files,
      );
    });
  }

  it('refuses an unknown format by naming the ones the pattern has', async () => {
    const bad = await cli('render', 'sessionization', '--format', 'excel', ...words);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be one of sql, script, dbt, incremental, got "excel"/);
    const answer = answerChoosePattern(`sessionization ${words.join(' ')} format=excel`);
    assert.match(
      answer.markdown,
      /`format`: "excel" is not a format of sessionization; use format=script or format=dbt or format=incremental/,
    );
  });

  it('renders each format exactly for the dialects whose supports say it can', () => {
    const values = {
      events_table: 'app.events',
      user_key: 'user_id',
      event_ts: 'event_time',
      dbt_source: 'app.events',
    };
    const needs = { dbt: 'dbtDeleteInsert', incremental: 'incrementalScript' } as const;
    for (const dialect of supportedDialects) {
      const { dbt_source: _source, ...plain } = values;
      assert.doesNotThrow(
        () => renderFormat({ pattern: 'sessionization', dialect, values: plain }, 'script'),
        `script on ${dialect}`,
      );
      for (const format of ['dbt', 'incremental'] as const) {
        const { dbt_source, ...plain } = values;
        const request = {
          pattern: 'sessionization',
          dialect,
          values: format === 'dbt' ? { ...plain, dbt_source } : plain,
        };
        const rendered = () => renderFormat(request, format);
        if (getDialect(dialect).supports[needs[format]]) {
          assert.doesNotThrow(rendered, `${format} on ${dialect}`);
        } else {
          assert.throws(
            rendered,
            (e: unknown) =>
              e instanceof InvalidInputError &&
              e.problems.some(p => p.input === 'dialect' && p.message.includes('not supported')),
            `${format} refused on ${dialect}`,
          );
        }
      }
    }
  });
});
