package dev.tessera.app.generate;

import ai.djl.ndarray.NDManager;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.modelfile.ModelFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders generation requests with one loaded model (ACDiT, U-Net or AFA ensemble, by the file's kind) and
 * writes each image as a PNG carrying its recipe. Used by the CLI, the queue and the studio alike. Closing it
 * frees the model.
 */
public final class GenerationService implements AutoCloseable {

    private final NDManager manager;
    private final ImageModel model;
    private final String modelName;
    private final String modelHash;

    private GenerationService(NDManager manager, ImageModel model, String modelName, String modelHash) {
        this.manager = manager;
        this.model = model;
        this.modelName = modelName;
        this.modelHash = modelHash;
    }

    /** Loads a model file of any image kind; a missing, corrupt or foreign file is a clear error. */
    public static GenerationService open(Path modelFile) throws IOException {
        if (!Files.isRegularFile(modelFile)) {
            throw new IllegalArgumentException("no model file at " + modelFile
                    + " (train the default one with ./tessera train --config configs/acdit-default.json, or pass --model)");
        }
        NDManager manager = OfflineEngine.newManager();
        try {
            ImageModel model = ImageModel.load(modelFile, manager);
            String name = modelFile.getFileName().toString().replaceFirst("\\.safetensors$", "");
            return new GenerationService(manager, model, name, ModelHash.of(modelFile));
        } catch (ModelFileException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Whether a model file of {@code kind} ({@code tessera.model}) is one this service renders. */
    public static boolean renders(String kind) {
        return ImageModel.KINDS.contains(kind);
    }

    /** Renders {@code request} and returns CHW images in [-1, 1], one per seed. */
    public List<float[]> render(GenerationRequest request, BlockListener listener, CancellationToken cancellation) {
        return model.render(request, listener, cancellation);
    }

    /** The recipe of image {@code i} of a request. */
    public Recipe recipe(GenerationRequest request, int i) {
        int size = model.imageSize();
        return Recipe.of(request, i, modelName, modelHash, size);
    }

    /**
     * Renders and writes {@code <seed>-<prompt>.png} files into {@code folder}. Nothing is written when
     * rendering fails or is cancelled; existing files are never overwritten.
     */
    public List<Path> renderToFolder(GenerationRequest request, Path folder, BlockListener listener,
            CancellationToken cancellation) throws IOException {
        return renderToFolder(request, folder, 1, listener, cancellation);
    }

    /** As {@link #renderToFolder(GenerationRequest, Path, BlockListener, CancellationToken)}, each model pixel a {@code scale}² square. */
    public List<Path> renderToFolder(GenerationRequest request, Path folder, int scale, BlockListener listener,
            CancellationToken cancellation) throws IOException {
        return writeImages(request, render(request, listener, cancellation), folder, "", scale);
    }

    /**
     * Writes rendered images of {@code request} as {@code <seed>-<prompt>.png} recipe PNGs into
     * {@code folder}; existing files are never overwritten.
     */
    public List<Path> writeImages(GenerationRequest request, List<float[]> images, Path folder) throws IOException {
        return writeImages(request, images, folder, "");
    }

    /**
     * {@link #writeImages(GenerationRequest, List, Path)} with {@code label} after the prompt in each name,
     * {@code <seed>-<prompt>-<label>.png}: what tells a sweep's images apart (e.g. "cfg4").
     */
    public List<Path> writeImages(GenerationRequest request, List<float[]> images, Path folder, String label)
            throws IOException {
        return writeImages(request, images, folder, label, 1);
    }

    /**
     * As {@link #writeImages(GenerationRequest, List, Path, String)}, enlarged {@code scale} times by nearest
     * neighbour; the recipe still records the model's size (what a replay renders).
     */
    public List<Path> writeImages(GenerationRequest request, List<float[]> images, Path folder, String label, int scale)
            throws IOException {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Recipe recipe = recipe(request, i);
            String base = baseName(recipe.seed(), recipe.prompt(), label);
            written.add(RecipePng.writeNew(candidateNames(folder, base), ChwImages.toImage(images.get(i), recipe.width(), scale),
                    recipe));
        }
        return written;
    }

    /** The model's name (its file name without extension), as recipes record it. */
    public String modelName() {
        return modelName;
    }

    /** Width and height of the images this model makes. */
    public int imageSize() {
        return model.imageSize();
    }

    /** Frames of the model's clips; 1 for an image model. */
    public int frames() {
        return model.frames();
    }

    /**
     * The ACDiT model, for what only ACDiT does (clips).
     *
     * @throws IllegalArgumentException for a U-Net or an ensemble, naming its kind
     */
    public AcditModel model() {
        return model.acdit();
    }

    public String modelHash() {
        return modelHash;
    }

    /** The prompt as a file-name part: lower-case words joined by '-', at most 48 characters. */
    public static String slug(String prompt) {
        String slug = prompt.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        slug = slug.length() > 48 ? slug.substring(0, 48) : slug;
        return slug.isEmpty() ? "unconditional" : slug;
    }

    /** A file name without extension: {@code <seed>-<prompt slug>}, then {@code -<label>} when there is one. */
    public static String baseName(long seed, String prompt, String label) {
        return String.format(Locale.ROOT, "%d-%s", seed, slug(prompt)) + (label.isEmpty() ? "" : "-" + label);
    }

    /** Most names tried for one image: {@code base.png}, {@code base-2.png}, … */
    static final int MAX_NAME_TRIES = 100_000;

    /** {@code base.png}, then {@code base-2.png}, {@code base-3.png}, …: claimed by the first write that finds one free. */
    public static List<Path> candidateNames(Path folder, String base) {
        return new java.util.AbstractList<>() {
            @Override
            public Path get(int index) {
                return folder.resolve(index == 0 ? base + ".png" : base + "-" + (index + 1) + ".png");
            }

            @Override
            public int size() {
                return MAX_NAME_TRIES;
            }
        };
    }

    @Override
    public void close() {
        model.close();
        manager.close();
    }
}
