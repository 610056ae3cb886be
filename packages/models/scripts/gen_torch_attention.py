#!/usr/bin/env python3
"""Generates the PyTorch reference fixtures for kornlp's attention layers and CRF.

Run with Debian's Python (it has torch 1.13):
    /usr/bin/python3 packages/models/scripts/gen_torch_attention.py

Writes packages/models/test/fixtures/torch-attention/{mha,crf}.json. Inputs and weights are random
float32 values; expected outputs are computed in float64 from those float32 values, so the TS
tests measure only the error of kornlp's float32 implementation.

MultiHeadAttention: the expected output is computed with explicit torch ops following Keras's
definition (weights in Keras's layout, masked scores set to -1e9 as Keras's float32 sum does). Where torch.nn.MultiheadAttention can
express the same layer (heads*keyDim == query width, valueDim == keyDim, no fully-masked rows),
the script asserts that it gives the same numbers, as an independent check of the mapping.

CRF: log-likelihood by the forward algorithm in log space (torch, float64) AND by brute-force
enumeration of every tag path; both must agree. Viterbi by brute force. Masked positions are
dropped from the sequence (the sequence is its unmasked positions in order), as kornlp's CRF does.
"""
import itertools
import math
import os

import torch
from torch_fixtures import as_list, f32, fixture_dir, length_mask, write_json

OUT = fixture_dir('torch-attention', 20261128)
GENERATOR = 'packages/models/scripts/gen_torch_attention.py'


def mha_reference(q_in, v_in, k_in, w, heads, key_dim, value_dim, q_mask, v_mask, use_bias):
    """Keras MultiHeadAttention.call in float64 with explicit ops."""
    d = {n: t.to(torch.float64) for n, t in w.items()}
    q_in, v_in, k_in = (x.to(torch.float64) for x in (q_in, v_in, k_in))

    def proj(x, name):
        y = torch.einsum('btd,dhk->bthk', x, d[name + '/kernel'])
        if use_bias:
            y = y + d[name + '/bias']
        return y

    q = proj(q_in, 'query') / math.sqrt(key_dim)
    k = proj(k_in, 'key')
    v = proj(v_in, 'value')
    scores = torch.einsum('bshk,bthk->bhts', k, q)  # [b, h, tq, tv]
    keep = torch.ones(scores.shape[0], q_in.shape[1], v_in.shape[1], dtype=torch.float64)
    if q_mask is not None:
        keep = keep * q_mask.to(torch.float64)[:, :, None]
    if v_mask is not None:
        keep = keep * v_mask.to(torch.float64)[:, None, :]
    # Keras adds -1e9 to masked scores in float32, where the sum rounds to exactly -1e9 (a fully
    # masked row becomes uniform); in float64 that needs an explicit fill.
    scores = scores.masked_fill(keep[:, None] == 0, -1e9)
    probs = torch.softmax(scores, dim=-1)
    ctx = torch.einsum('bhts,bshv->bthv', probs, v)
    out = torch.einsum('bthv,hvo->bto', ctx, d['attention_output/kernel'])
    if use_bias:
        out = out + d['attention_output/bias']
    return out, probs


def mha_case(name, b, tq, tv, dq, dv, dk, heads, key_dim, value_dim, out_dim, use_bias, masks, cross):
    w = {}
    for n, din, dh in (('query', dq, key_dim), ('key', dk, key_dim), ('value', dv, value_dim)):
        w[n + '/kernel'] = f32((din, heads, dh), 0.4)
        if use_bias:
            w[n + '/bias'] = f32((heads, dh), 0.2)
    w['attention_output/kernel'] = f32((heads, value_dim, out_dim), 0.4)
    if use_bias:
        w['attention_output/bias'] = f32((out_dim,), 0.2)
    q = f32((b, tq, dq))
    v = f32((b, tv, dv)) if cross else q
    k = f32((b, tv, dk)) if cross and dk != dv else v
    q_mask = v_mask = None
    if masks:
        lq = torch.randint(1, tq + 1, (b,))
        lv = torch.randint(1, tv + 1, (b,))
        q_mask = length_mask(lq, tq)
        v_mask = length_mask(lv, tv) if cross else q_mask
    out, probs = mha_reference(q, v, k, w, heads, key_dim, value_dim, q_mask, v_mask, use_bias)

    torch_checked = False
    if heads * key_dim == dq and value_dim == key_dim and out_dim == dq and q_mask is None and use_bias:
        e = dq
        m = torch.nn.MultiheadAttention(e, heads, bias=True, kdim=dk, vdim=dv, batch_first=True).double()
        with torch.no_grad():
            if m._qkv_same_embed_dim:
                m.in_proj_weight.copy_(torch.cat([w[n + '/kernel'].double().reshape(-1, e).T for n in ('query', 'key', 'value')]))
            else:
                m.q_proj_weight.copy_(w['query/kernel'].double().reshape(dq, e).T)
                m.k_proj_weight.copy_(w['key/kernel'].double().reshape(dk, e).T)
                m.v_proj_weight.copy_(w['value/kernel'].double().reshape(dv, e).T)
            m.in_proj_bias.copy_(torch.cat([w[n + '/bias'].double().reshape(e) for n in ('query', 'key', 'value')]))
            m.out_proj.weight.copy_(w['attention_output/kernel'].double().reshape(e, out_dim).T)
            m.out_proj.bias.copy_(w['attention_output/bias'].double())
        t_out, t_probs = m(q.double(), k.double(), v.double(), need_weights=True, average_attn_weights=False)
        assert torch.allclose(t_out, out, atol=1e-10), name
        assert torch.allclose(t_probs, probs, atol=1e-10), name
        torch_checked = True

    return {
        'name': name,
        'numHeads': heads,
        'keyDim': key_dim,
        'valueDim': value_dim,
        'outputDim': out_dim,
        'useBias': use_bias,
        'cross': cross,
        'separateKey': cross and dk != dv,
        'query': as_list(q),
        'value': as_list(v),
        'key': as_list(k),
        'queryMask': None if q_mask is None else q_mask.tolist(),
        'valueMask': None if v_mask is None or not cross else v_mask.tolist(),
        'weights': [[n, list(t.shape), as_list(t.reshape(-1))] for n, t in w.items()],
        'output': as_list(out),
        'scores': as_list(probs),
        'checkedAgainstTorchNn': torch_checked,
    }


