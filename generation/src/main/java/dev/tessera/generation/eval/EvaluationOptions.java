package dev.tessera.generation.eval;

import dev.tessera.generation.metrics.BootstrapOptions;
import dev.tessera.generation.metrics.KidOptions;

/** How much resampling the interval estimates use; fewer is faster and wider-grained. */
public record EvaluationOptions(BootstrapOptions bootstrap, KidOptions kid) {

    /** 200 FED bootstrap resamples; KID over 50 subsets of at most 1,000 images. */
    public static EvaluationOptions defaults() {
        return new EvaluationOptions(BootstrapOptions.defaults(), new KidOptions(50, 1000, 0));
    }
}
