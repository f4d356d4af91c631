package dev.tessera.compression.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.nn.ParameterStore;
import dev.tessera.generation.train.AdamW;
import dev.tessera.generation.train.GradientClipping;
import dev.tessera.generation.train.LearningRateSchedule;
import dev.tessera.generation.train.ProgressListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What every distiller shares (ACDiT's {@link Distiller}, the U-Net's): the parameters that train, the budget
 * turned into steps, the learning-rate schedule, AdamW with per-parameter factors, progress, cancellation and
 * the time cap. A distiller supplies one step: its loss, whose gradients {@link Step} hands back to
 * {@link #update}.
 */
public final class DistillationLoop {

    /** Steps timed before a time budget is turned into a step count. */
    static final int TIMED_STEPS = 10;
    private static final double DECAY_FRACTION = 0.3;
    private static final double TIME_CAP = 1.25;

    /** One distillation step at learning rate {@code lr}: draws its batch, backpropagates, calls {@link #update}. */
    @FunctionalInterface
    public interface Step {
        float run(long step, double lr);
    }

    private final ParameterStore student;
    private final ToDoubleFunction<String> factor;
    private final Distiller.Options options;
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    private AdamW adam;

    /** @param factor each parameter's learning-rate factor; 0 freezes it */
    public DistillationLoop(ParameterStore student, ToDoubleFunction<String> factor, Distiller.Options options) {
        this.student = student;
        this.factor = factor;
        this.options = options;
    }

    /**
     * Trains for {@code budget}. Progress is reported from the first step for a step budget, and once the step
     * count is known (after {@value #TIMED_STEPS} steps) for a time budget.
     */
    public Distiller.Result run(DistillationBudget budget, Step step, ProgressListener progress, CancellationToken stop) {
        // PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that loaded
        // the engine. AdamW updates the parameters in place, which PyTorch refuses while grad mode is on, so
        // this thread (the studio's compression thread, say) starts with it off; the step's collector turns it on.
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        student.asMap().forEach((name, p) -> {
            if (factor.applyAsDouble(name) > 0) {
                p.setRequiresGradient(true);
                trainable.put(name, p);
            }
        });
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("every parameter is frozen: nothing to distil");
        }
        long started = System.nanoTime();
        long total = budget instanceof DistillationBudget.Steps s ? s.steps() : Long.MAX_VALUE / 4;
        LearningRateSchedule schedule = schedule(total);
        if (budget instanceof DistillationBudget.Steps) {
            progress.started(0, total);
        }
        float first = Float.NaN;
        float last = Float.NaN;
        long done = 0;
        boolean stoppedEarly = false;
        try (AdamW optimiser = new AdamW(student, student.manager(), 0.9, 0.95, 1e-8, 0)) {
            adam = optimiser;
            while (done < total) {
                if (stop.isCancelled() || budget instanceof DistillationBudget.Time t
                        && System.nanoTime() - started > TIME_CAP * t.time().toNanos()) {
                    stoppedEarly = true;
                    break;
                }
                double lr = schedule.at(done);
                last = step.run(done, lr);
                first = done == 0 ? last : first;
                done++;
                if (budget instanceof DistillationBudget.Time t && done == TIMED_STEPS) {
                    double perStep = (System.nanoTime() - started) / (double) TIMED_STEPS;
                    total = Math.max(TIMED_STEPS, (long) (t.time().toNanos() / perStep));
                    schedule = schedule(total);
                    progress.started(done, total);
                }
                if (budget instanceof DistillationBudget.Steps || done >= TIMED_STEPS) {
                    progress.stepDone(done, last, lr);
                }
            }
        } finally {
            adam = null;
            trainable.values().forEach(p -> p.setRequiresGradient(false));
            trainable.clear();
            progress.close();
        }
        return new Distiller.Result(done, Duration.ofNanos(System.nanoTime() - started), first, last, stoppedEarly);
    }

    /** Refuses a loss that is not finite (checked before {@link #update}, so the weights stay as they were). */
    public static float requireFinite(float loss, long step) {
        if (!Float.isFinite(loss)) {
            throw new IllegalStateException("the distillation loss became " + loss + " at step " + step);
        }
        return loss;
    }

    /**
     * After the step's backward pass: clips the trained parameters' gradients (moved onto {@code m}), applies
     * AdamW update {@code step + 1} at {@code lr} times each parameter's factor, and resets the gradients.
     */
    public void update(NDManager m, long step, double lr) {
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        trainable.forEach((name, p) -> {
            NDArray g = p.getGradient();
            g.attach(m);
            gradients.put(name, g);
        });
        GradientClipping.clipByGlobalNorm(gradients.values(), options.gradientClip());
        adam.update(student, gradients, name -> lr * factor.applyAsDouble(name), step + 1);
        // PyTorch accumulates into .grad; assignment resets it (as the trainer does).
        gradients.values().forEach(g -> g.set(new NDIndex("..."), 0));
    }

    private LearningRateSchedule schedule(long total) {
        return new LearningRateSchedule(options.peakLearningRate(), 0, options.warmupSteps(), total, DECAY_FRACTION);
    }
}
