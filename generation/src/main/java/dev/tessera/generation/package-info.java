/**
 * The core, with no UI: tensors, model files, data sets, prompt encoder, diffusion core, ACDiT,
 * training loop, judge and metrics. docs/architecture.md shows the modules and the path of a prompt
 * through them; each part has its own guide in docs/.
 */
package dev.tessera.generation;
