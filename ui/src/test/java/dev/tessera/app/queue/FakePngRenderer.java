package dev.tessera.app.queue;

import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes a small real PNG per seed, atomically and never overwriting, optionally slowly. */
final class FakePngRenderer implements JobRenderer {

    private final long millisPerImage;

    FakePngRenderer(long millisPerImage) {
        this.millisPerImage = millisPerImage;
    }

    @Override
    public List<Path> render(Job job, ProgressListener progress, CancellationToken cancellation) throws IOException {
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < job.request().count(); i++) {
            for (int step = 0; step < 4; step++) {
                cancellation.throwIfCancelled(step, 4);
                sleep(millisPerImage / 4);
                progress.progress((i + (step + 1) / 4.0) / job.request().count());
            }
            long seed = job.request().seedOf(i);
            Path file = job.outputFolder().resolve(seed + "-fake.png");
            for (int n = 2; Files.exists(file); n++) {
                file = job.outputFolder().resolve(seed + "-fake-" + n + ".png");
            }
            AtomicFiles.write(file, png(seed));
            written.add(file);
        }
        return written;
    }

    static byte[] png(long seed) throws IOException {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, (int) (seed * 2654435761L + x * 31 + y * 97));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
