package dev.tessera.app.generate;

import dev.tessera.app.png.A1111Parameters;
import dev.tessera.app.png.PngTextChunks;
import dev.tessera.generation.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** PNG files that carry their recipe: an A1111 {@code parameters} chunk plus the exact JSON recipe. */
public final class RecipePng {

    private RecipePng() {}

    /** Writes the image atomically with both chunks. */
    public static void write(Path file, BufferedImage image, Recipe recipe) throws IOException {
        Map<String, String> texts = texts(recipe);
        AtomicFiles.write(file, out -> PngTextChunks.write(image, texts, out));
    }

    /**
     * Writes the image as a new file under the first free name of {@code candidates} and returns it;
     * the name is claimed atomically, so a file that exists (or appears meanwhile) is never replaced.
     */
    public static Path writeNew(Iterable<Path> candidates, BufferedImage image, Recipe recipe) throws IOException {
        Map<String, String> texts = texts(recipe);
        return AtomicFiles.writeNew(candidates, out -> PngTextChunks.write(image, texts, out));
    }

    /** The PNG's bytes, with both chunks: what {@link #write} puts in the file. */
    public static byte[] encode(BufferedImage image, Recipe recipe) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PngTextChunks.write(image, texts(recipe), bytes);
        return bytes.toByteArray();
    }

    private static Map<String, String> texts(Recipe recipe) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put(Recipe.A1111_CHUNK, recipe.toA1111().format());
        texts.put(Recipe.JSON_CHUNK, recipe.toJson());
        return texts;
    }

    /** The exact recipe of one of our PNGs, if it has one. */
    public static Optional<Recipe> readRecipe(Path file) throws IOException {
        return readRecipe(Files.readAllBytes(file));
    }

    /** The exact recipe of a PNG of ours given as bytes, if it has one. */
    public static Optional<Recipe> readRecipe(byte[] png) throws IOException {
        String json = PngTextChunks.read(png).get(Recipe.JSON_CHUNK);
        return json == null ? Optional.empty() : Optional.of(Recipe.fromJson(json));
    }

    /** The A1111 parameters of any PNG that has them (ours or another tool's). */
    public static Optional<A1111Parameters> readA1111(Path file) throws IOException {
        return A1111Parameters.parse(PngTextChunks.read(Files.readAllBytes(file)).get(Recipe.A1111_CHUNK));
    }
}
