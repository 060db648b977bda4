"""Defines, trains, evaluates and exports Transfer Lab's mini T5 (run: npm run models:t5).

Writes public/models/mini-t5/ in the Hugging Face Hub layout that transformers.js loads, an
evaluation report (accuracy per task on seen and held-out instruction templates) and a model card,
then checks that the hand-written sentence set (public/data/sentences.json) stays held out.
Seeded: the same machine and PyTorch version give the same model.
"""

import argparse
import json
import math
import os
import random
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from export import export  # noqa: E402
from fast_blas import ensure_fast_blas, loaded_blas  # noqa: E402
from model import T5, T5Config  # noqa: E402
from quantize import main as quantize_onnx  # noqa: E402
from sentences import check as check_sentences  # noqa: E402
from tasks import TASK_WEIGHTS, TASKS, example, training_stream  # noqa: E402
from tokenizer import Vocabulary, write_tokenizer_files  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def batches(stream, vocab, size):
    while True:
        pairs = [next(stream) for _ in range(size)]
        yield vocab.batch([x for x, _ in pairs]), vocab.batch([y for _, y in pairs])


def evaluate(model, vocab, per_split, seed):
    """Exact-match accuracy of greedy outputs, per task, on seen and held-out templates."""
    rng = random.Random(seed)
    report, samples = {}, {}
    model.eval()
    for task in sorted(TASKS):
        report[task] = {}
        for split, held_out in (('seen', False), ('held_out', True)):
            pairs = [example(rng, task, held_out) for _ in range(per_split)]
            ids, mask = vocab.batch([x for x, _ in pairs])
            predictions = [vocab.decode(row) for row in model.greedy(ids, mask, max_new_tokens=12).tolist()]
            correct = sum(p == y for p, (_, y) in zip(predictions, pairs))
            report[task][split] = round(correct / per_split, 3)
            samples.setdefault(task, {})[split] = [
                {'input': x, 'target': y, 'output': p} for (x, y), p in list(zip(pairs, predictions))[:3]
            ]
    return report, samples


