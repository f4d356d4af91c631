package dev.tessera.generation.video;

import java.util.ArrayList;
import java.util.List;

/**
 * Follows the one sprite of a clip over a plain or softly graded background, without knowing which
 * sprite it is. Per frame: the background is fitted as a plane per channel to the frame's border
 * pixels, a pixel's weight grows with its distance from that background, and the weights give the
 * sprite's centre and size. The angle is measured between neighbouring frames: the turn that best
 * maps the sprite of one frame (around its centre, scaled by the change of size) onto the next; a
 * sprite that looks alike at every angle reads as not turning.
 */
public final class MotionTracker {

    /** A pixel counts fully as sprite from this distance to the background (channels in [0, 1]). */
    static final double FULL_WEIGHT = 0.12;
    /** Below this distance a pixel is background. */
    static final double NO_WEIGHT = 0.03;
    /** Frame-to-frame turns tried: ±MAX_TURN_DEGREES in steps of TURN_STEP_DEGREES. */
    static final double MAX_TURN_DEGREES = 45;
    static final double TURN_STEP_DEGREES = 1.5;
    /** A turn must beat no turn by this share of the error to count (featureless sprites do not turn). */
    static final double TURN_MARGIN = 0.15;
    /** Share of the border pixels each refit of the background keeps: those nearest the fit before. */
    static final double BORDER_KEPT = 0.6;

    private MotionTracker() {}

    /** The sprite's track over {@code frames} CHW frames in [-1, 1] of {@code size}² pixels. */
    public static List<SpriteTrack> track(float[] clip, int frames, int size) {
        int frameFloats = 3 * size * size;
        if (clip.length != frames * frameFloats) {
            throw new IllegalArgumentException("a clip of " + frames + " frames of " + size + "² holds "
                    + frames * frameFloats + " floats, got " + clip.length);
        }
        List<Frame> measured = new ArrayList<>(frames);
        for (int f = 0; f < frames; f++) {
            measured.add(Frame.of(clip, f * frameFloats, size));
        }
        List<SpriteTrack> tracks = new ArrayList<>(frames);
        double angle = 0, x = 0, y = 0;
        for (int f = 0; f < frames; f++) {
            Frame frame = measured.get(f);
            if (f > 0) {
                angle += turn(measured.get(f - 1), frame);
                x += MotionPath.wrap(frame.x - x, size);
                y += MotionPath.wrap(frame.y - y, size);
            } else {
                x = frame.x;
                y = frame.y;
            }
            tracks.add(new SpriteTrack(x, y, frame.spriteSize, angle));
        }
        return tracks;
    }

    /** The turn (radians) from {@code a} to {@code b} that best maps a's sprite onto b's. */
    static double turn(Frame a, Frame b) {
        double radius = Math.max(2, 0.75 * a.spriteSize);
        double zoom = b.spriteSize / Math.max(1e-6, a.spriteSize);
        double best = error(a, b, 0, radius, zoom);
        double still = best;
        double bestTurn = 0;
        for (double degrees = -MAX_TURN_DEGREES; degrees <= MAX_TURN_DEGREES + 1e-9; degrees += TURN_STEP_DEGREES) {
            double e = error(a, b, Math.toRadians(degrees), radius, zoom);
            if (e < best) {
                best = e;
                bestTurn = Math.toRadians(degrees);
            }
        }
        return best < (1 - TURN_MARGIN) * still ? bestTurn : 0;
    }

    /** Mean squared difference between a's pixels around its centre and b's at the turned, scaled offsets. */
    private static double error(Frame a, Frame b, double turn, double radius, double zoom) {
        double cos = Math.cos(turn), sin = Math.sin(turn);
        double sum = 0;
        int count = 0;
        for (double dy = -radius; dy <= radius; dy += 1) {
            for (double dx = -radius; dx <= radius; dx += 1) {
                if (dx * dx + dy * dy > radius * radius) {
                    continue;
                }
                double bx = b.x + zoom * (cos * dx - sin * dy), by = b.y + zoom * (sin * dx + cos * dy);
                for (int c = 0; c < 3; c++) {
                    double d = a.sample(c, a.x + dx, a.y + dy) - b.sample(c, bx, by);
                    sum += d * d;
                }
                count++;
            }
        }
        return sum / Math.max(1, count);
    }

    /** One frame's foreground (pixels minus the fitted background) and the sprite's centre and size. */
    static final class Frame {
        final int size;
        final float[] foreground;
        /** Per channel, the fitted background plane a + b·x + c·y (pixel centres at i + 0.5). */
        final double[][] planes;
        final double x;
        final double y;
        final double spriteSize;

        private Frame(int size, float[] foreground, double[][] planes, double x, double y, double spriteSize) {
            this.size = size;
            this.foreground = foreground;
            this.planes = planes;
            this.x = x;
            this.y = y;
            this.spriteSize = spriteSize;
        }

