package dev.tessera.generation.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the committed assets/data files are exactly what {@code data import-emoji} makes from the
 * npm tarballs. Skipped where the tarballs are absent (CI); point {@code -Dtessera.emojiPackages}
 * at the folder holding {@code emoji-datasource-<style>-16.0.0.tgz} (default /work/emoji-pkgs).
 */
class EmojiBundledReproducibilityTest {

    @TempDir Path temp;

    @ParameterizedTest
    @EnumSource(EmojiStyle.class)
    void importReproducesTheCommittedFileByteForByte(EmojiStyle style) throws IOException {
        Path packages = Path.of(System.getProperty("tessera.emojiPackages", "/work/emoji-pkgs"));
        Path tarball = packages.resolve(style.npmPackage() + "-16.0.0.tgz");
        assumeTrue(Files.isRegularFile(tarball), "tarball not on disk: " + tarball);
        Path committed = Path.of("assets/data", EmojiSet.fileName(style, 32));

        Path imported = EmojiImporter.importPackage(tarball, style, 32, temp).dataFile();

        assertArrayEquals(Files.readAllBytes(committed), Files.readAllBytes(imported), committed + " differs from a fresh import");
    }
}
