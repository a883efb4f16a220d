#!/bin/sh
# The command line: the layer of SPEC run on INPUT.npy with WEIGHT.npy
# (compiled, or found in the kernel cache), then compiled ahead of time.
#   cli.sh SPEC INPUT.npy WEIGHT.npy OUTPUT.npy AOT_DIR
set -eu
SPEC=$1 X=$2 W=$3 Y=$4 DIR=$5
# [readme:cli]
convtc info "$SPEC"
convtc run "$SPEC" --input "$X" --weight "$W" --output "$Y"
convtc compile "$SPEC" -o "$DIR"            # DIR/NAME.so, DIR/libNAME.a, DIR/NAME.h
convtc cache list                            # what the run above compiled
# [/readme:cli]
