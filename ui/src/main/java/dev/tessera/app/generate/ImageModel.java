package dev.tessera.app.generate;

import ai.djl.ndarray.NDManager;
import dev.tessera.ensemble.afa.AfaEnsemble;
import dev.tessera.ensemble.unet.UnetModel;
import dev.tessera.generation.acdit.model.AcditModel;
import dev.tessera.generation.acdit.sampling.BlockListener;
import dev.tessera.generation.diffusion.CancellationToken;
import dev.tessera.generation.modelfile.ModelFileException;
import dev.tessera.generation.modelfile.SafetensorsReader;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded model that renders images for {@link GenerationService}, by the file's kind ({@code tessera.model}):
 * an ACDiT model (images, or clips for a video model), a U-Net, or an AFA ensemble of U-Nets.
 */
sealed interface ImageModel extends AutoCloseable {

    /** The model kinds that render images. */
    java.util.Set<String> KINDS = java.util.Set.of(AcditModel.KIND, UnetModel.KIND, AfaEnsemble.KIND);

    /** CHW images in [-1, 1], one per seed of the request. */
    List<float[]> render(GenerationRequest request, BlockListener listener, CancellationToken cancellation);

    int imageSize();

    /** Frames a clip of the model has (1 for an image model). */
    int frames();

    /** The ACDiT model, for what only ACDiT does (clips); refused for other kinds, naming the kind. */
    AcditModel acdit();

    @Override
    void close();

    /** Loads {@code file} as its header's kind says, its weights on sub-managers of {@code manager}. */
    static ImageModel load(Path file, NDManager manager) throws ModelFileException {
        String kind = kindOf(file);
        if (UnetModel.KIND.equals(kind)) {
            UnetModel unet = UnetModel.load(file, manager);
            return new Unet("a U-Net", new UnetGenerator(unet.network(), unet.parameters().manager()), unet::close,
                    unet.config().imageSize());
        }
        if (AfaEnsemble.KIND.equals(kind)) {
            AfaEnsemble ensemble = AfaEnsemble.load(file, manager);
            return new Unet("an AFA ensemble", new UnetGenerator(ensemble.network(), ensemble.manager()), ensemble::close,
                    ensemble.architecture().imageSize());
        }
        // Anything else goes to the ACDiT loader, whose error names the kind it found.
        AcditModel model = AcditModel.load(file, manager);
        return new Acdit(model, new AcditGenerator(model));
    }

    /** Checks a file's header as its kind's loader will (only the header is read). */
    static void checkHeader(Path file) throws ModelFileException {
        String kind = kindOf(file);
        if (UnetModel.KIND.equals(kind)) {
            UnetModel.checkHeader(file);
        } else if (AfaEnsemble.KIND.equals(kind)) {
            AfaEnsemble.checkHeader(file);
        } else {
            AcditModel.checkHeader(file);
        }
    }

    private static String kindOf(Path file) throws ModelFileException {
        return SafetensorsReader.readMetadata(file).get("tessera.model");
    }

    /** An ACDiT model. */
    record Acdit(AcditModel model, AcditGenerator generator) implements ImageModel {
        @Override
        public List<float[]> render(GenerationRequest request, BlockListener listener, CancellationToken cancellation) {
            return generator.generate(request, listener, cancellation);
        }

        @Override
        public int imageSize() {
            return model.config().imageSize();
        }

        @Override
        public int frames() {
            return model.config().frames();
        }

        @Override
        public AcditModel acdit() {
            return model;
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** A U-Net or an ensemble of them ({@code what}, e.g. "a U-Net"); {@code release} frees its weights. */
    record Unet(String what, UnetGenerator generator, Runnable release, int imageSize) implements ImageModel {
        @Override
        public List<float[]> render(GenerationRequest request, BlockListener listener, CancellationToken cancellation) {
            return generator.generate(request, listener, cancellation);
        }

        @Override
        public int frames() {
            return 1;
        }

        @Override
        public AcditModel acdit() {
            throw new IllegalArgumentException("this is " + what + ": it makes images, not clips (leave out --video)");
        }

        @Override
        public void close() {
            release.run();
        }
    }
}
