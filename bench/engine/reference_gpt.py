"""PyTorch reference for the engine benchmark: the identical GPT-2 style decoder and training step.

Same model as src/OrleansScaling.Training/Model/Gpt.cs (token + learned position embeddings, pre-LN blocks with
causal self-attention and a 4d GELU MLP, biases everywhere, final LayerNorm, head tied to the token embedding),
same step (cross-entropy, backward, clip_grad_norm 1.0, AdamW betas 0.9/0.95), random tokens, one configuration per
process. Run with Debian's /usr/bin/python3 (python3-torch + libopenblas0-pthread).
Usage: reference_gpt.py D_MODEL LAYERS HEADS CONTEXT BATCH [STEPS=15] [THREADS=1] [WARMUP=3] [--attention sdpa|manual]
                        [--device cpu|cuda:N] [--precision fp32|tf32|bf16]
--precision as the engine's: tf32 allows TF32 matmuls (CUDA), bf16 runs forward and loss under
torch.autocast(bfloat16) with float32 weights and optimizer state. On CUDA the step is PyTorch eager with the default
AdamW (foreach) and fused SDPA attention; peak device memory is torch.cuda.max_memory_reserved.
Prints one JSON line like bench-engine.
"""
import json
import math
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ATTENTION = "sdpa" if hasattr(F, "scaled_dot_product_attention") else "manual"


class CausalSelfAttention(nn.Module):
    def __init__(self, d, heads, context):
        super().__init__()
        self.c_attn = nn.Linear(d, 3 * d)
        self.c_proj = nn.Linear(d, d)
        self.heads = heads
        self.register_buffer("mask", torch.tril(torch.ones(context, context, dtype=torch.bool)))

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, self.heads, C // self.heads).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, self.heads, C // self.heads).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(B, T, self.heads, C // self.heads).transpose(1, 2)  # (B, nh, T, hs)
        if ATTENTION == "sdpa":
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:  # PyTorch < 2.0 has no fused attention: nanoGPT's explicit masked softmax
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
            att = att.masked_fill(~self.mask[:T, :T], float("-inf"))
            y = F.softmax(att, dim=-1) @ v
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.c_proj(y)


class Block(nn.Module):
    def __init__(self, d, heads, context):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d)
        self.attn = CausalSelfAttention(d, heads, context)
        self.ln_2 = nn.LayerNorm(d)
        self.c_fc = nn.Linear(d, 4 * d)
        self.c_proj = nn.Linear(4 * d, d)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.c_proj(F.gelu(self.c_fc(self.ln_2(x))))


class Gpt(nn.Module):
    def __init__(self, d, layers, heads, context, vocab=256):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(context, d)
        self.h = nn.ModuleList([Block(d, heads, context) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d)
        for name, p in self.named_parameters():
            if name.endswith(".bias"):
                nn.init.zeros_(p)
            elif "ln_" in name:
                nn.init.ones_(p)
            else:
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * layers) if name.endswith("c_proj.weight") else 0.02)

    def forward(self, idx):
        pos = torch.arange(idx.shape[1], dtype=torch.long, device=idx.device)
        x = self.wte(idx) + self.wpe(pos)
        for block in self.h:
            x = block(x)
        return F.linear(self.ln_f(x), self.wte.weight)  # tied head


def option(argv, name, default):
    if name not in argv:
        return default
    i = argv.index(name)
    value = argv[i + 1]
    del argv[i:i + 2]
    return value


def main():
    global ATTENTION
    argv = sys.argv[1:]
    ATTENTION = option(argv, "--attention", ATTENTION)
    device = torch.device(option(argv, "--device", "cpu"))
    precision = option(argv, "--precision", "fp32")
    if precision not in ("fp32", "tf32", "bf16"):
        sys.exit("--precision must be fp32, tf32 or bf16 (got %r)" % precision)
    cuda = device.type == "cuda"
    if cuda:
        torch.backends.cuda.matmul.allow_tf32 = precision == "tf32"
        torch.backends.cudnn.allow_tf32 = precision == "tf32"
    a = [int(s) for s in argv]
    d, layers, heads, context, batch = a[:5]
    steps = a[5] if len(a) > 5 else 15
    threads = a[6] if len(a) > 6 else 1
    warmup = a[7] if len(a) > 7 else 3
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Gpt(d, layers, heads, context).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.0)
    data = torch.randint(0, 256, (batch, context + 1))
    inputs, targets = data[:, :-1].contiguous().to(device), data[:, 1:].contiguous().to(device)

    def autocast():
        return torch.autocast(device.type, dtype=torch.bfloat16, enabled=precision == "bf16")

    def synchronize():
        if cuda:
            torch.cuda.synchronize(device)

    def step():
        optimizer.zero_grad(set_to_none=True)
        with autocast():
            logits = model(inputs)
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)).float(), targets.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        return loss.item()

    for _ in range(warmup):
        step()
    synchronize()
    cpu_start = time.process_time()
    start = time.perf_counter()
    for _ in range(steps):
        loss = step()
    seconds = time.perf_counter() - start
    cores_used = (time.process_time() - cpu_start) / seconds  # about 1.0 when the step really ran on one core

    def timed(action):  # mean seconds of `steps` calls after one warm-up call
        action()
        t0 = time.perf_counter()
        for _ in range(steps):
            action()
        return (time.perf_counter() - t0) / steps

    def forward():
        with torch.no_grad(), autocast():
            logits = model(inputs)
            F.cross_entropy(logits.view(-1, logits.size(-1)).float(), targets.view(-1)).item()

    def forward_backward():
        with autocast():
            logits = model(inputs)
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)).float(), targets.view(-1))
        loss.backward()
        model.zero_grad(set_to_none=True)
        synchronize()

    forward_seconds, forward_backward_seconds = timed(forward), timed(forward_backward)
    print(json.dumps({
        "impl": "pytorch-" + torch.__version__ + "-" + ATTENTION, "device": str(device), "precision": precision, "dModel": d, "layers": layers, "heads": heads,
        "context": context, "batch": batch, "threads": torch.get_num_threads(), "steps": steps,
        "params": sum(p.numel() for p in model.parameters()), "secondsPerStep": round(seconds / steps, 4),
        "forwardSeconds": round(forward_seconds, 4), "forwardBackwardSeconds": round(forward_backward_seconds, 4),
        "tokensPerSecond": round(steps * batch * context / seconds), "coresUsed": round(cores_used, 2),
        "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peakDeviceMiB": round(torch.cuda.max_memory_reserved(device) / 2**20) if cuda else None,
        "loss": round(loss, 4)}))


if __name__ == "__main__":
    main()
