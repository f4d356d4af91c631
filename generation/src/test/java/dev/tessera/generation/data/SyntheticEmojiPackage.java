package dev.tessera.generation.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A tiny emoji-datasource package built in a test's temp folder: a few emoji with known pixels,
 * written as an npm-style .tgz or as an unpacked folder. Its parts can be broken on purpose.
 */
final class SyntheticEmojiPackage {

    static final int SOURCE = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Package-relative path → bytes, in insertion order (tar order). */
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final ArrayNode emoji = JSON.createArrayNode();

    /** Three emoji with google art, one skin-tone variant, and one emoji without google art. */
    static SyntheticEmojiPackage standard() {
        SyntheticEmojiPackage p = new SyntheticEmojiPackage();
        p.files.put("package.json", "{\"name\":\"emoji-datasource-google\",\"version\":\"16.0.0\",\"license\":\"MIT\"}"
                .getBytes(StandardCharsets.UTF_8));
        p.files.put("LICENSE", "The MIT License (MIT)\nsynthetic".getBytes(StandardCharsets.UTF_8));
        // Sort orders deliberately differ from file order, to check the importer orders by sort_order.
        p.addEmoji("2764-FE0F", "HEAVY BLACK HEART", new String[] {"heart", "red_heart"}, "Smileys & Emotion", "heart", 3,
                p.png(halfRedHalfTransparent()));
        ObjectNode hand = p.addEmoji("1F44B", "WAVING HAND SIGN", new String[] {"wave"}, "People & Body", "hand-fingers-open", 2,
                p.png(solid(0x80000000)));
        ObjectNode variation = hand.putObject("skin_variations").putObject("1F3FD");
        variation.put("unified", "1F44B-1F3FD").put("image", "1f44b-1f3fd.png").put("has_img_google", true);
        p.files.put(imagePath("1f44b-1f3fd.png"), p.png(solid(0xFF102030)));
        p.addEmoji("1F600", "GRINNING FACE", new String[] {"grinning"}, "Smileys & Emotion", "face-smiling", 1,
                p.png(gradient()));
        ObjectNode noArt = p.addEmoji("1FAE9", "FACE WITH BAGS UNDER EYES", new String[] {"face_with_bags"}, "Smileys & Emotion",
                "face-sleepy", 4, null);
        noArt.put("has_img_google", false);
        return p;
    }

    static String imagePath(String fileName) {
        return "img/google/64/" + fileName;
    }

    ObjectNode addEmoji(String unified, String name, String[] shortNames, String category, String subcategory,
            int sortOrder, byte[] png) {
        String image = unified.toLowerCase() + ".png";
        ObjectNode entry = emoji.addObject();
        entry.put("name", name).put("unified", unified).put("image", image);
        ArrayNode names = entry.putArray("short_names");
        for (String s : shortNames) {
            names.add(s);
        }
        entry.put("category", category).put("subcategory", subcategory).put("sort_order", sortOrder)
                .put("has_img_google", true).put("has_img_twitter", false);
        if (png != null) {
            files.put(imagePath(image), png);
        }
        return entry;
    }

    byte[] emojiJson() {
        try {
            return JSON.writeValueAsBytes(emoji);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything including emoji.json, unless {@code withoutMetadata}. */
    private Map<String, byte[]> allFiles(boolean withoutMetadata) {
        Map<String, byte[]> all = new LinkedHashMap<>();
        if (!withoutMetadata) {
            all.put("emoji.json", emojiJson());
        }
        all.putAll(files);
        return all;
    }

    Path writeTarball(Path file) throws IOException {
        return writeTarball(file, false);
    }

    Path writeTarball(Path file, boolean withoutMetadata) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : allFiles(withoutMetadata).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry("package/" + f.getKey());
                entry.setSize(f.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    /** Writes {@code folder/package/...} as {@code npm pack} would unpack. */
    Path writeFolder(Path folder) throws IOException {
        for (Map.Entry<String, byte[]> f : allFiles(false).entrySet()) {
            Path target = folder.resolve("package").resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, f.getValue());
        }
        return folder;
    }

    byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage solid(int argb) {
        return solid(argb, SOURCE);
    }

    static BufferedImage solid(int argb, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, argb);
            }
        }
        return image;
    }

    /** Left half opaque red, right half fully transparent (its colour must not leak: it is green). */
    static BufferedImage halfRedHalfTransparent() {
        BufferedImage image = solid(0x0000FF00);
        for (int y = 0; y < SOURCE; y++) {
            for (int x = 0; x < SOURCE / 2; x++) {
                image.setRGB(x, y, 0xFFFF0000);
            }
        }
        return image;
    }

    /** Opaque, every pixel different: red = 4x, green = 4y, blue = (x·y) mod 256. */
    static BufferedImage gradient() {
        BufferedImage image = new BufferedImage(SOURCE, SOURCE, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < SOURCE; y++) {
            for (int x = 0; x < SOURCE; x++) {
                image.setRGB(x, y, 0xFF000000 | (4 * x) << 16 | (4 * y) << 8 | (x * y) & 0xFF);
            }
        }
        return image;
    }
}
