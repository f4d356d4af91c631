"""PyTorch twin of Tessera's ACDiT model, its U-Net expert and their training steps, for training on CUDA GPUs.

The Java code stays the product; this package only trains and writes model files that
`AcditModel.load` and `UnetModel.load` open unchanged. See docs/gpu-training.md and docs/ensemble.md.
"""
