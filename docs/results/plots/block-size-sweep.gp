# gnuplot block-size-sweep.gp  (from docs/results/plots; numbers from scripts/block-size-sweep.sh)
set terminal pngcairo size 900,380 font "DejaVu Sans,11"
set output "../acdit-block-size-sweep.png"
set multiplot layout 1,2 title "Block-size sweep: 32×32, 64 tokens, 800 steps each"
set logscale x 2
set xtics ("1 block (DiT)" 1, "4 blocks" 4, "16 blocks" 16)
set xrange [0.7:23]
set grid
set ylabel "FED, all 500 prompts (lower is better)"
set yrange [90:120]
plot "block-size-sweep.dat" using 1:3:4:5 with yerrorlines lw 2 pt 7 notitle
set ylabel "s per image (batch 1, 25 steps)"
set yrange [0:2]
plot "block-size-sweep.dat" using 1:7 with linespoints lw 2 pt 7 notitle
unset multiplot
