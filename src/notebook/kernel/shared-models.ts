/**
 * Models the page shares with code cells. The kernel's origin is opaque, so tfjs's own
 * `indexeddb://` store is out of its reach (that is the point: cells cannot touch the site's
 * storage). `tf.loadLayersModel('indexeddb://name')` in a cell still works for a model the page
 * kept on purpose (src/lib/models/kept.ts): the request goes through the bridge, the page reads
 * its own store and sends the model's artifacts back.
 */
import type { tf as tfNamespace } from '../../lib/tf';
import type { PageBridge } from './bridge';

type Tf = typeof tfNamespace;
const SCHEME = 'indexeddb://';

/** `tf` as cells see it: the same namespace, with `loadLayersModel` reading kept models from the page. */
export function tfForCells(tf: Tf, bridge: PageBridge): Tf {
  const loadLayersModel: Tf['loadLayersModel'] = (pathOrHandler, options) => {
    if (typeof pathOrHandler === 'string' && pathOrHandler.startsWith(SCHEME)) {
      const name = pathOrHandler.slice(SCHEME.length);
      return tf.loadLayersModel(
        {
          load: async () => {
            const { convertedBy, ...artifacts } = await bridge.sharedModel(name);
            return {
              ...artifacts,
              convertedBy: convertedBy ?? undefined,
              modelTopology: artifacts.modelTopology as object,
              weightSpecs: artifacts.weightSpecs as tfNamespace.io.WeightsManifestEntry[],
              trainingConfig: artifacts.trainingConfig as tfNamespace.io.TrainingConfig | undefined,
            };
          },
        },
        options,
      );
    }
    return tf.loadLayersModel(pathOrHandler, options);
  };
  return Object.freeze({ ...tf, loadLayersModel }) as Tf;
}