def main():
    parser = argparse.ArgumentParser()
    # 6,000 steps: every task at 100 % exact match on its seen phrasings (eval.json), in about 7
    # minutes on one idle core (0.07 s a step), inside the 30-minute retraining budget. At 3,000 steps
    # the outcome hung on luck: the same command reached a training loss of 0.33 with reverse at 5 %,
    # while an earlier run had reached 0.017 (a small model finds the word-chaining that reverse and
    # translate need suddenly, or not at all); with the longer schedule seeds 1234 and 1 both reach
    # 100 % on every task's seen phrasings. How well a *held-out* phrasing works still varies with the
    # seed (reverse: 93 % with seed 1234, 5 % with seed 1), which is why the lesson reads eval.json.
    parser.add_argument('--steps', type=int, default=6000)
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--lr', type=float, default=3e-3)
    parser.add_argument('--seed', type=int, default=1234)
    # Model size. Two encoder and two decoder layers of width 128 fit the shipped-files budget
    # (fp32 and q8 together under 6 MB).
    parser.add_argument('--d-model', type=int, default=128)
    parser.add_argument('--d-ff', type=int, default=384)
    parser.add_argument('--layers', type=int, default=2, help='encoder layers, and as many decoder layers')
    parser.add_argument('--heads', type=int, default=4)
    # No dropout: the data are endless (every batch is freshly generated), so there is nothing to
    # overfit, and dropout only slows learning (T5 v1.1 turned it off in pre-training for the same reason).
    parser.add_argument('--dropout', type=float, default=0.0)
    # One thread: on a shared two-core machine a second thread mostly waits (measured: 0.08 s a step
    # with one thread, 0.18 s with two).
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--checkpoint', default='/tmp/mini-t5-checkpoint.pt',
                        help='where to keep the trained weights, so --export-only can re-export without training')
    parser.add_argument('--export-only', action='store_true')
    parser.add_argument('--eval-per-split', type=int, default=100)
    parser.add_argument('--out', default=os.path.join(ROOT, 'public', 'models', 'mini-t5'))
    args = parser.parse_args()

    ensure_fast_blas()  # may run this script again with OpenBLAS (about ten times faster here)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)

    vocab = Vocabulary.from_stream(training_stream(args.seed + 1), 200_000)
    config = T5Config(vocab_size=len(vocab), d_model=args.d_model, d_ff=args.d_ff, d_kv=args.d_model // args.heads,
                      num_heads=args.heads, num_layers=args.layers, num_decoder_layers=args.layers,
                      dropout_rate=args.dropout)
    model = T5(config)
    params = sum(p.numel() for p in model.parameters())
    print(f'vocabulary {len(vocab)} words, {params:,} parameters', flush=True)
    missing = vocab.missing_from_held_out_templates()
    if missing:
        print(f'held-out template words never seen in training (they become <unk>): {missing}', flush=True)

    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warmup = max(1, args.steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda step: min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(step, args.steps) / args.steps)),
    )
    stream = batches(training_stream(args.seed), vocab, args.batch)
    start, losses = time.time(), []
    model.train()
    if args.export_only:
        saved = torch.load(args.checkpoint)
        model.load_state_dict(saved['model'])
        losses, args.steps = saved['losses'], 0
    for step in range(args.steps):
        (ids, mask), (labels, label_mask) = next(stream)
        decoder_inputs = torch.cat([torch.full((labels.shape[0], 1), config.decoder_start_token_id), labels[:, :-1]], dim=1)
        logits = model(ids, mask, decoder_inputs)
        targets = labels.masked_fill(label_mask == 0, -100)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=-100)
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        losses.append(loss.item())
        if (step + 1) % 100 == 0:
            print(f'step {step + 1}/{args.steps} loss {sum(losses[-100:]) / 100:.4f} ({time.time() - start:.0f} s)', flush=True)
    seconds = time.time() - start
    if args.export_only:
        seconds, args.steps = saved['seconds'], saved['steps']
    else:
        torch.save({'model': model.state_dict(), 'losses': losses, 'seconds': seconds, 'steps': args.steps}, args.checkpoint)

    report, samples = evaluate(model, vocab, args.eval_per_split, seed=args.seed + 99)
    for task, row in report.items():
        print(f'{task:>11}: seen {row["seen"]:.2f}  held-out {row["held_out"]:.2f}')

    onnx_dir = os.path.join(args.out, 'onnx')
    os.makedirs(onnx_dir, exist_ok=True)
    export(model, onnx_dir)
    quantize_onnx(onnx_dir)  # the q8 copies transformers.js loads for dtype 'q8'
    write_tokenizer_files(vocab, args.out)
    write_configs(config, args.out)
    sizes = {name: os.path.getsize(os.path.join(onnx_dir, name)) for name in sorted(os.listdir(onnx_dir))}
    evaluation = {
        'model': 'mini-t5',
        'parameters': params,
        'vocabulary': len(vocab),
        'training': {'steps': args.steps, 'batch_size': args.batch, 'seconds': round(seconds, 1),
                     'final_loss': round(sum(losses[-100:]) / 100, 4), 'seed': args.seed,
                     'torch': torch.__version__, 'threads': args.threads, 'blas': os.path.basename(loaded_blas()),
                     'config': f'd_model {config.d_model}, {config.num_layers} encoder and {config.num_decoder_layers} decoder layers, '
                               f'{config.num_heads} heads, d_ff {config.d_ff}, dropout {config.dropout_rate}',
                     'task_weights': {task: TASK_WEIGHTS.get(task, 1.0) for task in sorted(TASKS)}},
        'evaluation': {'decoding': 'greedy, exact match', 'examples_per_split': args.eval_per_split},
        'accuracy': report,
        'templates': {task: {'seen': seen, 'held_out': unseen} for task, (_, seen, unseen) in TASKS.items()},
        'held_out_words_unknown': missing,
        'onnx_bytes': sizes,
        'samples': samples,
    }
    with open(os.path.join(args.out, 'eval.json'), 'w') as f:
        json.dump(evaluation, f, indent=2, ensure_ascii=False)
        f.write('\n')
    write_model_card(evaluation, args.out)
    print(check_sentences(vocab.ids), flush=True)
    print(f'wrote {args.out} ({sum(sizes.values()) / 1e6:.2f} MB of ONNX) in {seconds:.0f} s of training')


