#!/bin/sh
# The documentation against the code, in TAP: the manual is lint-clean; every
# option of src/main.c (long options from its struct option table, short ones
# from its getopt string) is in man/juan.1 and README.md, and the manual
# documents no option that does not exist; every key of the KEYS contract and
# every key bound in src/keymap.c is named by an .Ic macro in the manual's
# KEYS section. Checks that need a source file still being written are
# skipped, not failed, until it exists.
cd "$(dirname "$0")/.." || exit 1
man=man/juan.1
readme=README.md
n=0
fails=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/juan-man.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
}
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

for f in "$man" "$readme"; do
	if [ -f "$f" ]; then ok "$f exists"; else not_ok "$f exists"; fi
done
[ -f "$man" ] && [ -f "$readme" ] || { echo "1..$n"; exit 1; }

# mandoc prints nothing and exits 0 for a clean page.
if command -v mandoc >/dev/null 2>&1; then
	if mandoc -Tlint -W warning "$man" >"$tmp/lint" 2>&1 && [ ! -s "$tmp/lint" ]; then
		ok "mandoc -Tlint -W warning $man is clean"
	else
		not_ok "mandoc -Tlint -W warning $man is clean"
		sed 's/^/#   /' "$tmp/lint"
	fi
else
	skip "mandoc -Tlint -W warning $man is clean" "mandoc not installed"
fi

# Options as the manual spells them: "Fl -name" and "Fl x" macro arguments.
grep -oE 'Fl -[a-z][a-z0-9-]*' "$man" | sed 's/^Fl -//' | sort -u >"$tmp/man-long"
if [ -f src/main.c ]; then
	# The long_options table: { "name", has_arg, flag, val } rows.
	sed -n '/struct option/,/};/p' src/main.c |
	    grep -oE '\{[[:space:]]*"[a-z][a-z0-9-]*"' |
	    sed 's/.*"\(.*\)"/\1/' | sort -u >"$tmp/long"
	if [ -s "$tmp/long" ]; then
		ok "src/main.c has a long option table ($(wc -l <"$tmp/long") options)"
	else
		not_ok "src/main.c has a long option table"
	fi
	while read -r opt; do
		if grep -qE "Fl -$opt( |$)" "$man"; then
			ok "--$opt is in $man"
		else
			not_ok "--$opt is in $man"
		fi
		if grep -qE -- "--$opt([^a-z0-9-]|$)" "$readme"; then
			ok "--$opt is in $readme"
		else
			not_ok "--$opt is in $readme"
		fi
	done <"$tmp/long"
	while read -r opt; do
		if grep -qx -- "$opt" "$tmp/long"; then
			ok "$man: --$opt is an option of src/main.c"
		else
			not_ok "$man: --$opt is an option of src/main.c"
		fi
	done <"$tmp/man-long"
	# Short options from the getopt_long() string, e.g. "hVw:p:".
	shorts=$(sed -n 's/.*getopt_long([^"]*"\([^"]*\)".*/\1/p' src/main.c | head -n 1 | tr -d ':')
	if [ -n "$shorts" ]; then
		for c in $(echo "$shorts" | sed 's/./& /g'); do
			if grep -qE "Fl ([a-zA-Z]*$c[a-zA-Z]*)( |$)" "$man"; then
				ok "-$c is in $man"
			else
				not_ok "-$c is in $man"
			fi
			if grep -qE -- "(^|[^a-zA-Z0-9-])-$c([^a-zA-Z0-9-]|$)" "$readme"; then
				ok "-$c is in $readme"
			else
				not_ok "-$c is in $readme"
			fi
		done
	else
		skip "short options are documented" "no getopt_long string in src/main.c"
	fi
else
	skip "every long option is documented" "src/main.c does not exist yet"
fi

# Key names the KEYS section spells with .Ic, escapes decoded. A number
# prefix is written "Ar N Ns Ic s", so only the Ic argument is taken.
sed -n '/^\.Sh KEYS/,/^\.Sh /p' "$man" |
    awk '{ for (i = 1; i < NF; i++) if ($i == "Ic" || $i == ".Ic") print $(i + 1) }' |
    sed -e 's/\\(aq/'"'"'/g' -e 's/\\(ga/`/g' -e 's/\\&//g' -e 's/\\-/-/g' \
	-e 's/\\e/\\/g' | sort -u >"$tmp/man-keys"

