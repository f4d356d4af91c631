package dev.tessera.app.queue;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.io.ByteMutator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue file reader under a seeded mutation fuzzer ({@link ByteMutator}): a journal with jobs
 * of every kind, mutated, must open as its jobs or be moved aside as unreadable with the queue
 * empty and paused. Nothing may escape as another exception. A longer run:
 * {@code -Dtest=QueueFileFuzzTest -Dtessera.fuzz.iterations=20000}.
 */
class QueueFileFuzzTest {

    @TempDir Path dir;

    @Test
    void aMutatedJournalOpensOrIsMovedAsideAndNothingElseHappens() throws Exception {
        long seed = Long.getLong("tessera.fuzz.seed", 20_261_128L);
        int iterations = Integer.getInteger("tessera.fuzz.iterations", 400);
        Path source = dir.resolve("source");
        try (RenderQueue queue = RenderQueue.open(source)) {
            GenerationRequest request = GenerationRequest.of("cat face", "google", 3);
            queue.add(request, dir.resolve("out"), dir.resolve("m.safetensors"));
            queue.addSweep(request.withCount(2), List.of("dog", "owl"), List.of(1L, 2L), SweepSetting.STEPS, List.of("5", "9"), dir.resolve("out"),
                    dir.resolve("m.safetensors"));
            queue.pause();
        }
        byte[] journal = Files.readAllBytes(source.resolve(QueueJournal.FILE_NAME));
        SplittableRandom random = new SplittableRandom(seed);
        int readable = 0;
        for (int i = 0; i < iterations; i++) {
            Path folder = Files.createDirectories(dir.resolve("q" + i));
            byte[] bytes = ByteMutator.mutate(journal, random);
            Files.write(folder.resolve(QueueJournal.FILE_NAME), bytes);
            try (RenderQueue queue = RenderQueue.open(folder)) {
                if (queue.openingProblem().isEmpty()) {
                    readable++;
                } else {
                    assertTrue(queue.isPaused() && queue.jobs().isEmpty(), "an unreadable journal must start empty and paused");
                }
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + ", iteration " + i + ": " + e + "\n" + new String(bytes), e);
            }
        }
        System.out.printf("fuzzed %d journals (seed %d), %d still readable%n", iterations, seed, readable);
    }
}
