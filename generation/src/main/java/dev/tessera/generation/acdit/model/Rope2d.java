package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * 2-D rotary position embedding over absolute (row, col) grid positions: the first half of a head's
 * dimensions rotates with the row, the second half with the column. Within each half, dimension j
 * pairs with j + half/2 ("rotate-half" layout) and turns by {@code pos · base^(-j / (half/2))}.
 * Rotations compose, so q·k after rotation depends only on the position difference.
 */
public final class Rope2d {

    private final int headDim;
    private final double base;

    public Rope2d(int headDim, double base) {
        if (headDim % 4 != 0) {
            throw new IllegalArgumentException("2-D RoPE needs a head dimension divisible by 4, got " + headDim);
        }
        this.headDim = headDim;
        this.base = base;
    }

    /** Rotation tables for tokens at the given positions, on {@code manager}. */
    public Table table(NDManager manager, int[] rows, int[] cols) {
        int length = rows.length;
        int half = headDim / 2;
        int pairs = half / 2;
        float[] cos = new float[length * headDim];
        float[] sin = new float[length * headDim];
        for (int i = 0; i < length; i++) {
            for (int axis = 0; axis < 2; axis++) {
                int position = axis == 0 ? rows[i] : cols[i];
                for (int j = 0; j < pairs; j++) {
                    double angle = position * Math.pow(base, -(double) j / pairs);
                    int first = i * headDim + axis * half + j;
                    cos[first] = cos[first + pairs] = (float) Math.cos(angle);
                    sin[first] = sin[first + pairs] = (float) Math.sin(angle);
                }
            }
        }
        // rotateHalf(x) = x · R, with R[j + pairs, j] = -1 and R[j, j + pairs] = +1 inside each half.
        float[] rotation = new float[headDim * headDim];
        for (int axis = 0; axis < 2; axis++) {
            for (int j = 0; j < pairs; j++) {
                int a = axis * half + j;
                int b = a + pairs;
                rotation[b * headDim + a] = -1f;
                rotation[a * headDim + b] = 1f;
            }
        }
        return new Table(manager.create(cos, new Shape(length, headDim)), manager.create(sin, new Shape(length, headDim)),
                manager.create(rotation, new Shape(headDim, headDim)));
    }

    /** A table for the layout's tokens {@code first .. first + count - 1}. */
    public Table table(NDManager manager, BlockLayout layout, int first, int count) {
        int[] rows = new int[count];
        int[] cols = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = layout.row(first + i);
            cols[i] = layout.col(first + i);
        }
        return table(manager, rows, cols);
    }

    /** cos/sin [L, headDim] and the rotate-half matrix [headDim, headDim]. */
    public record Table(NDArray cos, NDArray sin, NDArray rotation) {

        /** Rotates x [..., L, headDim]; the result lives on x's manager. */
        public NDArray apply(NDArray x) {
            return x.mul(cos).add(x.matMul(rotation).mul(sin));
        }
    }
}
