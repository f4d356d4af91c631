# gnuplot acdit-gpu-loss.gp  (from docs/results/plots; the CSVs are the log.csv files training/train.py writes)
set terminal pngcairo size 800,420 font "DejaVu Sans,11"
set output "../acdit-gpu-loss.png"
set datafile separator ","
set title "GPU-trained default model: min-SNR-weighted ε-MSE (mean per 10 s of training)"
set xlabel "training step (batch 512)"
set ylabel "loss"
set logscale y
set yrange [0.001:1]
set grid
set key top right
plot "acdit-gpu-stage1.csv" every ::1 using 1:2 with linespoints lw 2 pt 7 ps 0.4 title "stage 1: warmup, then lr 2e-3 (23,046 steps)", \
     "acdit-gpu-stage2.csv" every ::1 using ($1 + 23046):2 with linespoints lw 2 pt 7 ps 0.4 title "stage 2: lr 2e-3 → 9e-4 (1,658 of 3,000 steps)"
