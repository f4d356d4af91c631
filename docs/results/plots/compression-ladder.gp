# gnuplot compression-ladder.gp  (from docs/results/plots; data: compression-ladder.dat, written by
# `./tessera eval compression` in scripts/compression-ladder.sh)
set terminal pngcairo size 960,420 font "DejaVu Sans,11"
set output "../compression-ladder.png"
set multiplot layout 1,2 title "Compression ladder of the default ACDiT: quality against weights in memory"
set xlabel "weights in memory, MB (INT4 kept packed)"
set xrange [0:11]
set grid
set ylabel "identity top-5, seen prompts (%)"
set key bottom right
# Points are numbered as the rows of the table in docs/results/compression.md.
plot "compression-ladder.dat" using 4:5 with points pt 7 ps 1.5 notitle, \
     "" using 4:5:1 with labels offset 1.2,0.6 notitle
set ylabel "FED vs base emoji (lower is better)"
plot "compression-ladder.dat" using 4:6 with points pt 7 ps 1.5 notitle, \
     "" using 4:6:1 with labels offset 1.2,0.6 notitle
unset multiplot
