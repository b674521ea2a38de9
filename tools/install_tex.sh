#!/bin/sh
# Install what `make pdf` needs to turn the book into a PDF with XeLaTeX, if it is missing.
# On Debian or Ubuntu: the packages below, from the system's package manager (as root, or
# with sudo). Elsewhere: checks that xelatex and latexmk are on the PATH and says what to get.
# Quick when everything is there: it only asks dpkg.
set -eu

# texlive-xetex brings texlive-latex-base, -recommended and -extra (the LaTeX packages Sphinx
# uses); texlive-fonts-recommended has the ZapfDingbats metrics hyperref needs under XeLaTeX;
# fonts-freefont-otf is Sphinx's default XeLaTeX font (Latin, Greek, Cyrillic, Devanagari...);
# fonts-wqy-microhei covers Chinese, Japanese and Korean (tools/latex/wdlprint.sty switches to it);
# poppler-utils has pdftotext, with which tests/test_pdf.py reads the PDF's pages.
PACKAGES="texlive-xetex texlive-latex-extra texlive-fonts-recommended latexmk fonts-freefont-otf fonts-wqy-microhei poppler-utils"

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    for tool in xelatex latexmk pdftotext; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "make pdf needs $tool. Install a TeX distribution with XeLaTeX and latexmk" >&2
            echo "(TeX Live, or MacTeX on macOS) and the GNU FreeFont fonts, then run make pdf again." >&2
            exit 1
        fi
    done
    exit 0
fi

missing=""
for package in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "make pdf needs these packages, and installing them needs root:$missing" >&2
    exit 1
fi
echo "Installing the TeX packages for the PDF:$missing"
echo "(from nothing: about 110 MB to download and 350 MB installed, a minute or two, once)"
$as_root apt-get update -qq
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
