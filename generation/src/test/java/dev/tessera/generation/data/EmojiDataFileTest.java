package dev.tessera.generation.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Reading a derived file validates magic, lengths, counts and sizes, and names the file on failure. */
class EmojiDataFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmojiSet twoItemSet() {
        EmojiItem a = new EmojiItem("1F600", "1F600", "grinning face", List.of("grinning"), "Smileys & Emotion",
                "face-smiling", "", "1f600.png", 1);
        EmojiItem b = new EmojiItem("1F44B-1F3FF", "1F44B", "waving hand", List.of("wave"), "People & Body",
                "hand-fingers-open", "dark skin tone", "1f44b-1f3ff.png", 2);
        byte[] pixels = new byte[2 * 4 * 4 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        return new EmojiSet(EmojiStyle.TWITTER, 4, "emoji-datasource-twitter@16.0.0", "CC-BY-4.0", List.of(a, b), pixels);
    }

    private static byte[] written(EmojiSet set) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EmojiDataFile.write(set, out);
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
    }

    private static byte[] gzip(byte[] payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(payload);
        }
        return out.toByteArray();
    }

    /** Rebuilds a file with edited metadata JSON (and the same pixels). */
    private static byte[] withMetadata(Consumer<ObjectNode> edit) throws IOException {
        byte[] payload = gunzip(written(twoItemSet()));
        int length = java.nio.ByteBuffer.wrap(payload, 8, 4).getInt();
        ObjectNode metadata = (ObjectNode) JSON.readTree(Arrays.copyOfRange(payload, 12, 12 + length));
        edit.accept(metadata);
        byte[] json = JSON.writeValueAsBytes(metadata);
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(rebuilt);
        data.write(EmojiDataFile.MAGIC);
        data.writeInt(json.length);
        data.write(json);
        data.write(payload, 12 + length, payload.length - 12 - length);
        return gzip(rebuilt.toByteArray());
    }

    private static void assertRejected(byte[] file, String expected) {
        EmojiFileFormatException e = assertThrows(EmojiFileFormatException.class,
                () -> EmojiDataFile.read(new ByteArrayInputStream(file), "test.bin"));
        assertTrue(e.getMessage().startsWith("test.bin: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "'" + expected + "' missing from: " + e.getMessage());
    }

    @Test
    void roundTripsItemsAndPixels() throws IOException {
        EmojiSet set = twoItemSet();
        EmojiSet read = EmojiDataFile.read(new ByteArrayInputStream(written(set)), "test.bin");
        assertEquals(set.items(), read.items());
        assertTrue(Arrays.equals(set.pixels(), read.pixels()));
        assertEquals(EmojiStyle.TWITTER, read.style());
        assertEquals("CC-BY-4.0", read.licence());
        byte[] payload = gunzip(written(set));
        assertEquals("TSEMOJI1", new String(payload, 0, 8, StandardCharsets.US_ASCII));
    }

    @Test
    void rejectsNonGzip() {
        assertRejected("plain text".getBytes(StandardCharsets.UTF_8), "not a valid gzip");
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        byte[] payload = gunzip(written(twoItemSet()));
        payload[7] = '2';
        assertRejected(gzip(payload), "magic");
    }

    @Test
    void rejectsTruncatedPixels() throws IOException {
        byte[] payload = gunzip(written(twoItemSet()));
        assertRejected(gzip(Arrays.copyOf(payload, payload.length - 5)), "truncated pixels");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] payload = gunzip(written(twoItemSet()));
        assertRejected(gzip(Arrays.copyOf(payload, payload.length + 3)), "unexpected bytes");
    }

    @Test
    void rejectsAbsurdMetadataLength() throws IOException {
        byte[] payload = gunzip(written(twoItemSet()));
        payload[8] = (byte) 0x7F;
        assertRejected(gzip(payload), "metadata length");
    }

    @Test
    void rejectsCountThatDisagreesWithItems() throws IOException {
        assertRejected(withMetadata(m -> m.put("count", 3)), "count 3");
    }

    @Test
    void rejectsImageSizeOutOfRange() throws IOException {
        assertRejected(withMetadata(m -> m.put("size", 65)), "image size 65");
    }

    @Test
    void rejectsUnknownStyle() throws IOException {
        assertRejected(withMetadata(m -> m.put("style", "apple")), "apple");
    }

    @Test
    void rejectsSizeThatDoesNotMatchPixelBytes() throws IOException {
        assertRejected(withMetadata(m -> m.put("size", 8)), "truncated pixels");
    }
}
