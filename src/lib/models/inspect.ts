/**
 * Looking inside a convolutional network: a layer's filters and what the layer outputs for one
 * image, as small grey pictures a cell can show with `digits(...)`. Used to see what the lower
 * layers of a pretrained network have learned (Zeiler and Fergus 2014; Yosinski et al. 2014).
 */
import { tf } from '../tf';
import type { DigitSet } from '../data/digit-set';
import { layersNamed } from './layers';

/** One small picture: grey levels as RGBA, with a number under it (the filter's index). */
export interface Picture {
  width: number;
  height: number;
  /** RGBA, ready for `new ImageData(data, width, height)`. */
  data: Uint8ClampedArray;
  label: number;
}

/**
 * A row of pictures. It answers `digitImage(i)` like a DigitSet, so the notebook's
 * `digits(pictures, 16)` shows them in a row.
 * @param pictures the pictures
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * const filters = await convFilters(model, 'conv1');
 */
export class PictureSet {
  readonly size: number;

  constructor(readonly pictures: readonly Picture[]) {
    this.size = pictures.length;
  }

  digitImage(index: number): Picture {
    const picture = this.pictures[index];
    if (!picture) {
      throw new Error(`No picture at position ${index}: this set holds ${this.size} (0..${this.size - 1}).`);
    }
    return picture;
  }
}

/** What one filter of a layer sees, and how strongly it responded to an image. */
export interface FilterResponse {
  filter: number;
  /** The largest value in the filter's output map (after ReLU: 0 means it stayed silent). */
  max: number;
  /** The mean over the whole map. */
  mean: number;
}

/**
 * The filters of a convolution layer (its first input channel), enlarged `scale` times so a 3x3
 * kernel is visible. Grey is a weight of 0, white the most positive weight of the layer, black the
 * most negative: one scale for all filters, so strong and weak filters can be compared.
 * @param model the model
 * @param layerName a convolution layer
 * @param options how many pixels per weight (scale)
 * @returns the layer's filters as pictures
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * await convFilters(model, 'conv1')
 */
export async function convFilters(
  model: tf.LayersModel,
  layerName: string,
  options: { scale?: number } = {},
): Promise<PictureSet> {
  const { scale = 8 } = options;
  const layer = convLayer(model, layerName);
  const kernel = layer.getWeights()[0]!;
  const [height, width, , filters] = kernel.shape as [number, number, number, number];
  // Read asynchronously: a synchronous read stalls a GPU backend (and WebGPU refuses it).
  const values = await kernel.data();
  const channels = kernel.shape[2]!;
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  const pictures: Picture[] = [];
  for (let f = 0; f < filters; f++) {
    const grey = new Float32Array(height * width);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        // Layout [height, width, inChannels, filters]; channel 0 is the grey input for conv1.
        const weight = values[((y * width + x) * channels + 0) * filters + f]!;
        grey[y * width + x] = 127.5 + (127.5 * weight) / (largest || 1);
      }
    }
    pictures.push(enlarge(grey, width, height, scale, f));
  }
  return new PictureSet(pictures);
}

/**
 * What a layer outputs for image `index` of `images`: one picture per filter (its feature map),
 * all on one grey scale (black 0, white the layer's strongest response), plus each filter's
 * strongest and mean response.
 * @param model the model
 * @param layerName a convolution layer
 * @param images the digits
 * @param index which image (default 0)
 * @returns that layer's responses to the image, as pictures and numbers
 * @example
 * const { model } = await loadPretrained('source-cnn');
 * (await featureMaps(model, 'conv1', (await loadMnist()).test)).shape
 */
