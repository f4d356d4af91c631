package dev.tessera.app.png;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;

/**
 * PNG files with text chunks, through ImageIO's native PNG metadata. Like Pillow (which writes the
 * A1111 files), text that Latin-1 can hold goes into a {@code tEXt} chunk and anything else into a
 * UTF-8 {@code iTXt} chunk, so other tools read our metadata and we read theirs.
 */
public final class PngTextChunks {

    private static final String FORMAT = "javax_imageio_png_1.0";

    private PngTextChunks() {}

    /** Encodes {@code image} as PNG with the given keyword → text chunks, in order. */
    public static void write(BufferedImage image, Map<String, String> texts, OutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        // In memory, not ImageIO's default disk cache: that one makes a temp file per image and, on
        // first use, registers a shutdown hook, which fails if the first image is written during Ctrl-C.
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
                    writer.getDefaultWriteParam());
            IIOMetadataNode root = new IIOMetadataNode(FORMAT);
            IIOMetadataNode text = new IIOMetadataNode("tEXt");
            IIOMetadataNode international = new IIOMetadataNode("iTXt");
            texts.forEach((keyword, value) -> {
                if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(value)) {
                    IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
                    entry.setAttribute("keyword", keyword);
                    entry.setAttribute("value", value);
                    text.appendChild(entry);
                } else {
                    IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
                    entry.setAttribute("keyword", keyword);
                    entry.setAttribute("compressionFlag", "FALSE");
                    entry.setAttribute("compressionMethod", "0");
                    entry.setAttribute("languageTag", "");
                    entry.setAttribute("translatedKeyword", "");
                    entry.setAttribute("text", value);
                    international.appendChild(entry);
                }
            });
            if (text.hasChildNodes()) {
                root.appendChild(text);
            }
            if (international.hasChildNodes()) {
                root.appendChild(international);
            }
            metadata.mergeTree(FORMAT, root);
            writer.write(null, new IIOImage(image, null, metadata), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
    }

    /** The text chunks of a PNG (tEXt, iTXt and zTXt), keyword → text; empty when it has none. */
    public static Map<String, String> read(byte[] png) throws IOException {
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            var readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                throw new IOException("not an image ImageIO can read");
            }
            ImageReader reader = readers.next();
            try {
                if (!"png".equalsIgnoreCase(reader.getFormatName())) {
                    throw new IOException("not a PNG image (" + reader.getFormatName() + ")");
                }
                reader.setInput(stream, true, false);
                Node root = reader.getImageMetadata(0).getAsTree(FORMAT);
                Map<String, String> texts = new LinkedHashMap<>();
                for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
                    for (Node entry = chunk.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                        String name = entry.getNodeName();
                        if (name.equals("tEXtEntry") || name.equals("zTXtEntry")) {
                            texts.put(attribute(entry, "keyword"), attribute(entry, name.equals("tEXtEntry") ? "value" : "text"));
                        } else if (name.equals("iTXtEntry")) {
                            texts.put(attribute(entry, "keyword"), attribute(entry, "text"));
                        }
                    }
                }
                return texts;
            } finally {
                reader.dispose();
            }
        }
    }

    private static String attribute(Node node, String name) {
        Node attribute = node.getAttributes().getNamedItem(name);
        return attribute == null ? "" : attribute.getNodeValue();
    }
}
