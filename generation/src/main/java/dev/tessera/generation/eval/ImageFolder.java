package dev.tessera.generation.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.generation.data.EmojiStyle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads a folder of PNG images and a prompts file that says what each shows:
 * {@code [{"file": "0001.png", "prompt": "cat face", "style": "twitter"}, …]}. Every PNG needs an
 * entry and every entry a PNG; images must be {@code size}×{@code size}; alpha is composited on
 * white like the training data. Any problem is an {@link IllegalArgumentException} naming the file.
 */
public final class ImageFolder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageFolder() {}

    public static ImageSet read(Path folder, Path promptsFile, PromptCatalogue catalogue, int size) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": not a folder");
        }
        Set<String> pngs = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .forEach(f -> pngs.add(f.getFileName().toString()));
        }
        if (pngs.isEmpty()) {
            throw new IllegalArgumentException(folder + ": the folder holds no PNG images");
        }
        Map<String, JsonNode> entries = readPrompts(promptsFile);
        for (String png : pngs) {
            if (!entries.containsKey(png)) {
                throw new IllegalArgumentException(promptsFile + ": no entry for the image " + png);
            }
        }
        float[] pixels = new float[entries.size() * 3 * size * size];
        List<EvalPrompt> prompts = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, JsonNode> entry : entries.entrySet()) {
            Path image = folder.resolve(entry.getKey());
            if (!pngs.contains(entry.getKey())) {
                throw new IllegalArgumentException(promptsFile + ": the entry for " + entry.getKey()
                        + " names an image that is not in " + folder);
            }
            readImage(image, size, pixels, k * 3 * size * size);
            prompts.add(targetOf(entry.getValue(), promptsFile, entry.getKey(), catalogue, k));
            k++;
        }
        return new ImageSet(pixels, size, prompts);
    }

    private static Map<String, JsonNode> readPrompts(Path promptsFile) throws IOException {
        if (!Files.isRegularFile(promptsFile)) {
            throw new IllegalArgumentException(promptsFile + ": prompts file not found");
        }
        JsonNode root;
        try {
            root = JSON.readTree(promptsFile.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(promptsFile + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException(promptsFile + ": expected a non-empty JSON array of {file, prompt, style}");
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            String file = text(entry, "file", promptsFile, i);
            if (file.contains("/") || file.contains("\\")) {
                throw new IllegalArgumentException(promptsFile + ": entry " + (i + 1) + " names a path, not a file in the folder: " + file);
            }
            if (entries.put(file, entry) != null) {
                throw new IllegalArgumentException(promptsFile + ": the image " + file + " is listed twice");
            }
        }
        return entries;
    }

    private static EvalPrompt targetOf(JsonNode entry, Path promptsFile, String file, PromptCatalogue catalogue, int k) {
        String prompt = entry.path("prompt").asText("");
        String style = entry.path("style").asText("");
        try {
            return catalogue.target(prompt, EmojiStyle.parse(style), k);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(promptsFile + ": entry for " + file + ": " + e.getMessage());
        }
    }

    private static void readImage(Path file, int size, float[] pixels, int offset) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable PNG (" + e.getMessage() + ")");
        }
        if (image == null) {
            throw new IllegalArgumentException(file + ": not a readable PNG");
        }
        if (image.getWidth() != size || image.getHeight() != size) {
            throw new IllegalArgumentException(file + ": the image is " + image.getWidth() + "×" + image.getHeight()
                    + "; the judge needs " + size + "×" + size);
        }
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int argb = image.getRGB(x, y);
                double alpha = (argb >>> 24) / 255.0;
                int p = y * size + x;
                for (int c = 0; c < 3; c++) {
                    int value = (argb >> (16 - 8 * c)) & 0xff;
                    double onWhite = value * alpha + 255 * (1 - alpha);
                    pixels[offset + c * plane + p] = (float) (onWhite / 127.5 - 1);
                }
            }
        }
    }

    private static String text(JsonNode entry, String field, Path file, int index) {
        JsonNode value = entry == null ? null : entry.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(file + ": entry " + (index + 1) + " has no '" + field + "' string");
        }
        return value.asText();
    }

    /** Writes images of a set as PNGs plus a prompts file, in this reader's format (for tests and round trips). */
    public static void write(ImageSet images, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Map<String, String>> entries = new ArrayList<>();
        for (int i = 0; i < images.count(); i++) {
            String name = String.format(Locale.ROOT, "%05d.png", i);
            BufferedImage image = dev.tessera.generation.image.ChwImages.toImage(images.image(i), images.size());
            dev.tessera.generation.io.AtomicFiles.write(folder.resolve(name), out -> ImageIO.write(image, "png", out));
            EvalPrompt p = images.prompts().get(i);
            entries.add(Map.of("file", name, "prompt", p.prompt(), "style", p.style().id()));
        }
        dev.tessera.generation.io.AtomicFiles.write(folder.resolve("prompts.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
    }
}
