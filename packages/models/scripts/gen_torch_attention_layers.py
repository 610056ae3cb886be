#!/usr/bin/env python3
"""Generates the PyTorch reference fixtures for kornlp's attention pooling, Bahdanau (additive) and
Luong (dot / general) attention layers.

Run with Debian's Python (it has torch 1.13):
    /usr/bin/python3 packages/models/scripts/gen_torch_attention_layers.py

Writes packages/models/test/fixtures/torch-attention/{attention_pooling,dense_attention}.json.
Inputs and weights are random float32 values; expected outputs are computed in float64 from those
float32 values with explicit torch ops written from the published definitions, so the TS tests
measure only the error of kornlp's float32 implementation.

Attention pooling (Yang et al. 2016): s_t = tanh(x_t W + b) u, a = softmax over time of s with
masked steps excluded (weight 0; a fully masked row gets all-zero weights), out = sum_t a_t x_t.

Dense attention, Keras semantics (BaseDenseAttention): probs = softmax(score(q, k)) over the value
axis, with masked value positions (value mask, causal mask) set to -1e9 before the softmax (what
Keras's float32 `scores - 1e9` rounds to, so a fully masked row is uniform); out = probs @ value,
then rows of masked query positions are zeroed.
  additive (Keras AdditiveAttention):  score = sum_f scale_f * tanh(q_f + k_f)
  additive with units (Bahdanau 2015): score = sum_f v_f * tanh((q Wq)_f + (k Wk)_f)
  dot (Keras Attention):               score = scale * q . k
  general (Luong 2015):                score = scale * (q W) . k
"""
import torch
from torch_fixtures import as_list, f32, fixture_dir, length_mask, write_json

OUT = fixture_dir('torch-attention', 20261129)


def pooling_case(name, b, t, d, units, use_bias, lengths):
    u = units or d
    w = {'hidden/kernel': f32((d, u), 0.5)}
    if use_bias:
        w['hidden/bias'] = f32((u,), 0.3)
    w['score/kernel'] = f32((u, 1), 0.8)
    x = f32((b, t, d))
    mask = length_mask(lengths, t) if lengths is not None else None

    xd = x.double()
    h = xd @ w['hidden/kernel'].double()
    if use_bias:
        h = h + w['hidden/bias'].double()
    s = (torch.tanh(h) @ w['score/kernel'].double()).squeeze(-1)  # [b, t]
    if mask is None:
        a = torch.softmax(s, dim=-1)
    else:
        keep = mask.bool()
        a = torch.zeros_like(s)
        for i in range(b):
            if keep[i].any():
                a[i, keep[i]] = torch.softmax(s[i, keep[i]], dim=-1)
    out = torch.einsum('bt,btd->bd', a, xd)
    return {
        'name': name,
        'units': units,
        'useBias': use_bias,
        'inputs': as_list(x),
        'mask': mask.tolist() if mask is not None else None,
        'weights': [[n, list(v.shape), v.flatten().tolist()] for n, v in w.items()],
        'output': as_list(out),
        'scores': as_list(a),
    }


def dense_attention_reference(kind, q, v, k, w, use_scale, q_mask, v_mask, causal):
    qd, vd, kd = q.double(), v.double(), k.double()
    d = {n: t.double() for n, t in w.items()}
    if kind == 'additive':
        if 'query_kernel' in d:
            qd_, kd_ = qd @ d['query_kernel'], kd @ d['key_kernel']
        else:
            qd_, kd_ = qd, kd
        feats = torch.tanh(qd_[:, :, None, :] + kd_[:, None, :, :])  # [b, tq, tk, f]
        if use_scale:
            feats = feats * d['scale']
        scores = feats.sum(-1)
    else:
        qq = qd @ d['kernel'] if kind == 'general' else qd
        scores = qq @ kd.transpose(1, 2)
        if use_scale:
            scores = scores * d['scale']
    b, tq, tv = scores.shape
    keep = torch.ones(b, tq, tv, dtype=torch.bool)
    if v_mask is not None:
        keep = keep & v_mask.bool()[:, None, :]
    if causal:
        keep = keep & torch.tril(torch.ones(tq, tv, dtype=torch.bool))[None]
    probs = torch.softmax(scores.masked_fill(~keep, -1e9), dim=-1)
    out = probs @ vd
    if q_mask is not None:
        out = out * q_mask.double()[:, :, None]
    return out, probs


