#!/bin/sh
# install-deps.sh: make sure every build and test dependency is present.
# As root on Debian it apt-get installs what is missing; otherwise it names
# what is missing and fails. Checked with pkg-config and command -v, so a
# machine that already has everything never touches the network.
set -u

PKGCONF_MODULES="libcares:libc-ares-dev libpsl:libpsl-dev libzscanner:libknot-dev jansson:libjansson-dev cmocka:libcmocka-dev ncursesw:libncurses-dev libedit:libedit-dev libidn2:libidn2-dev libbsd:libbsd-dev libmd:libmd-dev"
# The static link (Makefile, STATIC=1) needs every library's archive; these
# are the ones whose -dev package another does not already bring.
ARCHIVES="libunistring.a:libunistring-dev libc.a:libc6-dev"
COMMANDS="pkg-config:pkg-config cc:gcc tmux:tmux clang:clang clang-format:clang-format
cppcheck:cppcheck clang-tidy:clang-tidy"
PYMODULES="dnslib:python3-dnslib yaml:python3-yaml"
# libFuzzer for tests/fuzz/ (make fuzz): clang 14 ships it in a package of
# its own.
FILES="/usr/share/publicsuffix/public_suffix_list.dafsa:publicsuffix
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev"

missing=""
for pair in $PKGCONF_MODULES; do
	mod=${pair%%:*}; deb=${pair#*:}
	command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$mod" ||
	    missing="$missing $deb"
done
for pair in $COMMANDS; do
	cmd=${pair%%:*}; deb=${pair#*:}
	command -v "$cmd" >/dev/null 2>&1 || missing="$missing $deb"
done
for pair in $PYMODULES; do
	mod=${pair%%:*}; deb=${pair#*:}
	/usr/bin/python3 -c "import $mod" >/dev/null 2>&1 || missing="$missing $deb"
done
for pair in $ARCHIVES; do
	file=${pair%%:*}; deb=${pair#*:}
	command -v cc >/dev/null 2>&1 &&
	    [ -e "$(cc -print-file-name="$file")" ] || missing="$missing $deb"
done
for pair in $FILES; do
	file=${pair%%:*}; deb=${pair#*:}
	[ -e "$file" ] || missing="$missing $deb"
done
[ -x /usr/bin/python3 ] || missing="$missing python3"

[ -z "$missing" ] && exit 0
missing=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: installing: $missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null &&
	    apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
	    { echo "install-deps: apt-get install failed for:$missing" >&2; exit 1; }
	exit 0
fi
echo "install-deps: missing Debian packages:$missing (run as root, or install them)" >&2
exit 1
