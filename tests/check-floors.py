#!/usr/bin/env python3
"""check-floors.py - the include rule of ARCHITECTURE.md, enforced.

Every project include is path-qualified (#include "db/query.h") and names its
floor; a file may include only files of its own floor or of the floors below:

  base      tracker/base/   nothing of the project
  storage   db/             base
  input     importers/      base, storage
  output    render/         base
  engine    tracker/        base, storage, input, output
  commands  tracker/cli/    anything; nothing outside tracker/cli includes it

Run from the project root: prints one line per violation and exits 1 when
there is any, 0 otherwise.  `make test` runs it before the suite.
"""
import glob, re, sys

FLOORS = {  # floor -> folders it may include from
    'base': {'base'},
    'storage': {'base', 'storage'},
    'input': {'base', 'storage', 'input'},
    'output': {'base', 'output'},
    'engine': {'base', 'storage', 'input', 'output', 'engine'},
    'commands': {'base', 'storage', 'input', 'output', 'engine', 'commands'},
}

def floor(path):
    if path.startswith('tracker/base/'): return 'base'
    if path.startswith('tracker/cli/'): return 'commands'
    if path.startswith('tracker/'): return 'engine'
    if path.startswith('db/'): return 'storage'
    if path.startswith('importers/'): return 'input'
    if path.startswith('render/'): return 'output'
    return None

INC = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
bad = 0
files = sorted(p for d in ('tracker', 'tracker/base', 'tracker/cli', 'db', 'importers', 'render')
               for p in glob.glob(d + '/*.[ch]'))
for path in files:
    me = floor(path)
    for no, line in enumerate(open(path, encoding='utf-8', errors='replace'), 1):
        m = INC.match(line)
        if not m:
            continue
        target = m.group(1)
        if '/' not in target:
            print(f'{path}:{no}: include "{target}" does not name its floor (write "folder/{target}")')
            bad += 1
            continue
        them = floor(target)
        if them is None:
            print(f'{path}:{no}: include "{target}" is outside the floors')
            bad += 1
        elif them not in FLOORS[me]:
            print(f'{path}:{no}: {me} file includes "{target}" of the {them} floor')
            bad += 1
print(f'check-floors: {len(files)} files, {bad} include(s) against the floors', file=sys.stderr)
sys.exit(1 if bad else 0)