def crf_forward(em, trans, start, end):
    """log Z of one (unmasked, compacted) sequence by the forward algorithm in log space."""
    if em.shape[0] == 0:
        return torch.tensor(0.0, dtype=torch.float64)
    alpha = start + em[0]
    for t in range(1, em.shape[0]):
        alpha = torch.logsumexp(alpha[:, None] + trans, dim=0) + em[t]
    return torch.logsumexp(alpha + end, dim=0)


def path_score(em, tags, trans, start, end):
    if len(tags) == 0:
        return 0.0
    s = float(start[tags[0]] + em[0, tags[0]])
    for t in range(1, len(tags)):
        s += float(trans[tags[t - 1], tags[t]] + em[t, tags[t]])
    return s + float(end[tags[-1]])


def crf_case(name, b, t, n, mask_rows, scale=1.0):
    em = f32((b, t, n), scale)
    trans = f32((n, n), 0.5)
    start = f32((n,), 0.5)
    end = f32((n,), 0.5)
    mask = torch.tensor(mask_rows, dtype=torch.int32)
    tags = torch.randint(0, n, (b, t))
    e64, tr, st, en = em.double(), trans.double(), start.double(), end.double()
    ll, best, best_score = [], [], []
    for i in range(b):
        keep = [j for j in range(t) if mask[i, j]]
        e = e64[i, keep]
        gold = [int(tags[i, j]) for j in keep]
        log_z = float(crf_forward(e, tr, st, en))
        scores = [path_score(e, p, tr, st, en) for p in itertools.product(range(n), repeat=len(keep))]
        brute_z = math.log(sum(math.exp(s) for s in scores)) if keep else 0.0
        assert abs(brute_z - log_z) < 1e-9, (name, brute_z, log_z)
        ll.append(path_score(e, gold, tr, st, en) - log_z)
        paths = list(itertools.product(range(n), repeat=len(keep)))
        k = max(range(len(paths)), key=lambda j: scores[j])
        best.append(list(paths[k]))
        best_score.append(scores[k])
    return {
        'name': name,
        'numTags': n,
        'emissions': as_list(em),
        'tags': tags.tolist(),
        'mask': mask.tolist(),
        'transitions': as_list(trans),
        'startTransitions': as_list(start),
        'endTransitions': as_list(end),
        'logLikelihood': ll,
        'viterbi': best,
        'viterbiScore': best_score,
    }


def main():
    mha = [
        mha_case('self, torch.nn-comparable', 2, 4, 4, 6, 6, 6, 2, 3, 3, 6, True, False, False),
        mha_case('cross, kdim/vdim differ from query', 2, 3, 5, 6, 5, 5, 3, 2, 2, 6, True, False, True),
        mha_case('cross with separate key, valueDim and outputDim', 2, 3, 4, 5, 4, 3, 2, 3, 2, 7, True, True, True),
        mha_case('self with padding masks', 3, 5, 5, 4, 4, 4, 2, 3, 3, 4, True, True, False),
        mha_case('no bias', 1, 3, 3, 4, 4, 4, 2, 2, 3, 4, False, False, False),
    ]
    write_json(OUT, 'mha.json', {'generator': GENERATOR, 'torch': torch.__version__, 'cases': mha})
    crf = [
        crf_case('full length', 2, 4, 3, [[1, 1, 1, 1], [1, 1, 1, 1]]),
        crf_case('right padding', 3, 5, 3, [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0]]),
        crf_case('left padding and an empty row', 3, 4, 4, [[0, 0, 1, 1], [0, 1, 1, 1], [0, 0, 0, 0]]),
        crf_case('holes in the mask', 2, 5, 2, [[1, 0, 1, 0, 1], [1, 1, 0, 1, 1]]),
        crf_case('large emissions', 2, 4, 3, [[1, 1, 1, 1], [1, 1, 1, 0]], 20.0),
    ]
    write_json(OUT, 'crf.json', {'generator': GENERATOR, 'torch': torch.__version__, 'cases': crf})
    print('wrote', len(mha), 'MHA cases and', len(crf), 'CRF cases to', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
