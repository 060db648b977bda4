"""A small random T5 v1.1 (the architecture of FLAN-T5: gated-GELU feed-forward, LM head untied
from the embeddings and not scaled), exported as transformers.js runs it, so the trainable T5 in
src/lib/t5 can be checked on v1.1 without downloading FLAN-T5. Untrained: its answers mean nothing,
but its logits must match ONNX Runtime's and PyTorch's.

    /usr/bin/python3 scripts/t5/random_v11.py  ->  tests/fixtures/t5-v11-tiny/

Writes config.json, generation_config.json, the mini T5's tokenizer files, the two fp32 ONNX files
and reference.json: PyTorch's greedy token ids (KV cache, 8 new tokens) for a few prompts.
"""

import json
import os
import shutil
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from export import export  # noqa: E402
from model import T5, T5Config  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
OUT = os.path.join(ROOT, 'tests', 'fixtures', 't5-v11-tiny')
MINI = os.path.join(ROOT, 'public', 'models', 'mini-t5')
PROMPTS = ['translate to german : two five', 'reverse : red apple cat', 'please write the plural of mouse']


def main():
    torch.manual_seed(11)
    torch.set_num_threads(1)
    os.makedirs(os.path.join(OUT, 'onnx'), exist_ok=True)
    vocab = json.load(open(os.path.join(MINI, 'tokenizer.json')))['model']['vocab']
    config = T5Config(
        vocab_size=len(vocab), d_model=64, d_kv=16, d_ff=96, num_heads=4, num_layers=2, num_decoder_layers=2,
        dropout_rate=0.0, neighbour_bias=0.0, feed_forward_proj='gated-gelu', tie_word_embeddings=False,
    )
    model = T5(config).eval()
    # Norm weights start at one; make each different so that a mix-up between them would show.
    with torch.no_grad():
        for name, param in model.named_parameters():
            if 'norm' in name:
                param.copy_(1 + 0.2 * torch.randn_like(param))
    export(model, os.path.join(OUT, 'onnx'))
    for name in ('tokenizer.json', 'tokenizer_config.json'):
        shutil.copy(os.path.join(MINI, name), os.path.join(OUT, name))
    hf = {
        'architectures': ['T5ForConditionalGeneration'], 'model_type': 't5', 'vocab_size': config.vocab_size,
        'd_model': config.d_model, 'd_kv': config.d_kv, 'd_ff': config.d_ff, 'num_heads': config.num_heads,
        'num_layers': config.num_layers, 'num_decoder_layers': config.num_decoder_layers,
        'relative_attention_num_buckets': config.relative_attention_num_buckets,
        'relative_attention_max_distance': config.relative_attention_max_distance, 'dropout_rate': 0.0,
        'layer_norm_epsilon': config.layer_norm_epsilon, 'feed_forward_proj': 'gated-gelu',
        'dense_act_fn': 'gelu_new', 'is_gated_act': True, 'is_encoder_decoder': True,
        'tie_word_embeddings': False, 'pad_token_id': 0, 'eos_token_id': 1, 'decoder_start_token_id': 0,
        'use_cache': True,
    }
    generation = {'decoder_start_token_id': 0, 'eos_token_id': 1, 'pad_token_id': 0, 'max_new_tokens': 8}
    for name, value in (('config.json', hf), ('generation_config.json', generation)):
        with open(os.path.join(OUT, name), 'w') as f:
            json.dump(value, f, indent=2)
            f.write('\n')
    # PyTorch's greedy ids with the same word-level tokenisation (lower case, split, </s>).
    samples = []
    for prompt in PROMPTS:
        ids = [vocab.get(w, 2) for w in prompt.replace(':', ' : ').split()] + [1]
        tensor = torch.tensor([ids])
        out = model.greedy(tensor, torch.ones_like(tensor), max_new_tokens=8)[0].tolist()
        samples.append({'input': prompt, 'input_ids': ids, 'greedy_ids': out})
    with open(os.path.join(OUT, 'reference.json'), 'w') as f:
        json.dump({'seed': 11, 'torch': torch.__version__, 'samples': samples}, f, indent=2)
        f.write('\n')
    params = sum(p.numel() for p in model.parameters())
    print(f'wrote {OUT}: {params} parameters')


if __name__ == '__main__':
    main()