def write_configs(config, out):
    hf = {
        'architectures': ['T5ForConditionalGeneration'],
        'model_type': 't5',
        'vocab_size': config.vocab_size,
        'd_model': config.d_model,
        'd_kv': config.d_kv,
        'd_ff': config.d_ff,
        'num_heads': config.num_heads,
        'num_layers': config.num_layers,
        'num_decoder_layers': config.num_decoder_layers,
        'relative_attention_num_buckets': config.relative_attention_num_buckets,
        'relative_attention_max_distance': config.relative_attention_max_distance,
        'dropout_rate': config.dropout_rate,
        'layer_norm_epsilon': config.layer_norm_epsilon,
        'feed_forward_proj': 'relu',
        'is_encoder_decoder': True,
        'tie_word_embeddings': True,
        'pad_token_id': config.pad_token_id,
        'eos_token_id': config.eos_token_id,
        'decoder_start_token_id': config.decoder_start_token_id,
        'use_cache': True,
    }
    generation = {
        'decoder_start_token_id': config.decoder_start_token_id,
        'eos_token_id': config.eos_token_id,
        'pad_token_id': config.pad_token_id,
        'max_new_tokens': 16,
    }
    for name, value in (('config.json', hf), ('generation_config.json', generation)):
        with open(os.path.join(out, name), 'w') as f:
            json.dump(value, f, indent=2)
            f.write('\n')


def write_model_card(evaluation, out):
    rows = '\n'.join(
        f'| {task} | {acc["seen"]:.0%} | {acc["held_out"]:.0%} | `{evaluation["templates"][task]["held_out"][0]}` |'
        for task, acc in evaluation['accuracy'].items()
    )
    size = sum(evaluation['onnx_bytes'].values()) / 1e6
    t = evaluation['training']
    card = f"""# mini-t5

A tiny T5 that Transfer Lab defines, trains and exports itself (`npm run models:t5`, source in
`scripts/t5/`). It exists so the text lessons work offline and every test runs on a real model. It has
the architecture of the **original T5** (RMS layer norm, bucketed relative position bias, no attention
scaling, a ReLU feed-forward layer, input embeddings tied to the output layer), only very small.
FLAN-T5 is built on T5 v1.1 instead (gated-GELU feed-forward layer, untied embeddings).

It is **multitask learning from scratch**, not transfer: it starts from random weights and learns its
toy tasks together. Nothing is pre-trained on a corpus.

- {evaluation['parameters']:,} parameters ({t['config']}), a {evaluation['vocabulary']}-word vocabulary (one token per word),
  {size:.2f} MB of ONNX in all: fp32 (`onnx/encoder_model.onnx`, `onnx/decoder_model_merged.onnx`) and
  8-bit weight-only copies (`*_quantized.onnx`, dtype `q8` in transformers.js, written by `quantize.py`).
  The accuracy below is measured in PyTorch (fp32); the ONNX fp32 files give the same answers.
- Trained for {t['steps']:,} steps of {t['batch_size']} examples ({t['seconds']:.0f} s on {t['threads']} CPU thread,
  {t['blas']}, PyTorch {t['torch']}, seed {t['seed']}); final training loss {t['final_loss']}.

## Tasks and accuracy

{len(evaluation['accuracy'])} FLAN-style tasks, each with three instruction templates used in training and one template
held out. Exact-match accuracy with greedy decoding on {evaluation['evaluation']['examples_per_split']} fresh
examples per task and split. The held-out column tests a new *phrasing* of a trained task, not a new task.

| task | accuracy, seen templates | accuracy, held-out template | held-out template |
| --- | --- | --- | --- |
{rows}

All templates are listed in `eval.json`, with sample outputs.

## Limits

It knows only its {evaluation['vocabulary']} words; anything else becomes `<unk>`. It has never seen a prompt
with solved examples in it, so it cannot learn in context. It is a teaching and testing model, not a
language model: for real prompts use FLAN-T5 (`Xenova/flan-t5-small`).
"""
    with open(os.path.join(out, 'README.md'), 'w') as f:
        f.write(card)


if __name__ == '__main__':
    main()
