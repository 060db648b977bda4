export { LoraDense, type LoraDenseArgs } from './lora-dense';
export { addLora, mergeLora, hasLora, type LoraOptions } from './adapt';
