package dev.tessera.generation.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.generation.random.NoiseSource;
import java.nio.charset.StandardCharsets;

/**
 * Seeded, order-independent parameter initialisation: each parameter's values come from a noise
 * stream named by the model seed and the parameter's name, so adding a layer never changes the
 * initial values of the others and the same seed gives the same model on every machine.
 */
public record ParameterInit(long seed) {

    /** Normal(0, std²) values for the parameter {@code name}. */
    public NDArray normal(NDManager manager, String name, Shape shape, double std) {
        float[] values = NoiseSource.of(seed).stream(nameId(name)).gaussian(Math.toIntExact(shape.size()));
        for (int i = 0; i < values.length; i++) {
            values[i] *= (float) std;
        }
        return manager.create(values, shape);
    }

    /** A stable 64-bit id of a name (FNV-1a over UTF-8), used as the noise stream path. */
    static long nameId(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
