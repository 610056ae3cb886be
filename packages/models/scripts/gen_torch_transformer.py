#!/usr/bin/env python3
"""Generates the PyTorch reference fixtures for kornlp's Transformer encoder block.

Run with Debian's Python (it has torch 1.13):
    /usr/bin/python3 packages/models/scripts/gen_torch_transformer.py

Writes packages/models/test/fixtures/torch-transformer/encoder_block.json. Each case builds
torch.nn.TransformerEncoderLayer(batch_first=True, activation='relu', dropout=0, norm_first=...)
in float64, loads random float32 weights given in kornlp's (Keras) layout, and records its output
for a random float32 input, optionally with a key padding mask (1 = real token). The module stays
in training mode (dropout is 0) so torch takes its plain, documented code path, not the fused
inference fast path.
"""
import os

import torch
from torch_fixtures import as_list, f32, fixture_dir, length_mask, write_json

OUT = fixture_dir('torch-transformer', 20261128)


def case(name, b, t, e, heads, ff, norm_first, lengths):
    kd = e // heads
    # kornlp weight order and shapes (MultiHeadAttention in Keras layout, then norms and Denses).
    w = [
        ('self_attention/query/kernel', f32((e, heads, kd), 0.5)),
        ('self_attention/query/bias', f32((heads, kd), 0.2)),
        ('self_attention/key/kernel', f32((e, heads, kd), 0.5)),
        ('self_attention/key/bias', f32((heads, kd), 0.2)),
        ('self_attention/value/kernel', f32((e, heads, kd), 0.5)),
        ('self_attention/value/bias', f32((heads, kd), 0.2)),
        ('self_attention/attention_output/kernel', f32((heads, kd, e), 0.5)),
        ('self_attention/attention_output/bias', f32((e,), 0.2)),
        ('self_attention_norm/gamma', 1 + f32((e,), 0.2)),
        ('self_attention_norm/beta', f32((e,), 0.2)),
        ('feedforward_intermediate/kernel', f32((e, ff), 0.5)),
        ('feedforward_intermediate/bias', f32((ff,), 0.2)),
        ('feedforward_output/kernel', f32((ff, e), 0.5)),
        ('feedforward_output/bias', f32((e,), 0.2)),
        ('feedforward_norm/gamma', 1 + f32((e,), 0.2)),
        ('feedforward_norm/beta', f32((e,), 0.2)),
    ]
    d = {n: v.double() for n, v in w}
    m = torch.nn.TransformerEncoderLayer(e, heads, dim_feedforward=ff, dropout=0.0, activation='relu',
                                         layer_norm_eps=1e-5, batch_first=True, norm_first=norm_first).double()
    with torch.no_grad():
        sa = m.self_attn
        sa.in_proj_weight.copy_(torch.cat([d[f'self_attention/{n}/kernel'].reshape(e, e).T for n in ('query', 'key', 'value')]))
        sa.in_proj_bias.copy_(torch.cat([d[f'self_attention/{n}/bias'].reshape(e) for n in ('query', 'key', 'value')]))
        sa.out_proj.weight.copy_(d['self_attention/attention_output/kernel'].reshape(e, e).T)
        sa.out_proj.bias.copy_(d['self_attention/attention_output/bias'])
        m.norm1.weight.copy_(d['self_attention_norm/gamma'])
        m.norm1.bias.copy_(d['self_attention_norm/beta'])
        m.linear1.weight.copy_(d['feedforward_intermediate/kernel'].T)
        m.linear1.bias.copy_(d['feedforward_intermediate/bias'])
        m.linear2.weight.copy_(d['feedforward_output/kernel'].T)
        m.linear2.bias.copy_(d['feedforward_output/bias'])
        m.norm2.weight.copy_(d['feedforward_norm/gamma'])
        m.norm2.bias.copy_(d['feedforward_norm/beta'])
    m.train()
    x = f32((b, t, e))
    mask = None
    if lengths is not None:
        mask = length_mask(lengths, t)
    y = m(x.double(), src_key_padding_mask=None if mask is None else mask == 0)
    return {
        'name': name,
        'numHeads': heads,
        'ffDim': ff,
        'normFirst': norm_first,
        'x': as_list(x),
        'mask': None if mask is None else mask.tolist(),
        'weights': [[n, list(v.shape), as_list(v.reshape(-1))] for n, v in w],
        'output': as_list(y),
    }


def main():
    cases = [
        case('post-norm', 2, 4, 8, 2, 16, False, None),
        case('pre-norm', 2, 4, 8, 2, 16, True, None),
        case('post-norm with padding', 3, 5, 8, 4, 12, False, [5, 3, 1]),
        case('pre-norm with padding', 3, 5, 8, 4, 12, True, [2, 5, 4]),
    ]
    write_json(OUT, 'encoder_block.json', {'generator': 'packages/models/scripts/gen_torch_transformer.py',
                                           'torch': torch.__version__, 'cases': cases})
    print('wrote', len(cases), 'cases to', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
