package dev.tessera.ensemble.afa;

import java.util.ArrayList;
import java.util.List;

/**
 * What an aggregator did while an ensemble sampled ({@link RoutingRecorder}): for every model call (a
 * denoising step, at its timestep) and every aggregation point, each expert's weight at each pixel of each
 * recorded image.
 *
 * @param points  the aggregation points' names ("conv_in", "down 1", …, "eps")
 * @param experts the experts' names, in the ensemble's order
 * @param images  images recorded at every step
 * @param steps   the model calls in the order they ran (timesteps falling)
 */
public record RoutingTrace(List<String> points, List<String> experts, int images, List<Step> steps) {

    public RoutingTrace {
        points = List.copyOf(points);
        experts = List.copyOf(experts);
        steps = List.copyOf(steps);
        for (Step step : steps) {
            if (step.maps().size() != points.size()) {
                throw new IllegalArgumentException("a step has " + step.maps().size() + " maps for " + points.size()
                        + " aggregation points");
            }
        }
    }

    /** One model call: its timestep and one map per aggregation point. */
    public record Step(double timestep, List<PointMap> maps) {
        public Step {
            maps = List.copyOf(maps);
        }
    }

    /**
     * The weights at one point and step, [images][experts][size][size] flattened; at every pixel of every image
     * they sum to one over the experts.
     */
    public record PointMap(int images, int experts, int size, float[] weights) {

        public PointMap {
            if ((long) images * experts * size * size != weights.length) {
                throw new IllegalArgumentException(weights.length + " weights are not " + images + " images of "
                        + experts + " experts at " + size + "×" + size);
            }
        }

        public float weight(int image, int expert, int y, int x) {
            return weights[((image * experts + expert) * size + y) * size + x];
        }

        /** The weights of every expert at one pixel. */
        public float[] pixel(int image, int y, int x) {
            float[] w = new float[experts];
            for (int e = 0; e < experts; e++) {
                w[e] = weight(image, e, y, x);
            }
            return w;
        }

        /** This map for one image only. */
        public PointMap image(int image) {
            int plane = experts * size * size;
            float[] one = new float[plane];
            System.arraycopy(weights, image * plane, one, 0, plane);
            return new PointMap(1, experts, size, one);
        }
    }

    /** The trace of image {@code image} alone. */
    public RoutingTrace image(int image) {
        if (image < 0 || image >= images) {
            throw new IllegalArgumentException("image " + image + " of " + images + " recorded");
        }
        List<Step> one = new ArrayList<>(steps.size());
        for (Step step : steps) {
            one.add(new Step(step.timestep(), step.maps().stream().map(m -> m.image(image)).toList()));
        }
        return new RoutingTrace(points, experts, 1, one);
    }

    /** The entropy −Σᵢ wᵢ ln wᵢ (nats) of one pixel's weights; ln N when all are 1/N, 0 when one expert has all. */
    public static double entropy(float[] weights) {
        double h = 0;
        for (float w : weights) {
            if (w > 0) {
                h -= w * Math.log(w);
            }
        }
        return h;
    }
}
