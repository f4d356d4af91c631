package dev.tessera.generation.modelfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads safetensors files without trusting them. Every length is checked against the file size
 * before anything is allocated, so a hostile file costs at most its own size in memory. The checks
 * are listed in docs/model-files.md.
 */
public final class SafetensorsReader {

    /** Largest header accepted; real headers of Tessera's models are a few kilobytes. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final int PREFIX_BYTES = 8;

    private SafetensorsReader() {}

    /** Tensors are read this many bytes at a time, so no read needs a buffer as large as a tensor. */
    static final int CHUNK_BYTES = 1 << 20;

    /** Reads and validates the whole file. */
    public static SafetensorsFile read(Path file) throws ModelFileException {
        return read(readHeader(file));
    }

    /**
     * Validates the header the same way and returns its {@code __metadata__} without reading any
     * tensor bytes: for listing models (kind, config, provenance) without loading their weights.
     */
    public static java.util.Map<String, String> readMetadata(Path file) throws ModelFileException {
        return readHeader(file).metadata();
    }

    /**
     * Reads and validates the header only (length, JSON, dtypes, shapes, byte ranges that tile the
     * data section): what a loader judges a file by before it reads a tensor.
     */
    public static SafetensorsHeader readHeader(Path file) throws ModelFileException {
        try {
            return readHeaderChecked(file);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read: " + e, e);
        }
    }

    /**
     * Reads the tensors of a validated header. The file must still have the size it had, and the
     * tensors must fit in the memory this JVM has left: a file that declares more is refused before
     * anything is allocated, naming the sizes.
     */
    public static SafetensorsFile read(SafetensorsHeader header) throws ModelFileException {
        Path file = header.source();
        requireMemoryFor(header);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != header.fileSize()) {
                throw new ModelFileException(file, "changed while it was read (" + header.fileSize() + " bytes, now "
                        + channel.size() + ")");
            }
            List<TensorEntry> entries = new ArrayList<>(header.entries());
            entries.sort(Comparator.comparing(TensorEntry::name));
            List<TensorData> tensors = new ArrayList<>(entries.size());
            for (TensorEntry entry : entries) {
                tensors.add(readTensor(channel, file, entry, header.dataStart()));
            }
            return new SafetensorsFile(file, tensors, header.metadata());
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read: " + e, e);
        }
    }

    /**
     * The tensors' bytes are held on the heap twice while one tensor is copied: refuse a file whose
     * declared size would not fit in what the heap has left, instead of ending in an OutOfMemoryError.
     */
    private static void requireMemoryFor(SafetensorsHeader header) throws ModelFileException {
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        long needed = header.declaredBytes() + header.largestTensorBytes();
        if (needed > free) {
            throw new ModelFileException(header.source(), "declares " + header.declaredBytes() + " bytes of tensors ("
                    + header.tensors().size() + " tensors), more than the " + free + " bytes this Java process can"
                    + " still hold; a real Tessera model is far smaller (raise -Xmx only if you trust the file)");
        }
    }

    /** Classifies a file by its first bytes. */
    public static ModelFileFormat detectFormat(Path file) throws ModelFileException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(ModelFileFormat.SNIFF_LENGTH);
            readFully(channel, head, 0, file, "first bytes");
            return ModelFileFormat.sniff(head.array(), head.position());
        } catch (ModelFileException e) {
            return ModelFileFormat.UNKNOWN;
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read: " + e, e);
        }
    }

    private static SafetensorsHeader readHeaderChecked(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new ModelFileException(file, "does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException(file, "is not a regular file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, ModelFileFormat.SNIFF_LENGTH));
            readFully(channel, head, 0, file, "header length");
            rejectForeignFormats(file, ModelFileFormat.sniff(head.array(), head.position()));
            if (size < PREFIX_BYTES) {
                throw new ModelFileException(file, "is truncated: " + size
                        + " bytes, but a safetensors file starts with an 8-byte header length");
            }
            long headerLength = head.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            byte[] header = readHeader(channel, file, headerLength, size);
            long dataStart = PREFIX_BYTES + headerLength;
            SafetensorsHeaderParser.Header parsed = new SafetensorsHeaderParser(file).parse(header, size - dataStart);
            return new SafetensorsHeader(file, size, dataStart, parsed.entries(), parsed.metadata());
        }
    }

    private static void rejectForeignFormats(Path file, ModelFileFormat format) throws ModelFileException {
        if (format == ModelFileFormat.PICKLE || format == ModelFileFormat.ZIP) {
            throw new ModelFileException(file, "not a safetensors file (looks like a pickle/zip, as PyTorch .bin/.pt"
                    + " files are; Tessera never loads pickles)");
        }
    }

    private static byte[] readHeader(FileChannel channel, Path file, long headerLength, long size)
            throws IOException {
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new ModelFileException(file, "header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > size - PREFIX_BYTES) {
            throw new ModelFileException(file, "header length " + headerLength + " is longer than the file ("
                    + size + " bytes)");
        }
        if (headerLength < 2) {
            throw new ModelFileException(file, "header length " + headerLength + " is too short for a JSON object");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        readFully(channel, header, PREFIX_BYTES, file, "header");
        if (header.get(0) != '{') {
            throw new ModelFileException(file, "not a safetensors file: the header does not start with '{'");
        }
        return header.array();
    }

    private static TensorData readTensor(FileChannel channel, Path file, TensorEntry entry, long dataStart)
            throws IOException {
        if (entry.length() > Integer.MAX_VALUE - 8) {
            throw new ModelFileException(file, "tensor '" + entry.name() + "' is larger than 2 GiB");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) entry.length());
        readFully(channel, bytes, dataStart + entry.begin(), file, "tensor '" + entry.name() + "'");
        bytes.flip();
        return new TensorData(entry.name(), entry.dtype(), entry.shape(), bytes);
    }

    /**
     * Fills {@code target} from {@code position}, failing (never looping forever) at end of file. It
     * reads at most {@link #CHUNK_BYTES} at a time: the JDK copies each read through a native buffer
     * as large as the read, which must not grow with a tensor.
     */
    private static void readFully(FileChannel channel, ByteBuffer target, long position, Path file, String what)
            throws IOException {
        long at = position;
        int end = target.limit();
        while (target.position() < end) {
            target.limit(Math.min(end, target.position() + CHUNK_BYTES));
            int n = channel.read(target, at);
            if (n < 0) {
                throw new ModelFileException(file, "is truncated while reading the " + what);
            }
            at += n;
        }
        target.limit(end);
    }
}
