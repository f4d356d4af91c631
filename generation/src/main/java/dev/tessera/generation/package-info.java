/** Tensors, model files, data sets, prompt encoder, diffusion core, ACDiT, training loop and metrics. */
package dev.tessera.generation;
