#!/bin/sh
# Only the ui (src/ui*.c, and src/ui_int.h which they share) may include
# curses: every other module must stay testable without a terminal.
cd "$(dirname "$0")/.." || exit 1
bad=$(grep -lE '#[[:space:]]*include[[:space:]]*[<"](n?curses(w)?/)?(n?curses|term)\.h[>"]' include/*.h src/*.c src/*.h 2>/dev/null | grep -v '^src/ui[a-z_]*\.[ch]$')
if [ -n "$bad" ]; then
	echo "not ok - curses included outside src/ui*.c: $bad"
	exit 1
fi
echo "ok - only src/ui*.c include curses"

# Only the view module (src/view*.c) touches the view's state: the ui reads
# it through view.h's functions and hands keys, answers and sizes to others,
# so all of it stays unit-testable. No "v->" in src/ui*.c, read or write.
bad=$(grep -nE '(^|[^a-z_])v->|ui(\.|->)v->' src/ui*.c src/ui*.h)
if [ -n "$bad" ]; then
	echo "not ok - src/ui*.c reach into the view's fields: $bad"
	exit 1
fi
echo "ok - src/ui*.c read and write no field of the view"
