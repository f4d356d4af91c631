package dev.tessera.app.cli;

import dev.tessera.app.export.ExportScale;
import dev.tessera.app.video.ClipRendering;
import dev.tessera.app.video.ClipSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The clip options of {@code generate} (a picocli mixin): a video model makes clips with {@code --video}. */
final class ClipOptions {

    @Option(names = "--video", description = "make a clip with a video model; --out is then a .gif, an .mp4 or a "
            + "folder for PNG frames")
    boolean video;
    @Option(names = "--frames", description = "frames of the clip (default: the model's training length); longer clips "
            + "slide a window over the frames made so far")
    Integer frames;
    @Option(names = "--fps", defaultValue = "" + ClipSettings.DEFAULT_FPS,
            description = "frames per second of the clip file (default: ${DEFAULT-VALUE})")
    double fps;
    @Option(names = "--window", defaultValue = "0", description = "frames each block sees, itself included "
            + "(default: the model's training length)")
    int window;
    @Option(names = "--opening", defaultValue = "still", description = "still: when the prompt names a motion, the"
            + " clip opens with the default image model's picture of the emoji moved along it, and the video model"
            + " carries it on (it draws the emoji recognisably about twice as often); none: the video model alone"
            + " (default: ${DEFAULT-VALUE})")
    String opening;
    @Option(names = "--scale", description = "nearest-neighbour upscale: of PNG images " + "1, 4 or 8 (default: 1, "
            + "the model's size); of GIF and MP4 frames any whole number from 1 (default: " + ClipRendering.DEFAULT_SCALE
            + ")")
    Integer scale;

    /** The upscale of GIF and MP4 frames. */
    int clipScale() {
        return scale == null ? ClipRendering.DEFAULT_SCALE : scale;
    }

    /** The upscale of PNG images (not clips): 1, 4 or 8; a usage error names the choices. */
    int imageScale(List<String> refused) {
        if (scale == null) {
            return 1;
        }
        try {
            return ExportScale.parse(Integer.toString(scale)).factor();
        } catch (IllegalArgumentException e) {
            refused.add("--scale of images: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The clip settings when {@code --video} is given (frames defaulting to {@code trainedFrames}), empty
     * without it; every refused value's message otherwise, in {@code refused}.
     */
    Optional<ClipSettings> settings(int trainedFrames, List<String> refused) {
        if (!video) {
            if (frames != null) {
                refused.add("--frames needs --video");
            }
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        if (clipScale() < 1) {
            problems.add("scale must be at least 1, got " + clipScale());
        }
        if (!opening.equals("still") && !opening.equals("none")) {
            problems.add("--opening must be still or none, got \"" + opening + "\"");
        }
        try {
            ClipSettings settings = new ClipSettings(frames == null ? trainedFrames : frames, window, fps,
                    opening.equals("still"));
            refused.addAll(problems);
            return problems.isEmpty() ? Optional.of(settings) : Optional.empty();
        } catch (IllegalArgumentException e) {
            refused.addAll(problems);
            refused.add(e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether {@code out} names a folder of PNG frames rather than a GIF or MP4 file. */
    static boolean isFramesFolder(java.nio.file.Path out) {
        return out == null || out.getFileName() == null
                || dev.tessera.app.video.ClipFormat.of(out) == dev.tessera.app.video.ClipFormat.PNG_FRAMES;
    }
}
