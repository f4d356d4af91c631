package dev.tessera.compression.unet;

import ai.djl.ndarray.NDManager;
import dev.tessera.compression.prune.EpsilonError;
import dev.tessera.ensemble.unet.UnetModel;

/**
 * How far a U-Net's noise predictions on a calibration set are from a reference U-Net's: the mean squared
 * difference of ε over every pixel value, as {@link EpsilonError} measures ACDiT's. ε has unit variance, so
 * 0.01 is an error of a hundredth of what the network predicts.
 */
public final class UnetEpsilonError {

    private final UnetCalibrationSet calibration;
    private final float[] reference;

    public UnetEpsilonError(UnetCalibrationSet calibration, UnetModel reference) {
        this.calibration = calibration;
        this.reference = predictions(reference);
    }

    public UnetCalibrationSet calibration() {
        return calibration;
    }

    /** The mean squared difference of {@code candidate}'s ε from the reference's. */
    public double of(UnetModel candidate) {
        return EpsilonError.meanSquaredDifference(predictions(candidate), reference);
    }

    private float[] predictions(UnetModel model) {
        try (NDManager m = model.parameters().manager().newSubManager()) {
            return calibration.predict(model, m).toFloatArray();
        }
    }
}
