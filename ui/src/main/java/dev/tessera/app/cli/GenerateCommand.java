package dev.tessera.app.cli;

import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.GenerationService;
import dev.tessera.app.generate.PromptNote;
import dev.tessera.app.generate.PromptWarmUp;
import dev.tessera.app.video.ClipRendering;
import dev.tessera.app.video.ClipSettings;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.diffusion.SamplingCancelledException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code tessera generate}: renders images (or, with {@code --video}, clips) from a prompt into files that carry their recipe. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate images with an ACDiT, U-Net or AFA ensemble model; each PNG carries A1111-style parameters and a JSON recipe. "
                + "With --video (the bundled video model unless --model names another): clips as a looping GIF (recipe in its comment), an H.264 MP4 or a "
                + "folder of PNG frames.")
public final class GenerateCommand implements Callable<Integer> {

    static final String DEFAULT_MODEL = "assets/models/acdit-default.safetensors";
    static final String DEFAULT_VIDEO_MODEL = "assets/models/acdit-video.safetensors";

    @Mixin RequestOptions options;
    @Mixin ClipOptions clip;
    @Option(names = {"-q", "--quiet"},
            description = "no progress bar, no prompt note and no summary line on stderr; only the files written")
    boolean quiet;
    @Option(names = "--transparent", description = "PNG images with the white background that reaches the border"
            + " transparent, as the studio's Export \"Transparent\" makes them (recipe kept)")
    boolean transparent;
    @Option(names = "--grid", description = "also write the batch as one grid PNG here, each image labelled with its"
            + " seed, as the studio's \"Export grid\" does (recipe of the first image kept), e.g. grid.png")
    Path grid;

    @Override
    public Integer call() throws Exception {
        List<String> refused = BatchExport.problems(clip.video, transparent, grid);
        options.forVideo(clip.video);
        GenerationRequest request;
        try {
            request = options.request(clip.video && !ClipOptions.isFramesFolder(options.out));
        } catch (ParameterException e) {
            refused.add(0, e.getMessage()); // every refused value at once
            throw options.refused(refused);
        }
        if (!refused.isEmpty()) {
            throw options.refused(refused);
        }
        Path modelFile = options.modelFile();
        return StopOnShutdown.runCancellable(cancellation -> render(request, modelFile, cancellation));
    }

    private int render(GenerationRequest request, Path modelFile, CancellationToken cancellation) throws Exception {
        CliProgress progress = CliProgress.forTerminal(quiet);
        long start = System.nanoTime();
        // The prompt encoder loads beside the model (PromptWarmUp), which saves about a second on two cores.
        try (PromptWarmUp warmUp = PromptWarmUp.start(request.prompt());
                GenerationService service = GenerationService.open(modelFile)) {
            List<String> refused = new ArrayList<>();
            Optional<ClipSettings> settings = clip.settings(service.frames(), refused);
            int imageScale = settings.isPresent() ? 1 : clip.imageScale(refused);
            if (!refused.isEmpty()) {
                throw options.refused(refused);
            }
            if (!quiet) {
                // After loading, on this thread: the encoder is up, and no encoder call outlives the command.
                PromptNote.of(request.prompt()).ifPresent(note -> System.err.println("note: " + note));
            }
            Duration loading = Duration.ofNanos(System.nanoTime() - start);
            List<Path> files;
            try (CliProgress.JobBar bar = progress.job(CliProgress.describe(request))) {
                files = settings.isPresent()
                        ? new ClipRendering(service).renderTo(request, settings.get(), options.out, clip.clipScale(), bar,
                                cancellation)
                        : service.renderToFolder(request, options.out, imageScale, bar, cancellation);
            }
            if (settings.isEmpty()) {
                files = BatchExport.finish(files, transparent, grid);
            }
            files.forEach(f -> System.out.println("wrote " + f));
            Duration rendering = Duration.ofNanos(System.nanoTime() - start).minus(loading);
            progress.summary(settings.isPresent() ? CliProgress.generatedClip(settings.get().frames(), loading, rendering)
                    : CliProgress.generated(request.count(), loading, rendering));
            return 0;
        } catch (SamplingCancelledException e) {
            System.err.println("stopped: " + e.getMessage() + "; nothing of the unfinished batch was written");
            return StopOnShutdown.STOPPED_EXIT_CODE;
        }
    }
}
