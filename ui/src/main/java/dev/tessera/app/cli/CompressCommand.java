package dev.tessera.app.cli;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.AppLocation;
import dev.tessera.app.compress.BundledTrainingImages;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.ModelHash;
import dev.tessera.app.train.GitCommit;
import dev.tessera.compression.CompressionOptions;
import dev.tessera.compression.CompressionResult;
import dev.tessera.compression.ModelCompressor;
import dev.tessera.compression.UnetCompressor;
import dev.tessera.compression.distill.DistillationBudget;
import dev.tessera.compression.distill.Distiller;
import dev.tessera.compression.distill.UpdateScaling;
import dev.tessera.compression.int4.Int4Quantizer;
import dev.tessera.compression.measure.InterleavedLatency;
import dev.tessera.compression.measure.LadderModel;
import dev.tessera.compression.prune.Contribution;
import dev.tessera.compression.prune.PlanKind;
import dev.tessera.compression.unet.UnetContribution;
import dev.tessera.compression.unet.UnetTrainingImages;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.sampling.RecommendedSampling;
import dev.tessera.generation.acdit.training.TrainingExamples;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.modelfile.Int4Weights;
import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.SafetensorsDType;
import dev.tessera.generation.nn.Int4Runtime;
import dev.tessera.generation.train.ProgressListener;
import dev.tessera.generation.train.TerminalProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera compress}: prunes, distils and quantizes an ACDiT model or a U-Net expert into a new model file. */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = {"Compress an ACDiT model or a U-Net expert: prune later layers (a U-Net's later ResBlocks and"
                + " attentions; with --plan cheapest, an ACDiT's cheapest attention and MLP branches anywhere; with --plan narrow, fewer hidden units in every MLP; with --plan depth, the cheapest whole layers, then narrower MLPs) to a"
                + " parameter budget, distil the pruned model from the original, store the weights as INT4"
                + " (docs/compression.md). The output is an ordinary model file.",
                "Example: ./tessera compress --model assets/models/acdit-default.safetensors --prune 0.2 --int4"
                        + " --group 64 --distill-minutes 20 --out acdit-small.safetensors"})
