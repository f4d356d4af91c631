package dev.tessera.generation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input fails with one {@link DataImportException} that names the file and the
 * problem, and leaves the output folder exactly as it was (here: holding only an older file).
 */
class EmojiImportErrorsTest {

    private static final byte[] OLD_CONTENT = "previous import".getBytes(StandardCharsets.UTF_8);

    @TempDir Path temp;
    private Path out;
    private SyntheticEmojiPackage pkg;

    @BeforeEach
    void setUp() throws IOException {
        out = Files.createDirectories(temp.resolve("out"));
        Files.write(out.resolve("emoji-google-32.bin"), OLD_CONTENT);
        pkg = SyntheticEmojiPackage.standard();
    }

    private DataImportException failImport(Path packagePath, String... expectedInMessage) throws IOException {
        DataImportException e = assertThrows(DataImportException.class,
                () -> EmojiImporter.importPackage(packagePath, EmojiStyle.GOOGLE, 32, out));
        for (String expected : expectedInMessage) {
            assertTrue(e.getMessage().contains(expected), "'" + expected + "' missing from: " + e.getMessage());
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(out.resolve("emoji-google-32.bin")), files.toList(), "no new or temporary files");
        }
        assertTrue(Arrays.equals(OLD_CONTENT, Files.readAllBytes(out.resolve("emoji-google-32.bin"))), "old file untouched");
        return e;
    }

    @Test
    void missingTarball() throws IOException {
        failImport(temp.resolve("nope.tgz"), "nope.tgz", "not found");
    }

    @Test
    void fileThatIsNotGzip() throws IOException {
        Path bogus = Files.writeString(temp.resolve("bogus.tgz"), "this is not a tarball");
        failImport(bogus, "bogus.tgz", "not a readable npm tarball");
    }

    @Test
    void truncatedTarball() throws IOException {
        Path tgz = pkg.writeTarball(temp.resolve("whole.tgz"));
        byte[] bytes = Files.readAllBytes(tgz);
        Path cut = Files.write(temp.resolve("cut.tgz"), Arrays.copyOf(bytes, bytes.length / 2));
        failImport(cut, "cut.tgz", "not a readable npm tarball");
    }

    @Test
    void tarballWithoutEmojiJson() throws IOException {
        failImport(pkg.writeTarball(temp.resolve("p.tgz"), true), "p.tgz", "no package/emoji.json");
    }

    @Test
    void emojiJsonThatIsNotJson() throws IOException {
        Path folder = pkg.writeFolder(temp.resolve("unpacked"));
        Files.writeString(folder.resolve("package/emoji.json"), "[{\"name\": ");
        failImport(folder, "emoji.json", "not valid JSON");
    }

    @Test
    void corruptPng() throws IOException {
        pkg.files.put(SyntheticEmojiPackage.imagePath("1f600.png"), "garbage, not a PNG".getBytes(StandardCharsets.UTF_8));
        failImport(pkg.writeTarball(temp.resolve("p.tgz")), "1f600.png", "PNG");
    }

    @Test
    void truncatedPng() throws IOException {
        byte[] png = pkg.files.get(SyntheticEmojiPackage.imagePath("1f600.png"));
        pkg.files.put(SyntheticEmojiPackage.imagePath("1f600.png"), Arrays.copyOf(png, 60));
        failImport(pkg.writeTarball(temp.resolve("p.tgz")), "1f600.png", "PNG");
    }

    @Test
    void pngOfTheWrongSize() throws IOException {
        pkg.files.put(SyntheticEmojiPackage.imagePath("1f600.png"), pkg.png(SyntheticEmojiPackage.solid(0xFF00FF00, 32)));
        failImport(pkg.writeTarball(temp.resolve("p.tgz")), "1f600.png", "32×32", "expected 64×64");
    }

    @Test
    void imageFileThatEmojiJsonDoesNotName() throws IOException {
        pkg.files.put(SyntheticEmojiPackage.imagePath("1f9ff.png"), pkg.png(SyntheticEmojiPackage.solid(0xFF0000FF)));
        failImport(pkg.writeTarball(temp.resolve("p.tgz")), "1f9ff.png", "not named by any emoji.json entry");
    }

    @Test
    void emojiJsonEntryWhoseImageIsMissing() throws IOException {
        pkg.files.remove(SyntheticEmojiPackage.imagePath("1f44b-1f3fd.png"));
        failImport(pkg.writeTarball(temp.resolve("p.tgz")), "1f44b-1f3fd.png", "missing", "1F44B-1F3FD");
    }

    @Test
    void packageWithoutImagesOfTheStyle() throws IOException {
        Path tgz = pkg.writeTarball(temp.resolve("p.tgz"));
        DataImportException e = assertThrows(DataImportException.class,
                () -> EmojiImporter.importPackage(tgz, EmojiStyle.TWITTER, 32, out));
        assertTrue(e.getMessage().contains("img/twitter/64"), e.getMessage());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void unknownStyle() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmojiStyle.parse("apple"));
        assertTrue(e.getMessage().contains("'apple'") && e.getMessage().contains("google, twitter"), e.getMessage());
        assertEquals(EmojiStyle.TWITTER, EmojiStyle.parse(" Twitter "));
    }
}
