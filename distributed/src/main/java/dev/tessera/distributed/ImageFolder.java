package dev.tessera.distributed;

import dev.tessera.app.queue.JobOutput;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a Spark run writes its images: a folder every executor sees, on a local or shared POSIX disk
 * ({@link LocalImageFolder}) or on a Hadoop-compatible file system such as HDFS ({@link HadoopImageFolder}). Files
 * appear whole (written aside, then claimed under their name) and a claim never replaces a file that is there.
 */
sealed interface ImageFolder permits LocalImageFolder, HadoopImageFolder {

    /**
     * The folder a location names: a URI with a scheme other than {@code file} ({@code hdfs://nn:8020/renders})
     * goes through Hadoop's file systems with {@code hadoopSettings} ({@code fs.*} keys and the like); a path or
     * a {@code file://} URI is a local folder.
     */
    static ImageFolder at(String location, Map<String, String> hadoopSettings) {
        if (!JobOutput.isUri(location)) {
            return new LocalImageFolder(Path.of(location));
        }
        URI uri = URI.create(location);
        return "file".equalsIgnoreCase(uri.getScheme()) ? new LocalImageFolder(Path.of(uri))
                : new HadoopImageFolder(uri, hadoopSettings);
    }

    /** Makes the folder if it is not there. */
    void create() throws IOException;

    /** Where the file {@code name} of this folder is, as the queue journals it (a path or a URI). */
    String location(String name);

    /** The file's bytes, or null when there is no file of that name. */
    byte[] read(String name) throws IOException;

    /**
     * Writes {@code bytes} as the new file {@code name}: aside first, then claimed under the name whole.
     *
     * @throws FileAlreadyExistsException when the name exists, or was claimed meanwhile; nothing is replaced
     */
    void claim(String name, byte[] bytes) throws IOException;

    /** Deletes the temp files whose names match one of {@code patterns}, as a killed writer leaves them; how many. */
    int removeTemps(Set<Pattern> patterns) throws IOException;
}
