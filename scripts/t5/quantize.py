"""Writes 8-bit copies of the mini T5's ONNX files (`*_quantized.onnx`, transformers.js's `q8`).

Weight-only quantisation: every large weight matrix is stored as int8 with one scale per matrix and
turned back into float by a DequantizeLinear node when the model runs. Activations stay float, so the
inputs and outputs are exactly those of the fp32 files; the download is about a quarter of the size.
"""

import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

CONSUMERS = {'MatMul', 'Gather', 'Transpose', 'Gemm'}


def quantize(path_in, path_out, min_size=1024):
    model = onnx.load(path_in)
    graph = model.graph
    initializers = {init.name: init for init in graph.initializer}
    targets = set()
    for node in graph.node:
        if node.op_type in CONSUMERS:
            targets.update(name for name in node.input if name in initializers)
    dequantize = []
    for name in sorted(targets):
        weights = numpy_helper.to_array(initializers[name])
        if weights.dtype != np.float32 or weights.ndim != 2 or weights.size < min_size:
            continue
        scale = np.float32(max(np.abs(weights).max(), 1e-8) / 127.0)
        quantized = np.clip(np.round(weights / scale), -127, 127).astype(np.int8)
        graph.initializer.remove(initializers[name])
        graph.initializer.extend([
            numpy_helper.from_array(quantized, f'{name}_int8'),
            numpy_helper.from_array(np.array(scale, dtype=np.float32), f'{name}_scale'),
            numpy_helper.from_array(np.array(0, dtype=np.int8), f'{name}_zero_point'),
        ])
        dequantize.append(helper.make_node('DequantizeLinear', [f'{name}_int8', f'{name}_scale', f'{name}_zero_point'], [name], name=f'{name}_dequantize'))
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(dequantize + nodes)
    onnx.checker.check_model(model)
    onnx.save(model, path_out)
    return len(dequantize)


def main(folder):
    for base in ('encoder_model', 'decoder_model_merged'):
        count = quantize(os.path.join(folder, f'{base}.onnx'), os.path.join(folder, f'{base}_quantized.onnx'))
        size = os.path.getsize(os.path.join(folder, f'{base}_quantized.onnx'))
        print(f'{base}_quantized.onnx: {count} matrices in int8, {size / 1e6:.2f} MB')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'public', 'models', 'mini-t5', 'onnx'))