export async function featureMaps(
  model: tf.LayersModel,
  layerName: string,
  images: DigitSet,
  index = 0,
): Promise<{ pictures: PictureSet; responses: FilterResponse[]; shape: number[] }> {
  const [layer] = layersNamed(model, [layerName]);
  const one = images.slice(index, index + 1);
  if (one.size !== 1) {
    throw new Error(`No image at position ${index}: the set holds ${images.size} (0..${images.size - 1}).`);
  }
  const probe = tf.model({ inputs: model.inputs, outputs: layer!.output as tf.SymbolicTensor });
  const output = tf.tidy(() => {
    const input = one.toImages();
    return probe.predict(input) as tf.Tensor;
  });
  const shape = output.shape.slice(1);
  if (shape.length !== 3) {
    output.dispose();
    throw new Error(
      `Layer "${layerName}" outputs shape [${shape.join(', ')}], not feature maps [height, width, filters].`,
    );
  }
  const [height, width, filters] = shape as [number, number, number];
  const values = await output.data();
  output.dispose();
  let largest = 0;
  for (const v of values) largest = Math.max(largest, v);
  const pictures: Picture[] = [];
  const responses: FilterResponse[] = [];
  for (let f = 0; f < filters; f++) {
    const grey = new Float32Array(height * width);
    let max = -Infinity;
    let sum = 0;
    for (let p = 0; p < height * width; p++) {
      const v = values[p * filters + f]!;
      grey[p] = (255 * Math.max(0, v)) / (largest || 1);
      max = Math.max(max, v);
      sum += v;
    }
    pictures.push(enlarge(grey, width, height, 1, f));
    responses.push({ filter: f, max, mean: sum / (height * width) });
  }
  return { pictures: new PictureSet(pictures), responses, shape };
}

function convLayer(model: tf.LayersModel, layerName: string): tf.layers.Layer {
  const [layer] = layersNamed(model, [layerName]);
  const kernel = layer!.getWeights()[0];
  if (!kernel || kernel.rank !== 4) {
    throw new Error(`Layer "${layerName}" is not a convolution layer: it has no 4-dimensional kernel.`);
  }
  return layer!;
}

/** Grey levels (0..255) to an RGBA picture, each value repeated `scale` x `scale` times. */
function enlarge(grey: Float32Array, width: number, height: number, scale: number, label: number): Picture {
  const w = width * scale;
  const h = height * scale;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = grey[Math.floor(y / scale) * width + Math.floor(x / scale)]!;
      const at = (y * w + x) * 4;
      data[at] = data[at + 1] = data[at + 2] = v;
      data[at + 3] = 255;
    }
  }
  return { width: w, height: h, data, label };
}

/** How far one layer's weights moved between two models of the same architecture. */
export interface LayerChange {
  layer: string;
  weights: number;
  /** ‖after − before‖ / ‖before‖ over all the layer's weights (0.1: moved by a tenth of its size). */
  relativeChange: number;
  /** Cosine between the weights before and after, as one long vector: 1 = same direction, only scaled. */
  cosine: number;
}

/**
 * For every layer with weights, how far `after` has moved from `before`: for example a model
 * against its own starting point, to see which layers training changed most.
 * @param before the model before training (e.g. a clone)
 * @param after the same model after training
 * @returns how much each layer's weights moved
 * @example
 * const model = buildCnn();
 * await weightChange(model, model)
 */
export async function weightChange(before: tf.LayersModel, after: tf.LayersModel): Promise<LayerChange[]> {
  const changes: LayerChange[] = [];
  for (const layer of after.layers) {
    const mine = layer.getWeights();
    if (mine.length === 0) continue;
    const [theirs] = layersNamed(before, [layer.name]);
    const old = theirs!.getWeights();
    if (old.length !== mine.length || old.some((w, i) => w.size !== mine[i]!.size)) {
      throw new Error(
        `Layer "${layer.name}" has different weights in the two models: compare the same architecture.`,
      );
    }
    const measures = tf.tidy(() => {
      const dot = (a: tf.Tensor[], b: tf.Tensor[]) => tf.addN(a.map((w, i) => tf.sum(tf.mul(w, b[i]!))));
      const moved = mine.map((w, i) => tf.sub(w, old[i]!));
      const relative = tf.sqrt(tf.div(dot(moved, moved), dot(old, old)));
      const cosine = tf.div(dot(mine, old), tf.sqrt(tf.mul(dot(mine, mine), dot(old, old))));
      return tf.stack([relative, cosine]);
    });
    const [relativeChange, cosine] = await measures.data();
    measures.dispose();
    changes.push({
      layer: layer.name,
      weights: mine.reduce((sum, w) => sum + w.size, 0),
      relativeChange: relativeChange!,
      cosine: cosine!,
    });
  }
  return changes;
}
