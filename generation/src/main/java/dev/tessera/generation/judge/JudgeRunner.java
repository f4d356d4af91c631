package dev.tessera.generation.judge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Runs the judge over many images in fixed-size batches, each on its own manager that is closed
 * before the next, so memory stays flat however many images are judged.
 */
public final class JudgeRunner {

    private static final int BATCH = 256;

    private final JudgeModel judge;

    public JudgeRunner(JudgeModel judge) {
        this.judge = judge;
    }

    /** Judges {@code count} CHW images stored one after another in {@code pixels} (values in [-1, 1]). */
    public JudgeVerdicts judge(float[] pixels, int count) {
        int size = judge.config().imageSize();
        int perImage = 3 * size * size;
        if ((long) count * perImage != pixels.length) {
            throw new IllegalArgumentException("expected " + count + " images of 3×" + size + "×" + size
                    + " (" + (long) count * perImage + " floats), got " + pixels.length + " floats");
        }
        double[][] features = new double[count][];
        float[][] identity = new float[count][];
        float[][] subcategory = new float[count][];
        float[][] style = new float[count][];
        for (int start = 0; start < count; start += BATCH) {
            int n = Math.min(BATCH, count - start);
            float[] batch = new float[n * perImage];
            System.arraycopy(pixels, start * perImage, batch, 0, batch.length);
            try (NDManager manager = judge.parameters().manager().newSubManager()) {
                JudgeOutput out = judge.judge(manager.create(batch, new Shape(n, 3, size, size)));
                copyRows(out.features(), features, start);
                copyRows(out.identityLogits(), identity, start);
                copyRows(out.subcategoryLogits(), subcategory, start);
                copyRows(out.styleLogits(), style, start);
            }
        }
        return new JudgeVerdicts(features, identity, subcategory, style);
    }

    private static void copyRows(NDArray array, float[][] target, int start) {
        int rows = (int) array.getShape().get(0);
        int cols = (int) array.getShape().get(1);
        float[] flat = array.toFloatArray();
        for (int r = 0; r < rows; r++) {
            target[start + r] = java.util.Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
    }

    private static void copyRows(NDArray array, double[][] target, int start) {
        int rows = (int) array.getShape().get(0);
        int cols = (int) array.getShape().get(1);
        float[] flat = array.toFloatArray();
        for (int r = 0; r < rows; r++) {
            double[] row = new double[cols];
            for (int c = 0; c < cols; c++) {
                row[c] = flat[r * cols + c];
            }
            target[start + r] = row;
        }
    }
}
