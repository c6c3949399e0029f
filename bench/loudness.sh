#!/usr/bin/env bash
# What loudness correction costs on a 600 s source (REEL_BENCH_SECS), CPU seconds, median of
# three interleaved runs: the opening window's measurement (what playable waits for), the
# whole source's (run beside the transcode), and encoding the audio again (only when the whole
# calls for another correction), against the AAC encode of the same audio that every item has
# anyway (the reference, measured in the same run). The meter's command line is the one
# `media/loudness.rs` builds. Prints a Markdown table for docs/benchmarks.md.
#   bench/loudness.sh
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${REEL_BENCH_SECS:-600}
window=${REEL_BENCH_WINDOW:-60}
runs=3
dir=bench/out/loudness
mkdir -p "$dir"
src="$dir/source-${secs}s.mp4"
# 1080p-sized video packets to demux past (the meter never decodes them), stereo music-like audio.
[[ -s $src ]] || ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30" \
  -f lavfi -i "anoisesrc=c=pink:r=48000:a=0.2" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
  -filter_complex "[1][2]amix=inputs=2,aformat=channel_layouts=stereo[a]" -map 0:v -map "[a]" -t "$secs" \
  -c:v libx264 -preset ultrafast -crf 28 -c:a aac -b:a 192k "$src"

cpu() { # ffmpeg arguments → CPU seconds of that ffmpeg
  local me=$BASHPID start end
  start=$(awk '{print $16 + $17}' "/proc/$me/stat")
  ffmpeg -hide_banner -nostdin -loglevel error "$@" >/dev/null
  end=$(awk '{print $16 + $17}' "/proc/$me/stat")
  echo "scale=2; ($end - $start) / $(getconf CLK_TCK)" | bc
}
meter=(-af "ebur128=peak=true:metadata=1,ametadata=mode=print:file=-" -f null -)
declare -A t
for ((r = 0; r < runs; r++)); do
  t[encode]+="$(cpu -i "$src" -map 0:a:0 -c:a aac -b:a 128k -ar 48000 -ac 2 -f null -) "
  t[window]+="$(cpu -t "$window" -i "$src" -map 0:a:0 "${meter[@]}") "
  t[whole]+="$(cpu -i "$src" -map 0:a:0 "${meter[@]}") "
  t[again]+="$(cpu -i "$src" -map 0:a:0 -af volume=-4dB -c:a aac -b:a 128k -ar 48000 -ac 2 -f null -) "
  echo "run $((r + 1)) of $runs done" >&2
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ref=$(median "${t[encode]}")
declare -A what=(
  [encode]="AAC encode of the audio, 128 kbit/s stereo (every item has it: the reference)"
  [window]="measuring the opening ${window} s, before the transcode (on the path to playable)"
  [whole]="measuring the whole ${secs} s, beside the transcode"
  [again]="encoding the audio again with the whole's gain (only when it differs)"
)
echo "| ${secs} s source, one audio track | CPU, median of ${runs} (s) | each run (s) | against the reference |"
echo "| --- | ---: | --- | ---: |"
for c in encode window whole again; do
  m=$(median "${t[$c]}")
  echo "| ${what[$c]} | $m | ${t[$c]% } | $(printf '%.3f' "$(echo "scale=4; $m / $ref" | bc)")× |"
done
