package dev.tessera.app.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several writers put a clip under the same name at the same moment, as two {@code generate --video}
 * runs with one {@code --out} do: every clip must end up under its own name, none replaced or mixed
 * into another (a GIF, an MP4 or a folder of frames).
 */
class ConcurrentClipWritersTest {

    private static final int WRITERS = 4;
    private static final int ROUNDS = 4;
    private static final int FRAMES = 2;

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"clip.gif", "clip.mp4", "clip"})
    void writersRacingForOneNameNeverReplaceEachOther(String name) throws Exception {
        ClipRecipe recipe = recipe();
        float[] clip = new float[FRAMES * 3 * recipe.frame().width() * recipe.frame().width()];
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Path out = dir.resolve("round-" + round).resolve(name);
                CyclicBarrier start = new CyclicBarrier(WRITERS);
                List<Future<Path>> writes = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    writes.add(pool.submit(() -> {
                        start.await();
                        return ClipRendering.writeNew(List.of(out, sibling(out, 2), sibling(out, 3), sibling(out, 4)),
                                recipe, clip, 1);
                    }));
                }
                Set<Path> claimed = new HashSet<>();
                for (Future<Path> write : writes) {
                    claimed.add(write.get());
                }
                assertEquals(WRITERS, claimed.size(), "round " + round + ": two writers reported the same name");
                for (Path file : claimed) {
                    assertTrue(Files.isDirectory(file) ? Files.exists(file.resolve(ClipRendering.RECIPE_FILE))
                            : Files.size(file) > 0, file + " is not a whole clip");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExistingFileIsNeverWrittenInto() throws Exception {
        Path taken = dir.resolve("clip.gif");
        byte[] before = {1, 2, 3};
        Files.write(taken, before);
        ClipRecipe recipe = recipe();
        float[] clip = new float[FRAMES * 3 * recipe.frame().width() * recipe.frame().width()];
        Path written = ClipRendering.writeNew(List.of(taken, sibling(taken, 2)), recipe, clip, 1);
        assertEquals(sibling(taken, 2), written);
        assertArrayEquals(before, Files.readAllBytes(taken));
    }

    private static Path sibling(Path out, int n) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.resolveSibling(dot < 0 ? name + "-" + n : name.substring(0, dot) + "-" + n + name.substring(dot));
    }

    private ClipRecipe recipe() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"));
        try (GenerationService service = GenerationService.open(model)) {
            return new ClipRecipe(ClipRecipe.VERSION, service.recipe(GenerationRequest.of("cat face", "google", 3), 0),
                    FRAMES, FRAMES, 8);
        }
    }
}
