package dev.tessera.compression.int4;

import dev.tessera.generation.modelfile.Int4Weights.PackedMatrix;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.TensorData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which tensors of an ACDiT model become INT4: the Dense weights inside the transformer layers
 * ({@code layers.<l>.….weight}, rank 2). Everything else keeps full precision: 1-D tensors (biases,
 * norm gains), the time, prompt and style embeddings, the input layer ({@code patch_embed}), the
 * output layer ({@code final.*}) and matrices too small to matter or not of whole groups.
 */
public final class AcditQuantization {

    /** Matrices with fewer weights than this stay full precision: their scales would cost as much as they save. */
    static final int MIN_ELEMENTS = 1024;

    private AcditQuantization() {}

    /** Whether {@code tensor} is quantized by {@code quantizer}. */
    public static boolean quantizes(TensorData tensor, Int4Quantizer quantizer) {
        long[] shape = tensor.shape();
        return tensor.name().startsWith("layers.") && tensor.name().endsWith(".weight")
                && tensor.dtype() == SafetensorsDType.F32 && shape.length == 2
                && shape[0] * shape[1] >= MIN_ELEMENTS && quantizer.fits(shape[1]);
    }

    /** The tensors with each quantized weight replaced by its packed codes, scales (and zeros). */
    public static List<TensorData> quantize(Collection<TensorData> tensors, Int4Quantizer quantizer) {
        return replace(tensors, quantizer, t -> quantizes(t, quantizer));
    }

    /** The tensors with each one {@code chosen} picks replaced by its packed codes, scales (and zeros). */
    static List<TensorData> replace(Collection<TensorData> tensors, Int4Quantizer quantizer,
            java.util.function.Predicate<TensorData> chosen) {
        List<TensorData> out = new ArrayList<>();
        for (TensorData tensor : tensors) {
            if (!chosen.test(tensor)) {
                out.add(tensor);
                continue;
            }
            PackedMatrix packed = quantizer.quantize(tensor);
            out.add(packed.qweight());
            out.add(packed.scales());
            packed.zeros().ifPresent(out::add);
        }
        return out;
    }
}
