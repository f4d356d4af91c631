# gnuplot video-frames-run5.gp  (from docs/results/plots; data from ./tessera eval video, see results/video.md)
set terminal pngcairo size 900,320 font "DejaVu Sans,11"
set output "../video-frames-run5.png"
set title "Run 5 (acdit-video), 6 held-out pairs, 48 frames (window 16)"
set xlabel "frame"
set ylabel "share of clips"
set yrange [0:1.02]
set xrange [0:47]
set grid
set key outside right
set arrow from 15.5,0 to 15.5,1.02 nohead dt 2
plot "video-run5-48.dat" using 1:2 with linespoints lw 2 pt 7 ps 0.6 title "motion right", \
     "" using 1:5 with linespoints lw 2 pt 5 ps 0.6 title "identity top 5 (judge)"
