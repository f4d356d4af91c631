package dev.tessera.generation.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

/** A fixture tensor's values as a Java array, after checking its dtype (for the twin's parity fixtures). */
public final class TensorArrays {

    private TensorArrays() {}

    public static float[] floats(TensorData tensor) {
        float[] out = new float[count(tensor, SafetensorsDType.F32)];
        tensor.data().asFloatBuffer().get(out);
        return out;
    }

    public static double[] doubles(TensorData tensor) {
        double[] out = new double[count(tensor, SafetensorsDType.F64)];
        tensor.data().asDoubleBuffer().get(out);
        return out;
    }

    public static int[] ints(TensorData tensor) {
        int[] out = new int[count(tensor, SafetensorsDType.I32)];
        tensor.data().asIntBuffer().get(out);
        return out;
    }

    private static int count(TensorData tensor, SafetensorsDType dtype) {
        assertEquals(dtype, tensor.dtype(), tensor.name());
        return Math.toIntExact(TensorData.elementCount(tensor.shape()));
    }
}
