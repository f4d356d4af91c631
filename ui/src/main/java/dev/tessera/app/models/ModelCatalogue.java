package dev.tessera.app.models;

import dev.tessera.generation.engine.TesseraHome;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the models installed on this machine: the bundled ones shipped in {@code assets/models}
 * next to the application and the ones the user imported into the data folder.
 */
public final class ModelCatalogue {

    static final String EXTENSION = ".safetensors";

    private final Path bundledFolder;
    private final Path userFolder;

    public ModelCatalogue(Path bundledFolder, Path userFolder) {
        this.bundledFolder = bundledFolder;
        this.userFolder = userFolder;
    }

    /** The catalogue of this installation: {@code <app>/assets/models} and the user's data folder. */
    public static ModelCatalogue forInstallation(Path appRoot, TesseraHome home) {
        return new ModelCatalogue(appRoot.resolve("assets").resolve("models"), home.models());
    }

    /** Where the models shipped with the app live; read-only for the user. */
    public Path bundledFolder() {
        return bundledFolder;
    }

    /** Where imported models go. */
    public Path userFolder() {
        return userFolder;
    }

    /** The folders searched, bundled first, for messages that tell the user where to look. */
    public String folders() {
        return bundledFolder + " and " + userFolder;
    }

    public List<InstalledModel> list() {
        List<InstalledModel> models = new ArrayList<>();
        models.addAll(scan(bundledFolder, InstalledModel.Source.BUNDLED));
        models.addAll(scan(userFolder, InstalledModel.Source.USER));
        return models;
    }

    private static List<InstalledModel> scan(Path folder, InstalledModel.Source source) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(EXTENSION) && Files.isRegularFile(f))
                    .sorted(Comparator.comparing(Path::getFileName))
                    .map(f -> describe(f, source))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list models in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Reads the model kind from the file; a bad file is listed with its problem instead of failing the list. */
    static InstalledModel describe(Path file, InstalledModel.Source source) {
        try {
            String kind = SafetensorsReader.readMetadata(file).getOrDefault("tessera.model", "unknown");
            return new InstalledModel(stripExtension(file), source, file, sizeOf(file), kind, "");
        } catch (ModelFileException e) {
            return new InstalledModel(stripExtension(file), source, file, sizeOf(file), "unreadable", e.getMessage());
        }
    }

    private static String stripExtension(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - EXTENSION.length());
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
