"""ResNet-50 DDP on TonY: TonY's PyTorch runtime sets INIT_METHOD, RANK and WORLD."""
import os

import torch.distributed as dist

dist.init_process_group(
    "nccl",
    init_method=os.environ["INIT_METHOD"],
    rank=int(os.environ["RANK"]),
    world_size=int(os.environ["WORLD"]),
)
