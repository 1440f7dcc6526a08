"""Parses many SQL texts with sqlfluff's grammars in one process (starting sqlfluff per text costs seconds).

Reads one JSON object {"dialect": ..., "sql": ...} per line on stdin and answers each with one line: a JSON
list of the problems sqlfluff found, lexing errors and unparsable segments, each with its line, position and
text. An empty list means the text parsed. Used by test/support/sqlfluff.ts, which hands each worker its
next text when it answers.
"""
import json
import sys

from sqlfluff.core import FluffConfig, Linter

linters = {}


def linter_for(dialect):
    if dialect not in linters:
        # The raw templater: our SQL is final text, never a Jinja template.
        config = FluffConfig(overrides={"dialect": dialect, "templater": "raw"})
        linters[dialect] = Linter(config=config)
    return linters[dialect]


def problems(dialect, sql):
    parsed = linter_for(dialect).parse_string(sql)
    found = []
    unparsable = []
    if parsed.tree is not None:
        unparsable = list(parsed.tree.recursive_crawl("unparsable"))
    # An unparsable segment is also a violation; it is reported once, with its full text below.
    for v in parsed.violations:
        if getattr(v, "segment", None) not in unparsable:
            found.append({"kind": "violation", "line": v.line_no, "pos": v.line_pos, "text": v.desc()})
    for segment in unparsable:
        line, pos = segment.pos_marker.source_position()
        found.append({"kind": "unparsable", "line": line, "pos": pos, "text": segment.raw})
    return found


def main():
    for line in sys.stdin:
        text = json.loads(line)
        sys.stdout.write(json.dumps(problems(text["dialect"], text["sql"])) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
