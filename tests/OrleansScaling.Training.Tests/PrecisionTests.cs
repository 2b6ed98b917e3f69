using OrleansScaling.Science.Runs;
using OrleansScaling.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansScaling.Training.Tests;

public class PrecisionTests
{
    private static readonly string SmallCorpus = TestData.TextFolder(2000);

    [Fact]
    public void A_tiny_bf16_run_ends_within_five_hundredths_of_a_nat_of_the_fp32_run()
    {
        RunSpec fp32 = TestData.TinySpec(SmallCorpus, iterations: 60, dModel: 64, layers: 2, heads: 2);
        TrainingResult full = new TorchRunTrainer().Train(fp32, TestData.Environment(), null, null, CancellationToken.None);
        TrainingResult bf16 = new TorchRunTrainer().Train(fp32 with { Precision = Precision.Bf16 }, TestData.Environment(), null, null, CancellationToken.None);

        Assert.True(full.FinalTestLoss < full.Curve[0].TestLoss - 0.5, $"the fp32 run must learn ({full.Curve[0].TestLoss} → {full.FinalTestLoss})");
        Assert.InRange(bf16.FinalTestLoss - full.FinalTestLoss, -0.05, 0.05);
        Assert.NotEqual(full.FinalTestLoss, bf16.FinalTestLoss); // bf16 really computed in bfloat16
    }

    [Fact]
    public void Bf16_keeps_float32_master_weights_and_gradients_and_returns_float32_logits()
    {
        var shape = new Science.Shapes.ModelShape(32, 1, 2, 16, 256);
        using var random = new Generator(3, CPU);
        using var model = new Gpt(new GptConfig(shape, 0, Precision.Bf16), random);
        using var scope = NewDisposeScope();
        Tensor idx = randint(0, 256, [2, 16], dtype: int64, generator: random);
        Tensor logits = model.forward(idx);
        Gpt.Loss(logits, idx).backward();

        Assert.Equal(ScalarType.Float32, logits.dtype);
        Assert.All(model.parameters(), p =>
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            Assert.Equal(ScalarType.Float32, p.grad!.dtype);
        });
    }
}

public class CheckpointSpecTests
{
    /// <summary>A checkpoint written before RunSpec had Precision (its spec JSON lacks the field) resumes as fp32.</summary>
    [Fact]
    public void A_checkpoint_whose_spec_predates_the_precision_field_resumes_its_fp32_run()
    {
        RunSpec spec = TestData.TinySpec("brown", iterations: 4);
        string json = Engine.Checkpoint.SpecToJson(spec);
        string older = json.Replace(",\"Precision\":0", "", StringComparison.Ordinal);
        Assert.NotEqual(json, older);

        using var random = new Generator(1, CPU);
        using var model = new Gpt(new GptConfig(spec.Shape, 0), random);
        using var optimizer = Engine.OptimizerStep.CreateOptimizer(model, spec.LearningRate, 0);
        string path = Path.Combine(TestData.NewTemporaryDirectory(), "old.ckpt");
        new Engine.Checkpoint(older, 2, 8, 1.0, 0, 0, 0, 0, [], Engine.Checkpoint.CaptureRandomState(random)).Write(path, model, optimizer);

        Assert.Equal(8, Engine.Checkpoint.Read(path, model, optimizer, spec).SamplerPosition);
        Assert.Throws<ArgumentException>(() => Engine.Checkpoint.Read(path, model, optimizer, spec with { Precision = Precision.Bf16 }));
    }
}
