package dev.tessera.app.video;

import dev.tessera.generation.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jcodec.api.awt.AWTSequenceEncoder;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Rational;

/**
 * H.264 MP4 clips with jcodec's pure-Java encoder. The muxer seeks back to finish the file, so it
 * writes a temporary file that is then written atomically in place. H.264 works on 16-pixel
 * macroblocks: frames should be a multiple of 16 wide and high (the exports' scale makes them so).
 */
public final class Mp4Clips {

    private Mp4Clips() {}

    public static void write(Path file, List<BufferedImage> frames, double fps) throws IOException {
        AtomicFiles.write(file, content(frames, fps));
    }

    /** The H.264 MP4 of {@code frames}: encoded into a temporary file (the encoder seeks), then copied out. */
    public static AtomicFiles.Content content(List<BufferedImage> frames, double fps) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
        return out -> {
            Path temporary = Files.createTempFile("tessera-clip", ".mp4");
            try {
                try (SeekableByteChannel channel = NIOUtils.writableChannel(new File(temporary.toString()))) {
                    // fps as a fraction with millisecond precision (8 → 8000/1000).
                    AWTSequenceEncoder encoder = new AWTSequenceEncoder(channel, Rational.R((int) Math.round(fps * 1000), 1000));
                    for (BufferedImage frame : frames) {
                        encoder.encodeImage(frame);
                    }
                    encoder.finish();
                }
                Files.copy(temporary, out);
            } finally {
                Files.deleteIfExists(temporary);
            }
        };
    }
}
