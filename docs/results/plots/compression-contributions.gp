# gnuplot compression-contributions.gp  (from docs/results/plots; data: compression-contributions.dat, written by
# `./tessera eval contributions --model assets/models/acdit-default.safetensors --judge-prompts 32 --out <dir>`)
set terminal pngcairo size 960,420 font "DejaVu Sans,11"
set output "../compression-contributions.png"
set multiplot layout 1,2 title "ACDiT default model: each part removed in turn, by layer position"
set xlabel "layer (0 = first)"
set xtics 1
set xrange [-0.5:7.5]
set grid
set key top right opaque box
set ylabel "ε-error against the whole model (log)"
set logscale y
plot "compression-contributions.dat" using 1:2 with linespoints lw 2 pt 7 title "whole layer", \
     "" using 1:3 with linespoints lw 2 pt 5 title "attention", \
     "" using 1:4 with linespoints lw 2 pt 9 title "MLP", \
     "" using 1:5 with linespoints lw 2 pt 11 title "adaLN (constant)"
unset logscale y
set ylabel "identity top-5 on 32 seen prompts (%)"
set yrange [0:85]
set key top left horizontal maxcols 3 opaque box font ",9"
plot "compression-contributions.dat" using 1:6 with linespoints lw 2 pt 7 title "whole layer", \
     "" using 1:7 with linespoints lw 2 pt 5 title "attention", \
     "" using 1:8 with linespoints lw 2 pt 9 title "MLP", \
     "" using 1:9 with linespoints lw 2 pt 11 title "adaLN (constant)", \
     "" using 1:10 with lines dt 2 lw 2 lc rgb "black" title "whole model"
unset multiplot