final class CompressCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "the ACDiT or U-Net model file to compress (full precision; unpruned to prune it)") Path model;
    @Option(names = "--out", required = true, description = "the compressed model file to write (must not exist)") Path out;
    @Option(names = "--prune", defaultValue = "0", description = "fraction of the parameters to remove, in (0, 0.9]; 0 keeps every layer (default: ${DEFAULT-VALUE})") double prune;
    @Option(names = "--plan", defaultValue = "position", description = "how an ACDiT model's --prune budget is spent: position (later layers first, whole), cheapest (attention and MLP branches of any layer, least ε-error per parameter first), narrow (every layer's MLP keeps its strongest hidden units, the same number in each) or depth (the cheapest whole layers while the budget needs one, then the other layers' MLPs narrowed) (default: ${DEFAULT-VALUE})") String plan;
    @Option(names = "--int4", description = "store the transformer layers' weights as INT4") boolean int4;
    @Option(names = "--group", defaultValue = "64", description = "INT4 group size: 32, 64 or 128 (default: ${DEFAULT-VALUE})") int group;
    @Option(names = "--asymmetric", description = "INT4 with a zero code per group instead of symmetric around zero") boolean asymmetric;
    @Option(names = "--scales", defaultValue = "F16", description = "INT4 scale type: F16 or F32 (default: ${DEFAULT-VALUE})") SafetensorsDType scales;
    @ArgGroup(exclusive = true) Distillation distillation;
    @Option(names = "--scaling", defaultValue = "CONTINUOUS", description = "how distillation scales each layer's updates by its sensitivity: UNIFORM, BINARY or CONTINUOUS (default: ${DEFAULT-VALUE})") UpdateScaling scaling;
    @Option(names = "--no-preserve", description = "let distillation also train the layers before the first pruned one (and the embeddings)") boolean noPreserve;
    @Option(names = "--distill-lr", description = "distillation's peak learning rate (default: 3e-4)") Double distillLr;
    @Option(names = "--calibration", defaultValue = "" + CompressionOptions.DEFAULT_CALIBRATION_ITEMS, description = "training images in the calibration set (default: ${DEFAULT-VALUE})") int calibration;
    @Option(names = "--latency-rounds", defaultValue = "3", description = "interleaved timing rounds for the comparison at the end; 0 skips the timing (default: ${DEFAULT-VALUE})") int latencyRounds;

    static final class Distillation {
        @Option(names = "--distill-minutes", description = "distil for about this many minutes (steps fixed after timing the first ten)") Double minutes;
        @Option(names = "--distill-steps", description = "distil for exactly this many steps (the same run on any machine)") Long steps;

        DistillationBudget budget() {
            return minutes != null ? DistillationBudget.minutes(minutes) : new DistillationBudget.Steps(steps);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of(32, 64, 128).contains(group)) {
            throw new IllegalArgumentException("--group must be 32, 64 or 128, was " + group);
        }
        Optional<Int4Quantizer> quantizer = int4 ? Optional.of(new Int4Quantizer(new Int4Weights.Settings(group,
                asymmetric ? Int4Weights.Scheme.ASYMMETRIC : Int4Weights.Scheme.SYMMETRIC), scales)) : Optional.empty();
        boolean unet = UnetCompressor.isUnet(model);
        Distiller.Options distill = Distiller.Options.defaults();
        if (distillLr != null) {
            if (!(distillLr > 0 && distillLr < 1)) {
                throw new IllegalArgumentException("--distill-lr must be in (0, 1), was " + distillLr);
            }
            distill = new Distiller.Options(distill.batchSize(), distillLr, distill.warmupSteps(), distill.featureWeight(),
                    distill.gradientClip(), distill.seed());
        }
        CompressionOptions options = new CompressionOptions(prune,
                Optional.ofNullable(distillation).map(Distillation::budget), !noPreserve, scaling, quantizer,
                calibration, distill, PlanKind.parse(plan, "--plan"));
        if (latencyRounds < 0) {
            throw new IllegalArgumentException("--latency-rounds must be ≥ 0, was " + latencyRounds);
        }
        ModelCompressor.Source source = new ModelCompressor.Source(model, ModelHash.of(model), GitCommit.of(AppLocation.root()));
        return StopOnShutdown.runCancellable(cancellation -> {
            System.out.println("compressing " + model + ": " + options.describe());
            CompressionResult result = unet
                    ? UnetCompressor.compress(source, out, options, CompressCommand::unetTrainingImages,
                            new UnetListener(), cancellation)
                    : ModelCompressor.compress(source, out, options, BundledTrainingImages::of, new Listener(),
                            cancellation);
            printComparison(result, cancellation);
            return 0;
        });
    }

    /** The training split of the expert's own style(s), as its provenance names them. */
    private static TrainingExamples unetTrainingImages(UnetModel expert) {
        System.out.println("training images of " + UnetTrainingImages.stylesOf(expert) + " (the styles the expert trained on)");
        return UnetTrainingImages.of(expert);
    }

    private static final class UnetListener implements UnetCompressor.Listener {
        @Override
        public void phase(String what) {
            System.out.println(what);
        }

        @Override
        public void contribution(UnetContribution c) {
            System.out.printf(Locale.ROOT, "  %-14s ε-error %.5f, %,9d parameters%n", c.part(), c.epsilonError(),
                    c.parametersSaved());
        }

        @Override
        public ProgressListener distillation() {
            return new TerminalProgress("distil");
        }
    }

    private static final class Listener implements ModelCompressor.Listener {
        @Override
        public void phase(String what) {
            System.out.println(what);
        }

        @Override
        public void contribution(Contribution c) {
            System.out.printf(Locale.ROOT, "  %-20s ε-error %.5f, %,9d parameters%n", c.part().label(), c.epsilonError(),
                    c.parametersSaved());
        }

        @Override
        public ProgressListener distillation() {
            return new TerminalProgress("distil");
        }
    }

    private void printComparison(CompressionResult r, CancellationToken cancellation) throws Exception {
        System.out.println();
        System.out.println("| | " + model.getFileName() + " | " + out.getFileName() + " |");
        System.out.println("| --- | ---: | ---: |");
        System.out.printf(Locale.ROOT, "| parameters | %,d | %,d (%+.1f %%) |%n", r.parametersBefore(), r.parametersAfter(),
                100.0 * (r.parametersAfter() - r.parametersBefore()) / r.parametersBefore());
        System.out.printf(Locale.ROOT, "| file | %.2f MB | %.2f MB (%+.1f %%) |%n", r.fileBytesBefore() / 1e6,
                r.fileBytesAfter() / 1e6, 100.0 * (r.fileBytesAfter() - r.fileBytesBefore()) / r.fileBytesBefore());
        System.out.printf(Locale.ROOT, "| weights in memory%s | %.2f MB | %.2f MB (%+.1f %%) |%n",
                int4 ? " (INT4 kept packed)" : "", r.weightBytesBefore() / 1e6, r.weightBytesAfter() / 1e6,
                100.0 * (r.weightBytesAfter() - r.weightBytesBefore()) / r.weightBytesBefore());
        for (CompressionResult.Stage stage : r.stages()) {
            System.out.printf(Locale.ROOT, "| ε-error against the original, %s | 0 | %.5f |%n", stage.name(), stage.epsilonError());
        }
        if (latencyRounds > 0) {
            try (NDManager manager = OfflineEngine.newManager()) {
                List<LadderModel> models = new ArrayList<>(List.of(LadderModel.load(model, manager, Int4Runtime.DEQUANTIZE_AT_LOAD),
                        LadderModel.load(out, manager, Int4Runtime.DEQUANTIZE_AT_LOAD)));
                if (int4) {
                    models.add(LadderModel.load(out, manager, Int4Runtime.DEQUANTIZE_PER_LAYER));
                }
                // A few-step student is timed as it samples (its steps, one guidance branch), others at the defaults.
                RecommendedSampling own = RecommendedSampling.of(SafetensorsReader.readMetadata(model), model.toString())
                        .orElse(new RecommendedSampling(SamplerKind.defaultKind(), GenerationRequest.DEFAULT_STEPS,
                                GenerationRequest.DEFAULT_GUIDANCE, GenerationRequest.DEFAULT_STYLE_STRENGTH));
                double[] s = InterleavedLatency.ofModels(models, latencyRounds, own.steps(),
                        new AcditGuidance(own.guidance(), own.styleStrength()), cancellation);
                System.out.printf(Locale.ROOT, "| s per image%s | %.3f | %.3f (%.2f×) |%n", int4 ? ", INT4 dequantized at load" : "",
                        s[0], s[1], s[1] / s[0]);
                if (int4) {
                    System.out.printf(Locale.ROOT, "| s per image, INT4 dequantized per layer | %.3f | %.3f (%.2f×) |%n",
                            s[0], s[2], s[2] / s[0]);
                }
                System.out.printf(Locale.ROOT, "%nseconds: one image, %d steps a block, guidance %s, style strength %s;"
                        + " medians of %d interleaved rounds%n", own.steps(), own.guidance(), own.styleStrength(),
                        latencyRounds);
            }
        }
        System.out.println("wrote " + r.file() + " (" + r.recipe() + ")");
    }
}
