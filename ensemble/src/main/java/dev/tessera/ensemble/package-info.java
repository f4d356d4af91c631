/**
 * Ensembles of denoisers (docs/ensemble.md): the U-Net experts in {@code unet}; the AFA aggregator,
 * ensemble sampling and aggregator training are to come. The module sits between generation and
 * compression (docs/architecture.md).
 */
package dev.tessera.ensemble;
