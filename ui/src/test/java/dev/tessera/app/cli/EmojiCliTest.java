package dev.tessera.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generation.data.EmojiDataFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data sub-commands are wired up and report errors as one line. */
class EmojiCliTest {

    @TempDir Path temp;

    private static String captureErr(Runnable run) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void importOfAMissingPackageFailsWithOneErrorLineAndNoOutput() {
        Path out = temp.resolve("out");
        int[] code = new int[1];
        String err = captureErr(() -> code[0] = TesseraCli.execute("data", "import-emoji", "--package",
                temp.resolve("missing.tgz").toString(), "--style", "google", "--out-dir", out.toString()));
        assertEquals(1, code[0]);
        assertTrue(err.startsWith("error: ") && err.contains("missing.tgz"), err);
        assertTrue(Files.notExists(out.resolve("emoji-google-32.bin")));
    }

    @Test
    void unknownStyleIsAnError() {
        int[] code = new int[1];
        String err = captureErr(() -> code[0] = TesseraCli.execute("data", "import-emoji", "--package",
                temp.toString(), "--style", "apple", "--out-dir", temp.toString()));
        assertEquals(1, code[0]);
        assertTrue(err.contains("unknown emoji style 'apple'"), err);
    }

    @Test
    void contactSheetOfTheBundledSetIsAnEightByEightGrid() throws IOException {
        Path png = temp.resolve("sheet.png");
        assertEquals(0, TesseraCli.execute("data", "contact-sheet", "--style", "twitter", "--out", png.toString()));
        BufferedImage sheet = ImageIO.read(png.toFile());
        assertEquals(8 * 32 * 4, sheet.getWidth());
        assertEquals(8 * 32 * 4, sheet.getHeight());
    }

    @Test
    void statsRunOnAGivenFile() throws IOException {
        Path file = temp.resolve("g.bin");
        try (var in = EmojiCliTest.class.getResourceAsStream("/data/emoji-google-32.bin")) {
            Files.copy(in, file);
        }
        assertEquals(3786, EmojiDataFile.read(file).count());
        assertEquals(0, TesseraCli.execute("data", "stats", file.toString()));
    }
}
