import sys

for line in sys.stdin:
    for word in line.split():
        print(f"{word.lower()}\t1")
