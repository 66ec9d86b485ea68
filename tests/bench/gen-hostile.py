#!/usr/bin/env python3
"""gen-hostile.py - the hostile inputs of issue 14 for `make bench`.

Usage: gen-hostile.py KIND OUT

KIND is one of
  headings   100,000 headings (about 1.1 MB): numbered, nested, a third
             of them repeated titles, a link to every fiftieth one
  dates      1.4 MB of dated requirements with a compliance table of
             3,000 rows
  anchors    2,000 headings and 4,000 links to anchors no heading has
  issues     1,000 GitHub issues of 50 KB each (one JSON array), bodies
             of prose with section numbers, anchors, issue and ballot
             references as dense as in the S/MIME BR's issues
  large      a 16 MB guideline: front matter, Revisions and compliance
             tables, numbered sections of prose, requirements and dates

The output is deterministic (a fixed seed), so figures compare across runs.
"""
import json
import random
import sys

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]

FRONT = """---
title: Hostile Baseline Requirements
subtitle: Version 9.9.9
author:
  - CA/Browser Forum
date: July 2, 2025
---

"""


def numbers(count, depth=4):
    """Section numbers in document order: 1, 1.1, 1.1.1, 1.1.1.1, 1.1.1.2, ..."""
    cur = [1]
    out = ["1"]
    rnd = random.Random(1)
    while len(out) < count:
        # go deeper, stay, or climb, keeping every level's number consecutive
        r = rnd.random()
        if len(cur) < depth and r < 0.3:
            cur.append(1)
        elif len(cur) > 1 and r > 0.85:
            cur.pop()
            cur[-1] += 1
        else:
            cur[-1] += 1
        out.append(".".join(str(n) for n in cur))
    return out


def anchor(num, title):
    return (num.replace(".", "") + "-" + title.lower().replace(" ", "-"))


def headings(f):
    f.write(FRONT)
    nums = numbers(100000)
    titles = ["Scope", "Overview", "Definitions", "Records", "Audit"]
    for i, num in enumerate(nums):
        level = num.count(".") + 1
        # every third heading has no number, so GitHub's duplicate suffixes apply
        if i % 3 == 2:
            f.write("%s %s\n" % ("#" * level, titles[i % 5]))
        else:
            f.write("%s %s\n" % ("#" * level, num))
        if i % 50 == 0 and i % 3 != 2:
            f.write("See [%s](#%s).\n" % (num, num.replace(".", "")))


def date_text(rnd):
    return "%s %d, %d" % (MONTHS[rnd.randrange(12)], rnd.randrange(1, 29), rnd.randrange(2024, 2031))


def dated_document(f, rows, total, sections):
    """A compliance table of `rows` rows in 1.2.1, then numbered sections of
    dated requirements up to `total` bytes."""
    rnd = random.Random(2)
    f.write(FRONT)
    f.write("# 1. INTRODUCTION\n\n## 1.2 Document name and identification\n\n")
    f.write("### 1.2.1 Revisions\n\n")
    f.write("| Version | Ballot | Description | Publication Date |\n|---|---|---|---|\n")
    for v in range(1, 41):
        f.write("| 1.0.%d | SMC%02d | Version %d | %s |\n" % (v, v, v, date_text(rnd)))
    f.write("\n### 1.2.2 Relevant Dates\n\n")
    f.write("| Compliance | Section(s) | Summary Description (See Full Text for Details) |\n|---|---|---|\n")
    for r in range(rows):
        f.write("| %s | %s | The CA SHALL apply rule %d. |\n" % (
            date_text(rnd), sections[r % len(sections)], r))
    f.write("\n")
    written = f.tell()
    s = 0
    while written < total:
        num = sections[s % len(sections)] if s < len(sections) else "9.%d" % s
        part = ["%s %s Requirements\n\n" % ("#" * (num.count(".") + 1), num)]
        for p in range(6):
            part.append("Effective %s, the CA SHALL check item %d of %s. "
                        "Starting on %s the CA SHOULD log it, and the CA MUST NOT skip it.\n\n"
                        % (date_text(rnd), p, num, date_text(rnd)))
        text = "".join(part)
        f.write(text)
        written += len(text.encode())
        s += 1


def dates(f):
    sections = ["%d.%d.%d" % (a, b, c) for a in range(2, 9) for b in range(1, 10) for c in range(1, 10)]
    dated_document(f, 3000, 1400 * 1000, sections)


def anchors(f):
    f.write(FRONT)
    nums = numbers(2000)
    words = ["certificate", "validation", "revocation", "records", "audit", "subscriber"]
    rnd = random.Random(3)
    names = []
    for i, num in enumerate(nums):
        title = "%s %s" % (words[i % 6].capitalize(), words[(i // 6) % 6])
        names.append(anchor(num, title))
        f.write("%s %s %s\n\nThe CA SHALL keep %s.\n\n" % ("#" * (num.count(".") + 1), num, title, title))
        for _ in range(2):
            # a near miss of some heading's anchor: a changed digit and a typo
            a = names[rnd.randrange(len(names))]
            a = "9" + a[1:].replace("e", "a", 1) + "x"
            f.write("See [this](#%s).\n" % a)
        f.write("\n")


def issues(f):
    """Bodies as dense in references as the S/MIME issues (one every 350
    bytes or so), each kind of reference in turn, amid prose."""
    rnd = random.Random(4)
    nums = numbers(800)
    words = ("the CA SHALL verify that the applicant controls the mailbox before the certificate "
             "is issued and MUST keep the evidence for the audit period as the working group "
             "discussed on the last call where several members asked for a clearer text").split()
    unit = []
    for k in range(40):
        n = nums[rnd.randrange(len(nums))]
        prose = " ".join(words[rnd.randrange(len(words))] for _ in range(45))
        ref = [
            "As Section %s says," % n,
            "see https://github.com/hostile/br/blob/main/BR.md#%s" % anchor(n, "x"),
            "fixes #%d" % rnd.randrange(1, 1001),
            "relates to hostile/br#%d" % rnd.randrange(1, 1001),
            "as ballot SMC%02d did" % rnd.randrange(1, 30),
            "compare %s" % n,
        ][k % 6]
        unit.append("%s %s.\n" % (prose, ref))
    unit = "".join(unit)
    out = []
    for i in range(1, 1001):
        body = []
        size = 0
        while size < 50000:
            body.append(unit)
            size += len(unit)
        body = "".join(body)[:50000]
        out.append({
            "url": "https://api.github.com/repos/hostile/br/issues/%d" % i,
            "html_url": "https://github.com/hostile/br/issues/%d" % i,
            "number": i,
            "title": "Issue %d about Section %s" % (i, nums[i % len(nums)]),
            "user": {"login": "someone"},
            "labels": [{"name": "section %s" % nums[(i * 7) % len(nums)]}],
            "state": "open" if i % 3 else "closed",
            "created_at": "2025-%02d-%02dT00:00:00Z" % (1 + i % 12, 1 + i % 28),
            "updated_at": "2025-%02d-%02dT12:00:00Z" % (1 + i % 12, 1 + i % 28),
            "closed_at": None if i % 3 else "2025-12-01T00:00:00Z",
            "body": body,
        })
    json.dump(out, f)


def large(f):
    sections = numbers(20000)
    dated_document(f, 300, 16 * 1000 * 1000, sections)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("headings", "dates", "anchors", "issues", "large"):
        sys.stderr.write(__doc__)
        sys.exit(2)
    with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as f:
        globals()[sys.argv[1]](f)


if __name__ == "__main__":
    main()
