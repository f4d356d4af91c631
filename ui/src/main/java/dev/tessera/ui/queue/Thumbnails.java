package dev.tessera.ui.queue;

import dev.tessera.ui.FxImages;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.image.Image;
import javax.imageio.ImageIO;

/**
 * Small pictures of finished jobs' files for the queue table. Each file is read once, on
 * {@code loader} (never the FX thread: a table of many jobs would stall scrolling), shrunk to fit
 * {@value #SIDE} pixels by whole pixels, and kept: the table rebuilds its cells on every progress
 * tick, and a kept thumbnail is shown at once. The least recently used are dropped past
 * {@value #MAX_KEPT}. A file that cannot be read keeps an empty thumbnail.
 */
public final class Thumbnails {

    public static final int SIDE = 32;
    static final int MAX_KEPT = 512;

    private final Executor loader;
    private final Executor uiThread;
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger loadsOnFxThread = new AtomicInteger();
    private final Map<Path, ReadOnlyObjectWrapper<Image>> kept = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, ReadOnlyObjectWrapper<Image>> eldest) {
            return size() > MAX_KEPT;
        }
    };

    public Thumbnails(Executor loader, Executor uiThread) {
        this.loader = loader;
        this.uiThread = uiThread;
    }

    /** On the studio's file thread, results on the FX thread. */
    public static Thumbnails loadingOn(Executor files) {
        return new Thumbnails(files, Platform::runLater);
    }

    /** The thumbnail of {@code file}: null until it is loaded. Call on the FX thread. */
    public ReadOnlyObjectProperty<Image> of(Path file) {
        ReadOnlyObjectWrapper<Image> image = kept.get(file);
        if (image == null) {
            ReadOnlyObjectWrapper<Image> loading = new ReadOnlyObjectWrapper<>();
            try {
                loader.execute(() -> {
                    Image read = read(file);
                    uiThread.execute(() -> loading.set(read));
                });
                kept.put(file, loading);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The studio is closing and its file thread has stopped: no picture, and nothing kept.
            }
            image = loading;
        }
        return image.getReadOnlyProperty();
    }

    private Image read(Path file) {
        loads.incrementAndGet();
        if (Platform.isFxApplicationThread()) {
            loadsOnFxThread.incrementAndGet();
        }
        try {
            BufferedImage picture = ImageIO.read(file.toFile());
            return picture == null ? null : FxImages.of(shrunk(picture, SIDE), 1);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** Every k-th pixel, k the smallest whole step that fits {@code side}: nearest neighbour, as pixel art wants. */
    static BufferedImage shrunk(BufferedImage picture, int side) {
        int step = Math.max(1, (Math.max(picture.getWidth(), picture.getHeight()) + side - 1) / side);
        if (step == 1) {
            return picture;
        }
        BufferedImage small = new BufferedImage(picture.getWidth() / step, picture.getHeight() / step,
                BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < small.getHeight(); y++) {
            for (int x = 0; x < small.getWidth(); x++) {
                small.setRGB(x, y, picture.getRGB(x * step, y * step));
            }
        }
        return small;
    }

    /** Files read so far (each at most once while kept). */
    int loads() {
        return loads.get();
    }

    /** Reads that happened on the FX thread: 0 unless the loader was wired wrongly. */
    int loadsOnFxThread() {
        return loadsOnFxThread.get();
    }
}
