package dev.tessera.ensemble.unet;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.NDArrayTensors;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsHeader;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import java.nio.file.Path;
import java.util.Map;

/** A U-Net expert with its weights and provenance: what a "unet" model file holds. Closing it frees the weights. */
public final class UnetModel implements AutoCloseable {

    public static final String KIND = "unet";
    static final String KIND_KEY = "tessera.model";

    private final ParameterStore parameters;
    private final UnetNetwork network;
    private final Provenance provenance;

    private UnetModel(ParameterStore parameters, UnetNetwork network, Provenance provenance) {
        this.parameters = parameters;
        this.network = network;
        this.provenance = provenance;
    }

    /** A freshly initialised model (for training), its initial weights a function of {@code seed}. */
    public static UnetModel initialise(UnetConfig config, long seed, NDManager parent) {
        ParameterStore store = ParameterStore.create(parent);
        return new UnetModel(store, new UnetNetwork(config, store, new ParameterInit(seed)), null);
    }

    /**
     * Loads a U-Net model file, checking its kind and that its weights are exactly what its config makes;
     * INT4 weights are dequantized once, here ({@link Int4Runtime#DEQUANTIZE_AT_LOAD}).
     */
    public static UnetModel load(Path file, NDManager parent) throws ModelFileException {
        return load(file, parent, Int4Runtime.DEQUANTIZE_AT_LOAD);
    }

    /**
     * As {@link #load(Path, NDManager)}, holding INT4 weights (docs/model-files.md#int4-weights; a convolution's
     * [out, in, k, k] weight stored as the matrix [out, in·k·k]) as {@code int4} says.
     */
    public static UnetModel load(Path file, NDManager parent, Int4Runtime int4) throws ModelFileException {
        SafetensorsHeader header = judgedHeader(file);
        UnetConfig config = header.config(UnetConfig.class);
        SafetensorsFile read = SafetensorsReader.read(header);
        Map<String, Int4Weights.PackedMatrix> packed = Int4Weights.packedMatrices(read);
        boolean perLayer = int4 == Int4Runtime.DEQUANTIZE_PER_LAYER;
        ParameterStore store = ParameterStore.create(parent, perLayer ? packed : Map.of());
        try {
            UnetNetwork network = new UnetNetwork(config, store, new ParameterInit(0));
            store.load(perLayer ? read : Int4Weights.dequantized(read,
                    name -> store.names().contains(name) ? store.get(name).getShape().getShape() : null));
            return new UnetModel(store, network, read.modelMetadata().provenance().orElse(null));
        } catch (IllegalArgumentException e) {
            store.close();
            throw new ModelFileException(file, e.getMessage(), e);
        } catch (ModelFileException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The architecture of a U-Net model file, reading only its header (kind and config): what an ensemble
     * checks of its experts before it loads them.
     */
    public static UnetConfig checkHeader(Path file) throws ModelFileException {
        return judgedHeader(file).config(UnetConfig.class);
    }

    private static SafetensorsHeader judgedHeader(Path file) throws ModelFileException {
        SafetensorsHeader header = SafetensorsReader.readHeader(file);
        String kind = header.metadata().get(KIND_KEY);
        if (!KIND.equals(kind)) {
            throw new ModelFileException(file, "is not a U-Net model (model kind: " + kind + ")");
        }
        return header;
    }

    /** Saves {@code weights} (e.g. the EMA) with the config, the kind and the provenance, atomically. */
    public static void save(Path file, ParameterStore weights, UnetConfig config, Provenance provenance)
            throws ModelFileException {
        weights.save(file, ModelMetadata.of(config, provenance).withExtra(Map.of(KIND_KEY, KIND)));
    }

    /**
     * Overwrites this model's weights with {@code start}'s, bit for bit: how an expert starts from the
     * common base model, and how a pruned model takes the kept blocks of its whole original. The architectures
     * must be the same, or this one a pruned form of {@code start}'s whole one.
     */
    public void copyWeightsFrom(UnetModel start) {
        UnetConfig from = start.config();
        UnetConfig to = config();
        if (from.equals(to)) {
            parameters.copyValuesFrom(start.parameters);
        } else if (!from.isPruned() && to.isPruned() && to.unpruned().equals(from)) {
            // Every parameter of the pruned network is one of the whole network's, of the same shape.
            parameters.asMap().forEach((name, target) ->
                    NDArrayTensors.copyInto(NDArrayTensors.toTensor(name, start.parameters.get(name)), target));
        } else {
            throw new IllegalArgumentException("cannot start from architecture " + from + ": the model is " + to
                    + " (the architecture must be the same, or the model a pruned form of it)");
        }
    }

    public UnetNetwork network() {
        return network;
    }

    public ParameterStore parameters() {
        return parameters;
    }

    public UnetConfig config() {
        return network.config();
    }

    /** Provenance from the file, or null for a model that was never saved. */
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void close() {
        parameters.close();
    }
}
