#!/bin/sh
# SPDX-License-Identifier: MIT
# Turn a file into a C array: embed.sh NAME FILE > out.c
set -eu
echo "/* Generated from $2; do not edit. */"
echo "#include <stddef.h>"
echo "const unsigned char $1[] = {"
od -An -v -tx1 "$2" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'
echo "0x00 };"
echo "const size_t $1_len = sizeof($1) - 1;"
