"""Replaces (or appends) one benchmark's marked section of docs/PERFORMANCE.md."""
import re

HEADER = "# Performance\n\nFigures written by the benchmark commands; each section says how it was measured.\n"


def write_section(path, name, section):
    """`section` starts with <!-- bench:NAME begin --> and ends with <!-- bench:NAME end -->."""
    begin, end = f"<!-- bench:{name} begin -->", f"<!-- bench:{name} end -->"
    try:
        text = open(path).read()
    except FileNotFoundError:
        text = HEADER
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda m: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    open(path, "w").write(text)
    print(f"wrote {path}")
