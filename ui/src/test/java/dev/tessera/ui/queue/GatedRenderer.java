package dev.tessera.ui.queue;

import dev.tessera.app.queue.Job;
import dev.tessera.app.queue.JobRenderer;
import dev.tessera.app.queue.ProgressListener;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * A renderer the test controls: each image reports {@code progress} and then waits for
 * {@link #release()} (or cancellation) before it writes a small PNG. Records whether it ever ran
 * on the FX thread.
 */
final class GatedRenderer implements JobRenderer {

    private final Semaphore permits = new Semaphore(0);
    private final double progress;
    volatile boolean ranOnFxThread;
    volatile int started;

    GatedRenderer(double progress) {
        this.progress = progress;
    }

    /** Lets {@code images} more images finish. */
    void release(int images) {
        permits.release(images);
    }

    @Override
    public List<Path> render(Job job, ProgressListener listener, CancellationToken cancellation) throws IOException {
        ranOnFxThread |= javafx.application.Platform.isFxApplicationThread();
        started++;
        listener.progress(progress);
        try {
            while (!permits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                if (cancellation.isCancelled()) {
                    return List.of();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        long seed = job.request().seed();
        Path file = job.outputFolder().resolve(seed + "-gated.png");
        for (int n = 2; Files.exists(file); n++) {
            file = job.outputFolder().resolve(seed + "-gated-" + n + ".png");
        }
        Files.createDirectories(job.outputFolder());
        AtomicFiles.write(file, png(colourOf(seed)));
        listener.progress(1);
        return List.of(file);
    }

    /** The colour of every pixel of the image of {@code seed}, so a test can tell the images apart. */
    static int colourOf(long seed) {
        return (int) (seed * 0x203040) & 0xffffff;
    }

    private static byte[] png(int rgb) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
