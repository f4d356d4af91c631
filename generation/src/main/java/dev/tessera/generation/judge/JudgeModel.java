package dev.tessera.generation.judge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsHeader;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * A judge network with its weights, class vocabulary and provenance: what a judge model file holds.
 * Closing it frees the weights. How the bundled one was trained and measured: docs/results/judge.md.
 */
public final class JudgeModel implements AutoCloseable {

    public static final String KIND = "judge";
    static final String KIND_KEY = "tessera.model";
    static final String VOCABULARY_KEY = "tessera.judge.vocabulary";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ParameterStore parameters;
    private final JudgeNetwork network;
    private final JudgeVocabulary vocabulary;
    private final Provenance provenance;

    private JudgeModel(ParameterStore parameters, JudgeNetwork network, JudgeVocabulary vocabulary, Provenance provenance) {
        this.parameters = parameters;
        this.network = network;
        this.vocabulary = vocabulary;
        this.provenance = provenance;
    }

    /** A freshly initialised judge (for training). */
    public static JudgeModel initialise(JudgeConfig config, JudgeVocabulary vocabulary, long seed, NDManager parent) {
        ParameterStore store = ParameterStore.create(parent);
        return new JudgeModel(store, new JudgeNetwork(config, store, new ParameterInit(seed)), vocabulary, null);
    }

    /** Loads a judge model file, checking that it is one and that its weights match its config. */
    public static JudgeModel load(Path file, NDManager parent) throws ModelFileException {
        SafetensorsHeader header = SafetensorsReader.readHeader(file);
        Map<String, String> metadata = header.metadata();
        if (!KIND.equals(metadata.get(KIND_KEY))) {
            throw new ModelFileException(file, "is not a judge model (model kind: " + metadata.get(KIND_KEY) + ")");
        }
        JudgeConfig config = header.config(JudgeConfig.class, Map.of());
        JudgeVocabulary vocabulary;
        try {
            vocabulary = JSON.readValue(metadata.get(VOCABULARY_KEY), JudgeVocabulary.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ModelFileException(file, "has no readable judge vocabulary: " + e.getMessage(), e);
        }
        if (vocabulary.identities().size() != config.identityClasses()
                || vocabulary.subcategories().size() != config.subcategoryClasses()
                || vocabulary.styles().size() != config.styleClasses()) {
            throw new ModelFileException(file, "vocabulary sizes do not match the judge config");
        }
        ParameterStore store = ParameterStore.create(parent);
        try {
            // The bounded config makes a small network; its names and shapes judge the header before any tensor is read.
            JudgeNetwork network = new JudgeNetwork(config, store, new ParameterInit(0));
            store.requireLayoutOf(header);
            SafetensorsFile read = SafetensorsReader.read(header);
            read.requireFinite();
            store.load(read);
            Provenance provenance = header.modelMetadata().provenance().orElse(null);
            return new JudgeModel(store, network, vocabulary, provenance);
        } catch (ModelFileException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Saves the weights of {@code weights} (e.g. the EMA) with this judge's config and vocabulary. */
    public static void save(Path file, ParameterStore weights, JudgeConfig config, JudgeVocabulary vocabulary,
            Provenance provenance) throws ModelFileException {
        try {
            ModelMetadata metadata = ModelMetadata.of(config, provenance).withExtra(Map.of(
                    KIND_KEY, KIND, VOCABULARY_KEY, JSON.writeValueAsString(vocabulary)));
            weights.save(file, metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("vocabulary cannot be written as JSON", e);
        }
    }

    /** Runs the judge on images [B, 3, H, W] in [-1, 1]; results live on the images' manager. */
    public JudgeOutput judge(NDArray images) {
        Shape shape = images.getShape();
        int size = network.config().imageSize();
        if (shape.dimension() != 4 || shape.get(1) != 3 || shape.get(2) != size || shape.get(3) != size) {
            throw new IllegalArgumentException("the judge takes images of shape [B, 3, " + size + ", " + size
                    + "], got " + shape);
        }
        return network.forward(images);
    }

    public JudgeNetwork network() {
        return network;
    }

    public ParameterStore parameters() {
        return parameters;
    }

    public JudgeVocabulary vocabulary() {
        return vocabulary;
    }

    public JudgeConfig config() {
        return network.config();
    }

    /** Provenance from the file, or null for a judge that was never saved. */
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void close() {
        parameters.close();
    }
}
