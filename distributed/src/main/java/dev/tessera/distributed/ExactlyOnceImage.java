package dev.tessera.distributed;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.image.ChwImages;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Renders one image of a task so that any number of attempts (a retry after a failure, a speculative twin, a rerun
 * of the whole queue) leave exactly one file. The file takes the desktop's name ({@code <seed>-<prompt>[-<label>].png},
 * then {@code -2}, {@code -3}, … past names taken by other images) and the desktop's bytes ({@link RecipePng}), and is
 * written into an {@link ImageFolder}: aside, then claimed under its name by a step that fails when the name exists.
 * Before rendering, and
 * again when a claim loses a race, the names are read in order: a PNG whose recipe equals this image's is this image,
 * complete (it was renamed into place whole), and is adopted instead of written again. The same recipe gives the same
 * pixels, so which attempt's file survives does not matter.
 */
final class ExactlyOnceImage {

    private ExactlyOnceImage() {}

    /**
     * The image of {@code task} in {@code folder} (the task's output folder), rendered with {@code service} unless a
     * file of its recipe is there.
     */
    static ImageResult render(GenerationService service, ImageTask task, ImageFolder folder) throws IOException {
        Recipe settings = Recipe.fromJson(task.settings());
        GenerationRequest request = settings.request();
        Recipe recipe = service.recipe(request, 0);
        if (!recipe.modelHash().equals(settings.modelHash())) {
            throw new IllegalStateException("the model file " + task.modelFile() + " on this executor has hash "
                    + recipe.modelHash() + ", the driver's had " + settings.modelHash()
                    + ": every machine needs the same model file at that path, or shipped with spark-submit --files");
        }
        folder.create();
        String base = GenerationService.baseName(recipe.seed(), recipe.prompt(), task.label());
        byte[] png = null;
        for (Path candidate : GenerationService.candidateNames(Path.of(""), base)) {
            String name = candidate.getFileName().toString();
            while (true) {
                byte[] there = folder.read(name);
                if (there != null) {
                    if (sameRecipe(there, recipe)) {
                        return new ImageResult(task.jobId(), task.seed(), folder.location(name), false);
                    }
                    break; // another image's file: try the next name
                }
                if (png == null) {
                    List<float[]> chw = service.render(request, BlockListener.NONE, new CancellationToken());
                    png = RecipePng.encode(ChwImages.toImage(chw.get(0), recipe.width(), 1), recipe);
                }
                try {
                    folder.claim(name, png);
                    return new ImageResult(task.jobId(), task.seed(), folder.location(name), true);
                } catch (FileAlreadyExistsException claimedMeanwhile) {
                    // A twin attempt renamed its file into place first: look at it again.
                }
            }
        }
        throw new FileAlreadyExistsException(task.outputFolder(), null,
                "every name for seed " + recipe.seed() + " of \"" + recipe.prompt() + "\" is taken by other images");
    }

    private static boolean sameRecipe(byte[] png, Recipe recipe) {
        try {
            Optional<Recipe> there = RecipePng.readRecipe(png);
            return there.isPresent() && there.get().equals(recipe);
        } catch (IOException | RuntimeException notOurs) {
            return false; // not a PNG of ours: another file under that name
        }
    }
}
