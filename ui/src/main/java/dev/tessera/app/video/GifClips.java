package dev.tessera.app.video;

import dev.tessera.generation.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.nio.file.Path;

/**
 * Looping animated GIFs through ImageIO's GIF writer: every frame gets a graphic control extension
 * with the delay from the clip's fps, the first also the NETSCAPE2.0 loop extension (loop forever)
 * and a comment extension holding the clip's recipe as JSON.
 */
public final class GifClips {

    private static final String FORMAT = "javax_imageio_gif_image_1.0";

    private GifClips() {}

    /** Writes {@code frames} atomically; GIF's palette of 256 colours is ImageIO's choice per frame. */
    public static void write(Path file, List<BufferedImage> frames, int delayCentiseconds, String comment)
            throws IOException {
        AtomicFiles.write(file, content(frames, delayCentiseconds, comment));
    }

    /** The looping GIF of {@code frames}, with {@code comment} (the recipe) in its first frame. */
    public static AtomicFiles.Content content(List<BufferedImage> frames, int delayCentiseconds, String comment) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this Java has no GIF writer");
        }
        ImageWriter writer = writers.next();
        return out -> {
            try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.prepareWriteSequence(null);
                for (int i = 0; i < frames.size(); i++) {
                    BufferedImage frame = frames.get(i);
                    IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame),
                            null);
                    decorate(metadata, delayCentiseconds, i == 0 ? comment : null);
                    writer.writeToSequence(new IIOImage(frame, null, metadata), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        };
    }

    private static void decorate(IIOMetadata metadata, int delay, String comment) throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delay));
        control.setAttribute("transparentColorIndex", "0");
        if (comment != null) {
            IIOMetadataNode comments = child(root, "CommentExtensions");
            IIOMetadataNode text = new IIOMetadataNode("CommentExtension");
            text.setAttribute("value", comment);
            comments.appendChild(text);
            IIOMetadataNode applications = child(root, "ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = forever
            applications.appendChild(loop);
        }
        metadata.setFromTree(FORMAT, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
