package dev.tessera.generation.video;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Names the motion of a tracked sprite over any number of frames (a whole clip, or a window of a
 * long one). Each motion gets a score, its evidence in units of a clear example of it, and the
 * highest wins: straight travel is the slope of the centre (pixels per frame), zoom the slope of
 * log size, spin the mean turn per frame, bounce the vertical swing left after a straight line is
 * taken out of the centre's height. Slopes are least-squares fits, so a jittery track does not
 * decide by its two ends. The tracker's centres are unwrapped (a sprite crossing the frame's edge
 * moves the shorter way round), so travel reads across the edge; a zoom that restarts its cycle
 * jumps in size by a factor of 1.85 or more in one frame, and such jumps (any change of size beyond
 * RESET in one frame) count as a step of the mean size change of the other frames, so a reset does
 * not read as the opposite zoom.
 */
public final class MotionClassifier {

    /** Travel per frame, in pixels, that scores 1 (8 pixels over 16 frames). */
    static final double TRAVEL = 8 / 15.0;
    /** Change of log size per frame that scores 1 (a factor of 1.6 over 16 frames). */
    static final double ZOOM = Math.log(1.6) / 15;
    /** Turn per frame that scores 1. */
    static final double TURN = Math.toRadians(10);
    /** Vertical swing (rms about the fitted line), in pixels, that scores 1. */
    static final double SWING = 2;
    /** A change of log size in one frame beyond this is a zoom's reset, not its motion (a factor of 1.45). */
    static final double RESET = Math.log(1.45);

    private MotionClassifier() {}

    /** The motion with the highest score. */
    public static Motion classify(List<SpriteTrack> track) {
        Map<Motion, Double> scores = scores(track);
        return scores.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /**
     * The motion around every frame of a long clip: frame f is classified over the {@code window} frames
     * centred on it (shifted inwards at the ends), so a clip that changes or loses its motion shows where.
     */
    public static java.util.List<Motion> perFrame(List<SpriteTrack> track, int window) {
        int n = track.size();
        if (window < 2 || window > n) {
            throw new IllegalArgumentException("the window must be 2 to " + n + " frames, got " + window);
        }
        java.util.List<Motion> motions = new java.util.ArrayList<>(n);
        for (int f = 0; f < n; f++) {
            int start = Math.max(0, Math.min(n - window, f - window / 2));
            motions.add(classify(track.subList(start, start + window)));
        }
        return motions;
    }

    /** Every motion's score (0 for the direction opposite to the measured one). */
    public static Map<Motion, Double> scores(List<SpriteTrack> track) {
        int n = track.size();
        if (n < 2) {
            throw new IllegalArgumentException("a motion needs at least 2 frames, got " + n);
        }
        double[] x = new double[n], y = new double[n], logSize = new double[n], angle = new double[n];
        for (int f = 0; f < n; f++) {
            SpriteTrack t = track.get(f);
            x[f] = t.x();
            y[f] = t.y();
            logSize[f] = Math.log(Math.max(1e-3, t.size()));
            angle[f] = t.angle();
        }
        double travelX = slope(x) / TRAVEL;
        double travelY = slope(y) / TRAVEL;
        double zoom = slope(withoutResets(logSize)) / ZOOM;
        double turn = (angle[n - 1] - angle[0]) / (n - 1) / TURN;
        double swing = residualRms(y) / SWING;
        Map<Motion, Double> scores = new EnumMap<>(Motion.class);
        scores.put(Motion.RIGHT, Math.max(0, travelX));
        scores.put(Motion.LEFT, Math.max(0, -travelX));
        scores.put(Motion.DOWN, Math.max(0, travelY));
        scores.put(Motion.UP, Math.max(0, -travelY));
        scores.put(Motion.ZOOM_IN, Math.max(0, zoom));
        scores.put(Motion.ZOOM_OUT, Math.max(0, -zoom));
        scores.put(Motion.SPIN, Math.abs(turn));
        scores.put(Motion.BOUNCE, swing);
        return scores;
    }

    /**
     * v with every step between neighbours larger than RESET replaced by the mean of the other steps
     * (a zoom's reset taken out); v itself when no step is.
     */
    static double[] withoutResets(double[] v) {
        double sum = 0;
        int kept = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i] - v[i - 1]) <= RESET) {
                sum += v[i] - v[i - 1];
                kept++;
            }
        }
        if (kept == v.length - 1) {
            return v;
        }
        double mean = kept == 0 ? 0 : sum / kept;
        double[] out = new double[v.length];
        out[0] = v[0];
        for (int i = 1; i < v.length; i++) {
            double step = v[i] - v[i - 1];
            out[i] = out[i - 1] + (Math.abs(step) <= RESET ? step : mean);
        }
        return out;
    }

    /** Least-squares slope of v against its index. */
    static double slope(double[] v) {
        int n = v.length;
        double meanT = (n - 1) / 2.0, meanV = 0;
        for (double value : v) {
            meanV += value / n;
        }
        double num = 0, den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - meanT) * (v[i] - meanV);
            den += (i - meanT) * (i - meanT);
        }
        return num / den;
    }

    /** Root mean square of v about its least-squares line. */
    static double residualRms(double[] v) {
        int n = v.length;
        double b = slope(v), meanV = 0;
        for (double value : v) {
            meanV += value / n;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double r = v[i] - (meanV + b * (i - (n - 1) / 2.0));
            sum += r * r;
        }
        return Math.sqrt(sum / n);
    }
}
