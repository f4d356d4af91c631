package dev.tessera.generation.metrics;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * n feature rows of d columns each, stored row-major in one array so the metric loops stay cache-friendly.
 * Every value is finite: a NaN feature would silently poison every statistic computed from it.
 * The canonical constructor and {@link #values()} share the array without copying (feature sets reach tens of
 * megabytes); treat it as read-only. {@link #of} and {@link #ofFloats} copy.
 */
public record FeatureMatrix(int rows, int columns, double[] values) {

    public FeatureMatrix {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("a feature matrix needs at least one row and one column, got "
                    + rows + " x " + columns);
        }
        if (values == null || values.length != (long) rows * columns) {
            throw new IllegalArgumentException("expected " + ((long) rows * columns) + " values for "
                    + rows + " x " + columns + ", got " + (values == null ? "null" : values.length));
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("feature at row " + (i / columns) + ", column " + (i % columns)
                        + " is " + values[i] + "; features must be finite");
            }
        }
    }

    /** Copies {@code rows}; every row must have the same length. */
    public static FeatureMatrix of(double[][] rows) {
        int columns = rectangularWidth(rows);
        double[] values = new double[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, values, r * columns, columns);
        }
        return new FeatureMatrix(rows.length, columns, values);
    }

    /** Copies {@code rows} (the judge network emits float features) into double precision. */
    public static FeatureMatrix ofFloats(float[][] rows) {
        int columns = rectangularWidth(rows);
        double[] values = new double[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < columns; c++) {
                values[r * columns + c] = rows[r][c];
            }
        }
        return new FeatureMatrix(rows.length, columns, values);
    }

    /** The common row length of a double[][] or float[][], or an exception naming the first odd row. */
    private static int rectangularWidth(Object[] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("a feature matrix needs at least one row");
        }
        int width = -1;
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null) {
                throw new IllegalArgumentException("row " + r + " is null");
            }
            int length = Array.getLength(rows[r]);
            if (r == 0) {
                width = length;
            } else if (length != width) {
                throw new IllegalArgumentException("row " + r + " has " + length + " features but row 0 has " + width);
            }
        }
        return width;
    }

    public double get(int row, int column) {
        return values[row * columns + column];
    }

    /** A copy of one row. */
    public double[] row(int row) {
        return Arrays.copyOfRange(values, row * columns, (row + 1) * columns);
    }

    /** The rows at {@code indices}, in that order; an index may repeat. */
    public FeatureMatrix selectRows(int[] indices) {
        double[] selected = new double[indices.length * columns];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, indices[i] * columns, selected, i * columns, columns);
        }
        return new FeatureMatrix(indices.length, columns, selected);
    }

    /** Fails with a message naming {@code what} unless both matrices have the same feature dimension. */
    void requireSameColumns(FeatureMatrix other, String what) {
        if (other.columns != columns) {
            throw new IllegalArgumentException(what + ": feature dimensions differ (" + columns + " vs "
                    + other.columns + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureMatrix m && m.rows == rows && m.columns == columns
                && Arrays.equals(m.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + columns) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FeatureMatrix[" + rows + " x " + columns + "]";
    }
}
