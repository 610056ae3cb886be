"""What the gen_torch_*.py fixture generators share: a seeded torch, random float32 draws,
length masks and the fixture folder they write JSON into.

Imported by the generators (they run from this folder, so it is on sys.path); it runs nothing itself.
"""
import json
import os

import torch


def fixture_dir(name, seed):
    """Seeds torch's generator with `seed` and returns packages/models/test/fixtures/<name>."""
    torch.manual_seed(seed)
    return os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', name)


def f32(shape, scale=1.0):
    """A float32 tensor of normal draws times `scale`."""
    return (torch.randn(*shape) * scale).to(torch.float32)


def as_list(t):
    """A tensor as nested float64 lists, for JSON."""
    return t.detach().to(torch.float64).tolist()


def length_mask(lengths, t):
    """[batch, t] int32 mask with 1 for the first lengths[i] steps of row i."""
    lengths = lengths if torch.is_tensor(lengths) else torch.tensor(lengths)
    return (torch.arange(t)[None, :] < lengths[:, None]).to(torch.int32)


def write_json(out, file, data):
    """Writes `data` as JSON to out/file, creating the folder."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, file), 'w') as f:
        json.dump(data, f)
