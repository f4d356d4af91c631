package dev.tessera.app.video;

import dev.tessera.app.AppLocation;
import dev.tessera.app.generate.AcditGenerator;
import dev.tessera.app.generate.ModelHash;
import dev.tessera.app.generate.Recipe;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.SamplingStart;
import dev.tessera.generation.acdit.sampling.StillOpening;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.video.Motion;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.acdit.sampling.ClipSpan;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Clips from a loaded video model, and their files: a looping GIF or an H.264 MP4 (frames scaled up
 * by a whole factor, nearest neighbour, so each model pixel stays one flat square), or a folder of
 * PNG frames at the model's size with the recipe beside them ({@value #RECIPE_FILE}).
 */
public final class ClipRendering {

    public static final String RECIPE_FILE = "clip.json";
    /** The image model that draws a clip's opening still: the bundled default. */
    public static final String STILL_MODEL = "assets/models/acdit-default.safetensors";
    /** Frames scale up 8 times in GIF and MP4 files (32 px frames become 256 px, a multiple of H.264's 16). */
    public static final int DEFAULT_SCALE = 8;

    private final GenerationService service;
    private final AcditGenerator generator;
    private final Path stillModel;
    private Optional<AcditConfig> stillConfig; // read on first use
    private String stillHash; // computed on first use

    /** With the bundled default image model ({@link #STILL_MODEL}) for still openings. */
    public ClipRendering(GenerationService service) {
        this(service, AppLocation.root().resolve(STILL_MODEL));
    }

    /** With {@code stillModel} drawing the still openings. */
    public ClipRendering(GenerationService service, Path stillModel) {
        this.service = service;
        this.generator = new AcditGenerator(service.model());
        this.stillModel = stillModel;
    }

    /**
     * One clip per seed of {@code request}: CHW frames in [-1, 1], one after another. With a still opening (and a
     * prompt that names a motion) each seed's clip is made alone after its own still, so clip i is the same
     * whatever batch it was asked in.
     */
    public List<float[]> render(GenerationRequest request, ClipSettings clip, BlockListener listener,
            CancellationToken cancellation) throws IOException {
        ClipSpan span = clip.span(service.model().config());
        if (!opens(request, clip)) {
            return generator.generateClips(request, span, listener, cancellation);
        }
        try (GenerationService still = GenerationService.open(stillModel)) {
            StillOpening opening = stillOpening(still.model());
            EmojiStyle style = EmojiStyle.parse(request.style());
            List<float[]> clips = new ArrayList<>(request.count());
            for (int i = 0; i < request.count(); i++) {
                long seed = request.seedOf(i);
                SamplingStart start = opening.start(request.prompt(), style, seed, span.frames(), cancellation)
                        .orElseThrow();
                clips.add(generator.generateClips(request.withSeed(seed).withCount(1), span, listener, cancellation, start)
                        .get(0));
            }
            return clips;
        }
    }

    /**
     * Whether clips of {@code request} open with a still: asked for, the prompt names a motion to move it along, and
     * the image model draws frames of the video model's size in the request's style (a video model of another size,
     * or an image model that is missing, makes its clips alone; the recipe says which).
     */
    private boolean opens(GenerationRequest request, ClipSettings clip) {
        if (!clip.still() || Motion.named(request.prompt()).isEmpty()) {
            return false;
        }
        Optional<AcditConfig> image = stillConfig();
        AcditConfig video = service.model().config();
        try {
            return image.isPresent() && !image.get().isVideo() && image.get().imageSize() == video.imageSize()
                    && image.get().styles().contains(EmojiStyle.parse(request.style()));
        } catch (IllegalArgumentException e) {
            return false; // an unknown style: the video model's own check names it
        }
    }

    /** The still model's config from its header, read once; empty when the file is missing or not an ACDiT model. */
    private Optional<AcditConfig> stillConfig() {
        if (stillConfig == null) {
            try {
                stillConfig = Files.isRegularFile(stillModel) ? Optional.of(AcditModel.checkHeader(stillModel))
                        : Optional.empty();
            } catch (ModelFileException e) {
                stillConfig = Optional.empty();
            }
        }
        return stillConfig;
    }

    /**
     * The still's drawing by {@code imageModel}: the app's default image settings ({@link GenerationRequest#of}), the
     * same ones the recipe records ({@link #stillRequest}), so what is drawn and what is written down cannot part.
     */
    public static StillOpening stillOpening(AcditModel imageModel) {
        GenerationRequest defaults = GenerationRequest.of("", "google", 0);
        return new StillOpening(imageModel, defaults.sampler(), defaults.steps(), defaults.samplingGuidance(),
                StillOpening.SPRITE_SIDE);
    }

    /** The still of clip seed {@code seed}: the emoji's words alone, the request's style, the app's image defaults. */
    private static GenerationRequest stillRequest(GenerationRequest request, long seed) {
        return GenerationRequest.of(Motion.withoutMotion(request.prompt()), request.style(), seed);
    }

    /** The recipe of clip {@code i} of a request, with the window the model used (and its still, if it opened with one). */
    public ClipRecipe recipe(GenerationRequest request, ClipSettings clip, int i) throws IOException {
        ClipSpan span = clip.span(service.model().config());
        Recipe still = null;
        if (opens(request, clip)) {
            String name = stillModel.getFileName().toString().replaceFirst("\\.safetensors$", "");
            if (stillHash == null) {
                stillHash = ModelHash.of(stillModel); // once: recipe() is asked for every clip of a batch
            }
            still = Recipe.of(stillRequest(request, request.seedOf(i)), 0, name, stillHash, service.imageSize());
        }
        return new ClipRecipe(ClipRecipe.VERSION, service.recipe(request, i), span.frames(), span.window(), clip.fps(),
                still);
    }

