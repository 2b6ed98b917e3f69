using OrleansScaling.Training.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OrleansScaling.Training.Engine;

/// <summary>One training step: forward, loss, backward, gradient clipping, AdamW update. The trainer and the benchmark share it.</summary>
public static class OptimizerStep
{
    /// <summary>AdamW with GPT-2's betas (0.9, 0.95), as nanoGPT.</summary>
    public static AdamW CreateOptimizer(Gpt model, double learningRate, double weightDecay) =>
        optim.AdamW(model.parameters(), lr: learningRate, beta1: 0.9, beta2: 0.95, weight_decay: weightDecay);

    /// <summary>Runs one step on (B, T) inputs and targets and returns the batch's mean loss in nats per token.</summary>
    public static double Run(Gpt model, AdamW optimizer, Tensor inputs, Tensor targets, double gradientClip)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        Tensor loss = Gpt.Loss(model.forward(inputs), targets);
        loss.backward();
        if (gradientClip > 0) nn.utils.clip_grad_norm_(model.parameters(), gradientClip);
        optimizer.step();
        return loss.item<float>();
    }
}
