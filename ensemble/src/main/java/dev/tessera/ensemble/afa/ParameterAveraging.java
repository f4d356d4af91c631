package dev.tessera.ensemble.afa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.modelfile.NDArrayTensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The static-merging baseline: one U-Net whose every parameter is the mean of the experts' (a "model soup"),
 * written as an ordinary {@code unet} model file.
 */
public final class ParameterAveraging {

    private ParameterAveraging() {}

    /** Writes the parameter average of the expert files (one architecture) to {@code output}, atomically. */
    public static void write(List<Path> expertFiles, Path output, Provenance provenance) throws ModelFileException {
        ExpertFiles.commonArchitecture(expertFiles);
        try (NDManager manager = OfflineEngine.newManager()) {
            List<UnetModel> experts = new ArrayList<>();
            try {
                for (Path file : expertFiles) {
                    experts.add(UnetModel.load(file, manager));
                }
                try (UnetModel merged = merged(experts, manager)) {
                    UnetModel.save(output, merged.parameters(), merged.config(), provenance);
                }
            } finally {
                experts.forEach(UnetModel::close);
            }
        }
    }

    /** A new U-Net on {@code parent} whose every parameter is the mean of the experts' (one architecture). */
    public static UnetModel merged(List<UnetModel> experts, NDManager parent) {
        UnetModel merged = UnetModel.initialise(experts.get(0).config(), 0, parent);
        for (Map.Entry<String, NDArray> entry : merged.parameters().asMap().entrySet()) {
            // The sum starts on the scratch manager, so no temporary lands on an expert's.
            try (NDManager scratch = parent.newSubManager()) {
                NDArray sum = scratch.zeros(entry.getValue().getShape());
                for (UnetModel expert : experts) {
                    sum = sum.add(expert.parameters().get(entry.getKey()));
                }
                NDArrayTensors.overwrite(entry.getValue(), sum.div((float) experts.size()));
            }
        }
        return merged;
    }
}
