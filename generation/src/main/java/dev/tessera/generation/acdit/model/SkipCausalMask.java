package dev.tessera.generation.acdit.model;

/**
 * The Skip-Causal Attention Mask of ACDiT over the training sequence {@code [clean ; noisy]}
 * (each half holds {@code blocks × tokensPerBlock} tokens in block order):
 * <ul>
 *   <li>clean block i sees clean blocks ≤ i (causal over blocks, bidirectional inside one);</li>
 *   <li>noisy block i sees clean blocks &lt; i and itself (it "skips" its own clean copy);</li>
 *   <li>clean never sees noisy, and noisy never sees another noisy block.</li>
 * </ul>
 * With one block the noisy half attends only to itself: a plain full-sequence DiT.
 */
public final class SkipCausalMask {

    private SkipCausalMask() {}

    /** Whether query token {@code q} may attend to key token {@code k} in the full sequence. */
    public static boolean allowed(int q, int k, int blocks, int tokensPerBlock) {
        int half = blocks * tokensPerBlock;
        boolean queryNoisy = q >= half;
        boolean keyNoisy = k >= half;
        int queryBlock = (q % half) / tokensPerBlock;
        int keyBlock = (k % half) / tokensPerBlock;
        if (!queryNoisy) {
            return !keyNoisy && keyBlock <= queryBlock;
        }
        return keyNoisy ? keyBlock == queryBlock : keyBlock < queryBlock;
    }

    /** The mask as a dense row-major matrix of the full {@code 2·blocks·tokensPerBlock} sequence. */
    public static boolean[][] dense(int blocks, int tokensPerBlock) {
        int n = 2 * blocks * tokensPerBlock;
        boolean[][] mask = new boolean[n][n];
        for (int q = 0; q < n; q++) {
            for (int k = 0; k < n; k++) {
                mask[q][k] = allowed(q, k, blocks, tokensPerBlock);
            }
        }
        return mask;
    }

    /**
     * Additive attention bias (0 where allowed, −∞ where masked) as a flat row-major array, ready
     * to copy into an NDArray of shape [n, n] and add to the attention logits.
     */
    public static float[] additiveBias(int blocks, int tokensPerBlock) {
        int n = 2 * blocks * tokensPerBlock;
        float[] bias = new float[n * n];
        for (int q = 0; q < n; q++) {
            for (int k = 0; k < n; k++) {
                bias[q * n + k] = allowed(q, k, blocks, tokensPerBlock) ? 0f : Float.NEGATIVE_INFINITY;
            }
        }
        return bias;
    }
}
