package dev.tessera.ui.generate;

import java.util.List;

/** What a finished render hands back to the view: its images and every step's pictures. */
public record RenderOutcome(List<GeneratedImage> images, List<StepFrame> frames) {}