        static Frame of(float[] clip, int offset, int size) {
            int plane = size * size;
            float[] foreground = new float[3 * plane];
            double[] weight = new double[plane];
            double[][] planes = backgroundPlanes(clip, offset, size);
            for (int c = 0; c < 3; c++) {
                double[] plane3 = planes[c];
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double value = (clip[offset + c * plane + y * size + x] + 1) / 2;
                        double background = plane3[0] + plane3[1] * (x + 0.5) + plane3[2] * (y + 0.5);
                        float d = (float) (value - background);
                        foreground[c * plane + y * size + x] = d;
                        weight[y * size + x] = Math.max(weight[y * size + x], Math.abs(d));
                    }
                }
            }
            double sum = 0;
            double[] w = new double[plane];
            for (int p = 0; p < plane; p++) {
                w[p] = Math.min(1, Math.max(0, (weight[p] - NO_WEIGHT) / (FULL_WEIGHT - NO_WEIGHT)));
                sum += w[p];
            }
            if (sum < 1e-9) {
                return new Frame(size, foreground, planes, size / 2.0, size / 2.0, 0);
            }
            return new Frame(size, foreground, planes, torusMean(w, size, true), torusMean(w, size, false),
                    Math.sqrt(sum));
        }

        /** The weighted mean column (or row) of {@code w} on the torus, in [0, size). */
        private static double torusMean(double[] w, int size, boolean column) {
            double sin = 0, cos = 0, sum = 0;
            for (int p = 0; p < w.length; p++) {
                double angle = 2 * Math.PI * ((column ? p % size : p / size) + 0.5) / size;
                sin += w[p] * Math.sin(angle);
                cos += w[p] * Math.cos(angle);
                sum += w[p];
            }
            double rough = Math.atan2(sin, cos) * size / (2 * Math.PI);
            double offset = 0;
            for (int p = 0; p < w.length; p++) {
                offset += w[p] * MotionPath.wrap((column ? p % size : p / size) + 0.5 - rough, size);
            }
            double mean = rough + offset / sum;
            return mean - size * Math.floor(mean / size);
        }

        /**
         * Per channel, the plane a + b·x + c·y fitted to the border pixels (values in [0, 1]): by least
         * squares through all of them, then twice through the BORDER_KEPT share nearest the fit before.
         */
        private static double[][] backgroundPlanes(float[] clip, int offset, int size) {
            int plane = size * size;
            List<int[]> border = new ArrayList<>();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (x == 0 || y == 0 || x == size - 1 || y == size - 1) {
                        border.add(new int[] {x, y});
                    }
                }
            }
            double[][] planes = new double[3][];
            List<int[]> kept = border;
            for (int round = 0; round < 3; round++) {
                for (int c = 0; c < 3; c++) {
                    planes[c] = fitPlane(clip, offset + c * plane, size, kept);
                }
                if (round == 2) {
                    break;
                }
                double[][] fit = planes;
                double[] distance = new double[plane];
                for (int[] p : border) {
                    for (int c = 0; c < 3; c++) {
                        double value = (clip[offset + c * plane + p[1] * size + p[0]] + 1) / 2;
                        double d = Math.abs(value - (fit[c][0] + fit[c][1] * (p[0] + 0.5) + fit[c][2] * (p[1] + 0.5)));
                        distance[p[1] * size + p[0]] = Math.max(distance[p[1] * size + p[0]], d);
                    }
                }
                kept = border.stream().sorted(java.util.Comparator.comparingDouble(p -> distance[p[1] * size + p[0]]))
                        .limit(Math.round(BORDER_KEPT * border.size())).toList();
            }
            return planes;
        }

        /** Least-squares a + b·x + c·y through {@code pixels} of one channel (values in [0, 1]). */
        private static double[] fitPlane(float[] clip, int offset, int size, List<int[]> pixels) {
            double[][] normal = new double[3][4];
            for (int[] p : pixels) {
                double[] row = {1, p[0] + 0.5, p[1] + 0.5};
                double value = (clip[offset + p[1] * size + p[0]] + 1) / 2;
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        normal[i][j] += row[i] * row[j];
                    }
                    normal[i][3] += row[i] * value;
                }
            }
            return solve3(normal);
        }

        /** The fitted background of channel c at pixel (x, y), in [0, 1]. */
        double background(int c, int x, int y) {
            return planes[c][0] + planes[c][1] * (x + 0.5) + planes[c][2] * (y + 0.5);
        }

        /** Bilinear foreground of channel c at continuous pixel coordinates (centres at i + 0.5), on the torus. */
        double sample(int c, double px, double py) {
            double u = px - 0.5, v = py - 0.5;
            int i0 = (int) Math.floor(u), j0 = (int) Math.floor(v);
            double fu = u - i0, fv = v - j0;
            double out = 0;
            for (int dj = 0; dj <= 1; dj++) {
                for (int di = 0; di <= 1; di++) {
                    int i = Math.floorMod(i0 + di, size), j = Math.floorMod(j0 + dj, size);
                    out += (di == 0 ? 1 - fu : fu) * (dj == 0 ? 1 - fv : fv) * foreground[c * size * size + j * size + i];
                }
            }
            return out;
        }
    }

    /** Gaussian elimination with partial pivoting of a 3×3 system in augmented form. */
    private static double[] solve3(double[][] m) {
        for (int col = 0; col < 3; col++) {
            int pivot = col;
            for (int r = col + 1; r < 3; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            for (int r = 0; r < 3; r++) {
                if (r != col) {
                    double factor = m[r][col] / m[col][col];
                    for (int k = col; k < 4; k++) {
                        m[r][k] -= factor * m[col][k];
                    }
                }
            }
        }
        return new double[] {m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
    }
}
