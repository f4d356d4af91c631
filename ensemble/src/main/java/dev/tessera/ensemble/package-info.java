/**
 * Ensembles of denoisers (docs/ensemble.md): the U-Net experts in {@code unet}; the AFA aggregator, ensembles
 * as model files, the averaging baselines and aggregator training in {@code afa}. The module sits between
 * generation and compression (docs/architecture.md).
 */
package dev.tessera.ensemble;
