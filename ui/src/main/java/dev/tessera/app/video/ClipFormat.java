package dev.tessera.app.video;

import java.nio.file.Path;
import java.util.Locale;

/** How a clip is written, from the name it is written to: a looping GIF, an H.264 MP4, or a folder of PNG frames. */
public enum ClipFormat {
    GIF(".gif"),
    MP4(".mp4"),
    PNG_FRAMES("");

    private final String extension;

    ClipFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** GIF for {@code *.gif}, MP4 for {@code *.mp4}, otherwise a folder of PNG frames. */
    public static ClipFormat of(Path out) {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gif")) {
            return GIF;
        }
        if (name.endsWith(".mp4")) {
            return MP4;
        }
        return PNG_FRAMES;
    }
}
