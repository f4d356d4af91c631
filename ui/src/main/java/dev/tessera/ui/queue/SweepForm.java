package dev.tessera.ui.queue;

import dev.tessera.app.queue.SweepSetting;
import dev.tessera.app.generate.GenerationRequest;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The sweep form's text: prompts (one a line) × seeds ("1, 2, 10-12") × the values of one setting,
 * on top of shared base settings. {@link #parse()} checks everything, so a bad value adds nothing.
 *
 * @param setting the third axis, or null for prompts × seeds only
 * @param model   the chosen model file, or null when none is installed
 */
record SweepForm(String prompts, String seeds, SweepSetting setting, String values, RequestForm base,
        String outputFolder, Path model) {

    static final int MAX_JOBS = 500;
    private static final int MAX_SEEDS = 1000;

    /** What the queue needs to add the sweep. */
    record Plan(GenerationRequest base, List<String> prompts, List<Long> seeds, SweepSetting setting,
            List<String> values, Path outputFolder, Path model) {
        int jobCount() {
            return prompts.size() * seeds.size() * (setting == null ? 1 : values.size());
        }
    }

    record Parsed(Optional<Plan> plan, List<String> errors) {
        Parsed {
            errors = List.copyOf(errors);
        }
    }

    Parsed parse() {
        List<String> errors = new ArrayList<>();
        List<String> promptList = prompts == null ? List.of()
                : prompts.lines().map(String::strip).filter(p -> !p.isEmpty()).toList();
        if (promptList.isEmpty()) {
            errors.add("Prompts: enter at least one prompt, one per line");
        }
        List<Long> seedList = parseSeeds(seeds, errors);
        List<String> valueList = List.of();
        if (setting != null) {
            valueList = Arrays.stream((values == null ? "" : values).split(",")).map(String::strip)
                    .filter(v -> !v.isEmpty()).toList();
            if (valueList.isEmpty()) {
                errors.add("Values: enter the " + setting.id() + " values to try, separated by commas");
            }
        }
        RequestForm.Parsed base = new RequestForm(promptList.isEmpty() ? "" : promptList.get(0), this.base.style(),
                seedList.isEmpty() ? "0" : Long.toString(seedList.get(0)), this.base.count(), this.base.steps(),
                this.base.guidance(), this.base.styleStrength(), this.base.sampler()).parse();
        errors.addAll(base.errors());
        if (setting != null && base.request().isPresent()) {
            for (String value : valueList) {
                try {
                    setting.apply(base.request().get(), value);
                } catch (IllegalArgumentException e) {
                    errors.add("Values: " + e.getMessage());
                }
            }
        }
        Path output = null;
        try {
            output = outputFolder == null || outputFolder.isBlank() ? null : Path.of(outputFolder.strip());
        } catch (InvalidPathException e) {
            errors.add("Output folder: '" + outputFolder + "' is not a valid path");
        }
        if (output == null && errors.stream().noneMatch(e -> e.startsWith("Output folder"))) {
            errors.add("Output folder: choose where the images go");
        }
        if (model == null) {
            errors.add("Model: no ACDiT model is installed; import one in Models");
        }
        long jobs = (long) promptList.size() * seedList.size() * (setting == null ? 1 : valueList.size());
        if (jobs > MAX_JOBS) {
            errors.add("This sweep would add " + jobs + " jobs; at most " + MAX_JOBS + " can be added at once");
        }
        if (!errors.isEmpty()) {
            return new Parsed(Optional.empty(), errors);
        }
        return new Parsed(Optional.of(new Plan(base.request().get(), promptList, seedList, setting, valueList, output,
                model)), List.of());
    }

    /** "1, 2, 10-12" → 1, 2, 10, 11, 12. */
    private static List<Long> parseSeeds(String text, List<String> errors) {
        List<Long> seeds = new ArrayList<>();
        String all = text == null ? "" : text.strip();
        if (all.isEmpty()) {
            errors.add("Seeds: enter at least one seed, e.g. 1, 2, 10-12");
            return seeds;
        }
        for (String part : all.split(",")) {
            String item = part.strip();
            try {
                int dash = item.indexOf('-', 1);
                if (dash > 0) {
                    long from = Long.parseLong(item.substring(0, dash).strip());
                    long to = Long.parseLong(item.substring(dash + 1).strip());
                    if (to < from || to - from >= MAX_SEEDS) {
                        errors.add("Seeds: range '" + item + "' must go upwards and hold at most " + MAX_SEEDS + " seeds");
                        continue;
                    }
                    for (long s = from; s <= to; s++) {
                        seeds.add(s);
                    }
                } else {
                    seeds.add(Long.parseLong(item));
                }
            } catch (NumberFormatException e) {
                errors.add("Seeds: '" + item + "' is not a whole number or a range like 10-12");
            }
        }
        return seeds.stream().distinct().toList();
    }
}
