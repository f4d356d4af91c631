package dev.tessera.distributed;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder on a Hadoop-compatible file system ({@code hdfs://}, {@code abfs://}, {@code s3a://}, …). A file is
 * written to {@code .<name>.<random>.tmp}, synced ({@code hsync}) and closed, then renamed to its name. Hadoop's
 * file system contract has a rename onto an existing file fail (HDFS returns false; others may throw), and on HDFS
 * the rename is atomic, so a name is claimed once; on object stores a rename is a copy, so see docs/spark.md before
 * writing there.
 */
final class HadoopImageFolder implements ImageFolder {

    private final Path folder;
    /** Made once: a new Configuration parses Hadoop's XML resources again on first use. */
    private final Configuration configuration;

    HadoopImageFolder(URI uri, Map<String, String> settings) {
        this.folder = new Path(uri);
        this.configuration = new Configuration();
        settings.forEach(configuration::set);
    }

    @Override
    public void create() throws IOException {
        fileSystem().mkdirs(folder);
    }

    @Override
    public String location(String name) {
        return new Path(folder, name).toString();
    }

    @Override
    public byte[] read(String name) throws IOException {
        try (InputStream in = fileSystem().open(new Path(folder, name))) {
            return in.readAllBytes();
        } catch (FileNotFoundException absent) {
            return null;
        }
    }

    @Override
    public void claim(String name, byte[] bytes) throws IOException {
        FileSystem fs = fileSystem();
        Path target = new Path(folder, name);
        Path temp = new Path(folder, "." + name + "." + UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = fs.create(temp, false)) {
            out.write(bytes);
            out.hsync();
        }
        try {
            boolean renamed;
            try {
                renamed = fs.rename(temp, target);
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException taken) {
                renamed = false;
            }
            if (!renamed) {
                if (fs.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString(), null, "claimed by another writer");
                }
                throw new IOException("could not rename " + temp + " to " + target);
            }
        } finally {
            fs.delete(temp, false); // false when the rename moved it
        }
    }

    @Override
    public int removeTemps(Set<Pattern> patterns) throws IOException {
        FileSystem fs = fileSystem();
        if (!fs.exists(folder)) {
            return 0;
        }
        int removed = 0;
        for (FileStatus f : fs.listStatus(folder)) {
            String name = f.getPath().getName();
            if (patterns.stream().anyMatch(p -> p.matcher(name).matches())) {
                removed += fs.delete(f.getPath(), false) ? 1 : 0;
            }
        }
        return removed;
    }

    /** Hadoop caches file systems by scheme, authority and user, so this does not reconnect for every image. */
    private FileSystem fileSystem() throws IOException {
        return folder.getFileSystem(configuration);
    }
}
