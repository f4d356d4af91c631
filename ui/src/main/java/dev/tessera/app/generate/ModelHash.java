package dev.tessera.app.generate;

import dev.tessera.generation.io.FileDigests;
import java.io.IOException;
import java.nio.file.Path;

/** A1111's "AutoV2" model hash: the first 10 hex digits of the file's SHA-256. */
public final class ModelHash {

    private ModelHash() {}

    public static String of(Path file) throws IOException {
        return FileDigests.sha256(file).substring(0, 10);
    }
}
