package dev.tessera.generation.acdit;

import java.util.SplittableRandom;

/**
 * One training timestep per (item, block), stratified across the batch (variance reduction as in
 * BD3-LM): the B·K pairs get one uniform draw from each of B·K equal strata of [0, T), in a random
 * order, so every batch covers the whole noise range evenly.
 */
final class BlockTimesteps {

    private BlockTimesteps() {}

    /** Timesteps [items × blocks], row-major (item, block). */
    static int[] draw(int items, int blocks, int trainSteps, SplittableRandom random) {
        int n = items * blocks;
        int[] t = new int[n];
        for (int s = 0; s < n; s++) {
            double u = (s + random.nextDouble()) / n;
            t[s] = Math.min(trainSteps - 1, (int) Math.floor(u * trainSteps));
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = t[i];
            t[i] = t[j];
            t[j] = swap;
        }
        return t;
    }
}
