package dev.tessera.app.cli;

import dev.tessera.app.AppLocation;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import dev.tessera.generation.diffusion.SamplerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera generate}: renders images from a prompt into PNGs that carry their recipe. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate images with an ACDiT model; each PNG carries A1111-style parameters and a JSON recipe.")
public final class GenerateCommand implements Callable<Integer> {

    static final String DEFAULT_MODEL = "assets/models/acdit-default.safetensors";

    @Option(names = "--prompt", required = true, description = "what to draw, e.g. \"cat face\"") String prompt;
    @Option(names = "--style", defaultValue = "google", description = "google or twitter (default: ${DEFAULT-VALUE})") String style;
    @Option(names = "--seed", defaultValue = "0", description = "seed of the first image; image i uses seed + i") long seed;
    @Option(names = "--steps", defaultValue = "" + GenerationRequest.DEFAULT_STEPS, description = "denoising steps per block (default: ${DEFAULT-VALUE})") int steps;
    @Option(names = "--cfg", defaultValue = "" + GenerationRequest.DEFAULT_GUIDANCE, description = "guidance scale (default: ${DEFAULT-VALUE})") double cfg;
    @Option(names = "--style-strength", defaultValue = "" + GenerationRequest.DEFAULT_STYLE_STRENGTH, description = "style-contrast guidance, 0 = off (default: ${DEFAULT-VALUE})") double styleStrength;
    @Option(names = "--sampler", defaultValue = "dpm++2m", description = "dpm++2m, ddim or euler (default: ${DEFAULT-VALUE})") String sampler;
    @Option(names = {"-n", "--count"}, defaultValue = "1", description = "number of images (default: ${DEFAULT-VALUE})") int count;
    @Option(names = "--model", description = "model file (default: " + DEFAULT_MODEL + ")") Path model;
    @Option(names = "--out", required = true, description = "output folder") Path out;

    @Override
    public Integer call() throws Exception {
        GenerationRequest request = new GenerationRequest(prompt, style, seed, steps, cfg, styleStrength,
                SamplerKind.fromId(sampler), count);
        Path modelFile = model != null ? model : AppLocation.root().resolve(DEFAULT_MODEL);
        return StopOnShutdown.runCancellable(cancellation -> render(request, modelFile, cancellation));
    }

    private int render(GenerationRequest request, Path modelFile, CancellationToken cancellation) throws Exception {
        try (GenerationService service = GenerationService.open(modelFile)) {
            List<Path> files = service.renderToFolder(request, out, BlockListener.NONE, cancellation);
            files.forEach(f -> System.out.println("wrote " + f));
            return 0;
        } catch (SamplingCancelledException e) {
            System.err.println("stopped: " + e.getMessage() + "; no image of the unfinished batch was written");
            return StopOnShutdown.STOPPED_EXIT_CODE;
        }
    }
}
