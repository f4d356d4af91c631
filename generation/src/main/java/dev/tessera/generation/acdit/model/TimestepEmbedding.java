package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.tessera.generation.nn.Activations;
import dev.tessera.generation.nn.Dense;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;

/**
 * DiT's timestep embedding: 256 sinusoids (cos, sin; max period 10000) then Dense–SiLU–Dense. Shared by
 * every Tessera denoiser (ACDiT, the ensemble's U-Net).
 */
public final class TimestepEmbedding {

    static final int FREQUENCIES = 256;

    /** exp(-ln(10000)·i / 128) for i &lt; 128: the sinusoids' frequencies, computed once. */
    private static final float[] SINUSOID_FREQUENCIES = frequencies();

    private final Dense first;
    private final Dense second;

    public TimestepEmbedding(ParameterStore store, ParameterInit init, String name, int width) {
        first = Dense.create(store, init, name + ".fc1", FREQUENCIES, width, true);
        second = Dense.create(store, init, name + ".fc2", width, width, true);
    }

    private static float[] frequencies() {
        int half = FREQUENCIES / 2;
        float[] frequencies = new float[half];
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp(-Math.log(10000) * i / half);
        }
        return frequencies;
    }

    /** t of any shape [...] → [..., width] on t's manager. */
    public NDArray forward(NDArray t) {
        NDArray angles = t.expandDims(-1).mul(t.getManager().create(SINUSOID_FREQUENCIES));
        NDArray sinusoids = NDArrays.concat(new NDList(angles.cos(), angles.sin()), -1);
        return second.forward(Activations.silu(first.forward(sinusoids)));
    }
}
