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

    /** Reads and validates the whole file. */
    public static SafetensorsFile read(Path file) throws ModelFileException {
        return read(file, true);
    }

    /**
     * Validates the header the same way and returns its {@code __metadata__} without reading any
     * tensor bytes: for listing models (kind, config, provenance) without loading their weights.
     */
    public static java.util.Map<String, String> readMetadata(Path file) throws ModelFileException {
        return read(file, false).metadata();
    }

    private static SafetensorsFile read(Path file, boolean withTensors) throws ModelFileException {
        try {
            return readChecked(file, withTensors);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot be read: " + e, e);
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

    private static SafetensorsFile readChecked(Path file, boolean withTensors) throws IOException {
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
            List<TensorEntry> entries = new ArrayList<>(parsed.entries());
            entries.sort(Comparator.comparing(TensorEntry::name));
            List<TensorData> tensors = new ArrayList<>(entries.size());
            for (TensorEntry entry : withTensors ? entries : List.<TensorEntry>of()) {
                tensors.add(readTensor(channel, file, entry, dataStart));
            }
            return new SafetensorsFile(file, tensors, parsed.metadata());
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

    /** Fills {@code target} from {@code position}, failing (never looping forever) at end of file. */
    private static void readFully(FileChannel channel, ByteBuffer target, long position, Path file, String what)
            throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw new ModelFileException(file, "is truncated while reading the " + what);
            }
            at += n;
        }
    }
}
