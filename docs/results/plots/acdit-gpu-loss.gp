# gnuplot acdit-gpu-loss.gp  (from docs/results/plots; the CSVs are the log.csv files training/train.py writes)
set terminal pngcairo size 800,420 font "DejaVu Sans,11"
set output "../acdit-gpu-loss.png"
set datafile separator ","
set title "GPU-trained default model: min-SNR-weighted ε-MSE (mean per 10–20 s of training)"
set xlabel "training images seen (millions)"
set ylabel "loss"
set logscale y
set yrange [0.0005:1]
set grid
set key top right
# Each stage's images_seen starts at 0; the offsets are the earlier stages' totals.
s2 = 11799552.0; s3 = s2 + 848896; s4 = s3 + 8799232
plot "acdit-gpu-stage1.csv" every ::1 using ($4/1e6):2 with lines lw 2 title "1: lr 2e-3, batch 512 (23,046 steps)", \
     "acdit-gpu-stage2.csv" every ::1 using (($4+s2)/1e6):2 with lines lw 2 title "2: decay toward 2e-5, stopped at 9e-4 (1,658 steps)", \
     "acdit-gpu-stage3.csv" every ::1 using (($4+s3)/1e6):2 with lines lw 2 title "3: lr 1e-3, batch 1,024 (8,593 steps)", \
     "acdit-gpu-stage4.csv" every ::1 using (($4+s4)/1e6):2 with lines lw 2 title "4: lr 1e-3 → 2e-5, batch 1,024 (10,096 steps)"
