package dev.tessera.generation.acdit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.generation.engine.ChildJvm;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model files that are valid safetensors but lie: a config edited inside a real file, weights that
 * are all NaN, sparse files that declare gigabytes. Each is refused before the network is built or
 * a tensor read, with a message naming the file and the field or tensor at fault.
 */
class HostileModelFileTest {

    /** The bound the issue sets: a hostile config costs less than this to refuse. */
    private static final long ALLOCATION_BOUND = 100L << 20;

    @TempDir static Path dir;
    private static Path valid;

    @BeforeAll
    static void writeValidModel() throws IOException {
        valid = TinyAcditModelFile.write(dir.resolve("valid.safetensors"));
    }

    static Stream<Arguments> hostileConfigs() {
        return Stream.of(
                config("depth-huge", "depth", c -> c.put("depth", 100_000)),
                config("depth-max-int", "depth", c -> c.put("depth", Integer.MAX_VALUE)),
                config("mlp-ratio-huge", "mlpRatio", c -> c.put("mlpRatio", 100_000)),
                config("image-size-huge", "imageSize", c -> c.put("imageSize", 65_536)),
                config("width-huge", "width", c -> c.put("width", 65_536)),
                config("prompt-dim-float", "promptDim", c -> c.put("promptDim", 1e8)),
                config("prompt-dim-huge", "promptDim", c -> c.put("promptDim", 100_000_000)),
                config("heads-huge", "heads", c -> c.put("heads", 1 << 20)),
                config("frames-huge", "frames", c -> c.put("frames", 1 << 20)),
                config("depth-zero", "depth", c -> c.put("depth", 0)),
                config("width-negative", "width", c -> c.put("width", -128)),
                config("tokens-huge", "tokens", c -> c.put("imageSize", 256).put("patchSize", 1).put("blockSide", 1)),
                config("parameters-huge", "parameters", c -> c.put("width", 2048).put("depth", 64).put("heads", 16)),
                // Plausible sizes, but not the ones the file's tensors have.
                config("depth-off-by-one", "layers.2", c -> c.put("depth", 3)),
                config("width-doubled", "the config implies F32[64]", c -> c.put("width", 64)),
                config("prompt-dim-smaller", "cond.prompt.weight", c -> c.put("promptDim", 128)),
                config("one-style", "cond.style", c -> c.putArray("styles").add("GOOGLE")));
    }

    private static Arguments config(String name, String field, Consumer<ObjectNode> edit) {
        return Arguments.of(name, field, edit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileConfigs")
    void anEditedConfigIsRefusedNamingFileAndFieldBeforeAnythingIsAllocated(String name, String field,
            Consumer<ObjectNode> edit) throws Exception {
        Path file = HostileModelFiles.withConfig(valid, dir.resolve(name + ".safetensors"), edit);
        ModelFileException refused = refusedWithin(ALLOCATION_BOUND, file);
        assertTrue(refused.getMessage().startsWith(file.toString()), refused.getMessage());
        assertTrue(refused.problem().contains(field), refused.getMessage());
        assertTrue(refused.getMessage().length() < 500, refused.getMessage());
    }

    @Test
    void weightsThatAreAllNaNOrInfiniteAreRefusedNamingTheTensor() throws Exception {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Path file = HostileModelFiles.withTensorFilled(valid, dir.resolve("bad-" + bad + ".safetensors"),
                    "layers.0.attn.qkv.weight", bad);
            ModelFileException refused = refusedWithin(ALLOCATION_BOUND, file);
            assertTrue(refused.problem().contains("'layers.0.attn.qkv.weight'") && refused.problem().contains("non-finite"),
                    refused.getMessage());
        }
    }

    @Test
    void aSparseFileDeclaringGigabytesIsRefusedFromItsHeader() throws Exception {
        Path one = HostileModelFiles.sparse(valid, dir.resolve("one-2g.safetensors"), 550_000_000L);
        Path four = HostileModelFiles.sparse(valid, dir.resolve("four-1.9g.safetensors"),
                475_000_000L, 475_000_000L, 475_000_000L, 475_000_000L);
        assertTrue(Files.size(four) > 7_000_000_000L);
        for (Path file : List.of(one, four)) {
            ModelFileException refused = refusedWithin(ALLOCATION_BOUND, file);
            assertTrue(refused.problem().contains("'big.0'"), refused.getMessage());
        }
    }

    @Test
    void theGenericReaderRefusesTensorsBeyondTheHeapLeftBeforeReadingThem() throws Exception {
        Path four = HostileModelFiles.sparse(valid, dir.resolve("generic-4x1.9g.safetensors"),
                475_000_000L, 475_000_000L, 475_000_000L, 475_000_000L);
        long before = allocatedBytes();
        ModelFileException refused = assertThrows(ModelFileException.class, () -> SafetensorsReader.read(four));
        assertTrue(allocatedBytes() - before < ALLOCATION_BOUND, "allocated " + (allocatedBytes() - before));
        assertTrue(refused.problem().contains("declares 7600000000 bytes"), refused.getMessage());
    }

    /**
     * The worst cases in a JVM of 128 MB heap, as a user's would meet them: each refused with the
     * file named, none ending in an OutOfMemoryError or a hang (the child is killed after a minute).
     */
    @Test
    void inASmallHeapEveryHostileFileIsRefusedQuickly() throws Exception {
        List<String> files = new ArrayList<>();
        files.add(HostileModelFiles.withConfig(valid, dir.resolve("child-depth.safetensors"), c -> c.put("depth", 100_000)).toString());
        files.add(HostileModelFiles.withConfig(valid, dir.resolve("child-depth-max.safetensors"),
                c -> c.put("depth", Integer.MAX_VALUE)).toString());
        files.add(HostileModelFiles.withConfig(valid, dir.resolve("child-mlp.safetensors"), c -> c.put("mlpRatio", 100_000)).toString());
        files.add(HostileModelFiles.sparse(valid, dir.resolve("child-sparse.safetensors"),
                475_000_000L, 475_000_000L, 475_000_000L, 475_000_000L).toString());
        files.add(HostileModelFiles.withTensorFilled(valid, dir.resolve("child-nan.safetensors"), "final.out.weight",
                Float.NaN).toString());
        Process child = ChildJvm.of(List.of("-Xmx128m"), LoadModelFiles.class, files.toArray(String[]::new))
                .redirectErrorStream(true).start();
        boolean done = child.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            child.destroyForcibly();
        }
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "the child did not finish within 120 s:\n" + output);
        List<String> lines = output.lines().filter(l -> l.matches("^(REFUSED|LOADED|FAILED)\t.*")).toList();
        assertEquals(files.size(), lines.size(), output);
        for (int i = 0; i < files.size(); i++) {
            String[] parts = lines.get(i).split("\t", 4);
            assertEquals("REFUSED", parts[0], lines.get(i));
            assertTrue(parts[3].startsWith(files.get(i)), lines.get(i));
            assertTrue(Long.parseLong(parts[2]) < ALLOCATION_BOUND, lines.get(i));
            System.out.println("child: " + lines.get(i));
        }
    }

    private static ModelFileException refusedWithin(long allocationBound, Path file) throws Exception {
        try (NDManager manager = OfflineEngine.newManager()) {
            long before = allocatedBytes();
            ModelFileException refused = assertThrows(ModelFileException.class, () -> AcditModel.load(file, manager).close());
            long allocated = allocatedBytes() - before;
            assertTrue(allocated < allocationBound, file + " allocated " + allocated + " bytes before it was refused");
            return refused;
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
