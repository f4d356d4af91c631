# gnuplot acdit-loss.gp  (from docs/results/plots; data from training-loss.sh)
set terminal pngcairo size 800,420 font "DejaVu Sans,11"
set output "../acdit-loss.png"
set title "ACDiT default model: min-SNR-weighted ε-MSE (mean per 100 steps)"
set xlabel "training step"
set ylabel "loss"
set logscale y
set yrange [0.006:0.6]
set grid
set key top right
plot "acdit-loss-4000.dat" using 1:2 with lines lw 2 title "default (4,000 steps, style init 1.0)", \
     "acdit-loss-2500.dat" using 1:2 with lines lw 2 dt 2 title "first run (2,500 steps, style init 0.02)"
