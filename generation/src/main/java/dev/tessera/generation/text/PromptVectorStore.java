package dev.tessera.generation.text;

import dev.tessera.generation.io.AtomicFiles;
import dev.tessera.generation.io.FileDigests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The prompt vectors this machine's encoder has made, one small file each in the user's data folder, so that a
 * process whose prompts were all encoded before never loads ONNX Runtime and MiniLM (seconds of every
 * {@code generate}'s start, docs/results/startup.md). A stored vector is the encoder's own output, bit for bit,
 * so a render from it draws the same pixels.
 *
 * <p>A file is named by the SHA-256 of the encoder's identity and the normalised prompt, and holds a magic, the
 * vector (little-endian floats) and the prompt itself, which a read checks: a file of another encoder, a
 * collision, a truncated or foreign file is a miss, never a wrong vector. It is a cache: a write that fails
 * leaves the render as it was, and the folder may be deleted at any time.
 */
public final class PromptVectorStore {

    /** A store that keeps nothing: every prompt goes to the encoder. */
    public static final PromptVectorStore NONE = new PromptVectorStore(null, "");

    private static final byte[] MAGIC = "TPV1".getBytes(StandardCharsets.US_ASCII);

    private final Path folder;
    private final String encoderId;

    private PromptVectorStore(Path folder, String encoderId) {
        this.folder = folder;
        this.encoderId = encoderId;
    }

    /** Vectors of the encoder named {@code encoderId} (a change of encoder or its version must change it). */
    public static PromptVectorStore in(Path folder, String encoderId) {
        return new PromptVectorStore(folder, encoderId);
    }

    /** The vector stored for {@code text} (normalised), if a whole one of this encoder is there. */
    public Optional<float[]> read(String text, int dimension) {
        if (folder == null) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file(text));
        } catch (IOException e) {
            return Optional.empty(); // none yet, or unreadable: encode again
        }
        byte[] prompt = text.getBytes(StandardCharsets.UTF_8);
        int vectorBytes = dimension * Float.BYTES;
        if (bytes.length != MAGIC.length + vectorBytes + prompt.length
                || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || !Arrays.equals(bytes, MAGIC.length + vectorBytes, bytes.length, prompt, 0, prompt.length)) {
            return Optional.empty();
        }
        float[] vector = new float[dimension];
        ByteBuffer.wrap(bytes, MAGIC.length, vectorBytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                return Optional.empty();
            }
        }
        return Optional.of(vector);
    }

    /** Keeps {@code vector} for {@code text}; a failure to write is ignored (the next process encodes again). */
    public void write(String text, float[] vector) {
        if (folder == null) {
            return;
        }
        byte[] prompt = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(MAGIC.length + vector.length * Float.BYTES + prompt.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(MAGIC);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        bytes.put(prompt);
        try {
            Files.createDirectories(folder);
            AtomicFiles.write(file(text), bytes.array());
        } catch (IOException | RuntimeException e) {
            // A read-only or full data folder: the vector is still in this process's memory cache.
        }
    }

    Path file(String text) {
        return folder.resolve(FileDigests.sha256((encoderId + '\0' + text).getBytes(StandardCharsets.UTF_8)) + ".vec");
    }
}
