package dev.tessera.app.cli;

import ai.djl.ndarray.NDManager;
import dev.tessera.app.generate.EnsembleRouting;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.afa.RoutingSheet;
import dev.tessera.ensemble.afa.RoutingSummary;
import dev.tessera.ensemble.afa.RoutingTrace;
import dev.tessera.generation.data.EmojiStyle;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.LinearNoiseSchedule;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import dev.tessera.generation.engine.OfflineEngine;
import dev.tessera.generation.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera eval routing}: which expert of an ensemble draws where, as heat-map sheets and a statistics table. */
@Command(name = "routing", mixinStandardHelpOptions = true,
        description = "Render prompts with an AFA ensemble file in each of its styles, recording the aggregator's per-pixel"
                + " weights at every step and aggregation point; write one heat-map sheet (PNG) per prompt and style, and"
                + " routing.md / routing.csv: each expert's mean weight and the mean entropy per point and timestep band"
                + " over all the images, with the union row.")
final class EvalRoutingCommand implements Callable<Integer> {

    /** The union's target (issue #18): no expert below this mean weight. */
    static final double COLLAPSE_LIMIT = 0.10;

    @Option(names = "--ensemble", required = true, description = "an AFA ensemble file") Path ensemble;
    @Option(names = "--prompts", split = PromptLists.SEPARATOR, required = true,
            description = "prompts, " + PromptLists.HOW + ", e.g. \"cat face;rocket\"") List<String> prompts;
    @Option(names = "--seed", defaultValue = "0", description = "seed of every image (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--steps", defaultValue = "" + GenerationRequest.DEFAULT_STEPS,
            description = "denoising steps (default: ${DEFAULT-VALUE})") int steps;
    @Option(names = "--cfg", defaultValue = "" + GenerationRequest.DEFAULT_GUIDANCE,
            description = "guidance scale (default: ${DEFAULT-VALUE})") double cfg;
    @Option(names = "--style-strength", defaultValue = "" + GenerationRequest.DEFAULT_STYLE_STRENGTH,
            description = "style-contrast guidance (default: ${DEFAULT-VALUE})") double styleStrength;
    @Option(names = "--sampler", defaultValue = "dpm++2m", description = "dpm++2m, ddim or euler") String sampler;
    @Option(names = "--columns", defaultValue = "5",
            description = "steps shown in each sheet, spread from the first to the last (default: ${DEFAULT-VALUE})") int columns;
    @Option(names = "--bands", defaultValue = "3",
            description = "timestep bands of the table, equal parts of [0, 1000] (default: ${DEFAULT-VALUE})") int bands;
    @Option(names = "--out", required = true, description = "folder for the sheets, routing.md and routing.csv") Path out;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CliChecks.of(spec).existingFile("--ensemble", ensemble).atLeast("--steps", steps, 1)
                .between("--cfg", cfg, 0, dev.tessera.app.generate.RequestValidation.MAX_GUIDANCE)
                .between("--style-strength", styleStrength, 0, dev.tessera.app.generate.RequestValidation.MAX_STYLE_STRENGTH)
                .atLeast("--columns", columns, 1).atLeast("--bands", bands, 1).outputFolder("--out", out).orRefuse();
        List<String> given = prompts.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        if (given.isEmpty()) {
            throw new IllegalArgumentException("--prompts: give at least one prompt");
        }
        SamplerKind kind = SamplerKind.fromId(sampler);
        return StopOnShutdown.runCancellable(cancellation -> render(given, kind, cancellation));
    }

    private int render(List<String> given, SamplerKind kind, CancellationToken cancellation) throws Exception {
        List<RoutingTrace> traces = new ArrayList<>();
        java.util.Map<EmojiStyle, List<RoutingTrace>> byStyle = new java.util.LinkedHashMap<>();
        StringBuilder sheets = new StringBuilder();
        try (NDManager manager = OfflineEngine.newManager();
                AfaEnsemble afa = AfaEnsemble.load(ensemble, manager)) {
            Files.createDirectories(out); // once the ensemble is known good: a refused file writes nothing
            int size = afa.architecture().imageSize();
            int n = 0;
            for (String prompt : given) {
                n++;
                for (EmojiStyle style : afa.architecture().styles()) {
                    GenerationRequest request = new GenerationRequest(prompt, style.id(), seed, steps, cfg, styleStrength,
                            kind, 1);
                    EnsembleRouting.Routed routed = EnsembleRouting.render(afa, request, cancellation);
                    traces.add(routed.trace());
                    byStyle.computeIfAbsent(style, s -> new ArrayList<>()).add(routed.trace());
                    String name = String.format(Locale.ROOT, "%02d-%s-%s.png", n, GenerationService.slug(prompt), style.id());
                    RoutingSheet.write(out.resolve(name), routed.trace(), routed.images().get(0), size,
                            prompt + " (" + style.id() + ", seed " + seed + ")", columns);
                    sheets.append("- `").append(name).append("`: ").append(prompt).append(" (").append(style.id())
                            .append(")\n");
                    System.err.println("wrote " + out.resolve(name));
                }
            }
        } catch (SamplingCancelledException e) {
            System.err.println("stopped: " + e.getMessage() + "; the sheets written so far stay, no table was written");
            return StopOnShutdown.STOPPED_EXIT_CODE;
        }
        List<RoutingSummary.Band> timestepBands = RoutingSummary.bands(LinearNoiseSchedule.ddpm().trainSteps(), bands);
        RoutingSummary summary = RoutingSummary.of(traces, timestepBands);
        String verdict = verdict(summary);
        String text = "# Routing of " + ensemble.getFileName() + "\n\n"
                + String.format(Locale.ROOT, "%d prompts × %d styles, seed %d, %d steps of %s, guidance %s, style strength %s."
                        + " Mean weight of each expert (over pixels, images and the steps in the band) and mean per-pixel"
                        + " entropy of the weights in nats (ln %d = %.3f at equal weights) per aggregation point; the"
                        + " 'all points' rows count every point once.%n%n", given.size(), traces.size() / given.size(),
                        seed, steps, kind.id(), cfg, styleStrength, summary.experts().size(),
                        Math.log(summary.experts().size()))
                + summary.markdown() + "\n" + verdict + "\n\n" + styleTable(summary.experts(), byStyle, timestepBands)
                + "\nSheets:\n\n" + sheets;
        AtomicFiles.write(out.resolve("routing.md"), text.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(out.resolve("routing.csv"), summary.csv().getBytes(StandardCharsets.UTF_8));
        System.out.print(text);
        return 0;
    }

    /**
     * Each style's images alone, per point over all t and their union: the experts' weights (in the experts' order,
     * "94.5 / 5.5") and the entropy. Balanced prompts can give a union near 1/N even when each image is routed to
     * one expert, which this shows.
     */
    private static String styleTable(List<String> experts, java.util.Map<EmojiStyle, List<RoutingTrace>> byStyle,
            List<RoutingSummary.Band> bands) {
        java.util.Map<EmojiStyle, RoutingSummary> summaries = new java.util.LinkedHashMap<>();
        byStyle.forEach((style, traces) -> summaries.put(style, RoutingSummary.of(traces, bands)));
        StringBuilder text = new StringBuilder("Each style's images alone, all t (weights of " + String.join(" / ", experts)
                + " in %, then the entropy):\n\n| point |");
        summaries.keySet().forEach(style -> text.append(' ').append(style.id()).append(" images | entropy |"));
        text.append("\n| --- |").append(" ---: | ---: |".repeat(summaries.size())).append('\n');
        RoutingSummary first = summaries.values().iterator().next();
        for (int r = 0; r < first.rows().size(); r++) {
            if (first.rows().get(r).band() != null) {
                continue;
            }
            boolean union = r == first.rows().size() - 1;
            text.append("| ").append(union ? "**union**" : first.rows().get(r).point()).append(" |");
            for (RoutingSummary summary : summaries.values()) {
                RoutingSummary.Row row = summary.rows().get(r);
                text.append(' ').append(java.util.Arrays.stream(row.meanWeights())
                        .mapToObj(w -> String.format(Locale.ROOT, "%.1f", 100 * w))
                        .collect(java.util.stream.Collectors.joining(" / "))).append(" |")
                        .append(String.format(Locale.ROOT, " %.3f |", row.meanEntropy()));
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Whether the union keeps every expert at 10 % or more (issue #18's "not collapsed"). */
    static String verdict(RoutingSummary summary) {
        double[] union = summary.union().meanWeights();
        StringBuilder below = new StringBuilder();
        for (int e = 0; e < union.length; e++) {
            if (union[e] < COLLAPSE_LIMIT) {
                below.append(below.isEmpty() ? "" : ", ").append(summary.experts().get(e))
                        .append(String.format(Locale.ROOT, " %.1f %%", 100 * union[e]));
            }
        }
        return below.isEmpty()
                ? String.format(Locale.ROOT, "Not collapsed: every expert has at least %.0f %% mean weight over the union.", 100 * COLLAPSE_LIMIT)
                : "Collapsed: below " + Math.round(100 * COLLAPSE_LIMIT) + " % mean weight over the union: " + below + ".";
    }
}
