package dev.tessera.generation.metrics;

/**
 * Top-k accuracy from logits. A target is in the top k when fewer than k other classes have a logit greater
 * than <em>or equal to</em> its own: ties count against the target, so a constant (untrained) classifier
 * scores 0 rather than a lucky 1 and no tie-breaking order can flatter a model.
 */
public final class TopKAccuracy {

    private TopKAccuracy() {
    }

    /** One row of logits per sample, all rows of equal length. */
    public static Proportion of(float[][] logits, int[] targets, int k) {
        if (logits == null || logits.length == 0) {
            throw new IllegalArgumentException("no logits given");
        }
        int classCount = logits[0] == null ? 0 : logits[0].length;
        float[] flat = new float[logits.length * classCount];
        for (int r = 0; r < logits.length; r++) {
            if (logits[r] == null || logits[r].length != classCount) {
                throw new IllegalArgumentException("logit row " + r + " has "
                        + (logits[r] == null ? "no array" : logits[r].length + " classes") + " but row 0 has "
                        + classCount);
            }
            System.arraycopy(logits[r], 0, flat, r * classCount, classCount);
        }
        return of(flat, classCount, targets, k);
    }

    /** Logits flattened row-major: sample r, class c at {@code flat[r * classCount + c]}. */
    public static Proportion of(float[] flat, int classCount, int[] targets, int k) {
        if (classCount < 1) {
            throw new IllegalArgumentException("class count must be positive, got " + classCount);
        }
        if (k < 1 || k > classCount) {
            throw new IllegalArgumentException("k must be in 1.." + classCount + " (the class count), got " + k);
        }
        if (flat == null || targets == null || flat.length != (long) targets.length * classCount) {
            throw new IllegalArgumentException("expected " + (targets == null ? "?" : targets.length) + " x "
                    + classCount + " logits for " + (targets == null ? "no" : targets.length) + " targets, got "
                    + (flat == null ? "none" : flat.length));
        }
        if (targets.length == 0) {
            throw new IllegalArgumentException("no samples to score");
        }
        int hits = 0;
        for (int r = 0; r < targets.length; r++) {
            if (isInTopK(flat, r * classCount, classCount, targets[r], k, r)) {
                hits++;
            }
        }
        return Proportion.of(hits, targets.length);
    }

    /** The per-sample rule behind {@link #of}: the target is a hit when fewer than k other classes score ≥ it. */
    public static boolean isHit(float[] logits, int target, int k) {
        return isInTopK(logits, 0, logits.length, target, k, 0);
    }

    /** The highest-scoring class (the lowest index among equals). */
    public static int argMax(float[] logits) {
        int best = 0;
        for (int c = 1; c < logits.length; c++) {
            if (logits[c] > logits[best]) {
                best = c;
            }
        }
        return best;
    }

    private static boolean isInTopK(float[] flat, int offset, int classCount, int target, int k, int row) {
        if (target < 0 || target >= classCount) {
            throw new IllegalArgumentException("target of sample " + row + " is " + target + ", outside 0.."
                    + (classCount - 1));
        }
        float own = flat[offset + target];
        int atLeastAsHigh = 0;
        for (int c = 0; c < classCount; c++) {
            float logit = flat[offset + c];
            if (Float.isNaN(logit)) {
                throw new IllegalArgumentException("logit of sample " + row + ", class " + c + " is NaN");
            }
            if (c != target && logit >= own) {
                atLeastAsHigh++;
            }
        }
        return atLeastAsHigh < k;
    }
}
