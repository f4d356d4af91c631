/**
 * Seeded, splittable, counter-based random numbers computed in Java, so that the same seed gives
 * the same bits on every machine and thread count. {@link dev.tessera.generation.random.NoiseSource}
 * is the entry point; {@link dev.tessera.generation.random.NoiseTensors} copies draws into NDArrays.
 */
package dev.tessera.generation.random;
