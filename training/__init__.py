"""PyTorch twin of Tessera's ACDiT model and training step, for training on CUDA GPUs.

The Java code stays the product; this package only trains and writes model files that
`AcditModel.load` opens unchanged. See docs/gpu-training.md.
"""
