package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.ensemble.unet.UnetNetwork;
import dev.tessera.generation.modelfile.DeclaredTensor;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelMetadata;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsHeader;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.nn.ParameterInit;
import dev.tessera.generation.nn.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An AFA ensemble: frozen U-Net experts of one architecture and the aggregator that mixes their features
 * (docs/ensemble.md). Its model file (kind {@value #KIND}) holds only the aggregator's weights; its config
 * ({@link EnsembleConfig}) names each expert by path, relative to the ensemble file, and SHA-256. Closing it
 * frees the experts and the aggregator.
 *
 * <pre>{@code
 * try (NDManager manager = OfflineEngine.newManager();
 *         AfaEnsemble ensemble = AfaEnsemble.load(file, manager)) {
 *     List<float[]> images = new UnetSampler(ensemble.network(), ensemble.manager(), sampler)
 *             .sample(conditions, seeds, guidance, options);
 * }
 * }</pre>
 */
public final class AfaEnsemble implements AutoCloseable {

    public static final String KIND = "ensemble";
    private static final String KIND_KEY = "tessera.model";

    private final List<UnetModel> experts;
    private final List<ExpertFiles.Expert> expertFiles;
    private final AggregatorConfig aggregatorConfig;
    private final ParameterStore parameters;
    private final Aggregator aggregator;
    private final EnsembleNetwork network;
    private final Provenance provenance;

    private AfaEnsemble(List<UnetModel> experts, List<ExpertFiles.Expert> expertFiles, AggregatorConfig aggregatorConfig,
            ParameterStore parameters, Aggregator aggregator, Provenance provenance) {
        this.experts = List.copyOf(experts);
        this.expertFiles = List.copyOf(expertFiles);
        this.aggregatorConfig = aggregatorConfig;
        this.parameters = parameters;
        this.aggregator = aggregator;
        this.provenance = provenance;
        List<UnetNetwork> networks = new ArrayList<>();
        for (UnetModel expert : experts) {
            // Frozen: no gradient is ever recorded for an expert, so aggregator training cannot move it.
            expert.parameters().asMap().values().forEach(p -> p.setRequiresGradient(false));
            networks.add(expert.network());
        }
        this.network = new EnsembleNetwork(networks, aggregator);
    }

    /**
     * A new ensemble of the expert files with a fresh aggregator (zero logits: feature averaging), its other
     * initial weights a function of {@code seed}. The experts must be U-Nets of one architecture.
     */
    public static AfaEnsemble assemble(List<Path> expertFiles, AggregatorConfig config, long seed, NDManager parent)
            throws ModelFileException {
        UnetConfig architecture = ExpertFiles.commonArchitecture(expertFiles);
        List<ExpertFiles.Expert> hashed = ExpertFiles.hashed(expertFiles);
        return build(hashed, architecture, config, new ParameterInit(seed), parent, null, fresh -> { });
    }

    /**
     * The architecture that expert files share, reading only their headers: what {@link #assemble} checks first.
     * A missing file, a file that is not a U-Net, or experts of different architectures are refused with a
     * {@link ModelFileException} naming the file and, for architectures, the fields that differ.
     */
    public static UnetConfig commonArchitecture(List<Path> expertFiles) throws ModelFileException {
        return ExpertFiles.commonArchitecture(expertFiles);
    }

    /**
     * Loads an ensemble file. Judged before anything is allocated: its kind, its config, an aggregator made for
     * as many experts as the file names, the aggregator's tensors against the config, and each expert (present,
     * a U-Net of the recorded architecture, unchanged since the ensemble was made). Then the experts and the
     * aggregator's weights are read.
     */
    public static AfaEnsemble load(Path file, NDManager parent) throws ModelFileException {
        SafetensorsHeader header = judgedHeader(file);
        EnsembleConfig config = header.config(EnsembleConfig.class);
        List<ExpertFiles.Expert> experts = ExpertFiles.verified(file, config);
        Provenance provenance = header.modelMetadata().provenance().orElse(null);
        return build(experts, config.architecture(), config.aggregator(), new ParameterInit(0), parent, provenance,
                store -> {
                    store.requireLayoutOf(header);
                    SafetensorsFile read = SafetensorsReader.read(header);
                    read.requireFinite();
                    store.load(read);
                });
    }

    /** Fills a new aggregator's parameters (from a file), or leaves them as initialised. */
    @FunctionalInterface
    private interface AggregatorWeights {
        void fill(ParameterStore store) throws ModelFileException;
    }

    /**
     * Checks an ensemble file as {@link #load} will, without reading any weights: its header (kind, config,
     * expert count of the aggregator) and its experts (present, U-Nets of the recorded architecture, unchanged;
     * hashing them reads their bytes once). What the CLI and the queue check before they accept a request.
     */
    public static EnsembleConfig checkHeader(Path file) throws ModelFileException {
        EnsembleConfig config = judgedHeader(file).config(EnsembleConfig.class);
        ExpertFiles.verified(file, config);
        return config;
    }

    private static SafetensorsHeader judgedHeader(Path file) throws ModelFileException {
        SafetensorsHeader header = SafetensorsReader.readHeader(file);
        String kind = header.metadata().get(KIND_KEY);
        if (!KIND.equals(kind)) {
            throw new ModelFileException(file, "is not an ensemble model (model kind: " + kind + ")");
        }
        EnsembleConfig config = header.config(EnsembleConfig.class);
        DeclaredTensor counted = header.tensors().get(Aggregator.expertCountTensor());
        long[] shape = counted == null ? new long[0] : counted.shape();
        if (shape.length == 1 && shape[0] != config.experts().size()) {
            throw new ModelFileException(file, "the aggregator was made for " + shape[0] + " experts but the ensemble"
                    + " names " + config.experts().size());
        }
        return header;
    }

    private static AfaEnsemble build(List<ExpertFiles.Expert> files, UnetConfig architecture, AggregatorConfig config,
            ParameterInit init, NDManager parent, Provenance provenance, AggregatorWeights weights)
            throws ModelFileException {
        List<UnetModel> experts = new ArrayList<>();
        ParameterStore store = ParameterStore.create(parent);
        try {
            // The aggregator first: its weights are judged against the file before the experts are read.
            Aggregator aggregator = new Aggregator(architecture, files.size(), config, store, init);
            weights.fill(store);
            for (ExpertFiles.Expert file : files) {
                experts.add(UnetModel.load(file.path(), parent));
            }
            return new AfaEnsemble(experts, files, config, store, aggregator, provenance);
        } catch (ModelFileException | RuntimeException e) {
            experts.forEach(UnetModel::close);
            store.close();
            throw e;
        }
    }

    /** Saves this ensemble's aggregator weights with the experts' references, atomically. */
    public void save(Path file, Provenance provenance) throws ModelFileException {
        save(file, parameters, provenance);
    }

    /**
     * Saves {@code weights} (this aggregator's layout, e.g. its EMA) as an ensemble file naming this ensemble's
     * experts relative to {@code file}'s folder, with the hashes they had when the ensemble was assembled.
     */
    public void save(Path file, ParameterStore weights, Provenance provenance) throws ModelFileException {
        EnsembleConfig config = new EnsembleConfig(architecture(), ExpertFiles.references(file, expertFiles),
                aggregatorConfig);
        weights.save(file, ModelMetadata.of(config, provenance).withExtra(Map.of(KIND_KEY, KIND)));
    }

    /** The AFA ensemble as an ε-predictor (for {@code UnetSampler} and {@code UnetLoss}). */
    public EnsembleNetwork network() {
        return network;
    }

    public Aggregator aggregator() {
        return aggregator;
    }

    /** The aggregator's parameters: all an ensemble trains. */
    public ParameterStore aggregatorParameters() {
        return parameters;
    }

    public List<UnetModel> experts() {
        return experts;
    }

    /** The expert files, absolute. */
    public List<Path> expertFiles() {
        return expertFiles.stream().map(ExpertFiles.Expert::path).toList();
    }

    public UnetConfig architecture() {
        return experts.get(0).config();
    }

    /** A manager that lives as long as the ensemble, for jobs' sub-managers. */
    public NDManager manager() {
        return parameters.manager();
    }

    /** Provenance from the file, or null for an ensemble that was never saved. */
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void close() {
        parameters.close();
        experts.forEach(UnetModel::close);
    }
}
