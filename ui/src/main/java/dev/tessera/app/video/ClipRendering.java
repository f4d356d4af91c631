package dev.tessera.app.video;

import dev.tessera.app.generate.AcditGenerator;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.acdit.sampling.ClipSpan;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Clips from a loaded video model, and their files: a looping GIF or an H.264 MP4 (frames scaled up
 * by a whole factor, nearest neighbour, so each model pixel stays one flat square), or a folder of
 * PNG frames at the model's size with the recipe beside them ({@value #RECIPE_FILE}).
 */
public final class ClipRendering {

    public static final String RECIPE_FILE = "clip.json";
    /** Frames scale up 8 times in GIF and MP4 files (32 px frames become 256 px, a multiple of H.264's 16). */
    public static final int DEFAULT_SCALE = 8;

    private final GenerationService service;
    private final AcditGenerator generator;

    public ClipRendering(GenerationService service) {
        this.service = service;
        this.generator = new AcditGenerator(service.model());
    }

    /** One clip per seed of {@code request}: CHW frames in [-1, 1], one after another. */
    public List<float[]> render(GenerationRequest request, ClipSettings clip, BlockListener listener,
            CancellationToken cancellation) {
        ClipSpan span = clip.span(service.model().config());
        return generator.generateClips(request, span, listener, cancellation);
    }

    /** The recipe of clip {@code i} of a request, with the window the model used. */
    public ClipRecipe recipe(GenerationRequest request, ClipSettings clip, int i) {
        ClipSpan span = clip.span(service.model().config());
        return new ClipRecipe(ClipRecipe.VERSION, service.recipe(request, i), span.frames(), span.window(), clip.fps());
    }

    /**
     * Renders and writes every clip of {@code request} to {@code out} (its format from its name, see
     * {@link ClipFormat}): clip i of a batch of several gets {@code -<seed>} before the extension, and a
     * name that exists gets {@code -2}, {@code -3}, … instead of being replaced. Nothing is written when
     * rendering fails or is cancelled.
     */
    public List<Path> renderTo(GenerationRequest request, ClipSettings clip, Path out, int scale, BlockListener listener,
            CancellationToken cancellation) throws IOException {
        List<float[]> clips = render(request, clip, listener, cancellation);
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            ClipRecipe recipe = recipe(request, clip, i);
            Path target = freeName(out, clips.size() == 1 ? "" : "-" + recipe.frame().seed());
            write(target, recipe, clips.get(i), scale);
            written.add(target);
        }
        return written;
    }

    /** Writes one clip in {@code target}'s format. */
    public static void write(Path target, ClipRecipe recipe, float[] clip, int scale) throws IOException {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        switch (ClipFormat.of(target)) {
            case GIF -> GifClips.write(target, frames(recipe, clip, scale), recipe.settings().gifDelayCentiseconds(),
                    recipe.toJson());
            case MP4 -> Mp4Clips.write(target, frames(recipe, clip, scale), recipe.fps());
            case PNG_FRAMES -> {
                Files.createDirectories(target);
                List<BufferedImage> frames = frames(recipe, clip, 1);
                for (int f = 0; f < frames.size(); f++) {
                    BufferedImage frame = frames.get(f);
                    AtomicFiles.write(target.resolve(String.format(Locale.ROOT, "frame-%03d.png", f)),
                            out -> ImageIO.write(frame, "png", out));
                }
                AtomicFiles.write(target.resolve(RECIPE_FILE), recipe.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    /** The clip's frames as RGB pictures, scaled up {@code scale} times. */
    public static List<BufferedImage> frames(ClipRecipe recipe, float[] clip, int scale) {
        int size = recipe.frame().width();
        int frameFloats = 3 * size * size;
        if (clip.length != recipe.frames() * frameFloats) {
            throw new IllegalArgumentException("the clip holds " + clip.length + " floats, not " + recipe.frames()
                    + " frames of " + size + "²");
        }
        List<BufferedImage> frames = new ArrayList<>(recipe.frames());
        for (int f = 0; f < recipe.frames(); f++) {
            float[] frame = new float[frameFloats];
            System.arraycopy(clip, f * frameFloats, frame, 0, frameFloats);
            frames.add(ChwImages.toImage(frame, size, scale));
        }
        return frames;
    }

    private static Path freeName(Path out, String suffix) {
        ClipFormat format = ClipFormat.of(out);
        String name = out.getFileName().toString();
        String base = name.substring(0, name.length() - format.extension().length()) + suffix;
        Path file = out.resolveSibling(base + format.extension());
        for (int n = 2; Files.exists(file); n++) {
            file = out.resolveSibling(base + "-" + n + format.extension());
        }
        return file;
    }
}
