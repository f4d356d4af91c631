package dev.tessera.app.queue;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One finished image of a job: the seed it was rendered with and where the complete PNG is. That is a local path,
 * or, for an image a Spark run wrote to a Hadoop file system ({@code hdfs://…}, {@code s3a://…}), its URI.
 */
public record JobOutput(long seed, String location) {

    /** A scheme of two or more characters and "://": a URI, never a local path (nor a Windows drive letter). */
    private static final Pattern URI_LOCATION = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+://.*");

    public JobOutput {
        Objects.requireNonNull(location, "location");
    }

    public JobOutput(long seed, Path file) {
        this(seed, file.toString());
    }

    /** True when the image lives on a remote file system and this machine cannot open it as a file. */
    public boolean remote() {
        return isUri(location);
    }

    /** The image as a local file, or empty when it is {@linkplain #remote() remote}. */
    public Optional<Path> localFile() {
        return remote() ? Optional.empty() : Optional.of(Path.of(location));
    }

    /** The folder the image is in: its location up to the last '/' (a path's parent, or a URI's folder). */
    public String folder() {
        int slash = location.lastIndexOf('/');
        return slash < 0 ? "" : location.substring(0, slash);
    }

    /** True when {@code location} names a URI ({@code scheme://…}) rather than a local path. */
    public static boolean isUri(String location) {
        return URI_LOCATION.matcher(location).matches();
    }
}
