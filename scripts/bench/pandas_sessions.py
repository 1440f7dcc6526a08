"""The seed notebook's pandas sessionization, end to end from a CSV file to a sessions table.

sort_values, groupby().diff(), a strict > timeout, groupby().cumsum(), groupby().agg(), as the
notebook does it. Prints one JSON line: row counts and the seconds each step took.
"""
import json
import sys
import time

started = time.perf_counter()
import pandas as pd  # noqa: E402  (the import is part of the end-to-end cost)

path, timeout_minutes = sys.argv[1], float(sys.argv[2] if len(sys.argv) > 2 else 30)
steps = {'import': time.perf_counter() - started}


def step(name, t0):
    steps[name] = time.perf_counter() - t0
    return time.perf_counter()


t = time.perf_counter()
df = pd.read_csv(path, parse_dates=['ts'])
t = step('read', t)
df = df.dropna(subset=['user_id', 'ts']).sort_values(['user_id', 'ts'])
t = step('sort', t)
gap = df.groupby('user_id')['ts'].diff()
t = step('diff', t)
df['is_session_start'] = (gap.isna() | (gap > pd.Timedelta(minutes=timeout_minutes))).astype('int64')
df['session_seq'] = df.groupby('user_id')['is_session_start'].cumsum()
t = step('cumsum', t)
sessions = df.groupby(['user_id', 'session_seq'], sort=False).agg(
    session_start=('ts', 'min'), session_end=('ts', 'max'), event_count=('ts', 'size')
).reset_index()
sessions['session_duration_seconds'] = (
    sessions['session_end'] - sessions['session_start']
).dt.total_seconds()
t = step('agg', t)
print(json.dumps({
    'events': int(len(df)),
    'sessions': int(len(sessions)),
    'max_session_seq': int(sessions['session_seq'].max()),
    'steps': steps,
    'total': time.perf_counter() - started,
}))
