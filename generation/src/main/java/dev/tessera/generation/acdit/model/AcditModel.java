package dev.tessera.generation.acdit.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.NDArrayTensors;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsHeader;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import dev.tessera.generation.modelfile.TensorData;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/** An ACDiT network with its weights and provenance: what an "acdit" model file holds. Closing it frees the weights. */
public final class AcditModel implements AutoCloseable {

    public static final String KIND = "acdit";
    static final String KIND_KEY = "tessera.model";

    private final ParameterStore parameters;
    private final AcditNetwork network;
    private final Provenance provenance;

    private AcditModel(ParameterStore parameters, AcditNetwork network, Provenance provenance) {
        this.parameters = parameters;
        this.network = network;
        this.provenance = provenance;
    }

    /** A freshly initialised model (for training). */
    public static AcditModel initialise(AcditConfig config, long seed, NDManager parent) {
        ParameterStore store = ParameterStore.create(parent);
        return new AcditModel(store, new AcditNetwork(config, store, new ParameterInit(seed)), null);
    }

    /**
     * Loads an ACDiT model file, checking its kind and that its weights match its config; INT4 weights
     * are dequantized once, here ({@link Int4Runtime#DEQUANTIZE_AT_LOAD}).
     */
    public static AcditModel load(Path file, NDManager parent) throws ModelFileException {
        return load(file, parent, Int4Runtime.DEQUANTIZE_AT_LOAD);
    }

    /** As {@link #load(Path, NDManager)}, holding INT4 weights as {@code int4} says. */
    public static AcditModel load(Path file, NDManager parent, Int4Runtime int4) throws ModelFileException {
        SafetensorsFile read = readChecked(file);
        AcditConfig config = read.config(AcditConfig.class, AcditConfig.ABSENT_FIELDS);
        Map<String, Int4Weights.PackedMatrix> packed = Int4Weights.packedMatrices(read);
        boolean perLayer = int4 == Int4Runtime.DEQUANTIZE_PER_LAYER;
        SafetensorsFile weights = perLayer ? read : Int4Weights.dequantized(read);
        ParameterStore store = ParameterStore.create(parent, perLayer ? packed : Map.of());
        try {
            AcditNetwork network = new AcditNetwork(config, store, new ParameterInit(0));
            store.load(weights);
            return new AcditModel(store, network, read.modelMetadata().provenance().orElse(null));
        } catch (IllegalArgumentException e) {
            store.close();
            throw new ModelFileException(file, e.getMessage(), e);
        } catch (ModelFileException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Judges the file before anything is allocated: the header's kind, the config bounded field by
     * field ({@link AcditConfig}), and the tensors the config implies against those the header
     * declares ({@link AcditTensorLayout#check}). Only then are the tensors read, and refused when a
     * weight is NaN or infinite.
     */
    static SafetensorsFile readChecked(Path file) throws ModelFileException {
        SafetensorsHeader header = judgedHeader(file);
        SafetensorsFile read = SafetensorsReader.read(header);
        read.requireFinite();
        return read;
    }

    /**
     * Checks that {@code file} is an ACDiT model whose header agrees with its config, reading only
     * the header (a few kilobytes): what the CLI and the queue check before they accept a request
     * for it. Loading still checks the weights themselves.
     */
    public static AcditConfig checkHeader(Path file) throws ModelFileException {
        return judgedHeader(file).config(AcditConfig.class, AcditConfig.ABSENT_FIELDS);
    }

    private static SafetensorsHeader judgedHeader(Path file) throws ModelFileException {
        SafetensorsHeader header = SafetensorsReader.readHeader(file);
        String kind = header.metadata().get(KIND_KEY);
        if (!KIND.equals(kind)) {
            throw new ModelFileException(file, "is not an ACDiT model (model kind: " + kind + ")");
        }
        AcditTensorLayout.check(header, header.config(AcditConfig.class, AcditConfig.ABSENT_FIELDS));
        return header;
    }

    /** Saves {@code weights} (e.g. the EMA) with the config and provenance. */
    public static void save(Path file, ParameterStore weights, AcditConfig config, Provenance provenance)
            throws ModelFileException {
        weights.save(file, ModelMetadata.of(config, provenance).withExtra(Map.of(KIND_KEY, KIND)));
    }

    /**
     * Saves tensors as they are to be stored (INT4 weights packed, docs/model-files.md) with the config,
     * provenance and {@code extra} metadata (such as the INT4 settings and how the model was compressed).
     */
    public static void save(Path file, Collection<TensorData> tensors, AcditConfig config, Provenance provenance,
            Map<String, String> extra) throws ModelFileException {
        Map<String, String> entries = new java.util.TreeMap<>(extra);
        entries.put(KIND_KEY, KIND);
        SafetensorsWriter.write(file, tensors, ModelMetadata.of(config, provenance).withExtra(entries).toMap());
    }

    /**
     * Overwrites this model's weights with {@code start}'s. The architectures must match, except that
     * this model may be deeper: its extra layers (after {@code start}'s) keep their initial weights,
     * whose zero adaLN gates make them identities on the noisy stream, so the grown model predicts
     * exactly what {@code start} predicts until training moves the gates. Or this model may be a pruned
     * form of {@code start}: every part it kept gets {@code start}'s weights, its adaLN the rows of the
     * branches it kept, and an adaLN turned constant its bias (the modulation for a zero condition).
     * Or this model may be a video model of {@code start}'s network: it gets every weight. From a video
     * model of other clip lengths it predicts what that one predicts for the same frames (a short-clip
     * stage teaches the first block cheaply); from an image model, what it learned of drawing each emoji
     * but not its predictions (RoPE gains a frame axis, which re-divides each head's dimensions).
     */
    public void copyWeightsFrom(AcditModel start) {
        AcditConfig from = start.config();
        AcditConfig to = config();
        if (from.equals(to)) {
            parameters.copyValuesFrom(start.parameters);
        } else if (!from.isPruned() && to.isPruned() && to.unpruned().equals(from)) {
            copyKeptParts(start, to);
        } else if (from.depth() < to.depth() && from.withDepth(to.depth()).equals(to)) {
            parameters.copyValuesFromSubset(start.parameters);
        } else if (to.isVideo() && to.withFrames(from.frames(), from.framesPerBlock(), from.blockSide()).equals(from)) {
            parameters.copyValuesFrom(start.parameters);
        } else {
            throw new IllegalArgumentException("cannot start from architecture " + from + ": the model is " + to
                    + " (only the depth may differ, and only upwards; or the model may be a pruned form of it,"
                    + " or a video model of the same network)");
        }
    }

    private void copyKeptParts(AcditModel start, AcditConfig pruned) {
        int branchRows = 3 * pruned.width();
        parameters.asMap().forEach((name, target) -> {
            NDArray source = start.parameters.get(name);
            if (source.getShape().equals(target.getShape())) {
                NDArrayTensors.overwrite(target, source);
                return;
            }
            // An adaLN that lost a branch: shift, scale and gate of attention are rows [0, 3w), of the MLP [3w, 6w).
            int layer = Integer.parseInt(name.split("\\.")[1]);
            long first = pruned.keeps(layer, LayerPart.ATTENTION) ? 0 : branchRows;
            try (NDArray rows = source.get(new NDIndex("{}:{}", first, first + target.getShape().get(0)))) {
                NDArrayTensors.overwrite(target, rows);
            }
        });
    }

    public AcditNetwork network() {
        return network;
    }

    public ParameterStore parameters() {
        return parameters;
    }

    public AcditConfig config() {
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
