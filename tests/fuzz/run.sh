#!/bin/sh
# make fuzz: build each libFuzzer target with clang and run it for
# FUZZ_SECONDS (default 60) on a scratch corpus seeded from tests/fuzz/seeds.
# A crash stops the run; its input is saved as build/fuzz/<target>-crash-*
# and belongs in the seeds once fixed.  FUZZ_TARGETS limits the targets.
cd "$(dirname "$0")/../.." || exit 1
secs=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-$(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')}
mkdir -p build/fuzz
make -s build/ustr-bmp.inc build/ustr-fold.inc || exit 1	# the tables src/ustr*.c compile in
for t in $targets; do
	bin=build/fuzz/fuzz_$t
	clang -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -Iinclude -Ibuild -g -O1 -pthread \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    -o "$bin" "tests/fuzz/fuzz_$t.c" $(ls src/*.c | grep -v -e main.c -e "src/ui" -e -gen.c) \
	    -lpcre2-8 -lutf8proc -lunistring -lm || exit 1
	mkdir -p "build/fuzz/corpus-$t"
	echo "== fuzz_$t for ${secs}s"
	"$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -dict=tests/fuzz/escapes.dict -artifact_prefix="build/fuzz/$t-crash-" \
	    -print_final_stats=1 "build/fuzz/corpus-$t" "tests/fuzz/seeds/$t" \
	    2>&1 | tail -n 12 || exit 1
done
