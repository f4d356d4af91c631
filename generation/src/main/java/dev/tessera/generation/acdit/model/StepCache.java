package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Step caching across the denoising steps of one block (in the spirit of Δ-DiT and BAC): each layer
 * remembers its noisy-stream input and the change it made to it ({@code output − input}) at the last step
 * it ran. At a later step, when the layer's input has moved by less than {@code threshold} relative to that
 * remembered input (‖x − x_prev‖ / ‖x_prev‖), the layer is skipped and the remembered change is added to the
 * new input instead. Steps that feed clean tokens (a block's first step with context) always run every
 * layer, as the KV cache needs their keys. Threshold 0 never skips and remembers nothing: the pixels are
 * those of sampling without it, bit for bit. One cache serves one block; its arrays live on the manager it
 * is given (the block's), so they go when the block ends.
 */
public final class StepCache {

    /** No step caching. */
    public static final StepCache OFF = new StepCache(null, 0, 0);

    private final NDManager manager;
    private final double threshold;
    private final NDArray[] inputs;
    private final NDArray[] changes;
    private long ran;
    private long skipped;

    private StepCache(NDManager manager, double threshold, int layers) {
        this.manager = manager;
        this.threshold = threshold;
        this.inputs = new NDArray[layers];
        this.changes = new NDArray[layers];
    }

    /**
     * A cache for one block of a network with {@code layers} layers, on {@code manager}.
     *
     * @param threshold relative input change below which a layer is skipped; 0 turns caching off
     */
    public static StepCache forBlock(NDManager manager, double threshold, int layers) {
        checkThreshold(threshold);
        return threshold == 0 ? OFF : new StepCache(manager, threshold, layers);
    }

    /** Refuses a threshold that is negative, not a number or infinite, saying what is allowed. */
    public static void checkThreshold(double threshold) {
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("the step-cache threshold must be 0 (off) or a positive relative change,"
                    + " e.g. 0.05; got " + threshold);
        }
    }

    boolean isOn() {
        return threshold > 0;
    }

    /** Layer {@code layer}'s output for input {@code x} from the remembered change, or null when it must run. */
    NDArray reuse(int layer, NDArray x) {
        if (!isOn() || inputs[layer] == null || !inputs[layer].getShape().equals(x.getShape())) {
            return null;
        }
        NDArray previous = inputs[layer];
        float moved = x.sub(previous).norm().getFloat();
        float size = previous.norm().getFloat();
        if (moved >= threshold * size) {
            return null;
        }
        skipped++;
        return x.add(changes[layer]);
    }

    /** Remembers what layer {@code layer} did to {@code input} (it produced {@code output}). */
    void remember(int layer, NDArray input, NDArray output) {
        if (!isOn()) {
            return; // OFF is shared: it counts nothing
        }
        ran++;
        NDArray change = output.sub(input);
        change.attach(manager);
        NDArray copy = input.duplicate();
        copy.attach(manager);
        if (inputs[layer] != null) {
            inputs[layer].close();
            changes[layer].close();
        }
        inputs[layer] = copy;
        changes[layer] = change;
    }

    /** Layer runs so far (counted only while caching is on). */
    public long layersRun() {
        return ran;
    }

    /** Layer runs skipped so far. */
    public long layersSkipped() {
        return skipped;
    }
}
