package dev.tessera.ensemble.afa;

import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.io.FileDigests;
import dev.tessera.generation.modelfile.ModelFileException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Finds, checks and hashes an ensemble's expert files, reading only their headers and bytes (no weights are
 * loaded here): each must exist, be a U-Net model file, share one architecture and, when an ensemble file
 * names it, still have the content hash the file recorded.
 */
final class ExpertFiles {

    /** An expert file and the SHA-256 of its bytes when it was checked. */
    record Expert(Path path, String sha256) {}

    private ExpertFiles() {}

    /** The experts' common architecture; the first file of another architecture is refused, naming the fields. */
    static UnetConfig commonArchitecture(List<Path> files) throws ModelFileException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one expert file");
        }
        UnetConfig common = null;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new ModelFileException(file, "expert file not found");
            }
            UnetConfig config = UnetModel.checkHeader(file);
            if (common == null) {
                common = config;
            } else if (!config.equals(common)) {
                throw new ModelFileException(file, "experts of different architectures: this one differs from "
                        + files.get(0).getFileName() + " in " + difference(common, config));
            }
        }
        return common;
    }

    /** Each file with its current hash. */
    static List<Expert> hashed(List<Path> files) throws ModelFileException {
        List<Expert> experts = new ArrayList<>(files.size());
        for (Path file : files) {
            experts.add(new Expert(file.toAbsolutePath().normalize(), sha256(file)));
        }
        return experts;
    }

    /** How an ensemble written to {@code ensembleFile} names the experts: relative paths and hashes. */
    static List<ExpertReference> references(Path ensembleFile, List<Expert> experts) {
        Path folder = ensembleFile.toAbsolutePath().normalize().getParent();
        List<ExpertReference> references = new ArrayList<>(experts.size());
        for (Expert expert : experts) {
            String relative = folder.relativize(expert.path()).toString().replace('\\', '/');
            references.add(new ExpertReference(relative, expert.sha256()));
        }
        return references;
    }

    /**
     * The experts {@code config} names, resolved against the ensemble file's folder and checked in the order a
     * user can act on: present, a U-Net, of the ensemble's architecture, unchanged (same hash). Failures name
     * the ensemble file and the expert.
     */
    static List<Expert> verified(Path ensembleFile, EnsembleConfig config) throws ModelFileException {
        Path folder = ensembleFile.toAbsolutePath().normalize().getParent();
        List<Expert> experts = new ArrayList<>();
        int count = config.experts().size();
        for (int i = 0; i < count; i++) {
            ExpertReference reference = config.experts().get(i);
            String name = "expert " + (i + 1) + " of " + count + " '" + reference.file() + "'";
            Path path = folder.resolve(reference.file()).normalize();
            if (!Files.isRegularFile(path)) {
                throw new ModelFileException(ensembleFile, name + " is missing (no file at " + path + ")");
            }
            UnetConfig architecture;
            try {
                architecture = UnetModel.checkHeader(path);
            } catch (ModelFileException e) {
                throw new ModelFileException(ensembleFile, name + ": " + e.problem(), e);
            }
            if (!architecture.equals(config.architecture())) {
                throw new ModelFileException(ensembleFile, "experts of different architectures: " + name
                        + " differs from the ensemble's architecture in " + difference(config.architecture(), architecture));
            }
            String found = sha256(path);
            if (!found.equals(reference.sha256())) {
                throw new ModelFileException(ensembleFile, name + " has changed since the ensemble was made: expected"
                        + " SHA-256 " + reference.sha256() + ", found " + found);
            }
            experts.add(new Expert(path, found));
        }
        return experts;
    }

    /** The fields in which {@code found} differs, e.g. "channels 8 (not 16), groups 2 (not 4)". */
    static String difference(UnetConfig expected, UnetConfig found) {
        StringJoiner fields = new StringJoiner(", ");
        for (RecordComponent component : UnetConfig.class.getRecordComponents()) {
            Object want = value(component, expected);
            Object got = value(component, found);
            if (!Objects.equals(want, got)) {
                fields.add(component.getName() + " " + got + " (not " + want + ")");
            }
        }
        return fields.length() == 0 ? "the same fields" : fields.toString();
    }

    private static Object value(RecordComponent component, UnetConfig config) {
        try {
            return component.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("record accessor " + component.getName(), e);
        }
    }

    private static String sha256(Path file) throws ModelFileException {
        try {
            return FileDigests.sha256(file);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read: " + e, e);
        }
    }
}
