#!/usr/bin/env bash
# What cleaning up awkward pictures costs: Reel's four-rung ladder (1080p, 720p, 540p, 360p,
# libx264 veryfast crf 23, one decode) over 10 s 1080p sources, CPU seconds per run. Each
# source runs as Reel handled it before (plain scale, nothing before the split: the
# reference) and as it does now, in one run, interleaved, median of three. The filter text
# is the one `media/filters.rs` builds. Prints a Markdown table for docs/benchmarks.md.
#   bench/pictures.sh
#   REEL_BENCH_SECS=20 REEL_BENCH_RUNS=5 bench/pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${REEL_BENCH_SECS:-10}
runs=${REEL_BENCH_RUNS:-3}
dir=bench/out/pictures
mkdir -p "$dir"

make() { # name, ffmpeg arguments after the input
  local out="$dir/$1-${secs}s.mp4"; shift
  [[ -s $out ]] || ffmpeg -hide_banner -loglevel error -y "$@" -t "$secs" "$out"
  echo "$out"
}
noise='testsrc2=size=1920x1080:rate=25,noise=alls=7:allf=t+u'
sdr=$(make sdr -f lavfi -i "$noise" -c:v libx264 -preset fast -crf 18 -pix_fmt yuv420p)
interlaced=$(make interlaced -f lavfi -i "${noise/rate=25/rate=50}" -vf interlace=scan=tff \
  -c:v libx264 -preset fast -crf 18 -flags +ildct+ilme -x264opts tff=1 -pix_fmt yuv420p)
pq=$(make pq -i "$sdr" -vf zscale=tin=bt709:t=smpte2084:pin=bt709:p=bt2020:min=bt709:m=bt2020nc:npl=100,format=yuv420p10le \
  -c:v libx264 -preset fast -crf 18 -color_primaries bt2020 -color_trc smpte2084 -colorspace bt2020nc)

plain='scale=w=%d:h=%d:flags=bicubic,setsar=1,format=yuv420p'
managed='scale=w=%d:h=%d:flags=bicubic:in_color_matrix=bt709:in_range=limited:out_color_matrix=bt709:out_range=limited,setsar=1,format=yuv420p'
bwdif='bwdif=mode=send_frame:parity=auto:deint=all,'
tonemap='zscale=tin=smpte2084:pin=bt2020:min=bt2020nc:rin=tv:t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=mobius:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p,'

ladder() { # input, filters before the split, per-rung scale format → CPU seconds
  local graph="[0:v]${2}split=4[s0][s1][s2][s3]" maps=() i=0
  for size in 1920:1080 1280:720 960:540 640:360; do
    graph+=";[s$i]$(printf "$3" "${size%:*}" "${size#*:}")[v$i]"
    maps+=(-map "[v$i]")
    i=$((i + 1))
  done
  # ffmpeg's CPU shows in this (sub)shell's children's times once it is reaped.
  local me=$BASHPID start end
  start=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$me/stat")
  ffmpeg -hide_banner -loglevel error -nostdin -i "$1" -filter_complex "$graph" "${maps[@]}" \
    -c:v libx264 -preset veryfast -crf 23 -color_primaries bt709 -color_trc bt709 -colorspace bt709 -color_range tv -f null -
  end=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$me/stat")
  echo "scale=2; ($end - $start) / $(getconf CLK_TCK)" | bc
}

# Each source twice: as Reel handled it before (plain scale, nothing before the split: the
# reference) and as it does now, so each ratio is what the clean-up costs on that source.
declare -A cpu
for ((r = 0; r < runs; r++)); do
  cpu[sdr-before]+="$(ladder "$sdr" '' "$plain") "
  cpu[sdr-now]+="$(ladder "$sdr" '' "$managed") "
  cpu[interlaced-before]+="$(ladder "$interlaced" '' "$plain") "
  cpu[interlaced-now]+="$(ladder "$interlaced" "$bwdif" "$managed") "
  cpu[hdr-before]+="$(ladder "$pq" '' "$plain") "
  cpu[hdr-now]+="$(ladder "$pq" "$tonemap" "$managed") "
  echo "run $((r + 1)) of $runs done" >&2
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A what=(
  [sdr]='1080p SDR: scale from its matrix and range into BT.709'
  [interlaced]='1080i: bwdif before the split'
  [hdr]='PQ BT.2020 (10-bit): zscale + tonemap (mobius) before the split'
)
echo "| ${secs} s 1080p25 source, four-rung ladder: what is added | CPU before, median of ${runs} (s) | CPU now (s) | each run now (s) | now / before |"
echo "| --- | ---: | ---: | --- | ---: |"
for c in sdr interlaced hdr; do
  before=$(median "${cpu[$c-before]}")
  now=$(median "${cpu[$c-now]}")
  echo "| ${what[$c]} | $before | $now | ${cpu[$c-now]% } | $(printf '%.3f' "$(echo "scale=4; $now / $before" | bc)")× |"
done
