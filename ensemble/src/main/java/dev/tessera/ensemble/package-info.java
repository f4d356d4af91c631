/**
 * U-Net denoisers, the AFA aggregator, ensemble sampling and aggregator training (to come; the
 * module's place between generation and compression: docs/architecture.md).
 */
package dev.tessera.ensemble;
