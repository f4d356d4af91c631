package dev.tessera.generation.video;

/**
 * A tracked frame's sprite as the judge sees an emoji: turned upright, scaled so that a sprite of
 * {@code coverage} fills the picture as the emoji filled its own image, on white. The frame's
 * fitted background is replaced by white (its foreground, pixels minus background, is added to
 * white), so the pastel backgrounds of clips do not reach the judge; the track says where the
 * sprite is, not which sprite it is, so nothing about the prompted emoji enters the picture. The
 * frame is read on the torus, as clips are drawn: a sprite crossing an edge is cropped whole.
 */
public final class SpriteCrop {

    private SpriteCrop() {}

    /**
     * Frame {@code f} of {@code clip} (CHW frames of {@code size}², values in [-1, 1]) as a CHW picture
     * of {@code out}² in [-1, 1].
     *
     * @param coverage the sprite's assumed share of its own square (the candidates' median: the true
     *                 sprite's would tell the judge which sprite to expect)
     */
    public static float[] of(float[] clip, int size, int f, SpriteTrack track, double coverage, int out) {
        MotionTracker.Frame frame = MotionTracker.Frame.of(clip, f * 3 * size * size, size);
        // Frame pixels per picture pixel: the tracked size is √(sprite area); the sprite's square is
        // √(area / coverage) on a side, and it spans the whole picture.
        double step = track.size() / Math.sqrt(Math.max(1e-6, coverage)) / out;
        double cos = Math.cos(track.angle()), sin = Math.sin(track.angle());
        int plane = out * out;
        float[] picture = new float[3 * plane];
        for (int y = 0; y < out; y++) {
            for (int x = 0; x < out; x++) {
                double p = (x + 0.5 - out / 2.0) * step, q = (y + 0.5 - out / 2.0) * step;
                // the picture's axes turned by the tracked angle, as SpriteIdentity draws a sprite
                double fx = track.x() + cos * p - sin * q - 0.5;
                double fy = track.y() + sin * p + cos * q - 0.5;
                for (int c = 0; c < 3; c++) {
                    double onWhite = 1 + foreground(frame, c, fx, fy);
                    picture[c * plane + y * out + x] = (float) Math.max(-1, Math.min(1, 2 * onWhite - 1));
                }
            }
        }
        return picture;
    }

    /** Bilinear foreground at (x, y) (pixel centres at integers), on the torus as clips are drawn. */
    private static double foreground(MotionTracker.Frame frame, int c, double x, double y) {
        int size = frame.size;
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double ax = x - x0, ay = y - y0, sum = 0;
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                int px = Math.floorMod(x0 + dx, size), py = Math.floorMod(y0 + dy, size);
                double w = (dx == 0 ? 1 - ax : ax) * (dy == 0 ? 1 - ay : ay);
                sum += w * frame.foreground[c * size * size + py * size + px];
            }
        }
        return sum;
    }
}