def dense_case(name, layer, args, b, tq, tv, dq, dv, dk, q_lengths=None, v_lengths=None, scale=None):
    kind = 'additive' if layer == 'bahdanau' else args.get('scoreMode', 'dot')
    use_scale = args.get('useScale', layer == 'bahdanau')
    w = {}
    if layer == 'bahdanau':
        units = args.get('units')
        if units:
            w['query_kernel'] = f32((dq, units), 0.5)
            w['key_kernel'] = f32((dk, units), 0.5)
        if use_scale:
            w['scale'] = f32((units or dk,), 0.7)
    else:
        if kind == 'general':
            w['kernel'] = f32((dq, dk), 0.5)
        if use_scale:
            w['scale'] = torch.tensor(scale, dtype=torch.float32)
    q = f32((b, tq, dq))
    v = f32((b, tv, dv))
    separate_key = dk != dv or args.pop('_separateKey', False)
    k = f32((b, tv, dk)) if separate_key else v
    q_mask = length_mask(q_lengths, tq) if q_lengths is not None else None
    v_mask = length_mask(v_lengths, tv) if v_lengths is not None else None
    out, probs = dense_attention_reference(
        kind, q, v, k, w, use_scale, q_mask, v_mask, args.get('useCausalMask', False))
    return {
        'name': name,
        'layer': layer,
        'args': args,
        'query': as_list(q),
        'value': as_list(v),
        'key': as_list(k) if separate_key else None,
        'queryMask': q_mask.tolist() if q_mask is not None else None,
        'valueMask': v_mask.tolist() if v_mask is not None else None,
        'weights': [[n, list(t.shape), t.flatten().tolist()] for n, t in w.items()],
        'output': as_list(out),
        'scores': as_list(probs),
    }


def main():
    pooling = [
        pooling_case('masked, one fully masked row', 3, 5, 4, 3, True, [5, 3, 0]),
        pooling_case('no mask, units = width', 2, 4, 3, None, True, None),
        pooling_case('masked, no bias', 2, 6, 5, 4, False, [2, 6]),
    ]
    dense = [
        dense_case('bahdanau, Keras AdditiveAttention (scale), masks', 'bahdanau', {}, 2, 3, 4, 5, 5, 5,
                   q_lengths=[3, 2], v_lengths=[4, 2]),
        dense_case('bahdanau, no scale, separate key', 'bahdanau', {'useScale': False, '_separateKey': True},
                   2, 3, 4, 5, 3, 5),
        dense_case('bahdanau, units 6, widths 4/5/3, masks, causal', 'bahdanau',
                   {'units': 6, 'useCausalMask': True}, 2, 4, 4, 4, 3, 5,
                   q_lengths=[4, 3], v_lengths=[4, 2]),
        dense_case('luong dot (Keras Attention), masks', 'luong', {}, 2, 3, 5, 4, 4, 4,
                   q_lengths=[2, 3], v_lengths=[5, 1]),
        dense_case('luong dot, scale 0.7, causal, separate key', 'luong',
                   {'useScale': True, 'useCausalMask': True, '_separateKey': True}, 2, 4, 4, 3, 2, 3,
                   scale=0.7),
        dense_case('luong general, widths 4/5/3, masks incl. a fully masked value row', 'luong',
                   {'scoreMode': 'general'}, 2, 3, 4, 4, 3, 5, q_lengths=[3, 1], v_lengths=[4, 0]),
    ]
    write_json(OUT, 'attention_pooling.json', {'cases': pooling})
    write_json(OUT, 'dense_attention.json', {'cases': dense})
    print(f'wrote {len(pooling)} pooling and {len(dense)} dense-attention cases to {OUT}')


if __name__ == '__main__':
    main()
