"""A small T5 in plain PyTorch, written to match Hugging Face's T5 so transformers.js can run it.

It is the original T5 (v1.0) by default, not T5 v1.1 (which FLAN-T5 builds on, with a gated-GELU feed-forward
layer and untied embeddings). What makes it T5 (and not a generic transformer):
- RMS layer norm without bias or mean subtraction (T5LayerNorm), applied before each sublayer;
- a learned, bucketed relative position bias in the first self-attention layer of the encoder and
  of the decoder, shared by the layers above it;
- no 1/sqrt(d) scaling of attention scores (T5 folds it into the initialisation);
- input embeddings tied with the output layer, whose input is scaled by d_model^-0.5;
- a ReLU feed-forward layer.
"""

import math
from dataclasses import dataclass

import torch
from torch import nn
import torch.nn.functional as F


@dataclass
class T5Config:
    vocab_size: int
    d_model: int = 128
    d_kv: int = 32
    d_ff: int = 384
    num_heads: int = 4
    num_layers: int = 2
    num_decoder_layers: int = 2
    relative_attention_num_buckets: int = 32
    relative_attention_max_distance: int = 64
    dropout_rate: float = 0.1
    layer_norm_epsilon: float = 1e-6
    pad_token_id: int = 0
    eos_token_id: int = 1
    decoder_start_token_id: int = 0
    # Initialisation only (not part of the exported model): how strongly two heads of the first encoder
    # layer start out attending to the word on their left and on their right. See reset_parameters.
    neighbour_bias: float = 3.0
    # T5 v1.1 (FLAN-T5's base): 'gated-gelu' feed-forward and an untied LM head without the
    # d_model^-0.5 scale. The mini T5 keeps the v1.0 defaults; scripts/t5/random_v11.py uses these.
    feed_forward_proj: str = 'relu'
    tie_word_embeddings: bool = True


class RMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        variance = x.pow(2).mean(-1, keepdim=True)
        return self.weight * (x * torch.rsqrt(variance + self.eps))


def relative_position_bucket(relative_position, bidirectional, num_buckets, max_distance):
    """T5's bucketing: exact buckets for small distances, logarithmic ones up to max_distance."""
    buckets = torch.zeros_like(relative_position)
    if bidirectional:
        num_buckets //= 2
        buckets = buckets + (relative_position > 0).to(torch.long) * num_buckets
        relative_position = torch.abs(relative_position)
    else:
        relative_position = -torch.clamp(relative_position, max=0)
    max_exact = num_buckets // 2
    is_small = relative_position < max_exact
    large = max_exact + (
        torch.log(relative_position.float().clamp(min=1) / max_exact)
        / math.log(max_distance / max_exact)
        * (num_buckets - max_exact)
    ).to(torch.long)
    large = torch.clamp(large, max=num_buckets - 1)
    return buckets + torch.where(is_small, relative_position, large)


class Attention(nn.Module):
    def __init__(self, config, has_bias, bidirectional):
        super().__init__()
        inner = config.num_heads * config.d_kv
        self.heads, self.d_kv = config.num_heads, config.d_kv
        self.q = nn.Linear(config.d_model, inner, bias=False)
        self.k = nn.Linear(config.d_model, inner, bias=False)
        self.v = nn.Linear(config.d_model, inner, bias=False)
        self.o = nn.Linear(inner, config.d_model, bias=False)
        self.bidirectional = bidirectional
        self.buckets = config.relative_attention_num_buckets
        self.max_distance = config.relative_attention_max_distance
        self.relative_attention_bias = nn.Embedding(self.buckets, self.heads) if has_bias else None
        self.dropout = config.dropout_rate

    def split(self, x):
        batch, length, _ = x.shape
        return x.view(batch, length, self.heads, self.d_kv).transpose(1, 2)

    def position_bias(self, query_length, key_length, offset, device):
        query = torch.arange(query_length, dtype=torch.long, device=device)[:, None] + offset
        key = torch.arange(key_length, dtype=torch.long, device=device)[None, :]
        bucket = relative_position_bucket(key - query, self.bidirectional, self.buckets, self.max_distance)
        return self.relative_attention_bias(bucket).permute(2, 0, 1).unsqueeze(0)  # [1, heads, q, k]

    def attend(self, q, k, v, bias):
        scores = torch.matmul(q, k.transpose(2, 3)) + bias  # no 1/sqrt(d_kv): T5 style
        weights = F.dropout(torch.softmax(scores.float(), dim=-1).type_as(scores), self.dropout, self.training)
        out = torch.matmul(weights, v).transpose(1, 2)
        return self.o(out.reshape(out.shape[0], out.shape[1], self.heads * self.d_kv))


