import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Waits until an Xvfb screen (the XWD file that {@code Xvfb -fbdir} keeps up to date) shows a
 * window with content, then saves it as a PNG. "Content" means at least {@value #MIN_COLOURS}
 * distinct colours, {@value #MIN_COVERED_PERCENT} % of the screen off the black root window
 * ({@code Xvfb -br}) and no one colour over {@value #MAX_ONE_COLOUR_PERCENT} % of it: an empty
 * window, painted in one colour, does not pass (nor does the pointer on it), text and widgets do.
 * The screen must also be the same in two reads {@value #POLL_MS} ms apart, so a window caught
 * half-painted is not taken; the time reported is that of the first of the two.
 *
 * <pre>java packaging/smoke/ScreenCheck.java SCREEN.xwd OUT.png TIMEOUT_S [START_EPOCH_MS]
 * java packaging/smoke/ScreenCheck.java SCREEN.xwd OUT.png TIMEOUT_S -- COMMAND [ARGS...]</pre>
 *
 * Exit 0 and "window after N ms" (counted from START_EPOCH_MS when given) once it shows; exit 1
 * with the last screen saved and what it lacked when TIMEOUT_S passes first. After {@code --} it
 * starts COMMAND itself, counts from that moment, and ends it (SIGTERM) once the window shows:
 * packaging/startup-times.sh times the studio's first window so.
 */
public final class ScreenCheck {

    static final int MIN_COLOURS = 64;
    static final int MIN_COVERED_PERCENT = 10;
    static final int MAX_ONE_COLOUR_PERCENT = 90;
    static final int POLL_MS = 100;

    record Screen(BufferedImage image, int colours, double covered, double commonest, int hash) {
        boolean hasContent() {
            return colours >= MIN_COLOURS && covered * 100 >= MIN_COVERED_PERCENT && commonest * 100 <= MAX_ONE_COLOUR_PERCENT;
        }

        String describe() {
            return String.format("%d colours, %.0f %% of the screen off black, the commonest colour on %.0f %%",
                    colours, covered * 100, commonest * 100);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ScreenCheck SCREEN.xwd OUT.png TIMEOUT_S [START_EPOCH_MS]");
            System.exit(2);
        }
        Path xwd = Path.of(args[0]);
        File out = new File(args[1]);
        long deadline = System.currentTimeMillis() + Long.parseLong(args[2]) * 1000;
        boolean launch = args.length > 4 && args[3].equals("--");
        long since = args.length > 3 && !launch ? Long.parseLong(args[3]) : System.currentTimeMillis();
        Process app = null;
        if (launch) {
            since = System.currentTimeMillis();
            app = new ProcessBuilder(java.util.Arrays.asList(args).subList(4, args.length))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        }
        boolean shown;
        try {
            shown = waitForWindow(xwd, out, deadline, since, args[2]);
            if (shown && app != null) {
                // CPU time is steadier than wall time on a busy machine; the launcher runs the JVM in its own process.
                System.out.printf("cpu %d ms%n", cpuMillis(app.pid()));
            }
        } finally {
            if (app != null) {
                app.destroy();
                if (!app.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            }
        }
        if (!shown) {
            System.exit(1);
        }
    }

    private static boolean waitForWindow(Path xwd, File out, long deadline, long since, String timeout) throws Exception {
        Screen last = null;
        long lastAt = 0;
        while (true) {
            Screen previous = last;
            long previousAt = lastAt;
            try {
                last = read(xwd);
            } catch (NoSuchFileException e) {
                last = null; // Xvfb has not written its screen yet
            }
            long now = System.currentTimeMillis();
            lastAt = now;
            if (last != null && last.hasContent() && previous != null && previous.hash() == last.hash()) {
                ImageIO.write(last.image(), "png", out);
                System.out.printf("window after %d ms (%s); saved %s%n", previousAt - since, last.describe(), out);
                return true;
            }
            if (now > deadline) {
                if (last != null) {
                    ImageIO.write(last.image(), "png", out);
                }
                System.out.printf("no window with content within %s s: %s%n", timeout, last == null ? "no screen file " + xwd
                        : last.describe() + " (saved " + out + ")");
                return false;
            }
            Thread.sleep(POLL_MS);
        }
    }

    /** User + system CPU time of a live process so far, from /proc (clock ticks of 10 ms). */
    static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // utime, stime: fields 14, 15
    }

    /** Reads an XWD Z-pixmap of 32 bits a pixel (Xvfb at depth 24). */
    static Screen read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.BIG_ENDIAN); // the header is big-endian
        if (b.remaining() < 100) {
            throw new IOException(file + ": " + b.remaining() + " bytes, shorter than an XWD header");
        }
        int headerSize = b.getInt(0);
        int format = b.getInt(8);
        int width = b.getInt(16);
        int height = b.getInt(20);
        int byteOrder = b.getInt(28);
        int bitsPerPixel = b.getInt(44);
        int bytesPerLine = b.getInt(48);
        int redMask = b.getInt(56);
        int greenMask = b.getInt(60);
        int blueMask = b.getInt(64);
        int colours = b.getInt(76);
        if (format != 2 || bitsPerPixel != 32) {
            throw new IOException(file + ": XWD format " + format + " at " + bitsPerPixel
                    + " bits a pixel; expected a Z-pixmap of 32 (Xvfb -screen 0 WxHx24)");
        }
        long start = (long) headerSize + 12L * colours;
        if (width <= 0 || height <= 0 || start + (long) bytesPerLine * height > b.capacity()) {
            throw new IOException(file + ": a " + width + "x" + height + " screen does not fit its " + b.capacity() + " bytes");
        }
        b.order(byteOrder == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Map<Integer, Integer> counts = new HashMap<>();
        long lit = 0;
        int hash = 1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = b.getInt((int) (start + (long) y * bytesPerLine + 4L * x));
                int rgb = channel(p, redMask) << 16 | channel(p, greenMask) << 8 | channel(p, blueMask);
                image.setRGB(x, y, rgb);
                if (rgb != 0) {
                    lit++;
                }
                counts.merge(rgb, 1, Integer::sum);
                hash = 31 * hash + rgb;
            }
        }
        double pixels = (double) width * height;
        int commonest = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Screen(image, counts.size(), lit / pixels, commonest / pixels, hash);
    }

    private static int channel(int pixel, int mask) {
        int shift = Integer.numberOfTrailingZeros(mask);
        int bits = Integer.bitCount(mask);
        int v = (pixel & mask) >>> shift;
        return bits >= 8 ? v >>> (bits - 8) : v << (8 - bits);
    }
}
