package dev.tessera.generation.acdit.training;

import dev.tessera.generation.random.Shuffles;
import java.util.SplittableRandom;

/**
 * One training timestep per (item, block), stratified across the batch (variance reduction as in
 * BD3-LM): the B·K pairs get one uniform draw from each of B·K equal strata of [0, T), in a random
 * order, so every batch covers the whole noise range evenly.
 */
public final class BlockTimesteps {

    private BlockTimesteps() {}

    /** Timesteps [items × blocks], row-major (item, block). */
    public static int[] draw(int items, int blocks, int trainSteps, SplittableRandom random) {
        int n = items * blocks;
        int[] t = new int[n];
        for (int s = 0; s < n; s++) {
            double u = (s + random.nextDouble()) / n;
            t[s] = Math.min(trainSteps - 1, (int) Math.floor(u * trainSteps));
        }
        Shuffles.shuffle(t, random);
        return t;
    }
}
