package dev.tessera.generation.text;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.engine.TesseraHome;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Text → 384 floats with the pretrained all-MiniLM-L6-v2 sentence encoder (ONNX weights shipped
 * inside its jar, so nothing is downloaded). Embeddings are cached per normalised prompt because
 * a render queue asks for the same few prompts over and over: in memory, and in the user's data folder
 * ({@link PromptVectorStore}), so that the ONNX session, which takes seconds to load, is loaded only when a
 * prompt this machine never encoded comes.
 */
public final class PromptEncoder {

    public static final int DIMENSION = 384;
    private static final int CACHE_ENTRIES = 8192;

    private static volatile PromptEncoder shared;

    private final Supplier<EmbeddingModel> loader;
    private final PromptVectorStore store;
    private volatile EmbeddingModel model;
    private final Map<String, PromptEmbedding> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PromptEmbedding> eldest) {
                    return size() > CACHE_ENTRIES;
                }
            });

    PromptEncoder(Supplier<EmbeddingModel> loader, PromptVectorStore store) {
        this.loader = loader;
        this.store = store;
    }

    /**
     * The process-wide encoder, its vectors kept in Tessera's data folder; the ONNX session is loaded once, on
     * the first prompt not found there (or by {@link #loadModel}).
     */
    public static PromptEncoder shared() {
        PromptEncoder local = shared;
        if (local == null) {
            synchronized (PromptEncoder.class) {
                local = shared;
                if (local == null) {
                    local = new PromptEncoder(PromptEncoder::loadMiniLm,
                            PromptVectorStore.in(TesseraHome.current().promptVectors(), encoderId()));
                    shared = local;
                }
            }
        }
        return local;
    }

    /**
     * Loads the ONNX session now if it is not loaded yet: the studio does this in the background, so that the
     * first new prompt renders without waiting for it.
     *
     * @throws IllegalStateException when first asked for after the JVM began shutting down
     */
    public void loadModel() {
        model();
    }

    /**
     * Encodes a prompt. The empty prompt (after normalisation) is the unconditional one.
     *
     * @throws InvalidPromptException for a null, over-long or control-character prompt
     */
    public PromptEmbedding encode(String rawPrompt) {
        String text = PromptText.normalise(rawPrompt);
        if (text.isEmpty()) {
            return PromptEmbedding.unconditional(DIMENSION);
        }
        return cache.computeIfAbsent(text, t -> new PromptEmbedding(t, store.read(t, DIMENSION).orElseGet(() -> {
            float[] vector = model().embed(t).content().vector();
            store.write(t, vector);
            return vector;
        })));
    }

    /** Number of prompts currently cached (for tests and diagnostics). */
    public int cachedPrompts() {
        return cache.size();
    }

    /** Whether the ONNX session has been loaded in this process. */
    public boolean modelLoaded() {
        return model != null;
    }

    private EmbeddingModel model() {
        EmbeddingModel local = model;
        if (local == null) {
            synchronized (this) {
                local = model;
                if (local == null) {
                    local = loader.get();
                    model = local;
                }
            }
        }
        return local;
    }

    static EmbeddingModel loadMiniLm() {
        OfflineEngine.configure(); // its tokenizer is DJL's: natives into the data folder, not ~/.djl.ai
        // Else a Ctrl-C while the session loads frees ONNX Runtime's environment under it.
        OnnxEnvironmentPin.pinUntilExit();
        return new AllMiniLmL6V2EmbeddingModel();
    }

    /** The encoder and its version (the jar's name carries it): vectors of another version are not reused. */
    static String encoderId() {
        CodeSource source = AllMiniLmL6V2EmbeddingModel.class.getProtectionDomain().getCodeSource();
        String jar = source == null ? "unknown" : Path.of(source.getLocation().getPath()).getFileName().toString();
        return "all-MiniLM-L6-v2 " + jar;
    }
}
