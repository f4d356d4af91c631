package dev.tessera.compression.unet;

import dev.tessera.compression.distill.LayerUpdates;
import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.ensemble.unet.UnetConfig;
import dev.tessera.generation.metrics.Percentiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The learning-rate factor of every parameter of a pruned U-Net while it is distilled, as {@link LayerUpdates}
 * gives ACDiT's. The network's parts in forward order are the embeddings and {@code conv_in}, each ResBlock and
 * attention, the down- and upsampling convolutions, then {@code out_norm} and {@code conv_out}. With positional
 * weight preservation, everything before the first removed block is frozen (factor 0): the embeddings, the
 * input convolution and the encoder blocks that lay the image out stay the teacher's. Each kept block from there
 * on is scaled by {@link UpdateScaling} of its sensitivity (the ε-error of removing it, from the contribution
 * analysis); the resampling convolutions, a removed ResBlock's skip convolution and the output layers train
 * fully.
 *
 * @param blockFactors the factor of each kept block that trains (absent: frozen)
 * @param firstTrained the first part in forward order that trains ("time" without preservation)
 */
public record UnetBlockUpdates(Map<String, Double> blockFactors, List<String> order, int firstTrained) {

    private static final List<String> INPUTS = List.of("time", "cond", "conv_in");
    private static final List<String> OUTPUTS = List.of("out_norm", "conv_out");

    public UnetBlockUpdates {
        blockFactors = Map.copyOf(blockFactors);
        order = List.copyOf(order);
    }

    /**
     * @param contributions the whole model's contribution analysis: a sensitivity for every trained block of the
     *                      student (UNIFORM scaling needs none)
     */
    public static UnetBlockUpdates of(UnetConfig student, boolean preserve, UpdateScaling scaling,
            List<UnetContribution> contributions) {
        List<String> order = order(student);
        int firstRemoved = student.removed().stream().mapToInt(order::indexOf).min().orElse(order.size());
        int firstTrained = preserve ? firstRemoved : 0;
        Map<String, Double> sensitivity = new HashMap<>();
        contributions.forEach(c -> sensitivity.put(c.part(), c.epsilonError()));
        Map<String, Double> trained = new HashMap<>();
        for (String part : order.subList(firstTrained, order.size())) {
            if (student.removableParts().contains(part) && student.keeps(part)) {
                Double s = scaling == UpdateScaling.UNIFORM ? sensitivity.getOrDefault(part, 1.0) : sensitivity.get(part);
                if (s == null || !(s >= 0) || s.isInfinite()) {
                    throw new IllegalArgumentException(part + " needs a finite sensitivity ≥ 0, has " + s);
                }
                trained.put(part, s);
            }
        }
        // Blocks whose removal costs nothing train fully.
        double least = trained.values().stream().mapToDouble(Double::doubleValue).filter(s -> s > 0).min().orElse(1);
        double[] values = trained.values().stream().mapToDouble(Double::doubleValue).toArray();
        double median = values.length == 0 ? 0 : Percentiles.quantile(values, 0.5);
        Map<String, Double> factors = new HashMap<>();
        trained.forEach((part, s) -> factors.put(part, switch (scaling) {
            case UNIFORM -> 1.0;
            case BINARY -> s <= median ? 1.0 : 0.0;
            case CONTINUOUS -> s <= least ? 1.0 : least / s;
        }));
        return new UnetBlockUpdates(factors, order, firstTrained);
    }

    /** The parts of the network in forward order, each the prefix of its parameters' names. */
    static List<String> order(UnetConfig config) {
        List<String> order = new ArrayList<>(INPUTS);
        List<String> parts = config.removableParts();
        String previousLevel = null;
        for (String part : parts) {
            String level = UnetPruningPlan.level(part);
            if (previousLevel != null && !level.equals(previousLevel)) {
                order.add(resampling(previousLevel, config));
            }
            order.add(part);
            previousLevel = level;
        }
        order.add(resampling(previousLevel, config));
        order.removeIf(String::isEmpty);
        order.addAll(OUTPUTS);
        return order;
    }

    /** The down- or upsampling convolution after a level's blocks, or "" where the level has none. */
    private static String resampling(String level, UnetConfig config) {
        if (level.startsWith("down.")) {
            int l = Integer.parseInt(level.substring(5));
            return l < config.levels() - 1 ? level + ".downsample" : "";
        }
        if (level.startsWith("up.")) {
            return Integer.parseInt(level.substring(3)) > 0 ? level + ".upsample" : "";
        }
        return "";
    }

    /** The factor of parameter {@code name}: 0 before the first trained part, else its block's, else 1. */
    public double factor(String name) {
        int position = -1;
        String owner = null;
        for (int i = 0; i < order.size(); i++) {
            String part = order.get(i);
            if (name.startsWith(part + ".") && (owner == null || part.length() > owner.length())) {
                owner = part;
                position = i;
            }
        }
        if (owner == null) {
            throw new IllegalArgumentException("parameter '" + name + "' belongs to no part of the U-Net " + order);
        }
        if (position < firstTrained) {
            return 0;
        }
        if (OUTPUTS.contains(owner)) {
            return 1;
        }
        // A kept block has its factor; resampling and a removed ResBlock's skip convolution train fully.
        return blockFactors.getOrDefault(owner, 1.0);
    }

    /** What preservation froze, for messages: "time … down.2.attn.1". */
    public String frozenDescription() {
        return firstTrained == 0 ? "nothing" : "everything up to " + order.get(firstTrained - 1) + " (from "
                + order.get(0) + ")";
    }
}
