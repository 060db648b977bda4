export { LoraDense, type LoraDenseArgs } from './lora-dense';
export { addLora, mergeLora, hasLora, type LoraOptions } from './adapt';
export { getAdapter, setAdapter, clearAdapter, type LoraAdapter } from './adapters';
