/**
 * Block-wise sampling of an ACDiT model (docs/acdit.md, "Sampling"). Read {@code AcditGuidance}
 * (how strongly to follow prompt and style), then {@code AcditSampler} (one diffusion-sampler run
 * per block, the finished blocks as context), {@code KvCache} (the finished blocks' keys and values,
 * so each block goes through the network once as context) and {@code BlockListener} (previews and
 * progress). The solvers and the guidance arithmetic are shared by every model, in
 * {@code dev.tessera.generation.diffusion}.
 */
package dev.tessera.generation.acdit.sampling;
