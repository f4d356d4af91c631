package dev.tessera.generation.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.nn.ParameterStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training loop shared by every model: per step a fresh sub-manager, the model's loss and its
 * gradients, global-norm clipping, AdamW with a warmup-stable-decay schedule, an EMA of the
 * weights, and periodic atomic checkpoints from which a run resumes bit for bit (docs/training.md).
 *
 * <p>The trainer does not own the parameters; it owns the EMA and optimizer state it creates.
 * PyTorch allows one gradient collector at a time, so run one trainer per JVM at a time.
 */
public final class Trainer implements AutoCloseable {

    private final TrainingConfig config;
    private final ParameterStore parameters;
    private final LossFunction lossFunction;
    private final Optional<Path> checkpointFile;
    private final ProgressListener progress;
    private final LearningRateSchedule schedule;
    private final AdamW optimizer;
    private final ExponentialMovingAverage ema;
    private final Engine engine;
    private static final int MAX_CONSECUTIVE_SKIPS = 20;
    private static final int NAMES_SHOWN = 5;

    private long step;
    private long skippedSteps;
    private int consecutiveSkips;
    private float[] lossHistory = new float[0];

    public Trainer(TrainingConfig config, ParameterStore parameters, LossFunction lossFunction,
            Optional<Path> checkpointFile, ProgressListener progress) {
        this.config = config;
        this.parameters = parameters;
        this.lossFunction = lossFunction;
        this.checkpointFile = checkpointFile;
        this.progress = progress;
        this.schedule = LearningRateSchedule.of(config);
        this.engine = OfflineEngine.engine();
        NDManager stateParent = parameters.manager();
        this.optimizer = AdamW.of(parameters, stateParent, config);
        this.ema = new ExponentialMovingAverage(parameters, stateParent, config.emaDecay());
        parameters.asMap().values().forEach(p -> p.setRequiresGradient(true));
    }

    /** Continues from a checkpoint written by this loop (same config apart from checkpoint intervals). */
    public void restore(Path checkpoint) throws ModelFileException {
        Checkpoint.Restored restored = Checkpoint.restore(checkpoint, config, parameters, ema, optimizer);
        step = restored.step();
        lossHistory = restored.lossHistory();
    }

    /** Trains to the end of the run. */
    public TrainingResult run() throws ModelFileException {
        return runUntil(config.steps(), CancellationToken.none());
    }

    /** Trains to the end of the run or until {@code stopRequest} is cancelled (checked between steps). */
    public TrainingResult run(CancellationToken stopRequest) throws ModelFileException {
        return runUntil(config.steps(), stopRequest);
    }

    /** Trains until {@code stopStep} steps are done. */
    public TrainingResult runUntil(long stopStep) throws ModelFileException {
        return runUntil(stopStep, CancellationToken.none());
    }

    /**
     * Trains until {@code stopStep} steps are done, {@code stopRequest} is cancelled or the thread is
     * interrupted, then writes a checkpoint if a checkpoint file was given. A signal handler
     * should use the token: an interrupt that lands while the caller is still setting up can be
     * consumed by library code before the loop starts.
     */
    public TrainingResult runUntil(long stopStep, CancellationToken stopRequest) throws ModelFileException {
        long stop = Math.min(stopStep, config.steps());
        long started = System.nanoTime();
        long lastCheckpoint = started;
        boolean interrupted = false;
        long checkpointedStep = -1;
        // PyTorch's grad mode is per thread and on by default; DJL turns it off only on the thread that
        // loaded the engine. The optimizer and the EMA update parameters in place, which PyTorch refuses
        // while grad mode is on, so this thread starts with it off (the step's collector turns it on).
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        progress.started(step, config.steps());
        try {
            while (step < stop) {
                if (stopRequest.isCancelled() || Thread.currentThread().isInterrupted()) {
                    interrupted = true;
                    break;
                }
                float loss = trainOneStep();
                progress.stepDone(step, loss, schedule.at(step - 1));
                if (checkpointDue(lastCheckpoint)) {
                    saveCheckpoint();
                    lastCheckpoint = System.nanoTime();
                    checkpointedStep = step;
                }
            }
            if (checkpointedStep != step) {
                saveCheckpoint();
            }
        } finally {
            progress.close();
        }
        float last = lossHistory.length == 0 ? Float.NaN : lossHistory[lossHistory.length - 1];
        return new TrainingResult(step, last, Duration.ofNanos(System.nanoTime() - started), interrupted);
    }

