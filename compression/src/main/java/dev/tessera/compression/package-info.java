/**
 * Contribution analysis, hierarchical position pruning, distillation, INT4 quantization (to come;
 * the module's place between ensemble and the app: docs/architecture.md).
 */
package dev.tessera.compression;
