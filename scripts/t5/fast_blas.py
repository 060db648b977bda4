"""Makes sure PyTorch multiplies matrices with OpenBLAS, not the reference BLAS.

Debian's PyTorch calls whatever libblas.so.3 the system points at. On a fresh Debian machine that is
the reference implementation, and for the mini T5 it is about ten times slower than OpenBLAS
(measured on the project's 2-core machines: 0.74 s against 0.07 s of CPU time per training step; a
960x128 by 128x384 product runs at 6 against 81 GFLOP/s). Training for the step count train.py uses
would take hours instead of minutes.

So, before training: if OpenBLAS is not what this process loaded, find it (installed by the Debian
package libopenblas0-serial or -pthread) or fetch that package without installing it (`apt-get
download` and `dpkg -x` into node_modules/.cache/openblas, no root needed), and run this script
again with it first on the library path. Nothing on the system changes. If neither works, training
goes on with the slow BLAS and says so.
"""

import glob
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
CACHE = os.path.join(ROOT, 'node_modules', '.cache', 'openblas')
PACKAGE = 'libopenblas0-serial'
MARKER = 'TL_T5_BLAS_CHECKED'


def loaded_blas():
    """The BLAS library file this process has loaded (after importing torch)."""
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ''
            if 'libblas' in path or 'openblas' in path or 'libmkl' in path:
                return path
    return ''


def installed_openblas():
    for folder in sorted(glob.glob('/usr/lib/*-linux-gnu/openblas-*')) + sorted(glob.glob(f'{CACHE}/x/usr/lib/*/openblas-*')):
        if os.path.exists(os.path.join(folder, 'libblas.so.3')):
            return folder
    return None


def fetch_openblas():
    os.makedirs(CACHE, exist_ok=True)
    try:
        subprocess.run(['apt-get', 'download', PACKAGE], cwd=CACHE, check=True, capture_output=True, timeout=300)
        debs = sorted(glob.glob(os.path.join(CACHE, f'{PACKAGE}_*.deb')))
        subprocess.run(['dpkg', '-x', debs[-1], os.path.join(CACHE, 'x')], check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError, IndexError) as error:
        print(f'could not fetch {PACKAGE} ({error}); training with the slow reference BLAS', flush=True)
        return None
    return installed_openblas()


def ensure_fast_blas():
    """Re-runs this process with OpenBLAS if it is not already the BLAS in use. Call after importing torch."""
    import torch  # noqa: F401  (loads libblas)

    blas = loaded_blas()
    if 'openblas' in blas or 'mkl' in blas:
        print(f'BLAS: {blas}', flush=True)
        return
    if os.environ.get(MARKER):
        print(f'BLAS: {blas or "unknown"} (OpenBLAS not found: training will be about ten times slower)', flush=True)
        return
    folder = installed_openblas() or fetch_openblas()
    if not folder:
        return
    env = dict(os.environ, **{MARKER: '1'})
    env['LD_LIBRARY_PATH'] = os.pathsep.join(filter(None, [folder, os.environ.get('LD_LIBRARY_PATH')]))
    print(f'BLAS: {blas or "unknown"} is the slow reference implementation; running again with {folder}', flush=True)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)
