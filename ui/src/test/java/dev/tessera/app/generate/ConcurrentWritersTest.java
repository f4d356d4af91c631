package dev.tessera.app.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.io.AtomicFiles;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers put images of the same seed and prompt into one folder at the same moment, as two
 * {@code generate} runs into one {@code --out} do: every image must end up in its own file, none
 * replaced by another.
 */
class ConcurrentWritersTest {

    private static final int WRITERS = 6;
    private static final int ROUNDS = 15;

    @TempDir Path dir;

    @Test
    void writersRacingForOneNameNeverReplaceEachOther() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try (GenerationService service = GenerationService.open(model)) {
            float[] image = new float[3 * service.imageSize() * service.imageSize()];
            for (int round = 0; round < ROUNDS; round++) {
                Path folder = dir.resolve("round-" + round);
                CyclicBarrier start = new CyclicBarrier(WRITERS);
                List<Future<List<Path>>> writes = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    // The guidance tells the writers' images apart in their recipes.
                    GenerationRequest request = new GenerationRequest("cat face", "google", 5, 3, w, 0,
                            SamplerKind.DPM_SOLVER_PP_2M, 1);
                    writes.add(pool.submit(() -> {
                        start.await();
                        return service.writeImages(request, List.of(image), folder);
                    }));
                }
                Set<Path> claimed = new HashSet<>();
                for (Future<List<Path>> write : writes) {
                    claimed.addAll(write.get());
                }
                assertEquals(WRITERS, claimed.size(), "round " + round + ": two writers reported the same file");
                Set<Double> guidances = new HashSet<>();
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        guidances.add(RecipePng.readRecipe(file).orElseThrow().guidance());
                    }
                }
                assertEquals(WRITERS, guidances.size(), "round " + round + ": an image was replaced by another");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writingNewRefusesAnExistingFileAndLeavesItAsItWas() throws Exception {
        Path file = dir.resolve("taken.txt");
        Files.writeString(file, "mine");
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.writeNew(file, out -> out.write('x')));
        assertEquals("mine", Files.readString(file));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "the temp file was left behind");
        }
    }
}
