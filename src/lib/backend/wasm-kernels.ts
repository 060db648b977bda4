/**
 * The one gradient kernel tfjs's WebAssembly backend (4.22) lacks for the course's CNNs:
 * `Conv2DBackpropFilter`, the gradient of a convolution with respect to its filter. Without it,
 * training any model with a conv layer on wasm fails with "Kernel 'Conv2DBackpropFilter' not
 * registered". Written in plain JavaScript over the backend's memory; it is the same sum the CPU
 * backend computes (tests/unit/lib/backend/wasm-kernels.test.ts compares the two), and for the
 * course's small CNNs it keeps wasm training several times faster than WebGL on a software GPU
 * (bench/results/throughput.json).
 */
import { tf } from '../tf';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * dW[kh, kw, c, f] = sum over images n and output positions (r, s) of
 * x[n, r * strideH + kh - padTop, s * strideW + kw - padLeft, c] * dy[n, r, s, f] (NHWC, no dilation).
 */
export function conv2dFilterGradient(
  x: Float32Array | Int32Array | Uint8Array,
  dy: Float32Array | Int32Array | Uint8Array,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const { strideHeight, strideWidth, filterHeight, filterWidth, inChannels, outChannels } = info;
  const { batchSize, inHeight, inWidth, outHeight, outWidth } = info;
  const { top, left } = info.padInfo;
  const dw = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let n = 0; n < batchSize; n++) {
    for (let r = 0; r < outHeight; r++) {
      for (let s = 0; s < outWidth; s++) {
        const dyAt = ((n * outHeight + r) * outWidth + s) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const row = r * strideHeight + kh - top;
          if (row < 0 || row >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const col = s * strideWidth + kw - left;
            if (col < 0 || col >= inWidth) continue;
            const xAt = ((n * inHeight + row) * inWidth + col) * inChannels;
            const dwAt = (kh * filterWidth + kw) * inChannels * outChannels;
            for (let c = 0; c < inChannels; c++) {
              const value = x[xAt + c]!;
              // Digits are mostly background (0) and ReLU outputs are often 0: nothing to add.
              if (value === 0) continue;
              const at = dwAt + c * outChannels;
              for (let f = 0; f < outChannels; f++) dw[at + f]! += value * dy[dyAt + f]!;
            }
          }
        }
      }
    }
  }
  return dw;
}

let registered = false;

/** Registers the missing kernel for the 'wasm' backend (once; later calls do nothing). */
export function registerWasmTrainingKernels(): void {
  if (registered || tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  registered = true;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
        attrs as unknown as Conv2DBackpropFilterAttrs;
      if (dataFormat === 'NCHW') {
        throw new Error('The WebAssembly backend trains channels-last (NHWC) convolutions only.');
      }
      const wasm = backend as BackendWasm;
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filterShape,
        strides,
        1,
        pad,
        dimRoundingMode,
        false,
        'channelsLast',
      );
      const dw = conv2dFilterGradient(
        wasm.readSync(x.dataId) as Float32Array,
        wasm.readSync(dy.dataId) as Float32Array,
        info,
      );
      return wasm.makeOutput(filterShape, 'float32', undefined, dw);
    },
  });
}
