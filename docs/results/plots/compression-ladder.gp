# gnuplot compression-ladder.gp  (from docs/results/plots; data: compression-ladder.dat and
# compression-ladder-unet.dat, written by `./tessera eval compression` in scripts/compression-ladder.sh, and
# compression-ladder-gpu.dat, the GPU ladder's run in docs/results/compression.md without its row 1)
set terminal pngcairo size 1100,460 font "DejaVu Sans,11"
set output "../compression-ladder.png"
set multiplot layout 1,2 title "Compression ladders: quality against weights in memory (INT4 kept packed)"
set xlabel "weights in memory, MB"
set xrange [0:11]
set grid
set key center right box opaque
# Points are numbered as the rows of the tables in docs/results/compression.md (A = ACDiT's CPU ladder,
# G = its GPU ladder, U = U-Net).
set ylabel "identity top-5 (%)"
plot "compression-ladder.dat" using 4:5 with points pt 7 ps 1.5 lc rgb "#1f77b4" title "ACDiT default, CPU ladder", \
     "" using 4:5:(sprintf("A%d", $1)) with labels offset 1.4,0.6 notitle, \
     "compression-ladder-gpu.dat" using 4:5 with points pt 9 ps 1.5 lc rgb "#2ca02c" title "ACDiT default, GPU ladder", \
     "" using 4:5:(sprintf("G%d", $1)) with labels offset -1.4,0.6 notitle, \
     "compression-ladder-unet.dat" using 4:5 with points pt 5 ps 1.5 lc rgb "#d62728" title "U-Net google expert", \
     "" using 4:5:(sprintf("U%d", $1)) with labels offset 1.4,-0.6 notitle
set ylabel "FED vs base emoji (lower is better)"
plot "compression-ladder.dat" using 4:6 with points pt 7 ps 1.5 lc rgb "#1f77b4" title "ACDiT default, CPU ladder", \
     "" using 4:6:(sprintf("A%d", $1)) with labels offset 1.4,0.6 notitle, \
     "compression-ladder-gpu.dat" using 4:6 with points pt 9 ps 1.5 lc rgb "#2ca02c" title "ACDiT default, GPU ladder", \
     "" using 4:6:(sprintf("G%d", $1)) with labels offset -1.4,0.6 notitle, \
     "compression-ladder-unet.dat" using 4:6 with points pt 5 ps 1.5 lc rgb "#d62728" title "U-Net google expert", \
     "" using 4:6:(sprintf("U%d", $1)) with labels offset 1.4,-0.6 notitle
unset multiplot
