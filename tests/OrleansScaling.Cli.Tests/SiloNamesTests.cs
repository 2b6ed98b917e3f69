using OrleansScaling.Contracts;

namespace OrleansScaling.Cli.Tests;

public sealed class SiloNamesTests
{
    [Theory]
    [InlineData("S127.0.0.1:11111:155004591", "127.0.0.1:11111")]
    [InlineData("S10.0.0.5:30000:1", "10.0.0.5:30000")]
    [InlineData("S[::1]:11111:155004591", "[::1]:11111")]
    [InlineData("local", "local")]
    public void Tables_show_a_silo_as_host_and_port(string silo, string shown) => Assert.Equal(shown, SiloNames.HostPort(silo));
}
