package dev.tessera.generation.acdit.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.io.ByteMutator;
import dev.tessera.generation.judge.JudgeModel;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded, deterministic mutation fuzzer over the model file readers: the safetensors reader, the
 * ACDiT loader and the judge loader. Inputs are the hand-made hostile files under
 * {@code src/test/resources/fuzz/safetensors}, and a real tiny ACDiT file, each
 * mutated (bit flips, interesting bytes, digit runs made huge, inserted, deleted or truncated
 * ranges, a new header length: {@link ByteMutator}). Every input must load or be refused with a
 * {@link ModelFileException}; anything else, or an allocation beyond the bound, fails the test with
 * the seed, the iteration and the input saved under {@code target/fuzz-failures}.
 *
 * <p>The build runs {@value #DEFAULT_ITERATIONS} inputs; a longer run:
 * {@code mvn -o test -pl generation -Dtest=ModelFileFuzzTest -Dtessera.fuzz.iterations=100000 -Dtessera.fuzz.seed=7}.
 */
class ModelFileFuzzTest {

    static final int DEFAULT_ITERATIONS = 1500;
    /** An input may cost its own size a few times over in memory, plus this. */
    static final long ALLOCATION_BOUND = 100L << 20;

    @TempDir Path dir;

    @Test
    void noMutatedModelFileCrashesHangsOrAllocatesBeyondItsBound() throws Exception {
        long seed = Long.getLong("tessera.fuzz.seed", 20_261_128L);
        int iterations = Integer.getInteger("tessera.fuzz.iterations", DEFAULT_ITERATIONS);
        List<byte[]> corpus = corpus();
        SplittableRandom random = new SplittableRandom(seed);
        Path input = dir.resolve("input.safetensors");
        int loaded = 0;
        try (NDManager manager = OfflineEngine.newManager()) {
            for (int i = 0; i < iterations; i++) {
                byte[] bytes = ByteMutator.mutate(corpus.get(random.nextInt(corpus.size())), random);
                Files.write(input, bytes);
                long before = allocatedBytes();
                try {
                    loaded += tryAll(input, manager);
                } catch (RuntimeException | Error e) {
                    fail("seed " + seed + ", iteration " + i + ": " + e + " (input saved as " + save(bytes, seed, i) + ")", e);
                }
                long allocated = allocatedBytes() - before;
                if (allocated > ALLOCATION_BOUND + 4L * bytes.length) {
                    fail("seed " + seed + ", iteration " + i + ": allocated " + allocated + " bytes for an input of "
                            + bytes.length + " (input saved as " + save(bytes, seed, i) + ")");
                }
            }
        }
        System.out.printf("fuzzed %d inputs (seed %d), %d of the reads succeeded%n", iterations, seed, loaded);
        assertTrue(loaded > 0, "no mutated input was ever read: the mutations are too coarse to test the happy path");
    }

    /** Reads the input every way a model file is read; how many of those succeeded. */
    private static int tryAll(Path input, NDManager manager) {
        int ok = 0;
        try {
            SafetensorsReader.readMetadata(input);
            SafetensorsReader.read(input);
            ok++;
        } catch (ModelFileException expected) {
            // refused, as a bad file should be
        }
        try (AcditModel model = AcditModel.load(input, manager)) {
            ok++;
        } catch (ModelFileException expected) {
            // refused
        }
        try (JudgeModel judge = JudgeModel.load(input, manager)) {
            ok++;
        } catch (ModelFileException expected) {
            // refused
        }
        return ok;
    }

    private List<byte[]> corpus() throws IOException {
        List<byte[]> corpus = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("generation/src/test/resources/fuzz/safetensors"))) {
            for (Path file : files.sorted().toList()) {
                corpus.add(Files.readAllBytes(file));
            }
        }
        corpus.add(Files.readAllBytes(TinyAcditModelFile.write(dir.resolve("tiny.safetensors"))));
        return corpus;
    }

    private static Path save(byte[] bytes, long seed, int iteration) {
        try {
            Path folder = Files.createDirectories(Path.of("generation/target/fuzz-failures"));
            return Files.write(folder.resolve(seed + "-" + iteration + ".safetensors"), bytes);
        } catch (IOException e) {
            return Path.of("(not saved: " + e.getMessage() + ")");
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
