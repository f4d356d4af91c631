package dev.tessera.app.cli;

import dev.tessera.generation.acdit.sampling.RecommendedSampling;
import dev.tessera.generation.modelfile.SafetensorsReader;
import java.nio.file.Files;
import java.util.Optional;
import dev.tessera.app.generate.RequestValidation;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.AppLocation;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.train.TrainingRunFile;
import dev.tessera.generation.acdit.model.AcditConfig;
import dev.tessera.generation.acdit.sampling.AcditGuidance;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.AcditSampler;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.acdit.sampling.ClipSpan;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.bench.AcditBenchmarks;
import dev.tessera.generation.bench.ProcessMemory;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import dev.tessera.generation.engine.OfflineEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera bench ...}: speed and memory measurements for docs/results (never unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure ACDiT speed and memory.",
        subcommands = {BenchCommand.KvCache.class, BenchCommand.Throughput.class, BenchCommand.Soak.class,
                BenchCommand.Video.class, BenchCommand.Unet.class, BenchCommand.Step.class})
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Runs a measurement that Ctrl-C cancels between sampler steps; rows already printed stay valid. */
    private static int untilStopped(StopOnShutdown.CancellableWork measurement) throws Exception {
        return StopOnShutdown.runCancellable(cancellation -> {
            try {
                return measurement.run(cancellation);
            } catch (SamplingCancelledException e) {
                System.err.println("stopped: " + e.getMessage() + "; the rows printed above were measured in full");
                return StopOnShutdown.STOPPED_EXIT_CODE;
            }
        });
    }

    /**
     * A U-Net expert's speed: one image at the request's steps and guidance (both guidance branches as one
     * batch), and one training step's forward and backward pass, on a fresh model of a config's architecture;
     * then the same for an AFA ensemble of {@code --experts} fresh experts (the aggregator trainable, the
     * experts frozen), in the same run, with the ensemble's time as a multiple of one expert's.
     */
    @Command(name = "unet", mixinStandardHelpOptions = true,
            description = "Seconds per U-Net image (sampling with guidance) and per training step, for one expert and"
                    + " for an AFA ensemble of several.")
    static final class Unet implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "configs/unet/unet-base.json",
                description = "U-Net training config whose architecture is timed (default: ${DEFAULT-VALUE})") Path config;
        @Option(names = "--rounds", defaultValue = "5", description = "timed calls after one warm-up; medians are reported (default: ${DEFAULT-VALUE})") int rounds;
        @Option(names = "--steps", defaultValue = "25", description = "denoising steps (default: ${DEFAULT-VALUE})") int steps;
        @Option(names = "--cfg", defaultValue = "2.0", description = "guidance scale (default: ${DEFAULT-VALUE})") double cfg;
        @Option(names = "--batch", split = ",", defaultValue = "1,4", description = "images a call (default: ${DEFAULT-VALUE})") List<Integer> batches;
        @Option(names = "--train-batch", defaultValue = "32", description = "images in the timed training step (default: ${DEFAULT-VALUE})") int trainBatch;
        @Option(names = "--experts", defaultValue = "2",
                description = "experts of the AFA ensemble also timed; below 2 times one expert only (default: ${DEFAULT-VALUE})") int experts;
        @Option(names = "--aggregator-width", defaultValue = "32",
                description = "the ensemble's aggregator width (default: ${DEFAULT-VALUE})") int aggregatorWidth;
        @Option(names = "--ensemble", description = "an AFA ensemble file: time its real experts' combinations instead"
                + " (its first expert alone, AFA, feature averaging, eps averaging, parameter averaging), sampling only")
        Path ensemble;

        @Override
        public Integer call() throws Exception {
            return untilStopped(ensemble == null ? this::measure : this::measureEnsemble);
        }

        /**
         * Each way of combining the ensemble file's experts against its first expert alone: seconds an image
         * (rounds interleaved over the combinations, each timed call after its own warm-up; medians) and the
         * weights each holds in memory, as multiples of the expert's.
         */
        private int measureEnsemble(CancellationToken cancellation) throws Exception {
            try (NDManager manager = OfflineEngine.newManager();
                    var afa = dev.tessera.ensemble.afa.AfaEnsemble.load(ensemble, manager);
                    var merged = dev.tessera.ensemble.afa.ParameterAveraging.merged(afa.experts(), afa.manager())) {
                var experts = afa.experts().stream().map(dev.tessera.ensemble.unet.UnetModel::network).toList();
                long expertBytes = afa.experts().get(0).parameters().byteCount();
                long allExperts = afa.experts().stream().mapToLong(e -> e.parameters().byteCount()).sum();
                var rows = new java.util.LinkedHashMap<String, dev.tessera.ensemble.unet.UnetBenchmarks>();
                var bytes = new java.util.LinkedHashMap<String, Long>();
                rows.put("one expert (" + afa.expertFiles().get(0).getFileName() + ")",
                        new dev.tessera.ensemble.unet.UnetBenchmarks(afa.experts().get(0), cancellation));
                bytes.put("one expert", expertBytes);
                rows.put("AFA", new dev.tessera.ensemble.unet.UnetBenchmarks(afa.network(), afa.aggregatorParameters(),
                        cancellation));
                bytes.put("AFA", allExperts + afa.aggregatorParameters().byteCount());
                rows.put("feature averaging", new dev.tessera.ensemble.unet.UnetBenchmarks(
                        dev.tessera.ensemble.afa.EnsembleNetwork.featureAveraging(experts), afa.aggregatorParameters(),
                        cancellation));
                bytes.put("feature averaging", allExperts);
                rows.put("ε averaging", new dev.tessera.ensemble.unet.UnetBenchmarks(
                        new dev.tessera.ensemble.afa.OutputAveraging(experts), afa.aggregatorParameters(), cancellation));
                bytes.put("ε averaging", allExperts);
                rows.put("parameter averaging (merge)", new dev.tessera.ensemble.unet.UnetBenchmarks(merged, cancellation));
                bytes.put("merge", merged.parameters().byteCount());
                List<String> names = new ArrayList<>(rows.keySet());
                List<Long> weights = new ArrayList<>(bytes.values());
                for (int batch : batches) {
                    double[][] seconds = new double[names.size()][rounds];
                    for (int r = 0; r < rounds; r++) { // interleaved: every combination once a round
                        for (int m = 0; m < names.size(); m++) {
                            seconds[m][r] = rows.get(names.get(m)).sampling(batch, steps, AcditGuidance.of(cfg), 1)
                                    .secondsPerImage();
                        }
                    }
                    System.out.printf(Locale.ROOT, "%nBatch %d, %d steps, guidance %s; medians of %d interleaved rounds:%n%n",
                            batch, steps, cfg, rounds);
                    System.out.println("| combination | seconds an image | ÷ one expert | weights in memory (MB) | ÷ one expert |");
                    System.out.println("| --- | ---: | ---: | ---: | ---: |");
                    double one = AcditBenchmarks.median(seconds[0]);
                    for (int m = 0; m < names.size(); m++) {
                        double median = AcditBenchmarks.median(seconds[m]);
                        System.out.printf(Locale.ROOT, "| %s | %.3f | %.2f× | %.1f | %.2f× |%n", names.get(m), median,
                                median / one, weights.get(m) / 1e6, (double) weights.get(m) / expertBytes);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%npeak RSS %.0f MB for the whole run (all combinations loaded); DPM-Solver++(2M); %s%n",
                    ProcessMemory.peakResidentBytes() / 1e6, MACHINE);
            return 0;
        }

        private int measure(CancellationToken cancellation) throws Exception {
            dev.tessera.ensemble.unet.UnetConfig architecture =
                    TrainingRunFile.unet(AppLocation.root().resolve(config), AppLocation.root()).model();
            try (NDManager manager = OfflineEngine.newManager();
                    dev.tessera.ensemble.unet.UnetModel model =
                            dev.tessera.ensemble.unet.UnetModel.initialise(architecture, 1, manager)) {
                System.out.printf(Locale.ROOT, "U-Net %s: %,d parameters, %.1f MB in F32%n%n", config,
                        model.parameters().elementCount(), model.parameters().byteCount() / 1e6);
                System.out.println("| model | what | batch | seconds a call (median) | seconds an image |");
                System.out.println("| --- | --- | ---: | ---: | ---: |");
                List<Double> single = timeRows("one expert",
                        new dev.tessera.ensemble.unet.UnetBenchmarks(model, cancellation));
                if (experts >= 2) {
                    List<dev.tessera.ensemble.unet.UnetModel> members = new java.util.ArrayList<>();
                    try (dev.tessera.generation.nn.ParameterStore aggregator =
                            dev.tessera.generation.nn.ParameterStore.create(manager)) {
                        for (int i = 0; i < experts; i++) {
                            members.add(dev.tessera.ensemble.unet.UnetModel.initialise(architecture, 10 + i, manager));
                        }
                        var network = new dev.tessera.ensemble.afa.EnsembleNetwork(
                                members.stream().map(dev.tessera.ensemble.unet.UnetModel::network).toList(),
                                new dev.tessera.ensemble.afa.Aggregator(architecture, experts,
                                        new dev.tessera.ensemble.afa.AggregatorConfig(aggregatorWidth), aggregator,
                                        new dev.tessera.generation.nn.ParameterInit(1)));
                        List<Double> ensemble = timeRows("AFA of " + experts,
                                new dev.tessera.ensemble.unet.UnetBenchmarks(network, aggregator, cancellation));
                        System.out.printf(Locale.ROOT, "%nAFA of %d experts (aggregator %,d parameters) against one"
                                + " expert, same rows in order: %s%n", experts, aggregator.elementCount(),
                                ratios(ensemble, single));
                    } finally {
                        members.forEach(dev.tessera.ensemble.unet.UnetModel::close);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%npeak RSS %.0f MB; DPM-Solver++(2M); %s%n",
                    ProcessMemory.peakResidentBytes() / 1e6, MACHINE);
            return 0;
        }

        /** Prints the sampling and training rows of one model; their seconds a call, in order. */
        private List<Double> timeRows(String label, dev.tessera.ensemble.unet.UnetBenchmarks bench) {
            List<Double> seconds = new java.util.ArrayList<>();
            for (int batch : batches) {
                var t = bench.sampling(batch, steps, AcditGuidance.of(cfg), rounds);
                System.out.printf(Locale.ROOT, "| %s | sampling, %d steps, guidance %s | %d | %.3f | %.3f |%n", label,
                        steps, cfg, batch, t.secondsPerCall(), t.secondsPerImage());
                seconds.add(t.secondsPerCall());
            }
            var t = bench.trainingStep(trainBatch, rounds);
            System.out.printf(Locale.ROOT, "| %s | training step (forward + backward) | %d | %.3f | %.4f |%n", label,
                    trainBatch, t.secondsPerCall(), t.secondsPerImage());
            seconds.add(t.secondsPerCall());
            return seconds;
        }

        private static String ratios(List<Double> ensemble, List<Double> single) {
            java.util.StringJoiner out = new java.util.StringJoiner(", ");
            for (int i = 0; i < single.size(); i++) {
                out.add(String.format(Locale.ROOT, "%.2f×", ensemble.get(i) / single.get(i)));
            }
            return out.toString();
        }
    }

    /**
     * Where a batch-1 image's time goes: seconds an image at the request defaults (batch 1 and 16), then one
     * image under PyTorch's profiler, its native operators summed by name; the rest of the wall time is the
     * Java side (wrappers, JNI, managers, the sampler loop).
     */
    @Command(name = "step", mixinStandardHelpOptions = true,
            description = "Seconds an image and where a denoiser step's time goes (native operators against the rest).")
    static final class Step implements Callable<Integer> {
        private dev.tessera.generation.acdit.sampling.StepSchedule blockSteps;
        @Option(names = "--model", description = "model file (default: " + GenerateCommand.DEFAULT_MODEL + ")") Path model;
        @Option(names = "--rounds", defaultValue = "5", description = "timed images per batch size after one warm-up; medians are reported (default: ${DEFAULT-VALUE})") int rounds;
        @Option(names = "--steps", defaultValue = "25", description = "denoising steps a block (default: ${DEFAULT-VALUE})") int steps;
        @Option(names = "--batch", split = ",", defaultValue = "1,16", description = "images a call (default: ${DEFAULT-VALUE})") List<Integer> batches;
        @Option(names = "--top", defaultValue = "12", description = "operators listed (default: ${DEFAULT-VALUE})") int top;
        @Option(names = "--schedule", description = "steps per block position, e.g. 25,16,8 (replaces --steps)") String schedule;
        @Option(names = "--step-cache", defaultValue = "0", description = "step-cache threshold, 0 = off (default: ${DEFAULT-VALUE})") double stepCache;
        @Option(names = "--no-profile", description = "time only; skip the profiled image") boolean noProfile;
        @Option(names = "--profile-batch", defaultValue = "1", description = "images in the profiled call (default: ${DEFAULT-VALUE})") int profileBatch;
        @Option(names = "--trace", defaultValue = "runs/step-trace.json", description = "where PyTorch's trace is written (default: ${DEFAULT-VALUE})") Path trace;
        @Option(names = "--cfg", description = "guidance scale (default: the model's own sampling if it has one, else "
                + GenerationRequest.DEFAULT_GUIDANCE + ")") Double cfg;
        @Option(names = "--style-strength", description = "style-contrast guidance (default: the model's own sampling if"
                + " it has one, else " + GenerationRequest.DEFAULT_STYLE_STRENGTH + ")") Double styleStrength;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path file = model != null ? model : AppLocation.root().resolve(GenerateCommand.DEFAULT_MODEL);
            // A few-step student is timed as it samples: its steps and guidance unless given here.
            Optional<RecommendedSampling> own = Files.isRegularFile(file)
                    ? RecommendedSampling.of(SafetensorsReader.readMetadata(file), file.toString()) : Optional.empty();
            if (own.isPresent() && !spec.commandLine().getParseResult().hasMatchedOption("--steps") && schedule == null) {
                steps = own.get().steps();
            }
            cfg = cfg != null ? cfg : own.map(r -> r.guidance()).orElse(GenerationRequest.DEFAULT_GUIDANCE);
            styleStrength = styleStrength != null ? styleStrength
                    : own.map(r -> r.styleStrength()).orElse(GenerationRequest.DEFAULT_STYLE_STRENGTH);
            CliChecks checks = CliChecks.of(spec).atLeast("--rounds", rounds, 1).atLeast("--steps", steps, 1)
                    .atLeast("--top", top, 1).atLeast("--profile-batch", profileBatch, 1).acditModel("--model", file);
            batches.forEach(b -> checks.atLeast("--batch", b, 1));
            checks.orRefuse();
            blockSteps = schedule == null ? dev.tessera.generation.acdit.sampling.StepSchedule.uniform(steps)
                    : dev.tessera.generation.acdit.sampling.StepSchedule.parse(schedule);
            dev.tessera.generation.acdit.model.StepCache.checkThreshold(stepCache);
            return untilStopped(cancellation -> measure(file, cancellation));
        }

        private int measure(Path file, CancellationToken cancellation) throws Exception {
            AcditGuidance guidance = new AcditGuidance(cfg, styleStrength);
            try (NDManager manager = OfflineEngine.newManager(); AcditModel loaded = AcditModel.load(file, manager)) {
                AcditBenchmarks bench = new AcditBenchmarks(loaded, cancellation).with(blockSteps, stepCache);
                int denoiserSteps = blockSteps.totalSteps(loaded.config().layout().blockCount());
                System.out.println("| batch | steps | step cache | denoiser calls an image | s per image (median) |");
                System.out.println("| ---: | --- | ---: | ---: | ---: |");
                for (int batch : batches) {
                    AcditBenchmarks.Throughput t = bench.throughput(batch, steps, guidance, rounds);
                    System.out.printf(Locale.ROOT, "| %d | %s | %s | %d | %.4f |%n", batch, blockSteps, stepCache,
                            denoiserSteps, t.secondsPerCall() / batch);
                }
                if (noProfile) {
                    return 0;
                }
                Path traceFile = trace.isAbsolute() ? trace : AppLocation.root().resolve(trace);
                java.nio.file.Files.createDirectories(traceFile.toAbsolutePath().getParent());
                dev.tessera.generation.bench.StepProfile.Breakdown b = dev.tessera.generation.bench.StepProfile.of(
                        () -> bench.time(AcditSampler.ContextMode.KV_CACHE, profileBatch, steps, guidance), traceFile);
                int calls = denoiserSteps;
                System.out.printf(Locale.ROOT, "%nprofiled call (batch %d, %d denoiser calls): wall %.3f s, native"
                        + " operators %.3f s (%d calls, %.0f a denoiser call), the rest %.3f s%n%n", profileBatch, calls,
                        b.wallSeconds(), b.nativeSeconds(), b.nativeCalls(), b.nativeCalls() / (double) calls,
                        b.wallSeconds() - b.nativeSeconds());
                System.out.println("| operator | calls a denoiser call | µs a denoiser call |");
                System.out.println("| --- | ---: | ---: |");
                for (var op : b.operators().subList(0, Math.min(top, b.operators().size()))) {
                    System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", op.name(), op.calls() / (double) calls,
                            op.micros() / calls);
                }
            }
            System.out.printf(Locale.ROOT, "%nguidance %s, style strength %s, DPM-Solver++(2M) updates (DDIM's cost the"
                    + " same), %d steps a block; %s%n", cfg, styleStrength, steps, MACHINE);
            return 0;
        }
    }

    private static final String MACHINE = Runtime.getRuntime().availableProcessors() + " cores, "
            + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version");

    /**
     * KV cache vs recomputing the prefix at 4 and 16 blocks: random-initialised models of a model file's
     * architecture (the bundled default unless --model), differing only in block size. Speed does not
     * depend on the weights.
     */
    @Command(name = "kv-cache", mixinStandardHelpOptions = true,
            description = "Speed of KV-cached sampling against recomputing the prefix, at 4 and 16 blocks.")
    static final class KvCache implements Callable<Integer> {
        @Option(names = "--model", description = "model file whose architecture is timed (default: " + GenerateCommand.DEFAULT_MODEL + ")") Path model;
        @Option(names = "--rounds", defaultValue = "5", description = "interleaved rounds per arm; medians are reported (default: ${DEFAULT-VALUE})") int rounds;
        @Option(names = "--steps", defaultValue = "25", description = "denoising steps a block (default: ${DEFAULT-VALUE})") int steps;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            CliChecks.of(spec).atLeast("--rounds", rounds, 1).atLeast("--steps", steps, 1)
                    .acditModel("--model", model != null ? model : AppLocation.root().resolve(GenerateCommand.DEFAULT_MODEL))
                    .orRefuse();
            return untilStopped(this::measure);
        }

        private int measure(CancellationToken cancellation) throws Exception {
            Path modelFile = model != null ? model : AppLocation.root().resolve(GenerateCommand.DEFAULT_MODEL);
            AcditConfig architecture;
            try (NDManager manager = OfflineEngine.newManager(); AcditModel loaded = AcditModel.load(modelFile, manager)) {
                architecture = loaded.config();
            }
            System.out.println("| blocks | tokens per block | KV cache (s, median) | recompute (s, median) | speed-up | (n+1)/2 |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
            for (int blockSide : new int[] {4, 2}) {
                AcditConfig config = architecture.withBlockSide(blockSide);
                try (NDManager manager = OfflineEngine.newManager(); AcditModel model = AcditModel.initialise(config, 1, manager)) {
                    AcditBenchmarks.Comparison c = new AcditBenchmarks(model, cancellation).cacheVersusRecompute(steps, AcditGuidance.of(1.5), rounds);
                    int n = config.layout().blockCount();
                    System.out.printf(Locale.ROOT, "| %d | %d | %.3f | %.3f | %.2f× | %.1f |%n", n,
                            config.layout().tokensPerBlock(), c.cachedSeconds(), c.recomputeSeconds(), c.speedup(), (n + 1) / 2.0);
                }
            }
            System.out.println("\nrandom-initialised width " + architecture.width() + ", depth " + architecture.depth()
                    + " (the architecture of " + modelFile.getFileName() + "); batch 1, guidance 1.5, DPM-Solver++(2M), "
                    + steps + " steps a block, medians of " + rounds + " interleaved rounds; " + MACHINE);
            return 0;
        }
    }

    /**
     * Seconds per clip of a video architecture (a training config's, by default the video model's): ACDiT with
     * the KV cache, ACDiT recomputing the context every step, and full-sequence diffusion of the same network
     * (one block of all the clip's frames, the same steps). Clips longer than the training length slide
     * ACDiT's window; the full-sequence model is built for each length. Random-initialised: speed does not
     * depend on the weights.
     */
    @Command(name = "video", mixinStandardHelpOptions = true,
            description = "Seconds per clip: ACDiT with KV cache, recomputing, and full-sequence diffusion.")
    static final class Video implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "configs/video/acdit-video.json",
                description = "training config whose video architecture is timed (default: ${DEFAULT-VALUE})") Path config;
        @Option(names = "--frames", split = ",", defaultValue = "16,32,64", description = "clip lengths (default: ${DEFAULT-VALUE})") List<Integer> frames;
        @Option(names = "--rounds", defaultValue = "1", description = "timed clips per arm after one warm-up; medians are reported (default: ${DEFAULT-VALUE})") int rounds;
        @Option(names = "--steps", defaultValue = "25", description = "denoising steps a block (default: ${DEFAULT-VALUE})") int steps;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            CliChecks checks = CliChecks.of(spec).atLeast("--rounds", rounds, 1).atLeast("--steps", steps, 1)
                    .existingFile("--config", config);
            frames.forEach(f -> checks.atLeast("--frames", f, 1));
            checks.orRefuse();
            return untilStopped(this::measure);
        }

        private int measure(CancellationToken cancellation) throws Exception {
            Path file = config.isAbsolute() ? config : AppLocation.root().resolve(config);
            AcditConfig video = TrainingRunFile.acdit(file, AppLocation.root()).model();
            if (!video.isVideo()) {
                throw new IllegalArgumentException(file + " is not a video architecture (frames: 1)");
            }
            AcditGuidance guidance = new AcditGuidance(GenerationRequest.DEFAULT_GUIDANCE, GenerationRequest.DEFAULT_STYLE_STRENGTH);
            System.out.println("| frames | ACDiT, KV cache (s) | ACDiT, recompute (s) | full-sequence (s) | cache speed-up | full-sequence / ACDiT |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
            try (NDManager manager = OfflineEngine.newManager(); AcditModel acdit = AcditModel.initialise(video, 1, manager)) {
                AcditBenchmarks bench = new AcditBenchmarks(acdit, cancellation);
                for (int n : frames) {
                    ClipSpan span = ClipSpan.of(video, n);
                    double[] cached = new double[rounds];
                    double[] recomputed = new double[rounds];
                    double[] full = new double[rounds];
                    AcditConfig oneBlock = new AcditConfig(video.imageSize(), video.patchSize(), video.blockSide(),
                            video.width(), video.depth(), video.heads(), video.mlpRatio(), video.promptDim(),
                            video.ropeBase(), video.styles(), n, n);
                    try (NDManager fullManager = OfflineEngine.newManager();
                            AcditModel sequence = AcditModel.initialise(oneBlock, 1, fullManager)) {
                        AcditBenchmarks fullBench = new AcditBenchmarks(sequence, cancellation);
                        bench.time(AcditSampler.ContextMode.KV_CACHE, 1, steps, guidance, span);
                        for (int r = 0; r < rounds; r++) {
                            cached[r] = bench.time(AcditSampler.ContextMode.KV_CACHE, 1, steps, guidance, span);
                            recomputed[r] = bench.time(AcditSampler.ContextMode.RECOMPUTE, 1, steps, guidance, span);
                            full[r] = fullBench.time(AcditSampler.ContextMode.KV_CACHE, 1, steps, guidance);
                        }
                    }
                    double c = AcditBenchmarks.median(cached), rc = AcditBenchmarks.median(recomputed), f = AcditBenchmarks.median(full);
                    System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f× | %.2f× |%n", n, c, rc, f, rc / c, f / c);
                }
            }
            System.out.println("\nrandom-initialised width " + video.width() + ", depth " + video.depth() + ", "
                    + video.frames() + "-frame training length in blocks of " + video.framesPerBlock() + " frames ("
                    + file.getFileName() + "); batch 1, guidance " + guidance.scale() + " with style strength "
                    + guidance.styleStrength() + " (3 branches), DPM-Solver++(2M), " + steps + " steps a block, medians of "
                    + rounds + " round(s) after a warm-up; " + MACHINE);
            return 0;
        }
    }

    /** Images per second at batch 1 and 16, 10/25/50 steps a block; several models or style strengths side by side. */
    @Command(name = "throughput", mixinStandardHelpOptions = true, description = "Images per second and peak RSS.")
    static final class Throughput implements Callable<Integer> {
        @Option(names = "--model", required = true, split = ",", description = "ACDiT model file; several (comma-separated or repeated) are timed side by side") List<Path> models;
        @Option(names = "--rounds", defaultValue = "3", description = "timed calls per setting and model after one warm-up, interleaved over the models; medians are reported (default: ${DEFAULT-VALUE})") int rounds;
        @Option(names = "--cfg", defaultValue = "1.5", description = "guidance scale (default: ${DEFAULT-VALUE})") double cfg;
        @Option(names = "--style-strength", split = ",", defaultValue = "0", description = "style strengths to time side by side, e.g. 0,1 (default: ${DEFAULT-VALUE})") List<Double> styleStrengths;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            CliChecks checks = CliChecks.of(spec).atLeast("--rounds", rounds, 1)
                    .between("--cfg", cfg, 0, RequestValidation.MAX_GUIDANCE);
            styleStrengths.forEach(s -> checks.between("--style-strength", s, 0, RequestValidation.MAX_STYLE_STRENGTH));
            models.forEach(m -> checks.acditModel("--model", m));
            checks.orRefuse();
            return untilStopped(this::measure);
        }

        private int measure(CancellationToken cancellation) throws Exception {
            try (NDManager manager = OfflineEngine.newManager()) {
                List<AcditBenchmarks> benches = new ArrayList<>();
                for (Path model : models) { // each model's weights live on a sub-manager, closed with this one
                    benches.add(new AcditBenchmarks(AcditModel.load(model, manager), cancellation));
                }
                System.out.println("| model | batch | steps a block | style strength | s per call (median) | images/s |");
                System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
                for (int batch : new int[] {1, 16}) {
                    for (int steps : new int[] {10, 25, 50}) {
                        for (double styleStrength : styleStrengths) {
                            AcditGuidance guidance = new AcditGuidance(cfg, styleStrength);
                            double[][] seconds = new double[models.size()][rounds];
                            benches.forEach(b -> b.time(AcditSampler.ContextMode.KV_CACHE, batch, steps, guidance)); // warm-up
                            // Interleaved, every model once a round: a slow spell of the machine hits all of them alike.
                            for (int r = 0; r < rounds; r++) {
                                for (int m = 0; m < models.size(); m++) {
                                    seconds[m][r] = benches.get(m).time(AcditSampler.ContextMode.KV_CACHE, batch, steps, guidance);
                                }
                            }
                            for (int m = 0; m < models.size(); m++) {
                                double median = AcditBenchmarks.median(seconds[m]);
                                System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %.3f | %.2f |%n",
                                        models.get(m).getFileName(), batch, steps, styleStrength, median, batch / median);
                            }
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%npeak RSS %.0f MB (all models loaded); guidance %s, DPM-Solver++(2M); %s%n",
                    ProcessMemory.peakResidentBytes() / 1e6, cfg, MACHINE);
            return 0;
        }
    }

    /** Many generations in one process: memory outside the Java heap (native) must stay flat. */
    @Command(name = "soak", mixinStandardHelpOptions = true,
            description = {"Generate many images in one process and track resident memory, in all and outside the Java heap.",
                    "For exact numbers fix the heap: TESSERA_JAVA_OPTS=\"-Xms1g -Xmx1g -XX:+AlwaysPreTouch\"."})
    static final class Soak implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "ACDiT model file") Path model;
        @Option(names = "--count", defaultValue = "300", description = "generations in the one process (default: ${DEFAULT-VALUE})") int count;
        @Option(names = "--steps", defaultValue = "10", description = "denoising steps a block (default: ${DEFAULT-VALUE})") int steps;
        @Option(names = "--baseline-after", defaultValue = "20", description = "warm-up generations before the baseline is read (default: ${DEFAULT-VALUE})") int baselineAfter;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            CliChecks.of(spec).acditModel("--model", model).atLeast("--count", count, 2).atLeast("--steps", steps, 1)
                    .orRefuse();
            if (baselineAfter < 1 || baselineAfter >= count) {
                throw new IllegalArgumentException("--baseline-after must be between 1 and --count - 1, was " + baselineAfter);
            }
            return untilStopped(this::measure);
        }

        private int measure(CancellationToken cancellation) throws Exception {
            try (GenerationService service = GenerationService.open(model)) {
                long start = 0;
                for (int i = 0; i < count; i++) {
                    GenerationRequest request = new GenerationRequest(i % 2 == 0 ? "cat face" : "rocket",
                            i % 2 == 0 ? "google" : "twitter", i, steps, GenerationRequest.DEFAULT_GUIDANCE,
                            GenerationRequest.DEFAULT_STYLE_STRENGTH, null, 1);
                    service.render(request, BlockListener.NONE, cancellation);
                    if (i + 1 == baselineAfter) {
                        start = ProcessMemory.outsideJavaHeapBytes(); // after warm-up: caches and allocator pools filled
                    }
                    if ((i + 1) % 50 == 0) {
                        System.out.printf(Locale.ROOT, "generation %d: RSS %.1f MB, outside the Java heap %.1f MB%n",
                                i + 1, ProcessMemory.residentBytes() / 1e6, ProcessMemory.outsideJavaHeapBytes() / 1e6);
                    }
                }
                // RSS alone moves by hundreds of MB when the collector resizes the heap; the native part does not.
                // No System.gc() here: the heap shrinks at once but its pages leave RSS later, which would skew the difference.
                long end = ProcessMemory.outsideJavaHeapBytes();
                System.out.printf(Locale.ROOT, "outside the Java heap: %.1f MB after %d generations, %.1f MB after %d: %+.1f %%%n",
                        start / 1e6, baselineAfter, end / 1e6, count, 100.0 * (end - start) / start);
            }
            return 0;
        }
    }
}
