package dev.tessera.app.cli;

import dev.tessera.app.generate.GenerationService;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.image.ChwImages;
import dev.tessera.generation.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tessera eval grid}: a prompts × seeds sample sheet of a model, for looking at it. */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = "Render a prompts × seeds grid (both styles) as one PNG, 4× nearest-neighbour upscaled.")
final class EvalGridCommand implements Callable<Integer> {

    private static final int SCALE = 4;
    private static final int LABEL_WIDTH = 170;

    @Option(names = "--model", required = true, description = "ACDiT model file") Path model;
@picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--prompts", split = ",", required = true, description = "comma-separated prompts") List<String> prompts;
    @Option(names = "--styles", split = ",", defaultValue = "google,twitter", description = "styles (default: ${DEFAULT-VALUE})") List<String> styles;
    @Option(names = "--seeds", defaultValue = "4", description = "seeds per prompt and style, 1..n (default: ${DEFAULT-VALUE})") int seeds;
    @Option(names = "--steps", defaultValue = "" + GenerationRequest.DEFAULT_STEPS) int steps;
    @Option(names = "--cfg", defaultValue = "" + GenerationRequest.DEFAULT_GUIDANCE) double cfg;
    @Option(names = "--style-strength", defaultValue = "" + GenerationRequest.DEFAULT_STYLE_STRENGTH) double styleStrength;
    @Option(names = "--out", required = true, description = "PNG file") Path out;

    @Override
    public Integer call() throws Exception {
        CliChecks.of(spec).acditModel("--model", model).atLeast("--seeds", seeds, 1).atLeast("--steps", steps, 1)
                .between("--cfg", cfg, 0, dev.tessera.app.generate.RequestValidation.MAX_GUIDANCE)
                .between("--style-strength", styleStrength, 0, dev.tessera.app.generate.RequestValidation.MAX_STYLE_STRENGTH)
                .outputFile("--out", out).orRefuse();
        try (GenerationService service = GenerationService.open(model)) {
            int size = service.model().config().imageSize() * SCALE;
            int columns = styles.size() * seeds;
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
                    g.drawString(styles.get(s) + ", seeds 1–" + seeds, LABEL_WIDTH + s * seeds * (size + 4), 14);
                }
                for (int p = 0; p < prompts.size(); p++) {
                    int y = 20 + p * (size + 4);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(prompts.get(p).strip(), 4, y + size / 2);
                    for (int s = 0; s < styles.size(); s++) {
                        GenerationRequest request = new GenerationRequest(prompts.get(p).strip(), styles.get(s), 1, steps, cfg,
                                styleStrength, null, seeds);
                        List<float[]> images = service.render(request, BlockListener.NONE, CancellationToken.none());
                        for (int i = 0; i < images.size(); i++) {
                            g.drawImage(ChwImages.toImage(images.get(i), size / SCALE, SCALE),
                                    LABEL_WIDTH + (s * seeds + i) * (size + 4), y, null);
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
