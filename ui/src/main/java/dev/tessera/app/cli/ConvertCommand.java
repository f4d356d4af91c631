package dev.tessera.app.cli;

import dev.tessera.compression.HalfPrecisionWeights;
import dev.tessera.app.models.ModelDetails;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera convert}: a model file of any kind with its weights stored as F16 (half the size) or back as F32. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Store a model file's F32 weights as F16 (half the bytes; loading widens them to F32 exactly, so "
                + "each weight is rounded to the nearest half and nothing else changes), or F16 weights back as F32 "
                + "(an ACDiT file's INT4 matrices expanded too, as loading computes with them). Works for every kind of "
                + "model file.",
        footer = "Example: ./tessera convert --to f16 --model runs/x/model.safetensors --out assets/models/x.safetensors")
final class ConvertCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "the model file to read") Path model;
    @Option(names = "--out", required = true, description = "the file to write (must not exist)") Path out;
    @Option(names = "--to", required = true, description = "f16 or f32") String to;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CliChecks.of(spec).existingFile("--model", model).outputFile("--out", out).orRefuse();
        HalfPrecisionWeights.Target target = switch (to.toLowerCase(Locale.ROOT)) {
            case "f16" -> HalfPrecisionWeights.Target.F16;
            case "f32" -> HalfPrecisionWeights.Target.F32;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--to must be f16 or f32 (got '" + to + "')");
        };
        int changed = HalfPrecisionWeights.convert(model, out, target);
        System.out.printf(Locale.ROOT, "wrote %s: %d tensors as %s, %s (was %s)%n", out, changed, target,
                ModelDetails.formatSize(Files.size(out)), ModelDetails.formatSize(Files.size(model)));
        return 0;
    }
}
