"""Exports the mini T5 as the two ONNX files transformers.js expects for a seq2seq model.

encoder_model.onnx:        input_ids, attention_mask -> last_hidden_state
decoder_model_merged.onnx: input_ids, encoder_attention_mask, encoder_hidden_states,
                           past_key_values.{i}.{decoder,encoder}.{key,value}
                           -> logits, present.{i}.{decoder,encoder}.{key,value}
The decoder has no `use_cache_branch` input: it always takes the self-attention cache (length 0 on
the first step) and recomputes the small cross-attention keys and values from the encoder states.
"""

import torch
from torch import nn


class EncoderForExport(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model.encode(input_ids, attention_mask)


class DecoderForExport(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, encoder_attention_mask, encoder_hidden_states, *flat_past):
        layers = self.model.config.num_decoder_layers
        past = [(flat_past[4 * i], flat_past[4 * i + 1]) for i in range(layers)]
        logits, presents = self.model.decode(input_ids, encoder_hidden_states, encoder_attention_mask, past)
        outputs = [logits]
        for i, (k, v, ck, cv) in enumerate(presents):
            # transformers.js feeds back the first step's encoder keys/values; we recompute them
            # instead, but the inputs must stay in the graph (a zero-weighted sum keeps them there).
            keep = (flat_past[4 * i + 2].sum() + flat_past[4 * i + 3].sum()) * 0.0
            outputs += [k, v, ck + keep, cv + keep]
        return tuple(outputs)


def export(model, folder, opset=14):
    model.eval()
    c = model.config
    ids = torch.tensor([[5, 6, 7, 1]], dtype=torch.long)
    mask = torch.ones_like(ids)
    torch.onnx.export(
        EncoderForExport(model), (ids, mask), f'{folder}/encoder_model.onnx',
        input_names=['input_ids', 'attention_mask'], output_names=['last_hidden_state'],
        dynamic_axes={
            'input_ids': {0: 'batch_size', 1: 'encoder_sequence_length'},
            'attention_mask': {0: 'batch_size', 1: 'encoder_sequence_length'},
            'last_hidden_state': {0: 'batch_size', 1: 'encoder_sequence_length'},
        },
        opset_version=opset, do_constant_folding=True,
    )

    with torch.no_grad():
        states = model.encode(ids, mask)
    # Trace with a non-empty cache so the graph handles past_len as a dynamic value.
    past_len = 2
    flat_past, input_names, output_names = [], ['input_ids', 'encoder_attention_mask', 'encoder_hidden_states'], ['logits']
    dynamic = {
        'input_ids': {0: 'batch_size', 1: 'decoder_sequence_length'},
        'encoder_attention_mask': {0: 'batch_size', 1: 'encoder_sequence_length'},
        'encoder_hidden_states': {0: 'batch_size', 1: 'encoder_sequence_length'},
        'logits': {0: 'batch_size', 1: 'decoder_sequence_length'},
    }
    for i in range(c.num_decoder_layers):
        for kind, length, axis in (('decoder', past_len, 'past_decoder_sequence_length'), ('encoder', ids.shape[1], 'encoder_sequence_length')):
            for part in ('key', 'value'):
                flat_past.append(torch.zeros(1, c.num_heads, length, c.d_kv))
                name = f'past_key_values.{i}.{kind}.{part}'
                input_names.append(name)
                dynamic[name] = {0: 'batch_size', 2: axis}
                out = f'present.{i}.{kind}.{part}'
                output_names.append(out)
                dynamic[out] = {0: 'batch_size', 2: 'past_decoder_sequence_length + 1' if kind == 'decoder' else 'encoder_sequence_length'}
    decoder_ids = torch.tensor([[9]], dtype=torch.long)
    torch.onnx.export(
        DecoderForExport(model), (decoder_ids, mask, states, *flat_past), f'{folder}/decoder_model_merged.onnx',
        input_names=input_names, output_names=output_names, dynamic_axes=dynamic,
        opset_version=opset, do_constant_folding=True,
    )
