package dev.tessera.generation.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs the real all-MiniLM-L6-v2 encoder. */
class PromptEncoderTest {

    private final PromptEncoder encoder = PromptEncoder.shared();

    @Test
    void embeddingsHave384Dimensions() {
        assertEquals(384, encoder.encode("cat face").dimension());
    }

    @Test
    void meaningIsNearerThanUnrelatedText() {
        PromptEmbedding happy = encoder.encode("happy face");
        double toGrinning = happy.cosine(encoder.encode("grinning face"));
        double toCar = happy.cosine(encoder.encode("red car"));
        assertTrue(toGrinning > toCar + 0.1, "grinning " + toGrinning + " vs car " + toCar);
    }

    @Test
    void normalisedPromptsShareOneCachedEmbedding() {
        PromptEmbedding a = encoder.encode("  rocket   ship ");
        PromptEmbedding b = encoder.encode("rocket ship");
        assertSame(a, b);
        assertEquals("rocket ship", a.text());
    }

    @Test
    void sameTextGivesIdenticalBits() {
        PromptEncoder fresh = new PromptEncoder(new dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel());
        assertArrayEquals(encoder.encode("waving hand: medium skin tone").vector(),
                fresh.encode("waving hand: medium skin tone").vector());
    }

    @Test
    void emptyPromptIsUnconditionalZeros() {
        PromptEmbedding none = encoder.encode("   ");
        assertTrue(none.isUnconditional());
        assertArrayEquals(new float[384], none.vector());
    }

    @Test
    void invalidPromptsAreRejectedBeforeEncoding() {
        int before = encoder.cachedPrompts();
        assertThrows(InvalidPromptException.class, () -> encoder.encode("x".repeat(600)));
        assertThrows(InvalidPromptException.class, () -> encoder.encode("bad\u0000prompt"));
        assertEquals(before, encoder.cachedPrompts());
    }

    @Test
    void returnedVectorsCannotChangeTheCache() {
        float[] v = encoder.encode("star").vector();
        v[0] = 1000f;
        assertTrue(encoder.encode("star").vector()[0] != 1000f);
    }
}