    private float trainOneStep() {
        try (NDManager stepManager = parameters.manager().newSubManager()) {
            StepContext context = new StepContext(step, stepManager, TrainingRandom.forStep(config.seed(), step),
                    parameters);
            NDArray loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                loss = lossFunction.loss(context);
                if (loss.size() != 1) {
                    throw new TrainingException("loss must be a scalar, got shape " + loss.getShape());
                }
                collector.backward(loss);
            }
            float lossValue = loss.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
            if (!Float.isFinite(lossValue)) {
                throw new TrainingException("loss became " + lossValue + " at step " + step);
            }
            Map<String, NDArray> gradients = gradientsOn(stepManager);
            double norm = GradientClipping.clipByGlobalNorm(gradients.values(), config.gradientClip());
            if (Double.isFinite(norm)) {
                consecutiveSkips = 0;
                optimizer.update(parameters, gradients, schedule.at(step), step + 1);
                ema.update(parameters, step);
            } else {
                // A rare non-finite gradient skips the update, as mixed-precision loss scaling does; a
                // run that keeps producing them is broken. (AFA's frequent ones came from DJL freeing a
                // number autograd still needed: see Scalars.)
                skippedSteps++;
                String culprits = nonFiniteNames(gradients);
                if (++consecutiveSkips > MAX_CONSECUTIVE_SKIPS) {
                    throw new TrainingException("gradient norm was " + norm + " for " + consecutiveSkips
                            + " steps in a row, last at step " + step + "; non-finite gradients: " + culprits);
                }
                progress.stepSkipped(step, norm);
                System.err.println("warning: skipped step " + step + ": gradient norm was " + norm
                        + "; non-finite gradients: " + culprits);
            }
            // PyTorch accumulates into .grad; the wrappers share its storage, so this resets it
            // (by assignment: g - g would keep a NaN).
            gradients.values().forEach(g -> g.set(new ai.djl.ndarray.index.NDIndex("..."), 0));
            appendLoss(lossValue);
            step++;
            return lossValue;
        }
    }

    /** The names of the first few parameters whose gradient holds a NaN or an infinity, and how many there are. */
    static String nonFiniteNames(Map<String, NDArray> gradients) {
        List<String> names = new ArrayList<>();
        gradients.forEach((name, gradient) -> {
            try (NDArray bad = gradient.isInfinite().logicalOr(gradient.isNaN()).any()) {
                if (bad.getBoolean()) {
                    names.add(name);
                }
            }
        });
        int shown = Math.min(names.size(), NAMES_SHOWN);
        String more = names.size() > shown ? " and " + (names.size() - shown) + " more" : "";
        return String.join(", ", names.subList(0, shown)) + more;
    }

    /** Each parameter's gradient, moved onto the step manager so no wrapper stays on the parameters'. */
    private Map<String, NDArray> gradientsOn(NDManager stepManager) {
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        parameters.asMap().forEach((name, parameter) -> {
            NDArray gradient = parameter.getGradient();
            gradient.attach(stepManager);
            gradients.put(name, gradient);
        });
        return gradients;
    }

    private void appendLoss(float loss) {
        lossHistory = Arrays.copyOf(lossHistory, lossHistory.length + 1);
        lossHistory[lossHistory.length - 1] = loss;
    }

    private boolean checkpointDue(long lastCheckpointNanos) {
        if (checkpointFile.isEmpty()) {
            return false;
        }
        boolean bySteps = config.checkpointEverySteps() > 0 && step % config.checkpointEverySteps() == 0;
        boolean byTime = config.checkpointEveryMinutes() > 0
                && System.nanoTime() - lastCheckpointNanos >= (long) (config.checkpointEveryMinutes() * 60e9);
        return bySteps || byTime;
    }

    /**
     * Writes the checkpoint now (atomically) if a checkpoint file was given. An interrupt asks the
     * loop to stop, but it would also abort the file channel that saves the run, so the thread's
     * interrupt status is held back while writing and restored afterwards; an interrupt arriving
     * during the write costs one more write.
     */
    public void saveCheckpoint() throws ModelFileException {
        if (checkpointFile.isEmpty()) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            writeCheckpoint();
        } catch (ModelFileException e) {
            if (!Thread.interrupted()) {
                throw e;
            }
            interrupted = true;
            writeCheckpoint();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeCheckpoint() throws ModelFileException {
        Checkpoint.write(checkpointFile.orElseThrow(), config, step, lossHistory, parameters, ema, optimizer);
    }

    /** Steps whose update was skipped because the gradient was not finite. */
    public long skippedSteps() {
        return skippedSteps;
    }

    /** Steps done so far. */
    public long step() {
        return step;
    }

    /** Loss of every step done so far, in order. */
    public float[] lossHistory() {
        return lossHistory.clone();
    }

    /** The EMA weights, for sampling. */
    public ParameterStore ema() {
        return ema.average();
    }

    public TrainingConfig config() {
        return config;
    }

    @Override
    public void close() {
        ema.close();
        optimizer.close();
    }
}
