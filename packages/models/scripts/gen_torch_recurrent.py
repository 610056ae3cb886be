"""Generates packages/models/test/fixtures/torch-recurrent/*.json: PyTorch forward outputs of small
recurrent layers with random weights, as the independent reference for kornlp's LSTM, GRU
(reset_after), SimpleRNN and Bidirectional layers.

Run with Debian's python (it has torch): /usr/bin/python3 packages/models/scripts/gen_torch_recurrent.py

Weights are written in Keras layout (kernel [in, G*u], recurrent_kernel [u, G*u], bias) so the
test can set them on the kornlp layers directly. Gate order conversions:
  LSTM: torch i,f,g,o == Keras i,f,c,o.  GRU: torch r,z,n -> Keras z,r,h.
Masks are right-padded lengths; the expected outputs follow Keras masking (a masked step keeps the
previous state, and returnSequences repeats it, or emits zeros with zero_output_for_mask).
"""
import torch
from torch_fixtures import fixture_dir, write_json

OUT = fixture_dir('torch-recurrent', 1234)
B, T, D, U = 3, 5, 4, 6
LENGTHS = [5, 3, 1]


def r(x):
    return [round(float(v), 8) for v in x.detach().reshape(-1).tolist()]


def keras_order(w, kind):
    # w: torch [G*U, in] -> Keras [in, G*U] with Keras gate order
    if kind == 'gru':
        rr, zz, nn = w.chunk(3, 0)
        w = torch.cat([zz, rr, nn], 0)
    return w.t().contiguous()


def bias_order(b, kind):
    if kind == 'gru':
        rr, zz, nn = b.chunk(3, 0)
        return torch.cat([zz, rr, nn], 0)
    return b


def run_masked(cell_step, x, h0, lengths, zero_output, reverse=False):
    # Keras semantics with a right-padded mask: masked steps keep the state.
    outs = [None] * T
    state = h0
    order = range(T - 1, -1, -1) if reverse else range(T)
    last = None
    for t in order:
        new_state = cell_step(x[:, t], state)
        m = torch.tensor([[1.0] if t < L else [0.0] for L in lengths])
        h_new = new_state[0] if isinstance(new_state, tuple) else new_state
        h_old = state[0] if isinstance(state, tuple) else state
        if isinstance(state, tuple):
            state = tuple(m * n + (1 - m) * o for n, o in zip(new_state, state))
        else:
            state = m * new_state + (1 - m) * state
        h = state[0] if isinstance(state, tuple) else state
        outs[t] = m * h_new if zero_output else h
        last = h
    seq = torch.stack(outs, 1)
    return seq, last


def make(kind):
    x = torch.randn(B, T, D)
    if kind == 'lstm':
        mod = torch.nn.LSTM(D, U, batch_first=True)
        G = 4
    elif kind == 'gru':
        mod = torch.nn.GRU(D, U, batch_first=True)
        G = 3
    else:
        mod = torch.nn.RNN(D, U, batch_first=True, nonlinearity='tanh')
        G = 1
    with torch.no_grad():
        for p in mod.parameters():
            p.uniform_(-0.5, 0.5)
    w_ih, w_hh, b_ih, b_hh = mod.weight_ih_l0, mod.weight_hh_l0, mod.bias_ih_l0, mod.bias_hh_l0
    kernel = keras_order(w_ih, kind)
    rec = keras_order(w_hh, kind)
    if kind == 'gru':
        bias = torch.stack([bias_order(b_ih, kind), bias_order(b_hh, kind)], 0)  # reset_after: [2, 3u]
    else:
        bias = b_ih + b_hh

    if kind == 'lstm':
        cell = torch.nn.LSTMCell(D, U)
        cell.load_state_dict({'weight_ih': w_ih, 'weight_hh': w_hh, 'bias_ih': b_ih, 'bias_hh': b_hh})
        step = lambda xt, s: cell(xt, s)
        h0 = (torch.zeros(B, U), torch.zeros(B, U))
    elif kind == 'gru':
        cell = torch.nn.GRUCell(D, U)
        cell.load_state_dict({'weight_ih': w_ih, 'weight_hh': w_hh, 'bias_ih': b_ih, 'bias_hh': b_hh})
        step = lambda xt, s: cell(xt, s)
        h0 = torch.zeros(B, U)
    else:
        cell = torch.nn.RNNCell(D, U, nonlinearity='tanh')
        cell.load_state_dict({'weight_ih': w_ih, 'weight_hh': w_hh, 'bias_ih': b_ih, 'bias_hh': b_hh})
        step = lambda xt, s: cell(xt, s)
        h0 = torch.zeros(B, U)

    with torch.no_grad():
        full_seq, _ = mod(x)  # unmasked, whole-layer torch module
        seq, last = run_masked(step, x, h0, LENGTHS, zero_output=False)
        # cross-check the hand-rolled loop against the module on the full-length row
        assert torch.allclose(seq[0], full_seq[0], atol=1e-6)
        # backward direction with zero_output_for_mask (what Bidirectional uses), re-aligned to time order
        bseq, blast = run_masked(step, x, h0, LENGTHS, zero_output=True, reverse=True)
        fseq_z, _ = run_masked(step, x, h0, LENGTHS, zero_output=True)
    return {
        'kind': kind,
        'batch': B, 'time': T, 'inputDim': D, 'units': U, 'lengths': LENGTHS,
        'x': r(x),
        'kernel': r(kernel), 'recurrentKernel': r(rec), 'bias': r(bias), 'biasShape': list(bias.shape),
        'unmaskedSequence': r(full_seq),
        'maskedSequence': r(seq), 'maskedLast': r(last),
        'biConcatLast': r(torch.cat([last, blast], 1)),
        'biSumSequence': r(fseq_z + bseq),
    }


for kind in ['lstm', 'gru', 'simple_rnn']:
    write_json(OUT, f'{kind}.json', make(kind))
    print('wrote', kind)
