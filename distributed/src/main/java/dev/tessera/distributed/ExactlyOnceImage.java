package dev.tessera.distributed;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.image.ChwImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Renders one image of a task so that any number of attempts (a retry after a failure, a speculative twin, a rerun
 * of the whole queue) leave exactly one file. The file takes the desktop's name ({@code <seed>-<prompt>[-<label>].png},
 * then {@code -2}, {@code -3}, … past names taken by other images) and is written by the desktop's writer
 * ({@link RecipePng}: temp file, fsync, claimed by a link that fails when the name exists). Before rendering, and
 * again when a claim loses a race, the names are read in order: a PNG whose recipe equals this image's is this image,
 * complete (it was renamed into place whole), and is adopted instead of written again. The same recipe gives the same
 * pixels, so which attempt's file survives does not matter.
 */
final class ExactlyOnceImage {

    private ExactlyOnceImage() {}

    /** The image of {@code task} on disk, rendered with {@code service} unless a file of its recipe is there. */
    static ImageResult render(GenerationService service, ImageTask task) throws IOException {
        Recipe settings = Recipe.fromJson(task.settings());
        GenerationRequest request = settings.request();
        Recipe recipe = service.recipe(request, 0);
        if (!recipe.modelHash().equals(settings.modelHash())) {
            throw new IllegalStateException("the model file " + task.modelFile() + " on this executor has hash "
                    + recipe.modelHash() + ", the driver's had " + settings.modelHash()
                    + ": every machine needs the same model file at that path");
        }
        Path folder = Path.of(task.outputFolder());
        Files.createDirectories(folder);
        List<Path> names = GenerationService.candidateNames(folder,
                GenerationService.baseName(recipe.seed(), recipe.prompt(), task.label()));
        BufferedImage image = null;
        for (Path name : names) {
            while (true) {
                if (Files.exists(name)) {
                    if (sameRecipe(name, recipe)) {
                        return new ImageResult(task.jobId(), task.seed(), name.toString(), false);
                    }
                    break; // another image's file: try the next name
                }
                if (image == null) {
                    List<float[]> chw = service.render(request, BlockListener.NONE, new CancellationToken());
                    image = ChwImages.toImage(chw.get(0), recipe.width(), 1);
                }
                try {
                    Path written = RecipePng.writeNew(List.of(name), image, recipe);
                    return new ImageResult(task.jobId(), task.seed(), written.toString(), true);
                } catch (FileAlreadyExistsException claimedMeanwhile) {
                    // A twin attempt renamed its file into place first: look at it again.
                }
            }
        }
        throw new FileAlreadyExistsException(folder.toString(), null,
                "every name for seed " + recipe.seed() + " of \"" + recipe.prompt() + "\" is taken by other images");
    }

    private static boolean sameRecipe(Path file, Recipe recipe) {
        try {
            Optional<Recipe> there = RecipePng.readRecipe(file);
            return there.isPresent() && there.get().equals(recipe);
        } catch (IOException | RuntimeException notOurs) {
            return false; // not a PNG of ours: another file under that name
        }
    }
}
