package dev.tessera.ensemble.afa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Routing statistics over recorded traces (one per prompt, or several images each): per aggregation point and
 * timestep band, each expert's mean weight over the pixels, images and steps in the band, and the mean per-pixel
 * entropy of the weights (nats; ln N at equal weights, 0 when one expert has a pixel). The "all points" rows
 * average the points' means, each point counting once (a 32-pixel point's map has 16 times the pixels of an
 * 8-pixel one); the union row is that over every band: what "no expert below 10 % mean weight" is judged on.
 *
 * @param rows   per point (in the ensemble's order), one row per band then one over all bands; then the
 *               "all points" rows in the same way, the last of them the union
 */
public record RoutingSummary(List<String> experts, List<Band> bands, List<Row> rows) {

    /** The point name of the rows that average every point. */
    public static final String ALL_POINTS = "all points";

    /** Timesteps t with from ≤ t < to (the last band also holds t = to). */
    public record Band(double from, double to) {
        public boolean contains(double t, boolean last) {
            return t >= from && (t < to || last && t <= to);
        }

        public String label() {
            return String.format(Locale.ROOT, "t %.0f–%.0f", from, to);
        }
    }

    /** One point (or all points) over one band (null: every band). */
    public record Row(String point, Band band, double[] meanWeights, double meanEntropy) {
        public String bandLabel() {
            return band == null ? "all t" : band.label();
        }
    }

    /** {@code count} equal bands of [0, trainSteps], edges rounded down: 3 of 1000 give 0–333, 333–666, 666–1000. */
    public static List<Band> bands(int trainSteps, int count) {
        List<Band> bands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bands.add(new Band((long) trainSteps * i / count, (long) trainSteps * (i + 1) / count));
        }
        return bands;
    }

    /** The statistics of {@code traces}, all of one ensemble, over {@code bands}. */
    public static RoutingSummary of(List<RoutingTrace> traces, List<Band> bands) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("no routing recorded");
        }
        RoutingTrace first = traces.get(0);
        int points = first.points().size();
        int experts = first.experts().size();
        // Sums per point and band (the last slot: every band): weights per expert, entropy, pixels.
        double[][][] weights = new double[points][bands.size() + 1][experts];
        double[][] entropy = new double[points][bands.size() + 1];
        long[][] pixels = new long[points][bands.size() + 1];
        for (RoutingTrace trace : traces) {
            if (!trace.points().equals(first.points()) || !trace.experts().equals(first.experts())) {
                throw new IllegalArgumentException("traces of different ensembles");
            }
            for (RoutingTrace.Step step : trace.steps()) {
                int band = bandOf(bands, step.timestep());
                for (int k = 0; k < points; k++) {
                    RoutingTrace.PointMap map = step.maps().get(k);
                    for (int slot : band < 0 ? new int[] {bands.size()} : new int[] {band, bands.size()}) {
                        add(map, weights[k][slot], entropy[k], slot, pixels[k]);
                    }
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < points; k++) {
            for (int b = 0; b <= bands.size(); b++) {
                rows.add(new Row(first.points().get(k), b < bands.size() ? bands.get(b) : null,
                        mean(weights[k][b], pixels[k][b], experts), pixels[k][b] == 0 ? Double.NaN
                                : entropy[k][b] / pixels[k][b]));
            }
        }
        for (int b = 0; b <= bands.size(); b++) {
            double[] sum = new double[experts];
            double entropySum = 0;
            int counted = 0;
            for (int k = 0; k < points; k++) {
                Row row = rows.get(k * (bands.size() + 1) + b);
                if (pixels[k][b] > 0) {
                    for (int e = 0; e < experts; e++) {
                        sum[e] += row.meanWeights()[e];
                    }
                    entropySum += row.meanEntropy();
                    counted++;
                }
            }
            rows.add(new Row(ALL_POINTS, b < bands.size() ? bands.get(b) : null, mean(sum, counted, experts),
                    counted == 0 ? Double.NaN : entropySum / counted));
        }
        return new RoutingSummary(first.experts(), bands, rows);
    }

    /** The union: every point (each counting once) over every band. */
    public Row union() {
        return rows.get(rows.size() - 1);
    }

    /** The rows of one point ({@link #ALL_POINTS} for the averages), by band then all t. */
    public List<Row> rowsOf(String point) {
        return rows.stream().filter(r -> r.point().equals(point)).toList();
    }

    private static int bandOf(List<Band> bands, double t) {
        for (int b = 0; b < bands.size(); b++) {
            if (bands.get(b).contains(t, b == bands.size() - 1)) {
                return b;
            }
        }
        return -1;
    }

    private static void add(RoutingTrace.PointMap map, double[] weights, double[] entropy, int slot, long[] pixels) {
        float[] w = new float[map.experts()];
        for (int i = 0; i < map.images(); i++) {
            for (int y = 0; y < map.size(); y++) {
                for (int x = 0; x < map.size(); x++) {
                    for (int e = 0; e < w.length; e++) {
                        w[e] = map.weight(i, e, y, x);
                        weights[e] += w[e];
                    }
                    entropy[slot] += RoutingTrace.entropy(w);
                }
            }
        }
        pixels[slot] += (long) map.images() * map.size() * map.size();
    }

    private static double[] mean(double[] sums, long count, int experts) {
        double[] means = new double[experts];
        for (int e = 0; e < experts; e++) {
            means[e] = count == 0 ? Double.NaN : sums[e] / count;
        }
        return means;
    }

    /** A markdown table: point, band, each expert's mean weight in %, mean entropy. */
    public String markdown() {
        StringBuilder text = new StringBuilder("| point | timesteps |");
        experts.forEach(e -> text.append(' ').append(e).append(" |"));
        text.append(" entropy (nats) |\n| --- | --- |").append(" ---: |".repeat(experts.size())).append(" ---: |\n");
        for (Row row : rows) {
            boolean union = row == union();
            text.append("| ").append(union ? "**union**" : row.point()).append(" | ").append(row.bandLabel()).append(" |");
            for (double w : row.meanWeights()) {
                text.append(String.format(Locale.ROOT, union ? " **%.1f %%** |" : " %.1f %% |", 100 * w));
            }
            text.append(String.format(Locale.ROOT, " %.3f |%n", row.meanEntropy()));
        }
        return text.toString();
    }

    /** CSV: point,band_from,band_to,weight_<expert>…,entropy (band empty for every t). */
    public String csv() {
        StringBuilder text = new StringBuilder("point,band_from,band_to");
        experts.forEach(e -> text.append(",weight_").append(e));
        text.append(",entropy\n");
        for (Row row : rows) {
            text.append(row.point()).append(',').append(row.band() == null ? "" : fmt(row.band().from())).append(',')
                    .append(row.band() == null ? "" : fmt(row.band().to()));
            for (double w : row.meanWeights()) {
                text.append(',').append(String.format(Locale.ROOT, "%.6f", w));
            }
            text.append(String.format(Locale.ROOT, ",%.6f%n", row.meanEntropy()));
        }
        return text.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
