package dev.tessera.generation.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The step loop every sampler shares: memory scopes, cancellation, the model call, the x0
 * estimate and progress reporting. Memory: each step runs on its own sub-manager, closed when
 * the step ends; only the running x (and a rule's history) live on a per-call run manager, and
 * only the final x is handed to the caller's manager (that of {@code initialNoise}).
 */
final class SamplingLoop {

    private SamplingLoop() {}

    static NDArray run(
            NoiseSchedule schedule,
            TimestepSpacing spacing,
            UpdateRule rule,
            NoisePredictor model,
            NDArray initialNoise,
            SamplingOptions options) {
        int steps = options.steps();
        List<NoiseLevel> levels = spacing.levels(schedule, steps);
        Shape shape = initialNoise.getShape();
        if (shape.dimension() == 0) {
            throw new IllegalArgumentException("Initial noise must have a batch dimension, got a scalar");
        }
        NDManager caller = initialNoise.getManager();
        try (NDManager run = caller.newSubManager()) {
            NDArray x = initialNoise;
            // Started part-way (SDEdit), the grid is still that of `steps` steps: the levels stay the same.
            for (int i = options.firstStep(); i < steps; i++) {
                options.cancellation().throwIfCancelled(i, steps);
                NDArray next;
                try (NDManager step = run.newSubManager()) {
                    // x joins the step scope so every result computed from it lands there too.
                    x.tempAttach(step);
                    NoiseLevel from = levels.get(i);
                    NDArray t = step.full(new Shape(shape.get(0)), (float) from.timestep());
                    NDArray eps = model.predictNoise(x, t);
                    checkPrediction(eps, shape, step, from);
                    NDArray x0 = x.sub(eps.mul((float) from.sigma())).mul((float) (1.0 / from.alpha()));
                    if (options.x0Bound() > 0) {
                        // Near pure noise a small ε error is a huge x0 error (divided by alpha ≈ 0.006);
                        // clipping keeps the trajectory among the images the model was trained on.
                        x0 = x0.clip(-options.x0Bound(), options.x0Bound());
                        eps = x.sub(x0.mul((float) from.alpha())).mul((float) (1.0 / from.sigma()));
                    }
                    next = rule.advance(new StepInputs(i, steps, from, levels.get(i + 1), x, eps, x0, run));
                    if (next == x) {
                        next = x.duplicate();
                    }
                    next.attach(run);
                    options.listener().onStep(new StepProgress(i, steps, from.timestep(), next, x0));
                }
                if (x != initialNoise) {
                    x.close();
                }
                x = next;
            }
            x.attach(caller);
            return x;
        }
    }

    private static void checkPrediction(NDArray eps, Shape expected, NDManager step, NoiseLevel level) {
        if (eps == null) {
            throw new IllegalStateException("The model returned no prediction at t=" + level.timestep());
        }
        if (!eps.getShape().equals(expected)) {
            throw new IllegalStateException("The model predicted noise of shape " + eps.getShape()
                    + " for input " + expected + " at t=" + level.timestep());
        }
        if (eps.getManager() != step) {
            throw new IllegalStateException("The model's prediction lives on " + eps.getManager().getName()
                    + ", not on the input's step manager; compute with the input as first operand");
        }
    }
}
