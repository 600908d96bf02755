#!/bin/sh
# Builds the symbol fixtures (drivers and a DLL with PDBs, for x86, x64 and ARM64) from src/.
#
# Usage: build.sh [OUTDIR]   (default: the out/ directory beside this script)
#
# Needs clang and lld-link (the Swift toolchain has both) and llvm-rc (Debian llvm). The build
# runs in a scratch directory with relative paths and reproducible flags, so two runs with the
# same toolchain give identical bytes: -ffile-compilation-dir=. and no command line in the
# CodeView build info; /Brepro (timestamp and PDB GUID are content hashes); /pdbaltpath:%_PDB%
# (the RSDS record names only the PDB file); /pdbsourcepath (no build directory in the PDB).
# .pdata is kept: no -ffreestanding.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/out"}
CLANG=${CLANG:-clang}
LLD_LINK=${LLD_LINK:-lld-link}
LLVM_RC=${LLVM_RC:-llvm-rc}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here"/src/* "$work/"
cd "$work"

cflags="-O2 -g -gcodeview -gno-codeview-command-line -ffile-compilation-dir=. -fno-builtin -fno-stack-protector -mno-stack-arg-probe"
lflags="/debug /Brepro /pdbaltpath:%_PDB% /pdbsourcepath:C:\\fixtures /nodefaultlib"

for arch in x86 x64 arm64; do
  case $arch in
    x86) target=i686-pc-windows-msvc; machine=x86 ;;
    x64) target=x86_64-pc-windows-msvc; machine=x64 ;;
    arm64) target=aarch64-pc-windows-msvc; machine=arm64 ;;
  esac
  mkdir -p "$arch" "$out/$arch"
  for src in netbt fixdll; do
    # shellcheck disable=SC2086
    "$CLANG" --target=$target $cflags -c "$src.c" -o "$arch/$src.obj"
  done
  # shellcheck disable=SC2086
  "$LLD_LINK" $lflags /machine:$machine /driver /subsystem:native /entry:DriverEntry \
    /out:"$arch/netbt.sys" /pdb:"$arch/netbt.pdb" "$arch/netbt.obj"
  # shellcheck disable=SC2086
  "$LLD_LINK" $lflags /machine:$machine /dll /entry:DllMain /def:fixdll.def \
    /out:"$arch/fixdll.dll" /pdb:"$arch/fixdll.pdb" "$arch/fixdll.obj"
  cp "$arch/netbt.sys" "$arch/netbt.pdb" "$arch/fixdll.dll" "$arch/fixdll.pdb" "$out/$arch/"
done

# Two x86 storport.sys images that differ only in their version resource.
# shellcheck disable=SC2086
"$CLANG" --target=i686-pc-windows-msvc $cflags -c storport.c -o x86/storport.obj
for version in 4000 4121; do
  "$LLVM_RC" /nologo /fo "x86/storport-$version.res" "storport-$version.rc"
  mkdir -p "x86/$version" "$out/x86/storport-$version"
  # shellcheck disable=SC2086
  "$LLD_LINK" $lflags /machine:x86 /driver /subsystem:native /entry:DriverEntry \
    /out:"x86/$version/storport.sys" /pdb:"x86/$version/storport.pdb" \
    x86/storport.obj "x86/storport-$version.res"
  cp "x86/$version/storport.sys" "x86/$version/storport.pdb" "$out/x86/storport-$version/"
done
