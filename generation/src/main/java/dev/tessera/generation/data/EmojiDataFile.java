package dev.tessera.generation.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The derived emoji file ({@code emoji-<style>-<size>.bin}), see docs/data.md:
 * gzip of [magic {@code TSEMOJI1}, u32 big-endian JSON length, UTF-8 JSON metadata, N×size×size×3 RGB u8].
 * Writing is deterministic (no timestamps: GZIPOutputStream stores mtime 0; fields in a fixed order).
 * Reading checks every length and count and fails with {@link EmojiFileFormatException}.
 */
public final class EmojiDataFile {

    static final byte[] MAGIC = "TSEMOJI1".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    private static final int MAX_METADATA_BYTES = 32 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmojiDataFile() {
    }

    public static void write(EmojiSet set, OutputStream out) throws IOException {
        byte[] metadata = JSON.writeValueAsBytes(metadata(set));
        try (GZIPOutputStream gzip = new MaxCompressionGzip(out); DataOutputStream data = new DataOutputStream(gzip)) {
            data.write(MAGIC);
            data.writeInt(metadata.length);
            data.write(metadata);
            data.write(set.pixels());
        }
    }

    public static EmojiSet read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new EmojiFileFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a whole file from {@code in}; {@code name} is used in error messages. */
    public static EmojiSet read(InputStream in, String name) {
        try (DataInputStream data = new DataInputStream(new GZIPInputStream(in))) {
            byte[] magic = data.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new EmojiFileFormatException(name + ": not a Tessera emoji file (magic bytes differ from TSEMOJI1)");
            }
            int metadataLength = data.readInt();
            if (metadataLength <= 0 || metadataLength > MAX_METADATA_BYTES) {
                throw new EmojiFileFormatException(name + ": metadata length " + Integer.toUnsignedString(metadataLength)
                        + " is outside 1.." + MAX_METADATA_BYTES);
            }
            byte[] metadata = readExactly(data, metadataLength, name, "metadata");
            Header header = parseHeader(metadata, name);
            byte[] pixels = readExactly(data, header.pixelBytes(), name, "pixels");
            if (data.read() != -1) {
                throw new EmojiFileFormatException(name + ": unexpected bytes after the " + header.items.size() + " images");
            }
            return new EmojiSet(header.style, header.size, header.source, header.licence, header.items, pixels);
        } catch (EOFException e) {
            throw new EmojiFileFormatException(name + ": truncated file", e);
        } catch (IOException e) {
            throw new EmojiFileFormatException(name + ": not a valid gzip-compressed emoji file: " + e.getMessage(), e);
        }
    }

    private static byte[] readExactly(InputStream in, int length, String name, String what) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EmojiFileFormatException(name + ": truncated " + what + " (" + bytes.length + " of " + length + " bytes)");
        }
        return bytes;
    }

    private static ObjectNode metadata(EmojiSet set) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "tessera-emoji");
        root.put("version", FORMAT_VERSION);
        root.put("style", set.style().id());
        root.put("size", set.imageSize());
        root.put("channels", 3);
        root.put("count", set.count());
        root.put("source", set.source());
        root.put("licence", set.licence());
        ArrayNode items = root.putArray("items");
        for (EmojiItem item : set.items()) {
            ObjectNode node = items.addObject();
            node.put("unified", item.unified());
            node.put("base", item.baseUnified());
            node.put("name", item.name());
            ArrayNode shortNames = node.putArray("short_names");
            item.shortNames().forEach(shortNames::add);
            node.put("category", item.category());
            node.put("subcategory", item.subcategory());
            node.put("skin_tone", item.skinTone());
            node.put("image", item.image());
            node.put("sort_order", item.sortOrder());
        }
        return root;
    }

    private record Header(EmojiStyle style, int size, String source, String licence, List<EmojiItem> items) {
        int pixelBytes() {
            return items.size() * size * size * 3;
        }
    }

    private static Header parseHeader(byte[] metadata, String name) {
        JsonNode root;
        try {
            root = JSON.readTree(metadata);
        } catch (IOException e) {
            throw new EmojiFileFormatException(name + ": metadata is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new EmojiFileFormatException(name + ": metadata is not a JSON object");
        }
        if (root.path("version").asInt(-1) != FORMAT_VERSION) {
            throw new EmojiFileFormatException(name + ": unsupported format version " + root.path("version"));
        }
        EmojiStyle style;
        try {
            style = EmojiStyle.parse(root.path("style").asText());
        } catch (IllegalArgumentException e) {
            throw new EmojiFileFormatException(name + ": " + e.getMessage(), e);
        }
        int size = root.path("size").asInt(-1);
        if (size < EmojiImageProcessor.MIN_SIZE || size > EmojiImageProcessor.MAX_SIZE) {
            throw new EmojiFileFormatException(name + ": image size " + root.path("size") + " is outside "
                    + EmojiImageProcessor.MIN_SIZE + ".." + EmojiImageProcessor.MAX_SIZE);
        }
        if (root.path("channels").asInt(-1) != 3) {
            throw new EmojiFileFormatException(name + ": expected 3 channels, found " + root.path("channels"));
        }
        JsonNode itemsNode = root.path("items");
        int count = root.path("count").asInt(-1);
        if (!itemsNode.isArray() || count != itemsNode.size()) {
            throw new EmojiFileFormatException(name + ": count " + root.path("count") + " does not match the "
                    + itemsNode.size() + " items in the metadata");
        }
        if ((long) count * size * size * 3 > Integer.MAX_VALUE - 16) {
            throw new EmojiFileFormatException(name + ": " + count + " images of " + size + "×" + size + " are too many");
        }
        List<EmojiItem> items = new ArrayList<>(count);
        for (JsonNode node : itemsNode) {
            List<String> shortNames = new ArrayList<>();
            node.path("short_names").forEach(n -> shortNames.add(n.asText()));
            String unified = node.path("unified").asText("");
            if (unified.isEmpty()) {
                throw new EmojiFileFormatException(name + ": item " + items.size() + " has no code points");
            }
            items.add(new EmojiItem(unified, node.path("base").asText(unified), node.path("name").asText(""),
                    shortNames, node.path("category").asText(""), node.path("subcategory").asText(""),
                    node.path("skin_tone").asText(""), node.path("image").asText(""), node.path("sort_order").asInt()));
        }
        return new Header(style, size, root.path("source").asText("unknown"), root.path("licence").asText("unknown"), items);
    }

    /** The JDK's gzip writer at the strongest level; its header has mtime 0, so output is reproducible. */
    private static final class MaxCompressionGzip extends GZIPOutputStream {
        MaxCompressionGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
