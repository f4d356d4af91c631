"""One rank of the DDP gradient check (test_twin's test_ddp_averages_the_gradient_of_the_whole_batch): started
twice as torchrun starts processes (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT in the environment), each rank
takes its half of one fixed batch through the network wrapped as training/train.py wraps it, and rank 0 writes
the gradients DDP leaves behind.

    python3 -m training.scripts.ddp_gradients <out.pt>
"""
import os
import sys

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from training.model import AcditConfig, AcditNetwork
from training.objective import alpha_bar, diffusion_loss

CONFIG = AcditConfig(imageSize=16, patchSize=4, blockSide=2, width=16, depth=2, heads=2, mlpRatio=2, promptDim=8,
                     ropeBase=100.0, styles=("GOOGLE", "TWITTER"))
BATCH = 8


def network():
    torch.manual_seed(0)
    model = AcditNetwork(CONFIG)
    with torch.no_grad():  # non-zero everywhere (zero-initialised outputs would give zero gradients upstream)
        for p in model.parameters():
            p.add_(0.05 * torch.randn(p.shape, generator=torch.Generator().manual_seed(p.numel())))
    return model


def batch():
    g = torch.Generator().manual_seed(1)
    layout = CONFIG.layout
    clean = torch.rand(BATCH, layout.token_count, CONFIG.patch_floats, generator=g) * 2 - 1
    noise = torch.randn(clean.shape, generator=g)
    t = torch.randint(0, 1000, (BATCH, layout.token_count // layout.tokens_per_block), generator=g)
    prompt = torch.nn.functional.normalize(torch.randn(BATCH, CONFIG.promptDim, generator=g), dim=1)
    style = torch.randint(0, 2, (BATCH,), generator=g)
    keep = torch.rand(BATCH, generator=g) > 0.2
    return clean, noise, t, prompt, style, keep


def gradients(model, part):
    loss = diffusion_loss(model, *part, alpha_bar())
    loss.backward()
    net = model.module if isinstance(model, DistributedDataParallel) else model
    return {n: p.grad.detach().clone() for n, p in net.named_parameters() if p.grad is not None}


def main(argv):
    dist.init_process_group("gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    half = BATCH // world
    part = [x[rank * half:(rank + 1) * half] for x in batch()]
    model = DistributedDataParallel(network(), static_graph=True)  # as training/train.py wraps it
    grads = gradients(model, part)
    if rank == 0:
        torch.save(grads, argv[0])
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    main(sys.argv[1:])
