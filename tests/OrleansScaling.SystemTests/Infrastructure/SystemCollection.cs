using OrleansScaling.TestSupport;

namespace OrleansScaling.SystemTests.Infrastructure;

/// <summary>One Azurite for every system test; each test still gets its own ServiceId and ClusterId.</summary>
[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "system";
}
