package dev.tessera.generation.acdit.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Denoising steps for each block position, in generation order; the last entry holds for every later
 * block. {@code 25,16,8} gives block 0 25 steps, block 1 16 and every block after 8: later blocks are
 * conditioned on everything before them and need less work (docs/results/sampling.md). A schedule of one
 * entry is the plain "steps a block".
 */
public record StepSchedule(List<Integer> steps) {

    /** The most steps one block may take (the trained timesteps). */
    public static final int MAX_STEPS = 1000;

    public StepSchedule {
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("a step schedule needs at least one number of steps");
        }
        steps = List.copyOf(steps);
        for (int i = 0; i < steps.size(); i++) {
            int n = steps.get(i);
            if (n < 1 || n > MAX_STEPS) {
                throw new IllegalArgumentException("block " + i + " of the step schedule " + join(steps) + " has " + n
                        + " steps; each block needs 1 to " + MAX_STEPS);
            }
        }
    }

    /** The same steps for every block. */
    public static StepSchedule uniform(int steps) {
        return new StepSchedule(List.of(steps));
    }

    /**
     * Reads {@code 25,16,8} (commas, optional spaces); a single number is a uniform schedule.
     *
     * @throws IllegalArgumentException naming the entry that is not a whole number of steps, or is out of range
     */
    public static StepSchedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a step schedule needs at least one number of steps, e.g. 25,16,8");
        }
        String[] parts = text.split(",", -1);
        List<Integer> steps = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            try {
                steps.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("step schedule \"" + text + "\": entry " + (i + 1) + " (\"" + part
                        + "\") is not a whole number of steps; write steps per block position, e.g. 25,16,8");
            }
        }
        return new StepSchedule(steps);
    }

    /** Steps of the block at {@code position} in generation order (0 first). */
    public int stepsFor(int position) {
        if (position < 0) {
            throw new IllegalArgumentException("block position " + position + " is negative");
        }
        return steps.get(Math.min(position, steps.size() - 1));
    }

    /** Denoiser steps of a whole image of {@code blocks} blocks. */
    public int totalSteps(int blocks) {
        int total = 0;
        for (int k = 0; k < blocks; k++) {
            total += stepsFor(k);
        }
        return total;
    }

    /** Steps before block {@code position} starts (progress counting). */
    int stepsBefore(int position) {
        return totalSteps(position);
    }

    /** Whether every block takes the same steps. */
    public boolean isUniform() {
        return steps.stream().distinct().count() == 1;
    }

    /** The form {@link #parse} reads: {@code 25,16,8}. */
    @Override
    public String toString() {
        return join(steps);
    }

    private static String join(List<Integer> steps) {
        return steps.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
