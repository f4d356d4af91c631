package dev.tessera.generation.acdit.model;

/**
 * How an image is cut into tokens and tokens into blocks, the autoregressive unit of ACDiT.
 * An image of {@code imageSize}² pixels becomes a grid of {@code grid}² patch tokens; the grid
 * is cut into square blocks of {@code blockSide}² tokens, visited in raster order, and tokens
 * inside a block are also in raster order. Token index {@code i} in sequence order therefore maps
 * to a (row, col) grid position through {@link #row(int)} and {@link #col(int)}.
 */
public record BlockLayout(int imageSize, int patchSize, int blockSide) {

    public BlockLayout {
        if (imageSize <= 0 || patchSize <= 0 || blockSide <= 0) {
            throw new IllegalArgumentException("image size, patch size and block side must be positive");
        }
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException(
                    "patch size " + patchSize + " does not divide the image size " + imageSize);
        }
        if ((imageSize / patchSize) % blockSide != 0) {
            throw new IllegalArgumentException("block side " + blockSide
                    + " tokens does not divide the token grid side " + imageSize / patchSize);
        }
    }

    /** Tokens along one side of the image. */
    public int grid() {
        return imageSize / patchSize;
    }

    /** Blocks along one side of the image. */
    public int blocksPerSide() {
        return grid() / blockSide;
    }

    public int blockCount() {
        return blocksPerSide() * blocksPerSide();
    }

    public int tokensPerBlock() {
        return blockSide * blockSide;
    }

    public int tokenCount() {
        return grid() * grid();
    }

    /** The block that holds sequence token {@code i}. */
    public int blockOf(int token) {
        return token / tokensPerBlock();
    }

    /** Grid row of sequence token {@code i} (absolute position, used by RoPE). */
    public int row(int token) {
        int block = blockOf(token);
        int inBlock = token % tokensPerBlock();
        return (block / blocksPerSide()) * blockSide + inBlock / blockSide;
    }

    /** Grid column of sequence token {@code i}. */
    public int col(int token) {
        int block = blockOf(token);
        int inBlock = token % tokensPerBlock();
        return (block % blocksPerSide()) * blockSide + inBlock % blockSide;
    }
}
