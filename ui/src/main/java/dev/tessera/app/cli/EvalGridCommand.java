package dev.tessera.app.cli;

import dev.tessera.app.generate.GenerationService;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.RequestText;
import dev.tessera.app.generate.RequestValidation;
import dev.tessera.generation.diffusion.SamplerKind;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tessera eval grid}: a prompts × seeds sample sheet of a model, for looking at it. */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = "Render a prompts × seeds grid (both styles) as one PNG, 4× nearest-neighbour upscaled.")
final class EvalGridCommand implements Callable<Integer> {

    private static final int SCALE = 4;
    private static final int LABEL_WIDTH = 170;

    @Spec CommandSpec command;
    @Option(names = "--model", required = true, description = "ACDiT model file") Path model;
    @Option(names = "--prompts", split = PromptLists.SEPARATOR, required = true,
            description = "one row per prompt, " + PromptLists.HOW + ", e.g. \"cat face;rocket\"") List<String> prompts;
    @Option(names = "--styles", split = ",", defaultValue = "google,twitter",
            description = "styles side by side, comma-separated (default: ${DEFAULT-VALUE})") List<String> styles;
    @Option(names = "--seeds", defaultValue = "4",
            description = "seeds 1 to n for each prompt and style, n from 1 to " + GenerationRequest.MAX_COUNT
                    + " (default: ${DEFAULT-VALUE})") String seeds;
    @Option(names = "--steps", defaultValue = "" + GenerationRequest.DEFAULT_STEPS,
            description = "denoising steps per block, 1 to " + GenerationRequest.MAX_STEPS + " (default: ${DEFAULT-VALUE})")
    String steps;
    @Option(names = "--cfg", defaultValue = "" + GenerationRequest.DEFAULT_GUIDANCE,
            description = "guidance scale, 0 to " + RequestValidation.MAX_GUIDANCE + " (default: ${DEFAULT-VALUE})")
    String cfg;
    @Option(names = "--style-strength", defaultValue = "" + GenerationRequest.DEFAULT_STYLE_STRENGTH,
            description = "style-contrast guidance, 0 (off) to " + RequestValidation.MAX_STYLE_STRENGTH
                    + " (default: ${DEFAULT-VALUE})") String styleStrength;
    @Option(names = "--out", required = true, description = "PNG file to write") Path out;

    /**
     * One request per prompt and style, checked by {@link RequestValidation} before the model is
     * loaded, so a bad value is refused at once with the message the other commands give.
     */
    private List<List<GenerationRequest>> requests() {
        Set<String> problems = new LinkedHashSet<>();
        List<List<GenerationRequest>> rows = new ArrayList<>();
        for (String prompt : prompts) {
            List<GenerationRequest> row = new ArrayList<>();
            for (String style : styles) {
                RequestValidation.Result checked = new RequestText(prompt, style, "1", steps, cfg, styleStrength,
                        SamplerKind.defaultKind().id(), seeds).check();
                // the request's count is this command's --seeds: say so, as the user typed it
                checked.problems().forEach(p -> problems.add(
                        p.field() == RequestValidation.Field.COUNT ? "--seeds: " + p.message() : p.message()));
                checked.request().ifPresent(row::add);
            }
            rows.add(row);
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(command.commandLine(), String.join(System.lineSeparator(), problems));
        }
        return rows;
    }

    @Override
    public Integer call() throws Exception {
        List<List<GenerationRequest>> rows = requests();
        CliChecks.of(command).acditModel("--model", model).outputFile("--out", out).orRefuse();
        int seedCount = rows.get(0).get(0).count();
        try (GenerationService service = GenerationService.open(model)) {
            int size = service.imageSize() * SCALE;
            int columns = styles.size() * seedCount;
            BufferedImage sheet = new BufferedImage(LABEL_WIDTH + columns * (size + 4), 20 + prompts.size() * (size + 4),
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D g = sheet.createGraphics();
            try {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.setColor(Color.DARK_GRAY);
                for (int s = 0; s < styles.size(); s++) {
                    g.drawString(rows.get(0).get(s).style() + ", seeds 1–" + seedCount, LABEL_WIDTH + s * seedCount * (size + 4), 14);
                }
                for (int p = 0; p < prompts.size(); p++) {
                    int y = 20 + p * (size + 4);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(rows.get(p).get(0).prompt(), 4, y + size / 2);
                    for (int s = 0; s < styles.size(); s++) {
                        List<float[]> images = service.render(rows.get(p).get(s), BlockListener.NONE,
                                CancellationToken.none());
                        for (int i = 0; i < images.size(); i++) {
                            g.drawImage(ChwImages.toImage(images.get(i), size / SCALE, SCALE),
                                    LABEL_WIDTH + (s * seedCount + i) * (size + 4), y, null);
                        }
                    }
                }
            } finally {
                g.dispose();
            }
            AtomicFiles.write(out, o -> ImageIO.write(sheet, "png", o));
            System.out.println("wrote " + out);
        }
        return 0;
    }
}
