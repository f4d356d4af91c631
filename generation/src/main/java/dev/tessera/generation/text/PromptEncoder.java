package dev.tessera.generation.text;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.tessera.generation.engine.OfflineEngine;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text → 384 floats with the pretrained all-MiniLM-L6-v2 sentence encoder (ONNX weights shipped
 * inside its jar, so nothing is downloaded). Embeddings are cached per normalised prompt because
 * a render queue asks for the same few prompts over and over.
 */
public final class PromptEncoder {

    public static final int DIMENSION = 384;
    private static final int CACHE_ENTRIES = 8192;

    private static volatile PromptEncoder shared;

    private final EmbeddingModel model;
    private final Map<String, PromptEmbedding> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PromptEmbedding> eldest) {
                    return size() > CACHE_ENTRIES;
                }
            });

    PromptEncoder(EmbeddingModel model) {
        this.model = model;
    }

    /**
     * The process-wide encoder; the ONNX session is loaded once, on first use.
     *
     * @throws IllegalStateException when first asked for after the JVM began shutting down
     */
    public static PromptEncoder shared() {
        PromptEncoder local = shared;
        if (local == null) {
            synchronized (PromptEncoder.class) {
                local = shared;
                if (local == null) {
                    OfflineEngine.configure(); // its tokenizer is DJL's: natives into the data folder, not ~/.djl.ai
                    // Else a Ctrl-C while the session loads frees ONNX Runtime's environment under it.
                    OnnxEnvironmentPin.pinUntilExit();
                    local = new PromptEncoder(new AllMiniLmL6V2EmbeddingModel());
                    shared = local;
                }
            }
        }
        return local;
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
        return cache.computeIfAbsent(text, t -> new PromptEmbedding(t, model.embed(t).content().vector()));
    }

    /** Number of prompts currently cached (for tests and diagnostics). */
    public int cachedPrompts() {
        return cache.size();
    }
}
