package dev.tessera.generation.acdit.model;

/**
 * How an image or a clip is cut into tokens and tokens into blocks, the autoregressive unit of
 * ACDiT. A frame of {@code imageSize}² pixels becomes a grid of {@code grid}² patch tokens; the grid
 * is cut into square blocks of {@code blockSide}² tokens, visited in raster order, and tokens inside
 * a block are also in raster order. A clip of {@code frames} frames is cut into groups of
 * {@code framesPerBlock} whole frames: a video block is one group (its frames in order, each in
 * raster order), so generation runs frame-causally. An image is the one-frame case, and its layout
 * is the same as before clips existed. Token index {@code i} in sequence order maps to a (frame,
 * row, col) position through {@link #frame(int)}, {@link #row(int)} and {@link #col(int)}.
 */
public record BlockLayout(int imageSize, int patchSize, int blockSide, int frames, int framesPerBlock) {

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
        if (frames <= 0 || framesPerBlock <= 0) {
            throw new IllegalArgumentException("frames and framesPerBlock must be positive, were " + frames + " and "
                    + framesPerBlock);
        }
        if (frames % framesPerBlock != 0) {
            throw new IllegalArgumentException("framesPerBlock " + framesPerBlock + " does not divide the "
                    + frames + " frames");
        }
        if (frames > 1 && blockSide != imageSize / patchSize) {
            throw new IllegalArgumentException("a video block is whole frames: blockSide must be the token grid side "
                    + imageSize / patchSize + ", was " + blockSide);
        }
    }

    /** The layout of one image. */
    public BlockLayout(int imageSize, int patchSize, int blockSide) {
        this(imageSize, patchSize, blockSide, 1, 1);
    }

    /** This geometry over {@code frames} frames (a clip longer or shorter than the model's). */
    public BlockLayout withFrames(int frames) {
        return new BlockLayout(imageSize, patchSize, blockSide, frames, framesPerBlock);
    }

    public boolean isVideo() {
        return frames > 1;
    }

    /** Tokens along one side of a frame. */
    public int grid() {
        return imageSize / patchSize;
    }

    /** Blocks along one side of a frame. */
    public int blocksPerSide() {
        return grid() / blockSide;
    }

    /** Blocks of one group of {@code framesPerBlock} frames: 1 for video, blocksPerSide² for an image. */
    private int blocksPerFrameGroup() {
        return blocksPerSide() * blocksPerSide();
    }

    public int blockCount() {
        return frames / framesPerBlock * blocksPerFrameGroup();
    }

    public int tokensPerBlock() {
        return blockSide * blockSide * framesPerBlock;
    }

    public int tokensPerFrame() {
        return grid() * grid();
    }

    public int tokenCount() {
        return tokensPerFrame() * frames;
    }

    /** The block that holds sequence token {@code i}. */
    public int blockOf(int token) {
        return token / tokensPerBlock();
    }

    /** Frame of sequence token {@code i} (0 for an image). */
    public int frame(int token) {
        int inBlock = token % tokensPerBlock();
        return blockOf(token) / blocksPerFrameGroup() * framesPerBlock + inBlock / (blockSide * blockSide);
    }

    /** Grid row of sequence token {@code i} (absolute position, used by RoPE). */
    public int row(int token) {
        int spatialBlock = blockOf(token) % blocksPerFrameGroup();
        int inSquare = token % tokensPerBlock() % (blockSide * blockSide);
        return (spatialBlock / blocksPerSide()) * blockSide + inSquare / blockSide;
    }

    /** Grid column of sequence token {@code i}. */
    public int col(int token) {
        int spatialBlock = blockOf(token) % blocksPerFrameGroup();
        int inSquare = token % tokensPerBlock() % (blockSide * blockSide);
        return (spatialBlock % blocksPerSide()) * blockSide + inSquare % blockSide;
    }
}
