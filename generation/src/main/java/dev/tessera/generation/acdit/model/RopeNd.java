package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding over N position axes: a head's dimensions are cut into one section
 * per axis, and each section rotates with its axis's absolute position. An image has two axes
 * (row, col), each half of the head; a clip has three (frame, row, col) with a quarter of the head
 * for the frame and three eighths each for row and column (see {@link #sections}). Within a section
 * of 2·n dimensions, dimension j pairs with j + n ("rotate-half" layout) and turns by
 * {@code pos · base^(-j / n)}. Rotations compose, so q·k after rotation depends only on the
 * position differences, axis by axis; shifting every frame index by the same amount changes nothing.
 */
public final class RopeNd {

    private final int headDim;
    private final double base;
    private final int[] sections;

    /** @param sections head dimensions per axis, each even, summing to {@code headDim} */
    public RopeNd(int headDim, double base, int... sections) {
        int sum = 0;
        for (int s : sections) {
            if (s <= 0 || s % 2 != 0) {
                throw new IllegalArgumentException("RoPE sections must be positive and even, got " + s);
            }
            sum += s;
        }
        if (sum != headDim) {
            throw new IllegalArgumentException("RoPE sections must add up to the head dimension " + headDim);
        }
        this.headDim = headDim;
        this.base = base;
        this.sections = sections.clone();
    }

    /** The RoPE of {@code layout}'s axes: (row, col) for an image, (frame, row, col) for a clip. */
    public static RopeNd forLayout(int headDim, double base, BlockLayout layout) {
        return new RopeNd(headDim, base, sections(headDim, layout.isVideo() ? 3 : 2));
    }

    /** Whether a head of {@code headDim} splits into even sections for {@code axes} axes. */
    static boolean fits(int headDim, int axes) {
        return headDim % (axes == 3 ? 16 : 4) == 0;
    }

    /** Head dimensions per axis: halves for (row, col); 1/4, 3/8, 3/8 for (frame, row, col). */
    static int[] sections(int headDim, int axes) {
        if (!fits(headDim, axes)) {
            throw new IllegalArgumentException(axes + "-D RoPE needs a head dimension divisible by "
                    + (axes == 3 ? 16 : 4) + ", got " + headDim);
        }
        return axes == 2 ? new int[] {headDim / 2, headDim / 2}
                : new int[] {headDim / 4, 3 * headDim / 8, 3 * headDim / 8};
    }

    /** Rotation tables for tokens at the given positions ({@code positions[axis][token]}), on {@code manager}. */
    public Table table(NDManager manager, int[]... positions) {
        if (positions.length != sections.length) {
            throw new IllegalArgumentException("this RoPE has " + sections.length + " axes, got " + positions.length);
        }
        int length = positions[0].length;
        float[] cos = new float[length * headDim];
        float[] sin = new float[length * headDim];
        // rotateHalf(x) = x · R, with R[j + pairs, j] = -1 and R[j, j + pairs] = +1 inside each section.
        float[] rotation = new float[headDim * headDim];
        int start = 0;
        for (int axis = 0; axis < sections.length; axis++) {
            int pairs = sections[axis] / 2;
            for (int i = 0; i < length; i++) {
                for (int j = 0; j < pairs; j++) {
                    double angle = positions[axis][i] * Math.pow(base, -(double) j / pairs);
                    int first = i * headDim + start + j;
                    cos[first] = cos[first + pairs] = (float) Math.cos(angle);
                    sin[first] = sin[first + pairs] = (float) Math.sin(angle);
                }
            }
            for (int j = 0; j < pairs; j++) {
                int a = start + j;
                int b = a + pairs;
                rotation[b * headDim + a] = -1f;
                rotation[a * headDim + b] = 1f;
            }
            start += sections[axis];
        }
        return new Table(manager.create(cos, new Shape(length, headDim)), manager.create(sin, new Shape(length, headDim)),
                manager.create(rotation, new Shape(headDim, headDim)));
    }

    /** A table for the layout's tokens {@code first .. first + count - 1}. */
    public Table table(NDManager manager, BlockLayout layout, int first, int count) {
        int[] frames = new int[count];
        int[] rows = new int[count];
        int[] cols = new int[count];
        for (int i = 0; i < count; i++) {
            frames[i] = layout.frame(first + i);
            rows[i] = layout.row(first + i);
            cols[i] = layout.col(first + i);
        }
        return sections.length == 3 ? table(manager, frames, rows, cols) : table(manager, rows, cols);
    }

    /** cos/sin [L, headDim] and the rotate-half matrix [headDim, headDim]. */
    public record Table(NDArray cos, NDArray sin, NDArray rotation) {

        /** Rotates x [..., L, headDim]; the result lives on x's manager. */
        public NDArray apply(NDArray x) {
            return x.mul(cos).add(x.matMul(rotation).mul(sin));
        }
    }
}
