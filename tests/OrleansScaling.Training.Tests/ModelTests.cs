using OrleansScaling.Science.Shapes;
using OrleansScaling.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansScaling.Training.Tests;

public class ModelTests
{
    [Theory]
    [InlineData(32, 1, 2, 16, 256)]
    [InlineData(64, 2, 4, 64, 256)]
    [InlineData(48, 3, 3, 32, 50257)]
    public void Built_model_has_exactly_the_parameter_count_of_the_science_formula(int d, int layers, int heads, int context, int vocab)
    {
        var shape = new ModelShape(d, layers, heads, context, vocab);
        using var random = new Generator(1, torch.CPU);
        using var model = new Gpt(new GptConfig(shape, Dropout: 0), random);
        Assert.Equal(shape.Parameters, model.ParameterCount);
    }

    [Fact]
    public void Changing_a_future_token_never_changes_the_logits_of_earlier_positions()
    {
        using var random = new Generator(3, torch.CPU);
        using var model = new Gpt(new GptConfig(new ModelShape(32, 2, 4, 16, 256), Dropout: 0), random);
        model.eval();
        using var _ = no_grad();
        using Tensor tokens = torch.randint(0, 256, [2, 16], dtype: int64, generator: random);
        using Tensor changed = tokens.clone();
        const int position = 9;
        changed[.., position] = torch.tensor(((tokens[0, position].item<long>() + 1) % 256), dtype: int64);

        using Tensor before = model.forward(tokens), after = model.forward(changed);
        Assert.True(before[.., ..position].allclose(after[.., ..position], rtol: 0, atol: 0), "logits before the changed position moved");
        Assert.False(before[.., position].allclose(after[.., position]), "the changed position's own logits should differ");
    }

    [Fact]
    public void Dropout_outside_zero_to_one_is_refused_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => new GptConfig(new ModelShape(32, 1, 2, 16, 256), 1.5).Validate());
        Assert.Contains("dropout", error.Message);
    }
}
