#!/bin/sh
# Only src/ui.c may include curses: every other module must stay testable
# without a terminal.
cd "$(dirname "$0")/.." || exit 1
bad=$(grep -lE '#[[:space:]]*include[[:space:]]*[<"](n?curses(w)?/)?(n?curses|term)\.h[>"]' include/*.h src/*.c 2>/dev/null | grep -v '^src/ui\.c$')
if [ -n "$bad" ]; then
	echo "not ok - curses included outside src/ui.c: $bad"
	exit 1
fi
echo "ok - only src/ui.c includes curses"

# Only src/view.c touches the view's state: ui.c reads it through view.h's
# functions and hands keys, answers and sizes to others, so all of it stays
# unit-testable. No "v->" in ui.c, read or write.
bad=$(grep -nE '(^|[^a-z_])v->|ui(\.|->)v->' src/ui.c)
if [ -n "$bad" ]; then
	echo "not ok - src/ui.c reaches into the view's fields: $bad"
	exit 1
fi
echo "ok - src/ui.c reads and writes no field of the view"
