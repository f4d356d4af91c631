package dev.tessera.generation.video;

import java.util.List;

/**
 * Which sprite a tracked frame shows: each candidate is drawn where the track puts the sprite (its
 * alpha-weighted centre on the tracked centre, its coverage scaled to the tracked size, turned by
 * the tracked angle, on the torus as clips are drawn) over the frame's fitted background, and
 * candidates are ranked by how far their drawing is from the frame. The rank of the prompted emoji's sprite, frame by frame, is the
 * identity accuracy of a generated clip (top-1 when it is first).
 */
public final class SpriteIdentity {

    private SpriteIdentity() {}

    /**
     * Rank (0 = best) of {@code candidates.get(truth)} for frame {@code f} of {@code clip}, whose
     * track is {@code track}.
     */
    public static int rank(float[] clip, int frames, int size, int f, SpriteTrack track, List<Sprite> candidates,
            int truth) {
        MotionTracker.Frame frame = MotionTracker.Frame.of(clip, f * 3 * size * size, size);
        double truthError = error(frame, track, candidates.get(truth));
        int better = 0;
        for (int c = 0; c < candidates.size(); c++) {
            if (c != truth && error(frame, track, candidates.get(c)) < truthError) {
                better++;
            }
        }
        return better;
    }

    /** Mean squared difference between the frame's foreground and {@code sprite} drawn at the track. */
    static double error(MotionTracker.Frame frame, SpriteTrack track, Sprite sprite) {
        int side = sprite.side();
        double[] centre = centroid(sprite);
        double coverage = Math.max(1e-6, sprite.coverage());
        double scale = track.size() / (side * Math.sqrt(coverage));
        double cos = Math.cos(track.angle()), sin = Math.sin(track.angle());
        int size = frame.size;
        double sum = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = MotionPath.wrap(x + 0.5 - track.x(), size), dy = MotionPath.wrap(y + 0.5 - track.y(), size);
                double u = (cos * dx + sin * dy) / scale + centre[0] - 0.5;
                double v = (-sin * dx + cos * dy) / scale + centre[1] - 0.5;
                float[] texel = MotionRenderer.bilinear(sprite, u, v);
                for (int c = 0; c < 3; c++) {
                    // foreground = frame − background; a drawn sprite gives rgb + (1 − a)·bg − bg = rgb − a·bg.
                    double background = frame.background(c, x, y);
                    double predicted = texel[c] - texel[3] * background;
                    double d = frame.foreground[c * size * size + y * size + x] - predicted;
                    sum += d * d;
                }
            }
        }
        return sum / (3.0 * size * size);
    }

    /** The sprite's alpha-weighted centre in texel coordinates (texel centres at i + 0.5). */
    static double[] centroid(Sprite sprite) {
        double sum = 0, sx = 0, sy = 0;
        for (int y = 0; y < sprite.side(); y++) {
            for (int x = 0; x < sprite.side(); x++) {
                double a = sprite.texel(x, y, 3);
                sum += a;
                sx += a * (x + 0.5);
                sy += a * (y + 0.5);
            }
        }
        return sum == 0 ? new double[] {sprite.side() / 2.0, sprite.side() / 2.0} : new double[] {sx / sum, sy / sum};
    }
}
