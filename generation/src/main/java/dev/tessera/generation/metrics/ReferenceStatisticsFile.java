package dev.tessera.generation.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.generation.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes {@link ReferenceStatistics} as JSON. Doubles are written in Java's shortest round-trip
 * form, so a loaded file reproduces the saved statistics bit for bit. Writes are atomic.
 */
public final class ReferenceStatisticsFile {

    /** Identifies the file kind, so a wrong file fails loudly rather than as a missing field. */
    static final String FORMAT = "tessera-reference-statistics";
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReferenceStatisticsFile() {
    }

    /** The JSON document: the statistics plus what kind of file this is. */
    record Document(String format, int version, String featureModel, Map<String, GaussianStats> sets) {
    }

    public static void write(Path file, ReferenceStatistics statistics) throws IOException {
        Document document = new Document(FORMAT, VERSION, statistics.featureModel(), statistics.sets());
        AtomicFiles.write(file, out -> JSON.writeValue(out, document));
    }

    /** Reads a file written by {@link #write}; a malformed or invalid file gives an IOException naming it. */
    public static ReferenceStatistics read(Path file) throws IOException {
        Document document;
        try (InputStream in = Files.newInputStream(file)) {
            document = JSON.readValue(in, Document.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a reference statistics file: " + e.getOriginalMessage(), e);
        }
        if (!FORMAT.equals(document.format()) || document.version() != VERSION) {
            throw new IOException(file + " has format " + document.format() + " version " + document.version()
                    + "; expected " + FORMAT + " version " + VERSION);
        }
        try {
            return new ReferenceStatistics(document.featureModel(), document.sets());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " holds invalid statistics: " + e.getMessage(), e);
        }
    }
}
