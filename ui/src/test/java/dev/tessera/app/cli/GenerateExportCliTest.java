package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.app.CliRun;
import dev.tessera.app.export.ImageGrid;
import dev.tessera.app.export.TransparentBackground;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.generation.acdit.model.TinyAcditModelFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --transparent} and {@code --grid}: the studio's exports, from the command line. */
class GenerateExportCliTest {

    private static final String FAST = "assets/models/acdit-default-fast.safetensors";

    @TempDir Path dir;

    @Test
    void transparentImagesClearOnlyTheBorderConnectedWhiteAndKeepTheirRecipe() throws Exception {
        List<Path> plain = written(generate(FAST, "plain", "-n", "2", "--seed", "11"));
        List<Path> clear = written(generate(FAST, "clear", "-n", "2", "--seed", "11", "--transparent"));
        assertEquals(2, clear.size());
        int floor = 255 - TransparentBackground.DEFAULT_TOLERANCE;
        for (int i = 0; i < plain.size(); i++) {
            BufferedImage opaque = ImageIO.read(plain.get(i).toFile());
            BufferedImage cut = ImageIO.read(clear.get(i).toFile());
            assertEquals(opaque.getWidth(), cut.getWidth());
            int cleared = 0;
            for (int y = 0; y < cut.getHeight(); y++) {
                for (int x = 0; x < cut.getWidth(); x++) {
                    int was = opaque.getRGB(x, y);
                    int now = cut.getRGB(x, y);
                    int alpha = now >>> 24;
                    String where = clear.get(i).getFileName() + " at " + x + "," + y;
                    assertEquals(was & 0xffffff, now & 0xffffff, "colour kept " + where);
                    assertTrue(alpha == 0 || alpha == 255, where);
                    boolean white = ((was >> 16) & 0xff) >= floor && ((was >> 8) & 0xff) >= floor && (was & 0xff) >= floor;
                    if (alpha == 0) {
                        cleared++;
                        assertTrue(white, "only near-white is cleared " + where);
                    }
                    boolean border = x == 0 || y == 0 || x == cut.getWidth() - 1 || y == cut.getHeight() - 1;
                    if (border && white) {
                        assertEquals(0, alpha, "white at the border is background " + where);
                    }
                }
            }
            int all = cut.getWidth() * cut.getHeight();
            assertTrue(cleared > all / 10 && cleared < all, "an emoji on white: " + cleared + " of " + all + " cleared");
            Recipe before = RecipePng.readRecipe(plain.get(i)).orElseThrow();
            Recipe after = RecipePng.readRecipe(clear.get(i)).orElseThrow();
            assertEquals(before, after);
            assertEquals(RecipePng.readA1111(plain.get(i)), RecipePng.readA1111(clear.get(i)));
        }
    }

    @Test
    void aGridOfTheBatchFollowsCountAndScaleAndKeepsTheFirstImagesRecipe() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"), TinyAcditModelFile.config(16, 4));
        for (int[] countScale : new int[][] {{4, 4}, {5, 1}}) {
            int count = countScale[0];
            int scale = countScale[1];
            String name = count + "x" + scale;
            Path target = dir.resolve("sheets-" + name).resolve("grid"); // neither folder nor ".png" yet
            List<Path> files = written(generate(model.toString(), name, "-n", Integer.toString(count), "--seed", "7", "--steps", "1",
                    "--scale", Integer.toString(scale), "--grid", target.toString()));
            assertEquals(count + 1, files.size(), files.toString());
            Path grid = files.get(count);
            assertEquals(target.resolveSibling("grid.png").toAbsolutePath(), grid.toAbsolutePath());

            int cell = 16 * scale;
            int gap = ImageGrid.Layout.DEFAULT_GAP;
            int columns = (int) Math.ceil(Math.sqrt(count));
            int rows = (count + columns - 1) / columns;
            BufferedImage sheet = ImageIO.read(grid.toFile());
            assertEquals(columns * cell + (columns + 1) * gap, sheet.getWidth(), name);
            assertEquals(rows * (cell + ImageGrid.LABEL_HEIGHT) + (rows + 1) * gap, sheet.getHeight(), name);
            // The last image sits pixel for pixel in its cell.
            BufferedImage last = ImageIO.read(files.get(count - 1).toFile());
            int left = gap + ((count - 1) % columns) * (cell + gap);
            int top = gap + ((count - 1) / columns) * (cell + ImageGrid.LABEL_HEIGHT + gap);
            for (int y = 0; y < cell; y++) {
                for (int x = 0; x < cell; x++) {
                    assertEquals(last.getRGB(x, y), sheet.getRGB(left + x, top + y), name + " at " + x + "," + y);
                }
            }
            assertEquals(7, RecipePng.readRecipe(grid).orElseThrow().seed());
        }
    }

    @Test
    void badExportOptionsAreRefusedBeforeAnythingRenders() throws Exception {
        Path model = TinyAcditModelFile.write(dir.resolve("tiny.safetensors"), TinyAcditModelFile.config(16, 4));
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        Files.createDirectories(dir.resolve("folder.png"));
        assertRefused(model, "--grid " + dir.resolve("folder.png") + " is a folder", "--grid",
                dir.resolve("folder.png").toString());
        assertRefused(model, "--grid: Output folder", "--grid", file.resolve("grid.png").toString());
        assertRefused(model, "--transparent and --grid are for PNG images", "--video", "--transparent");
        assertFalse(Files.exists(dir.resolve("refused")), "nothing written");
    }

    private void assertRefused(Path model, String message, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--model", model.toString(), "--prompt", "cat face",
                "--steps", "1", "--quiet", "--out", dir.resolve("refused").toString()));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains(message), run.err());
    }

    private CliRun generate(String model, String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--model", model, "--prompt", "red heart", "--quiet",
                "--out", dir.resolve(out).toString()));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        return run;
    }

    /** The files a run says it wrote, in its order. */
    private static List<Path> written(CliRun run) {
        return run.out().lines().filter(l -> l.startsWith("wrote ")).map(l -> Path.of(l.substring(6))).toList();
    }
}
