"""Compares the video network's output with the dense Skip-Causal mask and with FlexAttention's block mask,
block by block, on a real model file (or random weights), in FP32 and under bf16 autocast as training runs it.

    python3 -m training.scripts.check_block_sparse [model.safetensors]
"""
import sys

import torch

from training import checkpoint
from training.model import AcditNetwork


def per_block(a, b, tokens_per_block):
    diff = (a.float() - b.float()).abs()
    n = diff.shape[1] // tokens_per_block
    return [round(diff[:, i * tokens_per_block:(i + 1) * tokens_per_block].max().item(), 5) for i in range(n)]


def main(argv):
    config, weights, _ = checkpoint.load_model(argv[0], "acdit")
    network = AcditNetwork(config).cuda()
    with torch.no_grad():
        for name, p in network.named_parameters():
            p.copy_(weights[name])
    layout = config.layout
    g = torch.Generator().manual_seed(1)
    b, n, blocks = 4, layout.token_count, layout.token_count // layout.tokens_per_block
    noisy, clean = (torch.randn(b, n, config.patch_floats, generator=g).cuda() for _ in range(2))
    times = torch.randint(0, 1000, (b, blocks), generator=g).float().cuda()
    prompt = torch.randn(b, config.promptDim, generator=g).cuda()
    style, keep = torch.tensor([0, 1, 0, 1]).cuda(), torch.tensor([True, True, False, True]).cuda()
    with torch.no_grad():
        dense = network(noisy, clean, times, prompt, style, keep)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            dense_bf16 = network(noisy, clean, times, prompt, style, keep)
        network.use_block_sparse_attention()
        compiled = torch.compile(network)
        sparse = compiled(noisy, clean, times, prompt, style, keep)
        with torch.autocast("cuda", dtype=torch.bfloat16):
            sparse_bf16 = compiled(noisy, clean, times, prompt, style, keep)
    t = layout.tokens_per_block
    print("eps scale (max |dense|) per block:", per_block(dense, torch.zeros_like(dense), t))
    print("fp32 sparse vs dense, max |diff| per block:", per_block(sparse, dense, t))
    print("bf16 dense vs fp32 dense:", per_block(dense_bf16, dense, t))
    print("bf16 sparse vs bf16 dense:", per_block(sparse_bf16, dense_bf16, t))
    # Does a later block's output depend on an earlier clean block? Change clean block 0 and look.
    changed = clean.clone()
    changed[:, :t] += 1.0
    with torch.no_grad():
        network.block_mask = None
        moved_dense = network(noisy, changed, times, prompt, style, keep)
        network.use_block_sparse_attention()
        moved_sparse = compiled(noisy, changed, times, prompt, style, keep)
    print("dense: effect of clean block 0 on each block:", per_block(moved_dense, dense, t))
    print("sparse: effect of clean block 0 on each block:", per_block(moved_sparse, sparse, t))


if __name__ == "__main__":
    main(sys.argv[1:])
