#!/usr/bin/env bash
# What burning in a watermark costs: Reel's four-rung ladder (1080p, 720p, 540p, 360p,
# libx264 veryfast crf 23, one decode) over a 10 s 1080p source, CPU seconds per run, without
# a logo (the reference) and with a 400×200 RGBA logo laid over every rung as
# `media/watermark.rs` builds it (top right, 8 % of the picture height, 70 % opaque), in one
# run, interleaved, median of three. Prints a Markdown table for docs/benchmarks.md.
#   bench/watermark.sh
#   REEL_BENCH_SECS=20 REEL_BENCH_RUNS=5 bench/watermark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${REEL_BENCH_SECS:-10}
runs=${REEL_BENCH_RUNS:-3}
dir=bench/out/watermark
mkdir -p "$dir"

src="$dir/source-${secs}s.mp4"
[[ -s $src ]] || ffmpeg -hide_banner -loglevel error -y -f lavfi -i 'testsrc2=size=1920x1080:rate=25,noise=alls=7:allf=t+u' \
  -c:v libx264 -preset fast -crf 18 -pix_fmt yuv420p -t "$secs" "$src"
logo="$dir/logo.png"
[[ -s $logo ]] || ffmpeg -hide_banner -loglevel error -y -f lavfi -i 'color=c=white@0.0:s=400x200,format=rgba,drawbox=x=20:y=20:w=360:h=160:color=orange@1:t=fill' \
  -frames:v 1 "$logo"

ladder() { # with a logo (1) or not (0) → CPU seconds
  local graph="[0:v]split=4[s0][s1][s2][s3]" maps=() i=0 inputs=(-i "$src")
  local scaled=v
  if [[ $1 == 1 ]]; then
    scaled=p
    inputs+=(-f png_pipe -i "$logo")
    graph+=";[1:v]format=rgba,colorchannelmixer=aa=0.700,split=4[wm0][wm1][wm2][wm3]"
  fi
  for size in 1920:1080 1280:720 960:540 640:360; do
    local w=${size%:*} h=${size#*:}
    graph+=";[s$i]scale=w=$w:h=$h:flags=bicubic,setsar=1,format=yuv420p[$scaled$i]"
    if [[ $1 == 1 ]]; then
      local mark=$(((h * 8 / 100 + 1) / 2 * 2)) margin=$(((h * 4 / 100 + 1) / 2 * 2))
      graph+=";[wm$i]scale=-2:$mark:flags=lanczos[wms$i];[p$i][wms$i]overlay=x=W-w-$margin:y=$margin:format=yuv420:eof_action=repeat[v$i]"
    fi
    maps+=(-map "[v$i]")
    i=$((i + 1))
  done
  # ffmpeg's CPU shows in this (sub)shell's children's times once it is reaped.
  local me=$BASHPID start end
  start=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$me/stat")
  ffmpeg -hide_banner -loglevel error -nostdin "${inputs[@]}" -filter_complex "$graph" "${maps[@]}" \
    -c:v libx264 -preset veryfast -crf 23 -f null -
  end=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$me/stat")
  echo "scale=2; ($end - $start) / $(getconf CLK_TCK)" | bc
}

plain='' marked=''
for ((r = 0; r < runs; r++)); do
  plain+="$(ladder 0) "
  marked+="$(ladder 1) "
  echo "run $((r + 1)) of $runs done" >&2
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
before=$(median "$plain")
now=$(median "$marked")
echo "| ${secs} s 1080p25 source, four-rung ladder | CPU, median of ${runs} (s) | each run (s) | against no logo |"
echo "| --- | ---: | --- | ---: |"
echo "| no watermark (reference) | $before | ${plain% } | 1.000× |"
echo "| 400×200 RGBA logo over every rung, 70 % opaque | $now | ${marked% } | $(printf '%.3f' "$(echo "scale=4; $now / $before" | bc)")× |"
