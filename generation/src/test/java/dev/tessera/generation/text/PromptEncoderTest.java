package dev.tessera.generation.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        PromptEncoder fresh = new PromptEncoder(PromptEncoder::loadMiniLm, PromptVectorStore.NONE);
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

    @Test
    void aVectorStoredByOneProcessIsTheNextOnesWithoutLoadingTheEncoder(@TempDir Path dir) throws Exception {
        PromptVectorStore store = PromptVectorStore.in(dir, "test encoder");
        AtomicInteger loads = new AtomicInteger();
        Supplier<EmbeddingModel> loader = () -> {
            loads.incrementAndGet();
            return PromptEncoder.loadMiniLm();
        };
        PromptEncoder first = new PromptEncoder(loader, store);
        float[] made = first.encode("red heart").vector();
        assertEquals(1, loads.get());
        assertArrayEquals(encoder.encode("red heart").vector(), made, 0f, "the encoder's own vector");

        PromptEncoder next = new PromptEncoder(loader, store);
        assertArrayEquals(made, next.encode("  red   heart ").vector(), 0f, "read back bit for bit");
        assertFalse(next.modelLoaded(), "a stored prompt needs no ONNX session");
        assertEquals(1, loads.get());
        next.encode("blue heart");
        assertTrue(next.modelLoaded());
        assertEquals(2, loads.get(), "a new prompt loads it");
    }

    @Test
    void aDamagedOrForeignVectorFileIsAMissNeverAWrongVector(@TempDir Path dir) throws Exception {
        PromptVectorStore store = PromptVectorStore.in(dir, "test encoder");
        float[] vector = encoder.encode("rocket").vector();
        store.write("rocket", vector);
        Path file = store.file("rocket");
        byte[] whole = Files.readAllBytes(file);
        assertArrayEquals(vector, store.read("rocket", 384).orElseThrow(), 0f);

        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 3)); // truncated
        assertTrue(store.read("rocket", 384).isEmpty());
        byte[] nan = whole.clone();
        nan[4] = nan[5] = nan[6] = (byte) 0xFF;
        nan[7] = (byte) 0x7F; // the first float a NaN
        Files.write(file, nan);
        assertTrue(store.read("rocket", 384).isEmpty());
        Files.write(file, whole);
        assertTrue(PromptVectorStore.in(dir, "another encoder").read("rocket", 384).isEmpty(), "another encoder's");
        Files.move(file, store.file("rocket ship"));
        assertTrue(store.read("rocket ship", 384).isEmpty(), "a file whose prompt is not the one asked for");

        // The encoder then encodes and writes the file again.
        Files.write(file, new byte[] {1, 2, 3});
        PromptEncoder next = new PromptEncoder(PromptEncoder::loadMiniLm, store);
        assertArrayEquals(vector, next.encode("rocket").vector(), 0f);
        assertArrayEquals(vector, store.read("rocket", 384).orElseThrow(), 0f);
    }

    @Test
    void anUnwritableStoreStillEncodes(@TempDir Path dir) throws Exception {
        Path blocked = dir.resolve("a-file");
        Files.writeString(blocked, "not a folder");
        PromptEncoder unwritable = new PromptEncoder(PromptEncoder::loadMiniLm,
                PromptVectorStore.in(blocked.resolve("vectors"), "test encoder"));
        assertArrayEquals(encoder.encode("cat face").vector(), unwritable.encode("cat face").vector(), 0f);
    }
}
