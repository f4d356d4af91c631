package dev.tessera.app.generate;

import dev.tessera.generation.acdit.sampling.SamplingStart;
import dev.tessera.generation.image.SourceImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The source picture of an image-to-image request, as requests, queue jobs and recipes record it:
 * where it is, what it was (its SHA-256, so a replay refuses a picture that changed since), how much
 * of each block's steps runs again and which blocks are kept (see {@link SamplingStart.FromImage}).
 *
 * @param file       the picture's path (absolute when made by {@link #of})
 * @param sha256     the file's SHA-256 in hex, checked before every render
 * @param strength   the fraction of the steps run again, in (0, 1]
 * @param keptBlocks blocks copied from the picture, in the model's block order; sorted, maybe empty
 */
public record InitImage(String file, String sha256, double strength, List<Integer> keptBlocks) {

    /** A1111's default denoising strength, for an init image given without one. */
    public static final double DEFAULT_STRENGTH = 0.75;

    public InitImage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        keptBlocks = keptBlocks == null ? List.of() : keptBlocks;
        // Validates strength and block indices, and sorts the blocks, as the sampler will see them.
        keptBlocks = new SamplingStart.FromImage(new float[0], strength, keptBlocks).keptBlocks();
    }

    /** The picture at {@code file}, hashed now. */
    public static InitImage of(Path file, double strength, List<Integer> keptBlocks) {
        Path absolute = file.toAbsolutePath().normalize();
        return new InitImage(absolute.toString(), sha256Of(absolute), strength, keptBlocks);
    }

    /** For lists and progress lines: "from cat.png at strength 0.6, keeping blocks 0, 3". */
    public String describe() {
        return "from " + path().getFileName() + " at strength " + RequestText.number(strength)
                + (keptBlocks.isEmpty() ? "" : ", keeping block" + (keptBlocks.size() == 1 ? " " : "s ")
                        + String.join(", ", keptBlocks.stream().map(String::valueOf).toList()));
    }

    public Path path() {
        return Path.of(file);
    }

    /**
     * The sampler's start for a model of {@code size}×{@code size} images: the picture read by
     * {@link SourceImages}'s rule, after checking it is the picture this request was made with.
     */
    public SamplingStart.FromImage samplingStart(int size) {
        String now = sha256Of(path());
        if (!now.equals(sha256)) {
            throw new IllegalArgumentException(file + ": the init image has changed since the request was made"
                    + " (SHA-256 " + now.substring(0, 10) + "…, the request has " + sha256.substring(0, 10) + "…)");
        }
        return new SamplingStart.FromImage(SourceImages.read(path(), size), strength, keptBlocks);
    }

    /** The SHA-256 of a file in hex; a missing or unreadable file is an error naming it. */
    public static String sha256Of(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such image file");
        }
        try {
            return dev.tessera.generation.io.FileDigests.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