class EncoderLayer(nn.Module):
    def __init__(self, config, has_bias):
        super().__init__()
        self.norm1 = RMSNorm(config.d_model, config.layer_norm_epsilon)
        self.attention = Attention(config, has_bias, bidirectional=True)
        self.norm2 = RMSNorm(config.d_model, config.layer_norm_epsilon)
        self.ff = FeedForward(config)
        self.dropout = nn.Dropout(config.dropout_rate)

    def forward(self, x, bias):
        h = self.norm1(x)
        a = self.attention
        x = x + self.dropout(a.attend(a.split(a.q(h)), a.split(a.k(h)), a.split(a.v(h)), bias))
        return x + self.dropout(self.ff(self.norm2(x)))


class FeedForward(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.gated = config.feed_forward_proj == 'gated-gelu'
        if self.gated:
            self.wi_0 = nn.Linear(config.d_model, config.d_ff, bias=False)
            self.wi_1 = nn.Linear(config.d_model, config.d_ff, bias=False)
        else:
            self.wi = nn.Linear(config.d_model, config.d_ff, bias=False)
        self.wo = nn.Linear(config.d_ff, config.d_model, bias=False)
        self.dropout = nn.Dropout(config.dropout_rate)

    def forward(self, x):
        if self.gated:  # T5 v1.1: gelu_new (tanh approximation) of one projection gates the other
            return self.wo(self.dropout(F.gelu(self.wi_0(x), approximate='tanh') * self.wi_1(x)))
        return self.wo(self.dropout(F.relu(self.wi(x))))


class DecoderLayer(nn.Module):
    def __init__(self, config, has_bias):
        super().__init__()
        self.norm1 = RMSNorm(config.d_model, config.layer_norm_epsilon)
        self.self_attention = Attention(config, has_bias, bidirectional=False)
        self.norm2 = RMSNorm(config.d_model, config.layer_norm_epsilon)
        self.cross_attention = Attention(config, False, bidirectional=True)
        self.norm3 = RMSNorm(config.d_model, config.layer_norm_epsilon)
        self.ff = FeedForward(config)
        self.dropout = nn.Dropout(config.dropout_rate)

    def forward(self, x, self_bias, past_k, past_v, encoder_states, cross_bias):
        """Returns the new states and this layer's self-attention keys/values (past + new) and
        cross-attention keys/values (computed from the encoder states)."""
        sa, ca = self.self_attention, self.cross_attention
        h = self.norm1(x)
        k = torch.cat([past_k, sa.split(sa.k(h))], dim=2)
        v = torch.cat([past_v, sa.split(sa.v(h))], dim=2)
        x = x + self.dropout(sa.attend(sa.split(sa.q(h)), k, v, self_bias))
        h = self.norm2(x)
        ck, cv = ca.split(ca.k(encoder_states)), ca.split(ca.v(encoder_states))
        x = x + self.dropout(ca.attend(ca.split(ca.q(h)), ck, cv, cross_bias))
        return x + self.dropout(self.ff(self.norm3(x))), k, v, ck, cv


def mask_to_bias(mask):
    """[batch, keys] of 1/0 -> additive bias [batch, 1, 1, keys]: 0 where allowed, very negative where not."""
    return (1.0 - mask[:, None, None, :].float()) * -1e9


class T5(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.shared = nn.Embedding(config.vocab_size, config.d_model)
        self.encoder_layers = nn.ModuleList([EncoderLayer(config, i == 0) for i in range(config.num_layers)])
        self.encoder_norm = RMSNorm(config.d_model, config.layer_norm_epsilon)
        self.decoder_layers = nn.ModuleList([DecoderLayer(config, i == 0) for i in range(config.num_decoder_layers)])
        self.decoder_norm = RMSNorm(config.d_model, config.layer_norm_epsilon)
        self.dropout = nn.Dropout(config.dropout_rate)
        self.lm_head = None if config.tie_word_embeddings else nn.Linear(config.d_model, config.vocab_size, bias=False)
        self.reset_parameters()

    def reset_parameters(self):
        """T5's initialisation, which stands in for the missing 1/sqrt(d) in attention."""
        c = self.config
        nn.init.normal_(self.shared.weight, std=1.0)
        for module in self.modules():
            if isinstance(module, Attention):
                nn.init.normal_(module.q.weight, std=(c.d_model * c.d_kv) ** -0.5)
                for layer in (module.k, module.v):
                    nn.init.normal_(layer.weight, std=c.d_model ** -0.5)
                nn.init.normal_(module.o.weight, std=(c.num_heads * c.d_kv) ** -0.5)
                if module.relative_attention_bias is not None:
                    nn.init.normal_(module.relative_attention_bias.weight, std=c.d_model ** -0.5)
            elif isinstance(module, FeedForward):
                for layer in (module.wi_0, module.wi_1) if module.gated else (module.wi,):
                    nn.init.normal_(layer.weight, std=c.d_model ** -0.5)
                nn.init.normal_(module.wo.weight, std=c.d_ff ** -0.5)
        # Reversing a word list or translating it word by word needs to know which word comes next to
        # which. Attention can learn that from T5's relative position bias alone, but at this size it
        # takes long to find (measured: 4 % exact match on reversing after 4,000 steps). Starting two
        # heads of the first encoder layer on the left and the right neighbour (a larger bias for
        # distance -1 and +1) lets each word carry its neighbours from the first step, and the decoder
        # can then chain words (measured: 84 % after 1,000 steps). The biases stay trainable.
        if c.neighbour_bias and c.num_heads >= 2:
            bias = self.encoder_layers[0].attention.relative_attention_bias.weight
            with torch.no_grad():
                for head, distance in ((0, -1), (1, 1)):
                    bucket = relative_position_bucket(
                        torch.tensor([distance]), True, c.relative_attention_num_buckets, c.relative_attention_max_distance
                    )
                    bias[int(bucket[0]), head] = c.neighbour_bias

    def encode(self, input_ids, attention_mask):
        x = self.dropout(self.shared(input_ids))
        length = input_ids.shape[1]
        bias = self.encoder_layers[0].attention.position_bias(length, length, 0, x.device) + mask_to_bias(attention_mask)
        for layer in self.encoder_layers:
            x = layer(x, bias)
        return self.dropout(self.encoder_norm(x))

    def decode(self, input_ids, encoder_states, encoder_mask, past):
        """past: list per layer of (self_k, self_v), each [batch, heads, past_len, d_kv].
        Returns logits and per layer (self_k, self_v, cross_k, cross_v)."""
        x = self.dropout(self.shared(input_ids))
        batch, length = input_ids.shape
        past_length = past[0][0].shape[2]
        total = past_length + length
        first = self.decoder_layers[0].self_attention
        self_bias = first.position_bias(length, total, past_length, x.device)
        # Causal: query i (at absolute position past_length + i) sees keys 0 .. past_length + i.
        query_pos = torch.arange(length, device=x.device)[:, None] + past_length
        key_pos = torch.arange(total, device=x.device)[None, :]
        self_bias = self_bias + (key_pos > query_pos).float()[None, None] * -1e9
        cross_bias = mask_to_bias(encoder_mask)
        presents = []
        for layer, (pk, pv) in zip(self.decoder_layers, past):
            x, k, v, ck, cv = layer(x, self_bias, pk, pv, encoder_states, cross_bias)
            presents.append((k, v, ck, cv))
        if self.lm_head is not None:  # T5 v1.1: a head of its own, no scaling
            return self.lm_head(self.dropout(self.decoder_norm(x))), presents
        x = self.dropout(self.decoder_norm(x)) * (self.config.d_model ** -0.5)  # tied head scaling
        return F.linear(x, self.shared.weight), presents

    def empty_past(self, batch, device):
        c = self.config
        empty = torch.zeros(batch, c.num_heads, 0, c.d_kv, device=device)
        return [(empty, empty) for _ in range(c.num_decoder_layers)]

    def forward(self, input_ids, attention_mask, decoder_input_ids):
        states = self.encode(input_ids, attention_mask)
        logits, _ = self.decode(decoder_input_ids, states, attention_mask, self.empty_past(input_ids.shape[0], input_ids.device))
        return logits

    @torch.no_grad()
    def greedy(self, input_ids, attention_mask, max_new_tokens=12):
        """Greedy decoding with the KV cache, the same path the exported decoder follows."""
        states = self.encode(input_ids, attention_mask)
        batch = input_ids.shape[0]
        tokens = torch.full((batch, 1), self.config.decoder_start_token_id, dtype=torch.long)
        past = self.empty_past(batch, input_ids.device)
        out = []
        done = torch.zeros(batch, dtype=torch.bool)
        for _ in range(max_new_tokens):
            logits, presents = self.decode(tokens[:, -1:], states, attention_mask, past)
            past = [(k, v) for k, v, _, _ in presents]
            next_token = logits[:, -1].argmax(-1)
            next_token = torch.where(done, torch.full_like(next_token, self.config.pad_token_id), next_token)
            out.append(next_token)
            done = done | (next_token == self.config.eos_token_id)
            tokens = torch.cat([tokens, next_token[:, None]], dim=1)
            if bool(done.all()):
                break
        return torch.stack(out, dim=1)
