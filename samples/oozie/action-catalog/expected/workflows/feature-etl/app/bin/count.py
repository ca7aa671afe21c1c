import sys

current, total = None, 0
for line in sys.stdin:
    word, n = line.rstrip("\n").split("\t")
    if word != current and current is not None:
        print(f"{current}\t{total}")
        total = 0
    current, total = word, total + int(n)
if current is not None:
    print(f"{current}\t{total}")