    /**
     * Renders and writes every clip of {@code request} to {@code out} (its format from its name, see
     * {@link ClipFormat}): clip i of a batch of several gets {@code -<seed>} before the extension, and a
     * name that exists gets {@code -2}, {@code -3}, … instead of being replaced. Names are claimed
     * atomically ({@link #writeNew}), so two processes writing into one folder never replace each
     * other's clip. Nothing is written when rendering fails or is cancelled.
     */
    public List<Path> renderTo(GenerationRequest request, ClipSettings clip, Path out, int scale, BlockListener listener,
            CancellationToken cancellation) throws IOException {
        List<float[]> clips = render(request, clip, listener, cancellation);
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            ClipRecipe recipe = recipe(request, clip, i);
            written.add(writeNew(candidateNames(out, clips.size() == 1 ? "" : "-" + recipe.frame().seed()), recipe,
                    clips.get(i), scale));
        }
        return written;
    }

    /**
     * Writes one clip to {@code out} (its format from its name), or, when that name exists, to
     * {@code -2}, {@code -3}, … before the extension: an existing file or folder is never replaced.
     * Returns where it was written.
     */
    public static Path writeNew(Path out, ClipRecipe recipe, float[] clip, int scale) throws IOException {
        return writeNew(candidateNames(out, ""), recipe, clip, scale);
    }

    /**
     * Writes one clip under the first of {@code names} (all of one format) that is free, and returns
     * it. A GIF or MP4 is complete and synced before it is linked to its name; a folder of frames is
     * written complete under a hidden temporary name beside it and then renamed to the first free
     * name, so a reader or a crash never sees half a folder. An existing file or folder is never written into.
     */
    public static Path writeNew(Iterable<Path> names, ClipRecipe recipe, float[] clip, int scale) throws IOException {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        Path first = names.iterator().next();
        Files.createDirectories(first.toAbsolutePath().getParent());
        return switch (ClipFormat.of(first)) {
            case GIF -> AtomicFiles.writeNew(names, GifClips.content(frames(recipe, clip, scale),
                    recipe.settings().gifDelayCentiseconds(), recipe.toJson()));
            case MP4 -> AtomicFiles.writeNew(names, Mp4Clips.content(frames(recipe, clip, scale), recipe.fps()));
            case PNG_FRAMES -> {
                Path parent = first.toAbsolutePath().getParent();
                Path partial = partialFolder(parent, first.getFileName().toString());
                try {
                    List<BufferedImage> frames = frames(recipe, clip, 1);
                    for (int f = 0; f < frames.size(); f++) {
                        BufferedImage frame = frames.get(f);
                        AtomicFiles.write(partial.resolve(frameName(f)), out -> ImageIO.write(frame, "png", out));
                    }
                    AtomicFiles.write(partial.resolve(RECIPE_FILE), recipe.toJson().getBytes(StandardCharsets.UTF_8));
                    yield claimFolder(partial, names);
                } finally {
                    deleteFolder(partial); // left only when the rename did not happen
                }
            }
        };
    }

    /**
     * A new hidden folder beside the clip's, {@code .<name>.partial-<random>}, with the permissions any new
     * folder gets (a temporary directory's owner-only ones would stay with the clip after the rename).
     */
    private static Path partialFolder(Path parent, String name) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(parent.resolve("." + name + ".partial-"
                        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)));
            } catch (FileAlreadyExistsException taken) {
                // another writer's: draw again
            }
        }
    }

    /** The file name of frame {@code f} (from 0) in a folder of PNG frames. */
    public static String frameName(int f) {
        return String.format(Locale.ROOT, "frame-%03d.png", f);
    }

    /**
     * Renames the complete folder {@code partial} to the first of {@code names} that does not exist.
     * (A rename does not replace an existing folder with files in it; the check before it keeps an
     * empty one too.)
     */
    private static Path claimFolder(Path partial, Iterable<Path> names) throws IOException {
        Path last = null;
        for (Path name : names) {
            if (Files.exists(name, LinkOption.NOFOLLOW_LINKS)) {
                last = name;
                continue;
            }
            try {
                Files.move(partial, name, StandardCopyOption.ATOMIC_MOVE);
                return name;
            } catch (FileSystemException e) {
                // Another writer took the name between the check and the rename (rename(2) says "not empty").
                if (!Files.exists(name, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
                last = name;
            }
        }
        throw new FileAlreadyExistsException(String.valueOf(last), null, "every candidate name exists");
    }

    private static void deleteFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(folder);
    }

    /** Most names tried for one clip. */
    static final int MAX_NAME_TRIES = 100_000;

    /** {@code out} with {@code suffix} before its extension, then with {@code -2}, {@code -3}, … after the suffix. */
    private static List<Path> candidateNames(Path out, String suffix) {
        String extension = ClipFormat.of(out).extension();
        String name = out.getFileName().toString();
        String base = name.substring(0, name.length() - extension.length()) + suffix;
        return new AbstractList<>() {
            @Override
            public Path get(int index) {
                return out.resolveSibling(index == 0 ? base + extension : base + "-" + (index + 1) + extension);
            }

            @Override
            public int size() {
                return MAX_NAME_TRIES;
            }
        };
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
}
