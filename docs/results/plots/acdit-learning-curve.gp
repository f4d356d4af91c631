# gnuplot acdit-learning-curve.gp  (from docs/results/plots; data: acdit-learning-curve.dat, from `eval model` on each stage's checkpoints)
set terminal pngcairo size 900,420 font "DejaVu Sans,11"
set output "../acdit-learning-curve.png"
set multiplot layout 1,2 title "ACDiT default model: seen emoji, guidance 1.5, along its training chain"
set xlabel "total training steps (thousands, batch 32)"
set xtics 2
set grid
set key top right opaque box
set ylabel "FED (lower is better)"
set yrange [0:*]
plot "acdit-learning-curve.dat" using ($1/1000):2 with linespoints lw 2 pt 7 title "FED", \
     25 with lines dt 2 lw 2 title "target: real blurred σ = 2"
set ylabel "accuracy (%)"
set yrange [0:100]
set key top left opaque box
plot "acdit-learning-curve.dat" using ($1/1000):3 with linespoints lw 2 pt 7 title "identity top-5", \
     "" using ($1/1000):4 with linespoints lw 2 pt 5 title "subcategory top-1", \
     "" using ($1/1000):5 with linespoints lw 2 pt 9 title "style", \
     30 with lines dt 2 lc 1 notitle, 50 with lines dt 2 lc 2 notitle, 90 with lines dt 2 lc 3 notitle
unset multiplot
