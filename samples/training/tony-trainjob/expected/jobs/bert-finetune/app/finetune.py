"""Fine-tune BERT; one process per node, rank from TonY's RANK/WORLD."""
import os

print("rank", os.environ.get("RANK"), "of", os.environ.get("WORLD"))
