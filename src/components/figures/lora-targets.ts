/** The matrices the LoRA figure offers: the course CNN's dense layer and LLaMA-7B's attention. */
export interface LoraTarget {
  label: string;
  inputs: number;
  outputs: number;
  /** How many matrices of this shape are adapted. */
  matrices: number;
}

export const LORA_TARGETS: readonly LoraTarget[] = [
  // The source CNN's `features` layer: 800 inputs (5 x 5 x 32 after the second pooling), 128 outputs.
  { label: 'Source CNN, features layer (800 × 128)', inputs: 800, outputs: 128, matrices: 1 },
  // LLaMA-7B (Touvron et al., 2023): 32 layers, model width 4,096; Hu et al. adapt W_q and W_v.
  { label: 'LLaMA-7B, W_q and W_v in 32 layers (4,096 × 4,096)', inputs: 4096, outputs: 4096, matrices: 64 },
  {
    label: 'LLaMA-7B, all four attention matrices (4,096 × 4,096)',
    inputs: 4096,
    outputs: 4096,
    matrices: 128,
  },
];
