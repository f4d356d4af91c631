package dev.tessera.generation.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads an emoji-datasource npm package, either the {@code .tgz} that {@code npm pack} fetches or
 * an unpacked folder (the {@code package/} folder itself or the folder holding it). Only the
 * metadata, the licence and the 64×64 images of one style are kept; the sprite sheets are skipped.
 */
final class EmojiPackageReader {

    static final int SOURCE_IMAGE_SIZE = 64;
    // Bounds against hostile or broken input; the real emoji.json is about 1 MB and a 64×64 PNG a few KB.
    private static final long MAX_METADATA_BYTES = 64L << 20;
    private static final long MAX_IMAGE_BYTES = 4L << 20;

    private EmojiPackageReader() {
    }

    static EmojiPackageContents read(Path packagePath, EmojiStyle style) {
        if (!Files.exists(packagePath)) {
            throw new DataImportException(packagePath + ": package not found (expected an npm .tgz or an unpacked folder)");
        }
        return Files.isDirectory(packagePath) ? readFolder(packagePath, style) : readTarball(packagePath, style);
    }

    private static EmojiPackageContents readTarball(Path tarball, EmojiStyle style) {
        Collector collector = new Collector(tarball.toString(), style);
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball));
                GzipCompressorInputStream gzip = new GzipCompressorInputStream(file);
                TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    collector.offer(stripRoot(entry.getName()), entry.getSize(), tar);
                }
            }
        } catch (IOException e) {
            throw new DataImportException(tarball + ": not a readable npm tarball (gzip-compressed tar): " + e.getMessage(), e);
        }
        return collector.finish();
    }

    private static EmojiPackageContents readFolder(Path folder, EmojiStyle style) {
        Path root = Files.isRegularFile(folder.resolve("emoji.json")) ? folder : folder.resolve("package");
        Collector collector = new Collector(folder.toString(), style);
        for (String name : new String[] {"emoji.json", "package.json", "LICENSE"}) {
            offerFile(collector, root, root.resolve(name));
        }
        Path images = root.resolve(EmojiPackageContents.imageFolder(style));
        if (Files.isDirectory(images)) {
            try (Stream<Path> files = Files.list(images)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    offerFile(collector, root, file);
                }
            } catch (IOException e) {
                throw new DataImportException(images + ": cannot list images: " + e.getMessage(), e);
            }
        }
        return collector.finish();
    }

    private static void offerFile(Collector collector, Path root, Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            collector.offer(root.relativize(file).toString().replace('\\', '/'), Files.size(file), in);
        } catch (IOException e) {
            throw new DataImportException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** npm tarballs put everything under one top folder, normally {@code package/}. */
    private static String stripRoot(String entryName) {
        int slash = entryName.indexOf('/');
        return slash < 0 ? entryName : entryName.substring(slash + 1);
    }

    /** Keeps the files an import needs, whichever way they are enumerated. */
    private static final class Collector {
        private final String location;
        private final String imagePrefix;
        private final SortedMap<String, byte[]> images = new TreeMap<>();
        private byte[] emojiJson;
        private byte[] packageJson;
        private byte[] licence;

        Collector(String location, EmojiStyle style) {
            this.location = location;
            this.imagePrefix = EmojiPackageContents.imageFolder(style);
        }

        void offer(String relativePath, long size, InputStream in) throws IOException {
            switch (relativePath) {
                case "emoji.json" -> emojiJson = readBounded(relativePath, size, MAX_METADATA_BYTES, in);
                case "package.json" -> packageJson = readBounded(relativePath, size, MAX_METADATA_BYTES, in);
                case "LICENSE" -> licence = readBounded(relativePath, size, MAX_METADATA_BYTES, in);
                default -> {
                    if (relativePath.startsWith(imagePrefix) && relativePath.indexOf('/', imagePrefix.length()) < 0) {
                        String name = relativePath.substring(imagePrefix.length());
                        images.put(name, readBounded(relativePath, size, MAX_IMAGE_BYTES, in));
                    }
                }
            }
        }

        private byte[] readBounded(String relativePath, long size, long limit, InputStream in) throws IOException {
            // The declared size may lie (or be unknown for folders), so the read itself is bounded too.
            byte[] bytes = size > limit ? null : in.readNBytes((int) limit + 1);
            if (bytes == null || bytes.length > limit) {
                throw new DataImportException(location + "!" + relativePath + ": larger than the limit of " + limit + " bytes");
            }
            return bytes;
        }

        EmojiPackageContents finish() {
            if (emojiJson == null) {
                throw new DataImportException(location + ": no package/emoji.json inside; is this an emoji-datasource package?");
            }
            if (images.isEmpty()) {
                throw new DataImportException(location + ": no images under package/" + imagePrefix
                        + "; is this the package of that style?");
            }
            return new EmojiPackageContents(location, emojiJson, packageJson, licence, images);
        }
    }
}
