using OrleansScaling.Science.Shapes;

namespace OrleansScaling.Science.Tests.Shapes;

public class ModelShapeTests
{
    [Fact]
    public void Parameters_follow_the_gpt2_formula_counted_by_component()
    {
        var shape = new ModelShape(DModel: 128, Layers: 4, Heads: 4, Context: 128, Vocab: 256);
        long d = 128;
        long perBlock = (3 * d * d + 3 * d) + (d * d + d) + (4 * d * d + 4 * d) + (4 * d * d + d) + 4 * d;
        long expected = 256 * d + 128 * d + 4 * perBlock + 2 * d;
        Assert.Equal(expected, shape.Parameters);
    }

    [Fact]
    public void Flops_per_token_is_six_non_position_params_plus_attention()
    {
        var shape = new ModelShape(256, 4, 4, 128, 256);
        Assert.Equal(6.0 * (shape.Parameters - 128 * 256) + 12.0 * 4 * 128 * 256, shape.FlopsPerToken);
    }

    [Fact]
    public void Width_not_divisible_by_heads_is_refused_naming_heads()
    {
        var e = Assert.Throws<ArgumentException>(() => new ModelShape(100, 2, 3, 64, 256).Validate());
        Assert.Equal("Heads", e.ParamName);
        Assert.Contains("divisible", e.Message);
    }
}
