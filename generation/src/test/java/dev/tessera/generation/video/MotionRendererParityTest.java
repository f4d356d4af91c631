package dev.tessera.generation.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.tessera.generation.modelfile.TensorArrays.doubles;
import static dev.tessera.generation.modelfile.TensorArrays.floats;
import static dev.tessera.generation.modelfile.TensorArrays.ints;

import dev.tessera.generation.modelfile.SafetensorsReader;
import dev.tessera.generation.modelfile.TensorData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GPU twin draws motion clips itself (training/motion.py), so its paths and frames must be these:
 * its fixture, written by {@code python3 -m training.parity}, holds the uniform numbers of one path of
 * each motion, the paths the twin made from them, two random sprites and the frames the twin rendered.
 * Its straight paths cross an edge and its zooms restart within the frames (training/parity.py picks
 * those starts), so the torus and the zoom cycle are drawn alike too.
 */
class MotionRendererParityTest {

    private static final Path FIXTURE = Path.of("generation/src/test/resources/parity/motion-twin-case.safetensors");

    @Test
    void javaDrawsTheTwinsPathsAndFrames() throws Exception {
        Map<String, TensorData> t = SafetensorsReader.read(FIXTURE).tensorsByName();
        double[] uniform = doubles(t.get("uniform"));
        double[] paths = doubles(t.get("paths"));
        int[] motion = ints(t.get("motion"));
        int[] spriteOf = ints(t.get("sprite_of_path"));
        long[] frameShape = t.get("frames").shape(); // [paths, frames, 3, size, size]
        int frames = Math.toIntExact(frameShape[1]);
        int size = Math.toIntExact(frameShape[3]);
        float[] expected = floats(t.get("frames"));
        byte[] spriteBytes = t.get("sprites").bytes();
        int side = Math.toIntExact(t.get("sprites").shape()[1]);
        int fields = paths.length / motion.length;
        assertEquals(20, fields, "the twin's path fields: MotionPath's record, colours as three each");
        int clipFloats = frames * 3 * size * size;
        double worst = 0;
        for (int i = 0; i < motion.length; i++) {
            double[] u = new double[MotionPath.UNIFORMS];
            System.arraycopy(uniform, i * u.length, u, 0, u.length);
            MotionPath path = MotionPath.draw(Motion.values()[motion[i]], u, frames, size, side);
            double[] twin = new double[fields];
            System.arraycopy(paths, i * fields, twin, 0, fields);
            double[] mine = {path.x0(), path.y0(), path.vx(), path.vy(), path.hop(), path.period(), path.phase(),
                    path.scale0(), path.growth(), path.spin(), path.cycle(), path.shift(), path.from()[0], path.from()[1], path.from()[2],
                    path.to()[0], path.to()[1], path.to()[2], path.gx(), path.gy()};
            for (int k = 0; k < fields; k++) {
                assertEquals(twin[k], mine[k], 1e-6, Motion.values()[motion[i]] + " path field " + k);
            }
            byte[] rgba = new byte[side * side * 4];
            System.arraycopy(spriteBytes, spriteOf[i] * rgba.length, rgba, 0, rgba.length);
            float[] clip = MotionRenderer.render(new Sprite(side, rgba), path, frames, size);
            for (int j = 0; j < clipFloats; j++) {
                worst = Math.max(worst, Math.abs(clip[j] - expected[i * clipFloats + j]));
            }
        }
        assertTrue(worst < 1e-4, "largest difference from the twin's frames: " + worst);
    }
}
