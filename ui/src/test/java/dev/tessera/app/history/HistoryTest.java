package dev.tessera.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.tessera.app.video.ClipRecipe;
import dev.tessera.app.video.ClipRendering;

class HistoryTest {

    @TempDir Path folder;

    static Recipe recipe(String prompt, String model, long seed) {
        return new Recipe(Recipe.VERSION, prompt, "google", seed, 10, 1.5, 0.5, "dpm++2m", model, "0123456789", 32, 32, null);
    }

    static Path write(Path file, Recipe recipe, String when, int grey) throws Exception {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, grey * 0x010101);
        RecipePng.write(file, image, recipe);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(when)));
        return file;
    }

    @Test
    void listsRecipePngsNewestFirstAndReportsBrokenOnes() throws Exception {
        write(folder.resolve("2026-11-20/1-cat.png"), recipe("cat face", "tiny", 1), "2026-11-20T10:00:00Z", 1);
        write(folder.resolve("2026-11-27/2-dog.png"), recipe("dog", "big", 2), "2026-11-27T10:00:00Z", 2);
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", folder.resolve("plain.png").toFile());
        Files.writeString(folder.resolve("2026-11-27/broken.png"), "not a png");
        History.Listing listing = new History(folder).list();
        assertEquals(List.of("dog", "cat face"), listing.entries().stream().map(e -> e.recipe().prompt()).toList());
        assertEquals(1, listing.problems().size());
        assertTrue(listing.problems().get(0).startsWith("2026-11-27/broken.png: "), listing.problems().get(0));
    }

    @Test
    void listsClipFoldersWithTheirRecipeAndSkipsHalfWrittenOnes() throws Exception {
        write(folder.resolve("2026-11-20/1-cat.png"), recipe("cat face", "tiny", 1), "2026-11-20T10:00:00Z", 1);
        ClipRecipe clip = new ClipRecipe(ClipRecipe.VERSION, recipe("rocket moving up", "video", 5), 4, 4, 6);
        float[] frames = new float[4 * 3 * 32 * 32];
        frames[3 * 32 * 32 * 2] = 1; // frame 2 differs from the others
        Path written = ClipRendering.writeNew(folder.resolve("2026-11-27/5-rocket"), clip, frames, 1);
        assertEquals(Files.getPosixFilePermissions(Files.createDirectory(folder.resolve("2026-11-27/plain"))),
                Files.getPosixFilePermissions(written), "a clip's folder has the permissions of any new folder");
        // a folder a crash left under its temporary name, and one without a clip recipe, are not clips
        Files.createDirectories(folder.resolve("2026-11-27/.5-rocket.partial-1"));
        Files.writeString(folder.resolve("2026-11-27/.5-rocket.partial-1/clip.json"), clip.toJson());
        Files.createDirectories(folder.resolve("2026-11-27/notes"));

        List<HistoryEntry> entries = new History(folder).list().entries();
        assertEquals(2, entries.size(), entries.toString());
        HistoryEntry entry = entries.stream().filter(HistoryEntry::isClip).findFirst().orElseThrow();
        assertEquals(written, entry.file());
        assertEquals(clip, entry.clip());
        assertEquals("rocket moving up", entry.recipe().prompt());
        assertEquals(written.resolve("frame-000.png"), entry.picture());
        for (int f = 0; f < 4; f++) {
            assertEquals(32, ImageIO.read(entry.frame(f).toFile()).getWidth());
        }
        // the same name again is not written into: the next clip gets -2
        assertEquals(folder.resolve("2026-11-27/5-rocket-2"), ClipRendering.writeNew(folder.resolve("2026-11-27/5-rocket"),
                clip, frames, 1));
    }

    @Test
    void filtersByPromptTextModelAndDate() throws Exception {
        write(folder.resolve("a.png"), recipe("Cat face", "tiny", 1), "2026-11-20T10:00:00Z", 1);
        write(folder.resolve("b.png"), recipe("smiling cat", "big", 2), "2026-11-25T10:00:00Z", 2);
        write(folder.resolve("c.png"), recipe("dog", "tiny", 3), "2026-11-27T10:00:00Z", 3);
        List<HistoryEntry> all = new History(folder).list().entries();
        assertEquals(List.of("smiling cat", "Cat face"), prompts(all, new HistoryFilter("CAT", "", null, null)));
        assertEquals(List.of("dog", "Cat face"), prompts(all, new HistoryFilter("", "tiny", null, null)));
        assertEquals(List.of("smiling cat"), prompts(all,
                new HistoryFilter("", "", LocalDate.parse("2026-11-21"), LocalDate.parse("2026-11-26"))));
        assertEquals(List.of("dog", "smiling cat"), prompts(all, new HistoryFilter(" ", "", LocalDate.parse("2026-11-25"), null)));
        assertEquals(List.of(), prompts(all, new HistoryFilter("cat", "tiny", LocalDate.parse("2026-11-21"), null)));
    }

    @Test
    void filtersByStyleAndFindsTheBatchOfAnImage() throws Exception {
        Recipe first = new Recipe(Recipe.VERSION, "cat face", "twitter", 10, 10, 4, 1, "dpm++2m", "tiny", "0123456789",
                32, 32, new Recipe.Batch(0, 3));
        write(folder.resolve("10.png"), first, "2026-11-20T10:00:00Z", 1);
        write(folder.resolve("12.png"), new Recipe(Recipe.VERSION, "cat face", "twitter", 12, 10, 4, 1, "dpm++2m", "tiny",
                "0123456789", 32, 32, new Recipe.Batch(2, 3)), "2026-11-20T10:00:02Z", 2);
        write(folder.resolve("11-other-model.png"), new Recipe(Recipe.VERSION, "cat face", "twitter", 11, 10, 4, 1,
                "dpm++2m", "tiny", "9999999999", 32, 32, new Recipe.Batch(1, 3)), "2026-11-20T10:00:01Z", 3);
        write(folder.resolve("alone.png"), recipe("dog", "tiny", 11), "2026-11-21T10:00:00Z", 4);
        List<HistoryEntry> all = new History(folder).list().entries();
        assertEquals(List.of("dog"), prompts(all, new HistoryFilter("", "", "google", null, null)));
        assertEquals(3, prompts(all, new HistoryFilter("", "", "twitter", null, null)).size());

        HistoryEntry ten = all.stream().filter(e -> e.recipe().seed() == 10).findFirst().orElseThrow();
        assertEquals(List.of("10.png", "12.png"), History.batchOf(ten, all).stream()
                .map(e -> e.file().getFileName().toString()).toList(), "same request and model file, in batch order");
        HistoryEntry alone = all.stream().filter(e -> e.recipe().prompt().equals("dog")).findFirst().orElseThrow();
        assertEquals(List.of(alone), History.batchOf(alone, all));
    }

    private static List<String> prompts(List<HistoryEntry> entries, HistoryFilter filter) {
        return History.filter(entries, filter, ZoneOffset.UTC).stream().map(e -> e.recipe().prompt()).toList();
    }

    @Test
    void pixelComparisonReportsTheLargestChannelDifference() {
        BufferedImage a = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        assertEquals("identical", PixelComparison.of(a, b).describe());
        b.setRGB(1, 1, 0x000700);
        b.setRGB(0, 1, 0x030000);
        PixelComparison diff = PixelComparison.of(a, b);
        assertEquals(7, diff.maxAbsDelta());
        assertEquals("differs: max |Δ| = 7 (of 255)", diff.describe());
        assertEquals("differs: the pictures have different sizes",
                PixelComparison.of(a, new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB)).describe());
    }
}
