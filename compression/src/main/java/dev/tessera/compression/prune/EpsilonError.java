package dev.tessera.compression.prune;

import dev.tessera.generation.acdit.model.AcditModel;

/**
 * How far a model's noise predictions on a calibration set are from a reference model's: the mean
 * squared difference of ε over every token value. ε has unit variance, so 0.01 is an error of a
 * hundredth of the signal the network predicts. The fast proxy of quality loss when pruning.
 */
public final class EpsilonError {

    private final CalibrationSet calibration;
    private final float[] reference;

    public EpsilonError(CalibrationSet calibration, AcditModel reference) {
        this.calibration = calibration;
        this.reference = predictions(reference);
    }

    public CalibrationSet calibration() {
        return calibration;
    }

    /** The mean squared difference of {@code candidate}'s ε from the reference's. */
    public double of(AcditModel candidate) {
        return meanSquaredDifference(predictions(candidate), reference);
    }

    /** The mean squared difference of two predictions of the same values. */
    public static double meanSquaredDifference(float[] predicted, float[] reference) {
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - reference[i];
            sum += d * d;
        }
        return sum / predicted.length;
    }

    private float[] predictions(AcditModel model) {
        return calibration.predictedNoise(model);
    }
}
