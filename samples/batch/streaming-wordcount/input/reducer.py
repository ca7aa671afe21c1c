#!/usr/bin/env python3
"""Sum the counts of consecutive equal keys (input sorted by key)."""
import sys

current, total = None, 0
for line in sys.stdin:
    word, _, count = line.rstrip("\n").partition("\t")
    if word != current and current is not None:
        print(f"{current}\t{total}")
        total = 0
    current = word
    total += int(count or 0)
if current is not None:
    print(f"{current}\t{total}")
