package dev.tessera.generation.acdit.model;

import dev.tessera.generation.modelfile.DeclaredTensor;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.modelfile.SafetensorsHeader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tensors an {@link AcditConfig} implies, by name and shape, computed without building the
 * network: a model file's header is compared with it before a single weight is read or a layer
 * allocated. It follows {@link AcditNetwork}'s constructor exactly (AcditTensorLayoutTest holds
 * the two together): patch embedding, time and condition embeddings, each kept layer's parts, the
 * final layer.
 */
public final class AcditTensorLayout {

    private AcditTensorLayout() {}

    /** Name → shape of every F32 parameter of the network {@code config} describes, in network order. */
    public static Map<String, long[]> of(AcditConfig config) {
        Map<String, long[]> out = new LinkedHashMap<>();
        int width = config.width();
        dense(out, "patch_embed", config.patchFloats(), width);
        dense(out, "time.fc1", TimestepEmbedding.FREQUENCIES, width);
        dense(out, "time.fc2", width, width);
        dense(out, "cond.prompt", config.promptDim(), width);
        out.put("cond.style", new long[] {config.styles().size(), width});
        out.put("cond.null", new long[] {width});
        int hidden = width * config.mlpRatio();
        for (int l = 0; l < config.depth(); l++) {
            if (!config.keeps(l, LayerPart.LAYER)) {
                continue;
            }
            String name = "layers." + l;
            boolean attention = config.keeps(l, LayerPart.ATTENTION);
            boolean mlp = config.keeps(l, LayerPart.MLP);
            if (attention) {
                out.put(name + ".clean_norm1.weight", new long[] {width});
                dense(out, name + ".attn.qkv", width, 3 * width);
                out.put(name + ".attn.q_norm.weight", new long[] {config.headDim()});
                out.put(name + ".attn.k_norm.weight", new long[] {config.headDim()});
                dense(out, name + ".attn.proj", width, width);
            }
            if (mlp) {
                out.put(name + ".clean_norm2.weight", new long[] {width});
                dense(out, name + ".mlp.fc1", width, hidden);
                dense(out, name + ".mlp.fc2", hidden, width);
            }
            int size = 3 * width * ((attention ? 1 : 0) + (mlp ? 1 : 0));
            if (config.keeps(l, LayerPart.ADALN)) {
                dense(out, name + ".adaln", width, size);
            } else {
                out.put(name + ".adaln.bias", new long[] {size});
            }
        }
        dense(out, "final.adaln", width, 2 * width);
        dense(out, "final.out", width, config.patchFloats());
        return out;
    }

    private static void dense(Map<String, long[]> out, String name, long in, long outputs) {
        out.put(name + ".weight", new long[] {outputs, in});
        out.put(name + ".bias", new long[] {outputs});
    }

    /**
     * Parameters of the whole (unpruned) network of these sizes, in plain arithmetic: the config
     * checks its budget with it before anything else is computed from the sizes.
     */
    static long wholeParameterCount(long patchFloats, long width, long depth, long mlpRatio, long promptDim,
            long styles, long headDim) {
        long hidden = width * mlpRatio;
        long embeddings = (patchFloats + 1) * width + (TimestepEmbedding.FREQUENCIES + 1) * width
                + (width + 1) * width + (promptDim + 1) * width + styles * width + width;
        long layer = width + (width + 1) * 3 * width + 2 * headDim + (width + 1) * width
                + width + (width + 1) * hidden + (hidden + 1) * width
                + (width + 1) * 6 * width;
        long last = (width + 1) * 2 * width + (width + 1) * patchFloats;
        return embeddings + depth * layer + last;
    }

    /**
     * Checks a file's declared tensors against those {@code config} implies: the same names, F32
     * with the same shapes, where a Dense weight may instead be stored as INT4 (its {@code .qweight}
     * [out, in / 2] stands for {@code .weight}; its {@code .scales} and {@code .zeros} have one
     * entry per group of a row). Nothing is read but the header.
     *
     * @throws ModelFileException naming the file and the first tensor that differs
     */
    public static void check(SafetensorsHeader header, AcditConfig config) throws ModelFileException {
        Map<String, long[]> expected = of(config);
        Map<String, DeclaredTensor> declared = header.tensors();
        Set<String> unexpected = new TreeSet<>();
        for (String name : declared.keySet()) {
            if (!expected.containsKey(name) && !expected.containsKey(packedWeightOf(name))) {
                unexpected.add(name);
            }
        }
        if (!unexpected.isEmpty()) {
            throw new ModelFileException(header.source(), "holds tensors the config does not imply: "
                    + shortList(unexpected));
        }
        Set<String> missing = new TreeSet<>();
        expected.keySet().stream().filter(name -> !declared.containsKey(name)
                && !declared.containsKey(layerOf(name, ".weight") + Int4Weights.QWEIGHT)).forEach(missing::add);
        if (!missing.isEmpty()) {
            throw new ModelFileException(header.source(), "lacks tensors the config implies: " + shortList(missing));
        }
        for (DeclaredTensor tensor : declared.values()) {
            long[] shape = expected.get(tensor.name());
            if (shape == null) {
                requirePackedPartFits(tensor, expected.get(packedWeightOf(tensor.name())), header);
            } else if (!tensor.is(SafetensorsDType.F32, shape) && !tensor.is(SafetensorsDType.F16, shape)) {
                throw new ModelFileException(header.source(), "tensor '" + tensor.name() + "' is " + tensor.describe()
                        + " but the config implies F32" + Arrays.toString(shape) + " (stored as F32 or F16)");
            }
        }
    }

    /** The {@code .weight} an INT4 part ({@code .qweight}, {@code .scales}, {@code .zeros}) stands for; else the name. */
    private static String packedWeightOf(String name) {
        for (String suffix : new String[] {Int4Weights.QWEIGHT, Int4Weights.SCALES, Int4Weights.ZEROS}) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length()) + ".weight";
            }
        }
        return name;
    }

    /** An INT4 part must fit the Dense weight [out, in] it stands for. */
    private static void requirePackedPartFits(DeclaredTensor tensor, long[] weight, SafetensorsHeader header)
            throws ModelFileException {
        String name = tensor.name();
        long[] shape = tensor.shape();
        boolean fits = weight.length == 2 && (name.endsWith(Int4Weights.QWEIGHT)
                ? tensor.is(SafetensorsDType.U8, weight[0], weight[1] / 2) && weight[1] % 2 == 0
                : shape.length == 2 && shape[0] == weight[0] && shape[1] >= 1 && shape[1] <= weight[1]
                        && (name.endsWith(Int4Weights.ZEROS) ? tensor.dtype() == SafetensorsDType.U8
                                : tensor.dtype() == SafetensorsDType.F32 || tensor.dtype() == SafetensorsDType.F16));
        if (!fits) {
            throw new ModelFileException(header.source(), "INT4 tensor '" + name + "' is " + tensor.describe()
                    + ", which does not fit the config's weight " + Arrays.toString(weight));
        }
    }

    private static String layerOf(String name, String suffix) {
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }

    /** At most five names, so a file with a million stray tensors gives a one-line message. */
    private static String shortList(Set<String> names) {
        String shown = String.join(", ", names.stream().limit(5).map(n -> "'" + abbreviate(n) + "'").toList());
        return names.size() > 5 ? shown + " and " + (names.size() - 5) + " more" : shown;
    }

    private static String abbreviate(String name) {
        return name.length() > 80 ? name.substring(0, 77) + "..." : name;
    }
}
