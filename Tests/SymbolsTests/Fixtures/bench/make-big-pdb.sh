#!/bin/sh
# Generates a large x64 driver + PDB (about 30 MB) from generated C code, for the PDB benchmark.
#
# Usage: make-big-pdb.sh OUTDIR [FILES] [FUNCTIONS_PER_FILE]
# Writes OUTDIR/big.sys, OUTDIR/big.pdb and OUTDIR/addresses.txt (100 RVAs inside functions).
# Not committed: the output is too large; PDBBenchmarkTests builds it on demand.
set -eu
out=$1
files=${2:-150}
per=${3:-250}
CLANG=${CLANG:-clang}
LLD_LINK=${LLD_LINK:-lld-link}
mkdir -p "$out/src"
cd "$out/src"
python3 - "$files" "$per" <<'PY'
import sys
files, per = int(sys.argv[1]), int(sys.argv[2])
for f in range(files):
    with open(f"gen{f:03}.c", "w") as c:
        c.write("typedef unsigned long long u64;\n")
        for i in range(per):
            n = f * per + i
            fields = " ".join(f"u64 m{n}_{k};" for k in range(12))
            c.write(f"struct S{n} {{ u64 a{n}; u64 b{n}[{1 + n % 7}]; {fields} struct S{n} *next; int kind; }};\n")
            callee = f"F{f}_{i - 1}(x + 1, s)" if i else "x"
            c.write(
                f"__declspec(noinline) u64 F{f}_{i}(u64 x, struct S{n} *s) {{\n"
                f"  volatile u64 local{n}[{2 + n % 5}];\n"
                f"  local{n}[0] = x ^ {n}u;\n"
                f"  if (s) {{ s->a{n} += local{n}[0]; s->b{n}[0] = (u64)s->kind; }}\n"
                f"  return local{n}[0] + (u64)({callee if i == 0 else f'F{f}_{i - 1}(x + 1, (void *)s)'});\n"
                f"}}\n")
    with open("main.c", "w") as c:
        c.write("typedef unsigned long long u64;\n")
        for f in range(files):
            c.write(f"u64 F{f}_{per - 1}(u64 x, void *s);\n")
        c.write("long DriverEntry(void *d, void *r) {\n  u64 t = 0;\n")
        for f in range(files):
            c.write(f"  t += F{f}_{per - 1}((u64)d, r);\n")
        c.write("  return (long)t;\n}\n")
PY
# Two compilers at a time: the machine is shared.
ls ./*.c | xargs -P 2 -I{} "$CLANG" --target=x86_64-pc-windows-msvc -O1 -g -gcodeview \
  -fno-builtin -mno-stack-arg-probe -c {} -o {}.obj
"$LLD_LINK" /nologo /debug /Brepro /nodefaultlib /driver /subsystem:native /entry:DriverEntry \
  /machine:x64 /out:../big.sys /pdb:../big.pdb ./*.c.obj
cd ..
ls -l big.pdb
