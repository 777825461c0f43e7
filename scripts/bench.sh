#!/usr/bin/env bash
# Times whole attune commands on maps of 200, 1,000 and 10,000 entries,
# next to the real age CLI decrypting the same file (the floor), and
# prints a Markdown table with the ratio to the floor and the peak RSS.
# Every store also holds a journal of 10,000 records (JOURNAL=N to
# change it): checkin --save and debrief write it; the commands that
# need only the map never read it.
# Needs hyperfine (apt-get install -y hyperfine) and /usr/bin/time.
# Not part of `go test ./...`. Usage: scripts/bench.sh [SIZES...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-200 1000 10000}")
sizes=(${sizes[*]})
records=${JOURNAL:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work" 2>/dev/null || true' EXIT

go build -o "$work/bin/attune" .
go build -o "$work/bin/genmap" ./scripts/genmap
go build -o "$work/bin" filippo.io/age/cmd/age
export PATH="$work/bin:$PATH" NO_COLOR=1 HOME="$work/home"
mkdir -p "$HOME"

# mean_ms JSON [I]: hyperfine's mean of its I-th command (0 unless
# given), in milliseconds.
mean_ms() { python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["mean"]*1000))' "$1" "${2:-0}"; }
# rss_mib CMD...: peak resident memory of one run, in MiB.
rss_mib() {
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ {printf "%.1f", $6/1024}'
}

echo "| entries | command | mean | × age floor | peak RSS |"
echo "| ---: | --- | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  s="$work/store-$n"
  genmap "$s" "$n" "$records"
  cp "$s/map.toml.age" "$work/map-$n.orig"
  cp "$s/map.toml.age" "$work/map-$n.bak.orig"
  cp "$s/journal.toml.age" "$work/journal-$n.orig"
  cp "$s/config.toml" "$work/config-$n.orig"
  export ATTUNE_DIR="$s"
  restore="cp $work/map-$n.orig $s/map.toml.age"
  restorej="cp $work/journal-$n.orig $s/journal.toml.age"
  # Before a journal row, the copy is synced: a 3 MB file left dirty by
  # the copy would otherwise be flushed by the command's own fsync, and
  # timed with it.
  preparej="sh -c 'cp $work/journal-$n.orig $s/journal.toml.age && sync'"
  # A change of keys re-encrypts the map, its backup and the journal.
  preparek="sh -c 'cp $work/map-$n.orig $s/map.toml.age && cp $work/map-$n.orig $s/map.toml.age.bak && cp $work/journal-$n.orig $s/journal.toml.age && cp $work/config-$n.orig $s/config.toml && sync'"
  restorec="cp $work/config-$n.orig $s/config.toml"

  # A run takes a few milliseconds at 200 and 1,000 entries, where a
  # mean of 30 still moves by a tenth of the floor from one run of the
  # script to the next; 100 runs settle it. 10,000 entries take 30.
  runs=100
  if [ "$n" -gt 1000 ]; then runs=30; fi
  hyperfine -N --warmup 3 --min-runs "$runs" --export-json "$work/age.json" \
    "age -d -i $s.identity $s/map.toml.age" >/dev/null 2>&1
  floor=$(mean_ms "$work/age.json")
  echo "| $n | age -d (floor) | ${floor} ms | 1.0 | $(rss_mib age -d -i "$s.identity" "$s/map.toml.age") MiB |"

  # export goes to the store's own key (as good as a partner's for timing).
  pk=$(attune key 2>/dev/null)

  # name|command|prepare: one row per command.
  for row in \
    "list|attune list|" \
    "list --json|attune list --json|" \
    "add|attune add boundary green Benchmark entry|$restore" \
    "export|attune export --to $pk --output $work/export.age|" \
    "summary|attune summary|" \
    "summary markdown|attune summary --format markdown|" \
    "summary html|attune summary --format html --output $work/summary.html|" \
    "checkin --save ($records journal records)|attune checkin --feel anxious --level 5 --state revved-up --save|$preparej" \
    "debrief ($records journal records)|attune debrief --trigger t1 --helped Open_a_window --before 7 --after 3|$preparej" \
    "key add (map, backup, $records journal records)|attune key add age1qcsmzh4cmvz06p8pp7lyfh0fcpq69sra7hayeq6us4pn7mqy3cvssyq4yr --label phone|$preparek"; do
    IFS='|' read -r name cmd prep <<<"$row"
    args=(-N --warmup 2 --min-runs "$runs" --export-json "$work/cmd.json")
    if [ -n "$prep" ]; then args+=(--prepare "$prep"); fi
    # The floor is timed again beside each command, in the same run of
    # hyperfine, and the ratio is to that: this machine's speed drifts
    # by more than the margins between runs a minute apart.
    if ! hyperfine "${args[@]}" "age -d -i $s.identity $s/map.toml.age" "$cmd" >/dev/null 2>&1; then
      # A command the map's size makes attune refuse (export: a partner
      # reads at most 2,000 entries) has no time to show.
      echo "| $n | $name | refused | | |"
      $restore; $restorej; $restorec
      continue
    fi
    mean=$(mean_ms "$work/cmd.json" 1)
    ratio=$(python3 -c "print('%.1f' % ($mean / $(mean_ms "$work/cmd.json" 0)))")
    $restore; $restorej; $restorec
    rss=$(rss_mib $cmd)
    $restore; $restorej; $restorec
    echo "| $n | $name | ${mean} ms | ${ratio} | ${rss} MiB |"
  done
done
echo
echo "Each ratio is to the floor timed again beside that command, in the same run of hyperfine (the floor row is a run of its own)."
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
