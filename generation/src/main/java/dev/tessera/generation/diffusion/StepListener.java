package dev.tessera.generation.diffusion;

/** Called on the sampling thread after every step, e.g. to update a preview or a progress bar. */
@FunctionalInterface
public interface StepListener {

    StepListener NONE = progress -> {};

    void onStep(StepProgress progress);
}
