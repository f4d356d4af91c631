/** Contribution analysis, hierarchical position pruning, distillation, INT4 quantization. */
package dev.tessera.compression;
