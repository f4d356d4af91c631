package dev.tessera.app.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tessera.generation.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Reads and writes the studio's settings JSON. Writes are atomic. A file that cannot be read is
 * never overwritten silently: it is renamed aside (so the user can inspect or restore it), the
 * defaults are used and the caller gets a warning saying exactly that.
 */
public final class SettingsStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // settings from a newer version still load
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Clock clock;
    /** Set when an unreadable file could not be moved aside: then it must not be overwritten either. */
    private volatile Path keepUnreadable;

    public SettingsStore(Path file) {
        this(file, Clock.systemUTC());
    }

    SettingsStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** The settings and, when the file was unreadable, a warning for the user. */
    public record Loaded(StudioSettings settings, Optional<String> warning) {}

    public Path file() {
        return file;
    }

    public Loaded load() {
        if (!Files.exists(file)) {
            return new Loaded(StudioSettings.defaults(), Optional.empty());
        }
        String problem;
        try {
            StudioSettings settings = JSON.readValue(Files.readString(file), StudioSettings.class);
            if (settings != null) {
                return new Loaded(settings, Optional.empty());
            }
            problem = "it is empty";
        } catch (JsonProcessingException e) {
            problem = e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")";
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage();
        }
        return new Loaded(StudioSettings.defaults(), Optional.of(setAside(problem)));
    }

    public void save(StudioSettings settings) throws IOException {
        if (keepUnreadable != null) {
            throw new IOException("not saving settings over the unreadable file " + keepUnreadable
                    + "; move or delete it to save settings again");
        }
        byte[] bytes = JSON.writeValueAsBytes(settings);
        AtomicFiles.write(file, bytes);
    }

    private String setAside(String problem) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(clock.instant()) + "-" + n);
        }
        try {
            Files.move(file, aside);
            return "The settings file " + file + " could not be read: " + problem
                    + ". Using default settings; the unreadable file was kept as " + aside + ".";
        } catch (IOException e) {
            keepUnreadable = file;
            return "The settings file " + file + " could not be read: " + problem
                    + ". Using default settings; it could not be moved aside (" + e.getMessage()
                    + ") so settings will not be saved over it.";
        }
    }
}
