package dev.tessera.ui.queue;

import dev.tessera.app.queue.SweepSetting;
import dev.tessera.app.generate.GenerationRequest;
import dev.tessera.app.generate.RequestText;
import dev.tessera.app.generate.RequestValidation;
import dev.tessera.app.generate.RequestValidation.Checked;
import dev.tessera.app.generate.RequestValidation.Field;
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
 * @param base    the settings every job shares; its prompt and seed are not used (the axes give them)
 * @param setting the third axis, or null for prompts × seeds only
 * @param model   the chosen model file, or null when none is installed
 */
record SweepForm(String prompts, String seeds, SweepSetting setting, String values, RequestText base,
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
        List<String> promptList = parsePrompts(prompts, errors);
        List<Long> seedList = parseSeeds(seeds, errors);
        List<String> valueList = List.of();
        if (setting != null) {
            valueList = Arrays.stream((values == null ? "" : values).split(",")).map(String::strip)
                    .filter(v -> !v.isEmpty()).toList();
            if (valueList.isEmpty()) {
                errors.add("Values: enter the " + setting.id() + " values to try, separated by commas");
            }
            valueList.forEach(value -> setting.check(value).message().ifPresent(m -> errors.add("Values: " + m)));
        }
        // The shared settings; the prompts and seeds axes were checked above and stand in for the base's own.
        RequestValidation.Result checked = new RequestText(promptList.isEmpty() ? "" : promptList.get(0), base.style(),
                seedList.isEmpty() ? "0" : Long.toString(seedList.get(0)), base.steps(), base.guidance(),
                base.styleStrength(), base.sampler(), base.count(), base.negativePrompt()).check();
        checked.problems().stream().filter(p -> p.field() != Field.PROMPT && p.field() != Field.SEED)
                .forEach(p -> errors.add(p.message()));
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
        return new Parsed(Optional.of(new Plan(checked.request().orElseThrow(), promptList, seedList, setting, valueList,
                output, model)), List.of());
    }

    /**
     * One prompt a line (blank lines skipped), each checked as every prompt is, with the same
     * message: the sweep form has no other prompt field it could be confused with.
     */
    private static List<String> parsePrompts(String text, List<String> errors) {
        List<String> lines = text == null ? List.of() : text.lines().filter(p -> !p.isBlank()).toList();
        List<String> prompts = new ArrayList<>();
        for (String line : lines.isEmpty() ? List.of("") : lines) {
            Checked<String> prompt = RequestValidation.prompt(line);
            prompt.message().ifPresentOrElse(errors::add, () -> prompts.add(prompt.orElseThrow()));
        }
        return prompts;
    }

    /** "1, 2, 10-12" → 1, 2, 10, 11, 12; each seed is checked as every seed is, with the same message. */
    private static List<Long> parseSeeds(String text, List<String> errors) {
        List<Long> seeds = new ArrayList<>();
        String all = text == null ? "" : text.strip();
        if (all.isEmpty()) {
            errors.add("Seeds: enter at least one seed, e.g. 1, 2, 10-12");
            return seeds;
        }
        for (String part : all.split(",")) {
            String item = part.strip();
            int dash = item.indexOf('-', 1);
            Checked<Long> from = RequestValidation.seed(dash > 0 ? item.substring(0, dash) : item);
            Checked<Long> to = dash > 0 ? RequestValidation.seed(item.substring(dash + 1)) : from;
            Optional<String> problem = from.message().or(to::message);
            if (problem.isPresent()) {
                errors.add(problem.get());
                continue;
            }
            long first = from.orElseThrow();
            long last = to.orElseThrow();
            if (last < first || last - first >= MAX_SEEDS) {
                errors.add("Seeds: range '" + item + "' must go upwards and hold at most " + MAX_SEEDS + " seeds");
                continue;
            }
            for (long s = first; s <= last; s++) {
                seeds.add(s);
            }
        }
        return seeds.stream().distinct().toList();
    }
}
