package dev.tessera.generation.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one source PNG, composites it on white and shrinks it by exact area averaging to RGB u8.
 * All arithmetic is in integers, so the result is the same on every machine. Public for source
 * images of image to image, which go through the same rule as the training data.
 */
public final class EmojiImageProcessor {

    static final int MIN_SIZE = 1;
    static final int MAX_SIZE = EmojiPackageReader.SOURCE_IMAGE_SIZE;

    private final int sourceSize;
    private final int targetSize;
    private final int[][] sourceIndex;
    private final long[][] weight;

    public EmojiImageProcessor(int sourceSize, int targetSize) {
        requireValidSize(targetSize);
        this.sourceSize = sourceSize;
        this.targetSize = targetSize;
        this.sourceIndex = new int[targetSize][];
        this.weight = new long[targetSize][];
        buildAxisWeights();
    }

    static void requireValidSize(int size) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new DataImportException("image size " + size + " is out of range; choose " + MIN_SIZE + ".." + MAX_SIZE);
        }
    }

    /**
     * Overlap of source pixel i and target pixel j along one axis, measured in units of 1/(source×target):
     * source pixel i spans [i·t, (i+1)·t) and target pixel j spans [j·s, (j+1)·s). Each target's weights sum to s.
     */
    private void buildAxisWeights() {
        for (int j = 0; j < targetSize; j++) {
            long start = (long) j * sourceSize;
            long end = start + sourceSize;
            int first = (int) (start / targetSize);
            int last = (int) ((end - 1) / targetSize);
            sourceIndex[j] = new int[last - first + 1];
            weight[j] = new long[last - first + 1];
            for (int i = first; i <= last; i++) {
                long overlap = Math.min(end, (long) (i + 1) * targetSize) - Math.max(start, (long) i * targetSize);
                sourceIndex[j][i - first] = i;
                weight[j][i - first] = overlap;
            }
        }
    }

    /** Writes targetSize×targetSize×3 RGB bytes (row-major) of the decoded image into {@code out} at {@code offset}. */
    void process(byte[] png, String fileName, byte[] out, int offset) {
        BufferedImage image = decode(png, fileName);
        if (image.getWidth() != sourceSize || image.getHeight() != sourceSize) {
            throw new DataImportException(fileName + ": image is " + image.getWidth() + "×" + image.getHeight()
                    + ", expected " + sourceSize + "×" + sourceSize);
        }
        shrink(image, out, offset);
    }

    /**
     * Writes targetSize×targetSize×3 RGB bytes (row-major) of {@code image}, which must be
     * sourceSize×sourceSize, composited on white and area-averaged, into {@code out} at {@code offset}.
     */
    public void shrink(BufferedImage image, byte[] out, int offset) {
        if (image.getWidth() != sourceSize || image.getHeight() != sourceSize) {
            throw new IllegalArgumentException("image is " + image.getWidth() + "×" + image.getHeight()
                    + ", expected " + sourceSize + "×" + sourceSize);
        }
        int[] argb = image.getRGB(0, 0, sourceSize, sourceSize, null, 0, sourceSize);
        // Composite on white, keeping the factor 255 of the alpha in the numerator to stay exact.
        long[][] onWhite = new long[3][argb.length];
        for (int p = 0; p < argb.length; p++) {
            int alpha = argb[p] >>> 24;
            for (int c = 0; c < 3; c++) {
                int value = (argb[p] >>> (16 - 8 * c)) & 0xFF;
                onWhite[c][p] = (long) value * alpha + 255L * (255 - alpha);
            }
        }
        long denominator = (long) sourceSize * sourceSize * 255;
        int o = offset;
        for (int y = 0; y < targetSize; y++) {
            for (int x = 0; x < targetSize; x++) {
                for (int c = 0; c < 3; c++) {
                    long sum = 0;
                    for (int a = 0; a < sourceIndex[y].length; a++) {
                        int row = sourceIndex[y][a] * sourceSize;
                        long wy = weight[y][a];
                        for (int b = 0; b < sourceIndex[x].length; b++) {
                            sum += wy * weight[x][b] * onWhite[c][row + sourceIndex[x][b]];
                        }
                    }
                    out[o++] = (byte) ((sum + denominator / 2) / denominator);
                }
            }
        }
    }

    private static BufferedImage decode(byte[] png, String fileName) {
        try {
            // A memory-backed stream keeps ImageIO from creating cache files in the temp folder.
            BufferedImage image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(png)));
            if (image == null) {
                throw new DataImportException(fileName + ": not a readable PNG image");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataImportException d) {
                throw d;
            }
            throw new DataImportException(fileName + ": corrupt PNG image: " + e.getMessage(), e);
        }
    }
}
