package dev.tessera.compression.int4;

import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.TensorData;
import java.util.Collection;
import java.util.List;

/**
 * Which tensors of a U-Net expert become INT4: the convolution and Dense weights of its down, middle and up
 * stages ({@code down.*}, {@code mid.*}, {@code up.*}: the ResBlocks' convolutions, FiLM and skip layers, the
 * attention projections, the down- and upsampling convolutions), a convolution's [out, in, k, k] stored as the
 * matrix [out, in·k·k]. Full precision stays for 1-D tensors, the time and prompt embeddings ({@code time.*},
 * {@code cond.*}), the input and output convolutions ({@code conv_in}, {@code conv_out}), matrices under
 * {@value AcditQuantization#MIN_ELEMENTS} elements and those whose rows do not split into whole groups
 * (with groups of 64, a 3×3 convolution over 32 or 96 channels: 288 or 864 columns).
 */
public final class UnetQuantization {

    private static final List<String> STAGES = List.of("down.", "mid.", "up.");

    private UnetQuantization() {}

    /** Whether {@code tensor} is quantized by {@code quantizer}. */
    public static boolean quantizes(TensorData tensor, Int4Quantizer quantizer) {
        long[] shape = tensor.shape();
        String name = tensor.name();
        return STAGES.stream().anyMatch(name::startsWith) && name.endsWith(".weight")
                && (tensor.dtype() == SafetensorsDType.F32 || tensor.dtype() == SafetensorsDType.F16)
                && (shape.length == 2 || shape.length == 4) && TensorData.elementCount(shape) >= AcditQuantization.MIN_ELEMENTS
                && quantizer.fits(Int4Quantizer.columns(shape));
    }

    /** The tensors with each quantized weight replaced by its packed codes, scales (and zeros). */
    public static List<TensorData> quantize(Collection<TensorData> tensors, Int4Quantizer quantizer) {
        return AcditQuantization.replace(tensors, quantizer, t -> quantizes(t, quantizer));
    }
}
