# gnuplot acdit-learning-curve.gp  (from docs/results/plots; data: acdit-learning-curve.dat, from `eval model` on each stage's checkpoints)
set terminal pngcairo size 900,420 font "DejaVu Sans,11"
set output "../acdit-learning-curve.png"
set multiplot layout 1,2 title "ACDiT default model: seen emoji, guidance 1.5, along its training chain"
set xlabel "total training steps (thousands, batch 32)"
set xtics 5
set datafile missing "n/a"
set grid
set key top right opaque box
set ylabel "FED (lower is better)"
set yrange [0:170]
# Stages 7 and 8 (depth 8) branch from stage 5 at 55,500 steps: their own file and dashed lines.
plot "acdit-learning-curve.dat" using ($1/1000):7 with linespoints lw 2 pt 7 lc 1 title "FED vs base emoji", \
     "acdit-learning-curve-depth8.dat" using ($1/1000):7 with linespoints lw 2 dt 2 pt 13 lc 1 title "depth 8 (stages 7, 8)", \
     "acdit-learning-curve.dat" using ($1/1000):2 with linespoints lw 1 pt 6 lc rgb "gray50" title "FED vs all images (skewed)", \
     40.8 with lines dt 2 lw 2 title "prompts' real images, blurred σ = 2", \
     25.8 with lines dt 3 lw 2 title "prompts' real images"
set ylabel "accuracy (%)"
set yrange [0:125]
set key top left opaque box
plot "acdit-learning-curve.dat" using ($1/1000):3 with linespoints lw 2 pt 7 lc 1 title "identity top-5", \
     "" using ($1/1000):4 with linespoints lw 2 pt 5 lc 2 title "subcategory top-1", \
     "" using ($1/1000):5 with linespoints lw 2 pt 9 lc 3 title "style", \
     "acdit-learning-curve-depth8.dat" using ($1/1000):3 with linespoints lw 2 dt 2 pt 13 lc 1 title "depth 8 (stages 7, 8), dashed", \
     "" using ($1/1000):4 with linespoints lw 2 dt 2 pt 13 lc 2 notitle, \
     "" using ($1/1000):5 with linespoints lw 2 dt 2 pt 13 lc 3 notitle, \
     30 with lines dt 2 lc 1 notitle, 50 with lines dt 2 lc 2 notitle, 90 with lines dt 2 lc 3 notitle
unset multiplot
