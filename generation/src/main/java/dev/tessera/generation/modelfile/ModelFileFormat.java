package dev.tessera.generation.modelfile;

/**
 * What a file is, judged from its first bytes only (never from its name): a safetensors file, or
 * one of the PyTorch formats Tessera refuses to load because unpickling can run code.
 */
public enum ModelFileFormat {
    SAFETENSORS,
    PICKLE,
    ZIP,
    UNKNOWN;

    /** Bytes needed by {@link #sniff}: the 8-byte length plus the first header byte. */
    public static final int SNIFF_LENGTH = 9;

    /** Classifies a file from up to its first {@value #SNIFF_LENGTH} bytes. */
    public static ModelFileFormat sniff(byte[] head, int length) {
        if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return ZIP;
        }
        // Pickle protocol 2+ starts with PROTO (0x80) and a protocol number up to 5.
        if (length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            return PICKLE;
        }
        if (length >= SNIFF_LENGTH && head[8] == '{') {
            return SAFETENSORS;
        }
        return UNKNOWN;
    }
}
