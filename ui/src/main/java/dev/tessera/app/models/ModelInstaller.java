package dev.tessera.app.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.ModelFileFormat;
import dev.tessera.generation.modelfile.SafetensorsReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Imports model files into the user's model folder and removes them again. A file is judged by
 * its content, never its name: it must be a valid safetensors file carrying Tessera metadata.
 *
 * <p>Import is copy-then-check-then-publish: the bytes are copied to a hidden temp file in the
 * models folder and forced to disk, the <em>copy</em> is validated (so a source that changes
 * meanwhile cannot slip through), and it is published under its name with a hard link, which
 * fails rather than replace an existing file. An existing model is never overwritten.
 */
public final class ModelInstaller {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,99}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelCatalogue catalogue;

    public ModelInstaller(ModelCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * The name a file would be installed under: its file name without the extension, with
     * characters a model name cannot hold replaced by dashes ("emoji (v2).safetensors" → "emoji -v2-").
     */
    public static String defaultName(Path source) {
        String file = source.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        String cleaned = stem.replaceAll("[^A-Za-z0-9._ -]", "-").replaceFirst("^[^A-Za-z0-9]+", "");
        cleaned = cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
        return cleaned.isEmpty() ? "model" : cleaned;
    }

    /** Imports {@code source} under its own name. */
    public InstalledModel importModel(Path source) throws ModelImportException {
        return importModel(source, defaultName(source));
    }

    /**
     * Validates {@code source} and copies it into the user model folder as {@code <name>.safetensors}.
     *
     * @throws ModelNameTakenException when an installed model (bundled or user) already has the name
     * @throws ModelImportException    naming the file and the problem when it is not a usable model
     */
    public InstalledModel importModel(Path source, String name) throws ModelImportException {
        checkName(name);
        checkNameFree(name);
        checkSourceFormat(source);
        return install(name, source.toString(), temp -> copyDurably(source, temp));
    }

    /** Writes a model file at the path it is given (a temporary file inside the user model folder). */
    @FunctionalInterface
    public interface ModelWriter {
        void write(Path file) throws IOException;
    }

    /**
     * Installs a model that {@code writer} makes in the user model folder itself, as {@code <name>.safetensors}:
     * for files whose content depends on where they lie, such as an ensemble, which names its experts relative to
     * its own folder. The same path as {@link #importModel}: name checked and free, the file written to a hidden
     * temporary file in the folder, forced to disk, checked as a Tessera model, published without replacing anything.
     *
     * @param what names the model in messages, e.g. "the ensemble of a and b"
     * @throws ModelNameTakenException when an installed model already has the name
     */
    public InstalledModel installNew(String name, String what, ModelWriter writer) throws ModelImportException {
        checkName(name);
        checkNameFree(name);
        return install(name, what, temp -> {
            writer.write(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        });
    }

    private InstalledModel install(String name, String what, ModelWriter writer) throws ModelImportException {
        Path folder = catalogue.userFolder();
        Path temp = folder.resolve(".import-" + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(folder);
            writer.write(temp);
            checkTesseraModel(what, temp);
            Path target = folder.resolve(name + ModelCatalogue.EXTENSION);
            publish(temp, target, name);
            return ModelCatalogue.describe(target, InstalledModel.Source.USER);
        } catch (ModelImportException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelImportException("could not install " + what + " into " + folder + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Deletes a user-imported model file; bundled models belong to the app. */
    public void remove(InstalledModel model) throws IOException {
        if (model.source() == InstalledModel.Source.BUNDLED) {
            throw new IllegalArgumentException("'" + model.name() + "' is bundled with Tessera and cannot be removed");
        }
        Path file = model.file().toAbsolutePath().normalize();
        if (!file.getParent().equals(catalogue.userFolder().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(file + " is not in the user model folder " + catalogue.userFolder());
        }
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            throw new IOException("'" + model.name() + "' was already removed (" + file + " no longer exists)", e);
        }
    }

    /** A variant of {@code name} no installed model uses: name-2, name-3, ... */
    public String freeName(String name) {
        String candidate = name;
        for (int n = 2; isTaken(candidate); n++) {
            candidate = name + "-" + n;
        }
        return candidate;
    }

    private static void checkName(String name) throws ModelImportException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ModelImportException("'" + name + "' is not a usable model name: use 1 to 100 letters, digits,"
                    + " spaces, dots, dashes or underscores, starting with a letter or digit");
        }
    }

    private void checkNameFree(String name) throws ModelNameTakenException {
        if (isTaken(name)) {
            throw new ModelNameTakenException(name, freeName(name));
        }
    }

    private boolean isTaken(String name) {
        return catalogue.list().stream().anyMatch(m -> m.name().equalsIgnoreCase(name));
    }

    /** Refuses PyTorch pickles by their first bytes before a single byte is copied. */
    private static void checkSourceFormat(Path source) throws ModelImportException {
        if (!Files.isRegularFile(source)) {
            throw new ModelImportException(source + ": " + (Files.exists(source) ? "is not a regular file" : "does not exist"));
        }
        try {
            ModelFileFormat format = SafetensorsReader.detectFormat(source);
            if (format == ModelFileFormat.PICKLE || format == ModelFileFormat.ZIP) {
                throw new ModelImportException(source + ": is a PyTorch " + (format == ModelFileFormat.ZIP
                        ? "zip checkpoint (torch.save)" : "pickle (.pt/.ckpt/.bin)")
                        + ", not a safetensors file; Tessera never loads pickles because opening one can run code."
                        + " Convert it to .safetensors first.");
            }
        } catch (ModelFileException e) {
            throw new ModelImportException(e.getMessage(), e);
        }
    }

    /**
     * Validates the copy with the strict reader; messages name the file the user chose. The header
     * check already proves every tensor's byte range lies inside the file and covers it exactly, so
     * a truncated or padded file fails here without reading the weights into memory.
     */
    private static void checkTesseraModel(String source, Path copy) throws ModelImportException {
        Map<String, String> metadata;
        try {
            metadata = SafetensorsReader.readMetadata(copy);
        } catch (ModelFileException e) {
            throw new ModelImportException(source + ": " + e.problem(), e);
        }
        if (!metadata.containsKey("tessera.model")) {
            throw new ModelImportException(source + ": is a valid safetensors file but not a Tessera model: its metadata"
                    + " has no 'tessera.model' entry (Tessera model files record their kind, config and provenance)");
        }
        String config = metadata.get("tessera.config");
        if (config != null) {
            try {
                JsonNode node = JSON.readTree(config);
                if (node == null || !node.isObject()) {
                    throw new IOException("not a JSON object");
                }
            } catch (IOException e) {
                throw new ModelImportException(source + ": its 'tessera.config' metadata is not a JSON object", e);
            }
        }
    }

    private static void copyDurably(Path source, Path temp) throws IOException {
        Files.copy(source, temp, StandardCopyOption.COPY_ATTRIBUTES);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Link instead of rename: a link never replaces an existing file, so a race cannot overwrite a model. */
    private static void publish(Path temp, Path target, String name) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw new ModelNameTakenException(name, name + "-2");
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(target)) {
                throw new ModelNameTakenException(name, name + "-2");
            }
            Files.move(temp, target); // no REPLACE_EXISTING: fails if the name was taken meanwhile
        }
        syncFolder(target.getParent());
    }

    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open folders; the file itself is already on disk.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A hidden .tmp left behind is harmless: the catalogue lists only *.safetensors.
        }
    }
}