has_key() {
	grep -qxF -- "$1" "$tmp/man-keys"
}

# The contract's KEYS list: pager keys, list keys and prompt keys, and the
# shelf's o (issue 17).
for k in j Down Enter k Up Space f PgDn b PgUp d u g Home G End ']' '[' \
    t Tab s % + - = i / '?' n N Esc m "'" '`' h F1 Ctrl-L q Q \
    Backspace Left Right Ctrl-R r o; do
	if has_key "$k"; then
		ok "key $k is in the KEYS section of $man"
	else
		not_ok "key $k is in the KEYS section of $man"
	fi
done

# Every key bound in src/keymap.c (P, L, T, M, S, E: reading, the lists,
# the contents, the bookmark list, the shelf, the prompt), named as keymap_key_name() names it:
# the key_names table for special keys, Ctrl-X for K_CTRL('x'), else the
# character itself.
if [ -f src/keymap.c ]; then
	grep -oE '\{ *(K_[A-Z0-9]+|'"'"' '"'"') *, *"[^"]+" *\}' src/keymap.c |
	    sed -e 's/^{ *//' -e 's/ *} *$//' -e 's/ *, *"/ /' -e 's/"$//' \
		-e "s/^' '/K_SPACE/" >"$tmp/names"
	grep -oE "[PLTMSE]\\((K_CTRL\\('[a-z]'\\)|K_[A-Z0-9]+|'(\\\\.|[^'\\\\])')," src/keymap.c |
	    sed -e 's/^[PLTMSE](//' -e 's/,$//' | sort -u >"$tmp/bound"
	if [ -s "$tmp/bound" ]; then
		ok "src/keymap.c has a binding table ($(wc -l <"$tmp/bound") keys)"
	else
		not_ok "src/keymap.c has a binding table"
	fi
	while read -r b; do
		case $b in
		"K_CTRL('"?"')")
			name="Ctrl-$(echo "$b" | cut -c9 | tr a-z A-Z)" ;;
		"' '")
			name=$(awk '$1 == "K_SPACE" { print $2 }' "$tmp/names") ;;
		K_*)
			name=$(awk -v k="$b" '$1 == k { print $2 }' "$tmp/names") ;;
		"'\\"?"'")
			name=$(echo "$b" | cut -c3) ;;
		*)
			name=$(echo "$b" | cut -c2) ;;
		esac
		if [ -z "$name" ]; then
			not_ok "src/keymap.c: $b has a name"
		elif has_key "$name"; then
			ok "bound key $name is in the KEYS section of $man"
		else
			not_ok "bound key $name is in the KEYS section of $man"
		fi
	done <"$tmp/bound"
else
	skip "every bound key is documented" "src/keymap.c does not exist yet"
fi

# Every setting of src/config.c's table (its "[CONFIG_X] = { "name", ..."
# rows) is a long option, and a "name = value" line of the example config
# file in the manual and in README.md.
if [ -f src/config.c ]; then
	grep -oE '\[CONFIG_[A-Z_]+\] = \{ "[a-z-]+"' src/config.c |
	    sed 's/.*"\(.*\)"/\1/' >"$tmp/settings"
	if [ -s "$tmp/settings" ]; then
		ok "src/config.c has a settings table ($(wc -l <"$tmp/settings") settings)"
	else
		not_ok "src/config.c has a settings table"
	fi
	while read -r k; do
		if grep -qx -- "$k" "$tmp/long"; then
			ok "setting $k is an option"
		else
			not_ok "setting $k is an option"
		fi
		if grep -qE "^(# )?$k = " "$man"; then
			ok "setting $k is in the manual's config file"
		else
			not_ok "setting $k is in the manual's config file"
		fi
		if grep -qE "^(# )?$k = " "$readme"; then
			ok "setting $k is in $readme's config file"
		else
			not_ok "setting $k is in $readme's config file"
		fi
	done <"$tmp/settings"
else
	skip "every setting is documented" "src/config.c does not exist yet"
fi

echo "1..$n"
[ "$fails" -eq 0 ]
