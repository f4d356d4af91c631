package dev.tessera.generation.eval;

import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.metrics.ReferenceStatistics;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.Provenance;
import dev.tessera.generation.modelfile.SafetensorsFile;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an evaluation's headline numbers into a model file's metadata as {@code tessera.metric.*}
 * entries, so the Models page and anyone reading the file see what it measured. The tensors are
 * copied unchanged; the file is replaced atomically (a crash leaves the old file).
 */
public final class RecordedMetrics {

    private RecordedMetrics() {}

    /**
     * The entries for one report: {@code <prefix>_fed} (or {@code <prefix>_fed_<reference>} when measured against
     * another reference than all images), {@code <prefix>_identity_top5}, … plus the settings.
     */
    public static Map<String, Double> of(String prefix, ImageSetReport report, int steps, AcditGuidance guidance) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        String fed = ReferenceStatistics.ALL_STYLES.equals(report.reference()) ? "_fed" : "_fed_" + report.reference();
        metrics.put(prefix + fed, report.fed().value());
        metrics.put(prefix + "_identity_top1", report.promptAccuracy().identityTop1().value());
        metrics.put(prefix + "_identity_top5", report.promptAccuracy().identityTop5().value());
        metrics.put(prefix + "_subcategory_top1", report.promptAccuracy().subcategoryTop1().value());
        metrics.put(prefix + "_style", report.styleAccuracy().value());
        metrics.put(prefix + "_images", (double) report.sampleCount());
        metrics.put(prefix + "_steps_per_block", (double) steps);
        metrics.put(prefix + "_guidance", guidance.scale());
        metrics.put(prefix + "_style_strength", guidance.styleStrength());
        return metrics;
    }

    /**
     * Writes {@code metrics} into {@code modelFile}'s metadata, first removing every earlier entry named
     * {@code <prefix>_…}, so no figure of an older measurement survives next to the new ones.
     */
    public static void write(Path modelFile, String prefix, Map<String, Double> metrics) throws ModelFileException {
        write(modelFile, List.of(prefix), metrics);
    }

    /** As {@link #write(Path, String, Map)}, for the figures of several measurements (one prefix each) at once. */
    public static void write(Path modelFile, List<String> prefixes, Map<String, Double> metrics)
            throws ModelFileException {
        SafetensorsFile file = SafetensorsReader.read(modelFile);
        Map<String, String> metadata = new TreeMap<>(file.metadata());
        metadata.keySet().removeIf(key -> prefixes.stream().anyMatch(
                prefix -> key.startsWith(Provenance.metricKey(prefix + "_"))));
        metrics.forEach((name, value) -> metadata.put(Provenance.metricKey(name), Double.toString(value)));
        SafetensorsWriter.write(modelFile, file.tensors(), metadata);
    }
}
