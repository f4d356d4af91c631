package dev.tessera.app.history;

import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.Recipe;
import dev.tessera.app.generate.RecipePng;
import dev.tessera.app.generate.GenerationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import dev.tessera.app.video.ClipRecipe;
import dev.tessera.app.video.ClipRendering;
import dev.tessera.app.video.ClipSettings;

/**
 * The studio's history: every rendered image, saved as a recipe PNG in a folder per day under
 * {@code TesseraHome.history()}, and every clip, saved there as a folder of PNG frames with its clip
 * recipe beside them (lossless, so a replay can compare every pixel). Listing reads the recipes back
 * from the PNG chunks and the clip recipes, so the folder itself is the database and files copied in
 * by hand show up too.
 */
public final class History {

    private final Path folder;
    private final Clock clock;

    public History(Path folder) {
        this(folder, Clock.systemDefaultZone());
    }

    History(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    /** The entries found and the files that could not be read, each with its reason. */
    public record Listing(List<HistoryEntry> entries, List<String> problems) {}

    public Path folder() {
        return folder;
    }

    /** Saves one render's images into today's folder and returns the files, in image order. */
    public List<Path> save(GenerationService service, GenerationRequest request, List<float[]> images)
            throws IOException {
        return service.writeImages(request, images, folder.resolve(LocalDate.now(clock).toString()));
    }

    /**
     * Saves one render's clips into today's folder as {@code <seed>-<prompt>} folders of frames
     * ({@code -2}, … when the name is taken) and returns them, in clip order. Each folder appears
     * whole or not at all.
     */
    public List<Path> saveClips(ClipRendering rendering, GenerationRequest request, ClipSettings clip,
            List<float[]> clips) throws IOException {
        Path day = folder.resolve(LocalDate.now(clock).toString());
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            ClipRecipe recipe = rendering.recipe(request, clip, i);
            Path name = day.resolve(GenerationService.baseName(recipe.frame().seed(), recipe.frame().prompt(), ""));
            written.add(ClipRendering.writeNew(name, recipe, clips.get(i), 1));
        }
        return written;
    }

    /** Every PNG with a Tessera recipe and every clip folder, newest first. PNGs without one are skipped, broken ones reported. */
    public Listing list() {
        if (!Files.isDirectory(folder)) {
            return new Listing(List.of(), List.of());
        }
        List<HistoryEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder, 2)) {
            for (Path file : files.filter(f -> isPng(f) || isClipFolder(f)).toList()) {
                try {
                    if (Files.isDirectory(file)) {
                        Path json = file.resolve(ClipRendering.RECIPE_FILE);
                        entries.add(HistoryEntry.ofClip(file, ClipRecipe.fromJson(Files.readString(json)),
                                Files.getLastModifiedTime(json).toInstant()));
                        continue;
                    }
                    Optional<Recipe> recipe = RecipePng.readRecipe(file);
                    if (recipe.isPresent()) {
                        entries.add(new HistoryEntry(file, recipe.get(), Files.getLastModifiedTime(file).toInstant()));
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(folder.relativize(file) + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the history in " + folder + ": " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparing(HistoryEntry::created).reversed()
                .thenComparing(e -> e.file().getFileName().toString()));
        return new Listing(entries, problems);
    }

    /** The entries {@code filter} lets through, in listing order. */
    public static List<HistoryEntry> filter(List<HistoryEntry> entries, HistoryFilter filter, ZoneId zone) {
        return entries.stream().filter(e -> filter.matches(e, zone)).toList();
    }

    /**
     * The entries rendered in one batch with {@code entry} (itself included), in batch order: same model
     * file and same batch request. When a batch was rendered more than once, the first listed copy of
     * each image (the newest) stands for it.
     */
    public static List<HistoryEntry> batchOf(HistoryEntry entry, List<HistoryEntry> entries) {
        Recipe recipe = entry.recipe();
        java.util.Map<Integer, HistoryEntry> byIndex = new java.util.TreeMap<>();
        byIndex.put(recipe.batch().index(), entry);
        for (HistoryEntry other : entries) {
            Recipe r = other.recipe();
            if (r.modelHash().equals(recipe.modelHash()) && r.batchRequest().equals(recipe.batchRequest())) {
                byIndex.putIfAbsent(r.batch().index(), other);
            }
        }
        return List.copyOf(byIndex.values());
    }

    /** A clip's folder: a visible folder holding a clip recipe. */
    private static boolean isClipFolder(Path file) {
        return Files.isDirectory(file) && !file.getFileName().toString().startsWith(".")
                && Files.isRegularFile(file.resolve(ClipRendering.RECIPE_FILE));
    }

    private static boolean isPng(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().toLowerCase().endsWith(".png")
                && !file.getFileName().toString().startsWith(".");
    }
}
